/*
 * pool_feed.c - which file goes to which worker (see pool_impl.h).
 *
 * Work is pulled: a worker is topped up whenever its in-flight bytes or files fall under
 * the budget, from a queue sorted largest first, so the big files start early and the
 * small ones fill the gaps at the end (longest-processing-time order). Near the end the
 * batches shrink, and a worker that runs dry takes over half of the files another
 * worker holds but has not started (work stealing): they are withdrawn from that worker
 * (a WITHDRAW frame; it answers them WITHDRAWN unless it had started one, and then the
 * first answer wins) and sent to the idle one, from the bytes kept since they were read.
 * Suspects of a death run alone (retry queue) and files whose analysis failed for good
 * are counted lexically (fallback queue) before anything else.
 */
#include "engine/pool_impl.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "engine/engine_impl.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/testpoint.h"

size_t inflight_job(size_t entry)
{
	return entry & ~INFLIGHT_WITHDRAWN;
}

size_t worker_head(const struct worker *w)
{
	return inflight_job(w->inflight[w->head]);
}

int alive(const struct worker *w)
{
	return w->proc.pid > 0;
}

int work_left(const struct pool *p)
{
	return p->queue.len > 0 || p->retry.len > 0 || p->fallback.len > 0;
}

/* ---- queues ----------------------------------------------------------------------- */

void jobq_init(struct jobq *q, size_t cap)
{
	q->a = xcalloc(cap, sizeof(*q->a));
	q->head = q->len = 0;
	q->cap = cap;
}

void jobq_push_back(struct jobq *q, size_t idx)
{
	if (q->head + q->len == q->cap) {
		memmove(q->a, q->a + q->head, q->len * sizeof(*q->a));
		q->head = 0;
	}
	q->a[q->head + q->len++] = idx;
}

void jobq_push_front(struct jobq *q, size_t idx)
{
	if (q->head == 0) {
		memmove(q->a + 1, q->a, q->len * sizeof(*q->a));
		q->a[0] = idx;
	} else {
		q->a[--q->head] = idx;
	}
	q->len++;
}

int jobq_pop(struct jobq *q, size_t *out)
{
	if (q->len == 0)
		return 0;
	*out = q->a[q->head++];
	q->len--;
	return 1;
}

size_t jobq_peek(const struct jobq *q)
{
	return q->a[q->head];
}

static void inflight_push(struct worker *w, size_t idx)
{
	if (w->head + w->count == w->cap) {
		if (w->head > 0) {
			memmove(w->inflight, w->inflight + w->head, w->count * sizeof(size_t));
			w->head = 0;
		} else {
			xgrow((void **)&w->inflight, &w->cap, w->cap + 1, sizeof(size_t));
		}
	}
	w->inflight[w->head + w->count++] = idx;
}

/* ---- bytes ------------------------------------------------------------------------ */

int job_load(struct pool *p, size_t idx)
{
	struct job_bytes *b = &p->bytes[idx];
	if (b->loaded)
		return 1;
	if (p->hooks->load(p->hooks->ctx, &p->jobs[idx], &p->file_bytes) != ENGINE_SEND)
		return 0;
	/* The buffer is taken over, not copied: the next load allocates its own. */
	b->data = p->file_bytes.data;
	b->len = p->file_bytes.len;
	b->loaded = 1;
	wbuf_init(&p->file_bytes);
	return 1;
}

void queue_prime(struct pool *p)
{
	for (int loads = 0; loads < 256 && p->queue.len; loads++) {
		size_t idx = jobq_peek(&p->queue);
		if (job_load(p, idx))
			return;
		jobq_pop(&p->queue, &idx);	/* settled by the caller */
	}
}

void job_bytes_free(struct pool *p, size_t idx)
{
	free(p->bytes[idx].data);
	memset(&p->bytes[idx], 0, sizeof(p->bytes[idx]));
}

void fail_job(struct pool *p, size_t idx, const struct cause_note *why, int from_worker)
{
	struct engine_result r;
	engine_verdict(&r, p->jobs[idx].lang, why);
	r.from_worker = from_worker;
	p->state[idx].done = 1;
	job_bytes_free(p, idx);
	p->hooks->result(p->hooks->ctx, &p->jobs[idx], &r);
}

/* ---- tracing ---------------------------------------------------------------------- */

/* Time a worker slot spent with work in flight (utilization per worker and in all). */
void add_busy(struct pool *p, struct worker *w, double seconds)
{
	size_t slot = (size_t)(w - p->workers);
	w->busy_total += seconds;
	p->stats->busy_seconds += seconds;
	if (slot < ENGINE_MAX_SLOTS)
		p->stats->slot_busy[slot] += seconds;
}

void add_span(struct pool *p, const struct worker *w, double start, size_t job,
	      uint64_t parse_us)
{
	engine_add_span(p->opt, p->stats, (int)(w - p->workers), start,
			job == SIZE_MAX || job >= p->total ? SIZE_MAX : p->jobs[job].file, parse_us);
}

void add_life_span(struct pool *p, const struct worker *w)
{
	size_t before = p->stats->nspans;
	add_span(p, w, w->proc.started_at, SIZE_MAX, 0);
	if (p->stats->nspans > before)
		p->stats->spans[before].early = w->early;
}

/* ---- sending ---------------------------------------------------------------------- */

/* Whether a worker retired now could be replaced: starts have not failed for good (then
 * the workers left take what they would have left to a fresh one). */
static int can_replace(const struct pool *p)
{
	return p->spawn_failures < MAX_SPAWN_FAILURES;
}

/* Whether w may take job idx: its CPU time limit covers what it may spend already (its
 * busy time, and the whole timeout of each file it holds) and idx's whole timeout. A
 * fresh worker takes any file. */
static int cpu_room(const struct pool *p, const struct worker *w, size_t idx)
{
	if (w->files_sent == 0 || !can_replace(p))
		return 1;
	double spent = w->busy_total + (w->count ? now_seconds() - w->busy_since : 0);
	double want = spent + w->held_timeouts + engine_file_timeout(p->opt, p->jobs[idx].size);
	return want <= (double)p->cpu_limit - CPU_SPARE_SECONDS;
}

static void send_file(struct pool *p, struct worker *w, size_t idx)
{
	const struct engine_job *job = &p->jobs[idx];
	const struct job_bytes *b = &p->bytes[idx];
	uint32_t flags = p->opt->analyze_flags | p->opt->lang_flags[job->lang]
			 | (p->state[idx].fallback ? ANALYZE_LINES_ONLY : 0);
	struct proto_file frame = { (uint32_t)idx, (uint8_t)job->lang, flags, 0, b->data, b->len };
	uint8_t room[64];	/* the frame's head, 22 bytes: no allocation per file */
	struct wbuf head = { room, 0, sizeof(room), 0 };
	/* The bytes go from the job's buffer into the pipe; only what the pipe does not
	 * take now is copied (proc_send). */
	if (proto_put_file_head(&head, &frame) < 0
	    || proc_send(&w->proc, head.data, head.len, b->data, b->len) < 0) {
		struct cause_note why = { CAUSE_OUT_OF_MEMORY, "" };
		fail_job(p, idx, &why, 0);
		return;
	}
	if (w->count == 0) {
		w->head_since = now_seconds();
		w->busy_since = w->head_since;
	}
	inflight_push(w, idx);
	w->held_timeouts += engine_file_timeout(p->opt, job->size);
	w->inflight_bytes += b->len;
	w->files_sent++;
	w->bytes_sent += b->len;
}

/* A suspect from a dead worker (or the canary) runs alone, in a fresh worker, once its
 * retry delay has passed: were it to kill a worker that answered files before, their
 * results could not be cached (engine_hooks.worker_end). Returns 1 when it sent one. */
static int fill_retry(struct pool *p, struct worker *w)
{
	if ((w->files_sent > 0 && can_replace(p)) || w->count > 0 || p->retry.len == 0
	    || p->state[jobq_peek(&p->retry)].not_before > now_seconds())
		return 0;
	size_t idx;
	while (jobq_pop(&p->retry, &idx))
		if (job_load(p, idx)) {
			send_file(p, w, idx);
			w->solo = 1;
			return 1;
		}
	return 0;
}

/* Files whose analysis failed for good, for line counts only: the lexical pass is linear
 * and cannot hang, so they go in batches like any file. */
static void fill_fallback(struct pool *p, struct worker *w, size_t limit)
{
	size_t idx;
	while (w->count < limit && jobq_pop(&p->fallback, &idx)) {
		if (!cpu_room(p, w, idx)) {
			jobq_push_front(&p->fallback, idx);
			return;
		}
		send_file(p, w, idx);
	}
}

/* Queued files, up to limit files or a batch's bytes, while w's CPU time covers them. */
static void fill_queue(struct pool *p, struct worker *w, size_t limit)
{
	size_t idx;
	while (w->count < limit && w->inflight_bytes < p->opt->batch_bytes
	       && jobq_pop(&p->queue, &idx)) {
		if (!job_load(p, idx))
			continue;
		if (!cpu_room(p, w, idx)) {
			jobq_push_front(&p->queue, idx);
			return;
		}
		send_file(p, w, idx);
	}
}

/* Where the files another worker may take start among those a worker holds: after its
 * head, which it may have started. The test build can make it the head (testpoint.h,
 * "engine.steal_head"): then the worker analyzes the file it is asked to drop, as one does
 * that started it just before the WITHDRAW frame came, and both workers answer it. */
static size_t first_stealable(void)
{
	return testpoint_says("engine.steal_head") ? 0 : 1;
}

/* Files w holds that another worker may take: after the head, not withdrawn, not yet
 * answered (by a worker they were stolen from). */
static size_t stealable(const struct pool *p, const struct worker *w)
{
	if (!alive(w) || w->solo || w->count < 2)
		return 0;
	size_t n = 0;
	for (size_t i = first_stealable(); i < w->count; i++) {
		size_t e = w->inflight[w->head + i];
		n += !(e & INFLIGHT_WITHDRAWN) && !p->state[e].done && !p->state[e].fallback;
	}
	return n;
}

size_t pool_unstarted(const struct pool *p)
{
	size_t n = 0;
	for (int i = 0; i < p->nworkers; i++)
		n += stealable(p, &p->workers[i]);
	return n;
}

/* The worker holding the most files another may take (NULL: none), and how many. */
static struct worker *busiest(struct pool *p, size_t *most)
{
	struct worker *victim = NULL;
	*most = 0;
	for (int i = 0; i < p->nworkers; i++) {
		size_t n = stealable(p, &p->workers[i]);
		if (n > *most) {
			*most = n;
			victim = &p->workers[i];
		}
	}
	return victim;
}

/* Whether w may steal job idx: its CPU time covers it (the test build can say it does
 * not, testpoint.h "engine.spent"). */
static int may_steal(const struct pool *p, const struct worker *w, size_t idx)
{
	return cpu_room(p, w, idx) && !(w->files_sent > 0 && testpoint_says("engine.spent"));
}

/* Tells victim to drop the n files ids[] that another worker took. */
static void withdraw(struct worker *victim, const uint32_t *ids, size_t n)
{
	struct wbuf *out = &victim->proc.out;
	size_t start = out->len;
	if (proto_put_withdraw(out, ids, (uint32_t)n) < 0) {
		/* No room for the frame: the victim analyzes them too, the first answer wins. */
		out->len = start;
		out->failed = 0;
	}
}

/* Moves half (rounded up) of the files the busiest worker has not started to the idle
 * worker w: the ones right behind its head, the largest it holds. Returns how many it
 * took, or -1 when there were some but w's CPU time covers none of them (then a fresh
 * worker steals in its place). */
static long steal(struct pool *p, struct worker *w)
{
	size_t most;
	struct worker *victim = busiest(p, &most);
	if (!victim)
		return 0;
	size_t take = (most + 1) / 2;
	uint32_t *ids = xcalloc(take, sizeof(*ids));
	size_t n = 0;
	for (size_t i = first_stealable(); i < victim->count && n < take; i++) {
		size_t *e = &victim->inflight[victim->head + i];
		if ((*e & INFLIGHT_WITHDRAWN) || p->state[*e].done || p->state[*e].fallback)
			continue;
		if (!may_steal(p, w, *e))
			break;
		ids[n++] = (uint32_t)*e;
		send_file(p, w, *e);
		victim->inflight_bytes -= p->bytes[*e].len <= victim->inflight_bytes
						  ? p->bytes[*e].len : victim->inflight_bytes;
		*e |= INFLIGHT_WITHDRAWN;
		victim->withdrawn++;
	}
	if (n > 0) {
		withdraw(victim, ids, n);
		p->stats->stolen += (unsigned)n;
		log_event(LOG_DEBUG, "engine.steal", NULL, "worker %d took %zu files worker %d "
			  "had not started", (int)(w - p->workers) + 1, n,
			  (int)(victim - p->workers) + 1);
	}
	free(ids);
	return n > 0 ? (long)n : -1;
}

/* Files a worker may hold at once: near the end small batches, since a worker holding
 * many queued files would leave the others idle. */
static size_t batch_limit(const struct pool *p)
{
	size_t share = (p->queue.len + 2 * (size_t)p->nworkers - 1) / (2 * (size_t)p->nworkers);
	if (share >= p->opt->batch_files)
		return p->opt->batch_files;
	return share ? share : 1;
}

/* Whether w is replaced now: after so many files or bytes; and when it got nothing though
 * work is left: its CPU time is spent (for queued files, or, spent, for files to steal),
 * or a retry waits for a fresh worker. Not when no new worker could take its place: then
 * it goes on. */
static int retire_now(const struct pool *p, const struct worker *w, int spent)
{
	if (!can_replace(p))
		return 0;
	if (w->files_sent >= p->opt->recycle_files || w->bytes_sent >= p->opt->recycle_bytes)
		return 1;
	return w->count == 0 && w->files_sent > 0 && (work_left(p) || spent);
}

void worker_fill(struct pool *p, struct worker *w)
{
	if (!w->hello || w->retiring || w->solo || w->killed_for_timeout || w->proc.to_fd < 0
	    || fill_retry(p, w))
		return;
	fill_fallback(p, w, p->opt->batch_files);
	fill_queue(p, w, batch_limit(p));
	int spent = w->count == 0 && !work_left(p) && steal(p, w) < 0;
	if (retire_now(p, w, spent))
		w->retiring = 1;
}
