/*
 * pool.c - the worker pool: the engine of sandboxed worker processes (see engine.h); the
 * policy of which file goes to which worker and what a death means. Starting, feeding
 * and reaping one process is engine/proc.c.
 *
 * A single-threaded poll() loop. Workers answer in order, so the head of a worker's
 * in-flight queue is always the file it is working on: that is the file a death or a
 * deadline is charged to, without bisecting. A crash or running out of memory is retried
 * once, alone, in a fresh worker; then the file fails with the cause.
 *
 * Work is pulled: a worker is topped up whenever its in-flight bytes or files fall under
 * the budget, from a queue sorted largest first, so the big files start early and the
 * small ones fill the gaps at the end (longest-processing-time order). A worker is
 * recycled after so many files or bytes; a pool short of memory runs fewer at once.
 *
 * At the end of the time budget (engine_params.deadline) the loop ends and every worker
 * is killed, those on a file too: what they held stays pending (not reached).
 */
#include "engine/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/engine_impl.h"
#include "engine/proc.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/msg.h"

#define MAX_SPAWN_FAILURES 3

struct worker {
	struct proc proc;
	size_t *inflight;		/* job indices, oldest first */
	size_t head, count, cap;
	uint64_t inflight_bytes;
	double head_since;		/* when the head file became the one worked on */
	double busy_since;
	int hello;
	int solo;			/* working on a retried file alone */
	int retiring;			/* gets no more work; closed when idle */
	int killed_for_timeout;
	unsigned files_sent;
	uint64_t bytes_sent;
	uint64_t generation;		/* random, never 0: tags its results (engine_result) */
};

struct pool {
	const struct engine_params *opt;
	const struct engine_hooks *hooks;
	struct engine_job *jobs;
	struct engine_stats *stats;
	struct worker *workers;
	int nworkers;
	int max_active;			/* workers allowed at once (shrinks under memory pressure) */
	size_t *queue;			/* pending job indices, largest first */
	size_t qhead, qlen;
	size_t *retry;			/* suspects to run alone */
	size_t rhead, rlen;
	uint8_t *attempts;
	size_t total;			/* jobs queued at the start */
	int devnull;
	int spawn_failures;
	struct wbuf file_bytes;
};

/* ---- queues ----------------------------------------------------------------------- */

static int queue_pop(size_t *q, size_t *head, size_t *len, size_t *out)
{
	if (*len == 0)
		return 0;
	*out = q[*head];
	(*head)++;
	(*len)--;
	return 1;
}

/* Puts a job back at the front of the main queue (it was in flight when a worker died). */
static void queue_push_front(struct pool *p, size_t idx)
{
	/* The queue array was sized for every job, and a job is in at most one place. */
	if (p->qhead == 0) {
		memmove(p->queue + 1, p->queue, p->qlen * sizeof(*p->queue));
		p->queue[0] = idx;
	} else {
		p->queue[--p->qhead] = idx;
	}
	p->qlen++;
}

/* qsort has no context argument in POSIX; the jobs being sorted are held here meanwhile. */
static const struct engine_job *sort_jobs;

static int by_size_desc(const void *a, const void *b)
{
	const struct engine_job *fa = &sort_jobs[*(const size_t *)a];
	const struct engine_job *fb = &sort_jobs[*(const size_t *)b];
	if (fa->priority != fb->priority)
		return fa->priority > fb->priority ? -1 : 1;
	if (fa->changed_lines != fb->changed_lines)
		return fa->changed_lines > fb->changed_lines ? -1 : 1;
	if (fa->size != fb->size)
		return fa->size > fb->size ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static size_t worker_head(const struct worker *w)
{
	return w->inflight[w->head];
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

/* ---- starting and stopping workers ------------------------------------------------ */

/* A worker's memory limit follows the largest file it may be sent (tree-sitter needs
 * roughly 30-100x the source): the queue is largest first, so later workers get less.
 * opt->memory_limit caps it; 0 means no limit (sanitizer builds). */
static uint64_t worker_memory(const struct pool *p)
{
	if (!p->opt->memory_limit)
		return 0;
	uint64_t largest = p->opt->batch_bytes;
	if (p->qlen && p->jobs[p->queue[p->qhead]].size > largest)
		largest = p->jobs[p->queue[p->qhead]].size;
	for (size_t i = 0; i < p->rlen; i++)
		if (p->jobs[p->retry[p->rhead + i]].size > largest)
			largest = p->jobs[p->retry[p->rhead + i]].size;
	uint64_t want = (512ull << 20) + 100 * largest;
	return want < p->opt->memory_limit ? want : p->opt->memory_limit;
}

/* A new worker generation: random, so that rows a worker left in a shared cache can be
 * told apart across runs. */
static uint64_t new_generation(void)
{
	static uint64_t counter;
	uint64_t g = 0;
	if (getentropy(&g, sizeof(g)) < 0)
		g = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL);
	return (g ^ ++counter) | 1;
}

/* The end of a generation, for the result hook's holder. */
static void end_generation(struct pool *p, struct worker *w, int trusted)
{
	if (w->generation && p->hooks->worker_end)
		p->hooks->worker_end(p->hooks->ctx, w->generation, trusted);
	w->generation = 0;
}

static int worker_start(struct pool *p, struct worker *w)
{
	memset(w, 0, sizeof(*w));
	w->generation = new_generation();
	if (proc_start(&w->proc, p->opt->worker_path, p->opt->mode, worker_memory(p),
		       p->devnull) < 0)
		return -1;
	p->stats->started++;
	return 0;
}

static void worker_release(struct worker *w)
{
	proc_release(&w->proc);
	free(w->inflight);
	w->inflight = NULL;
	w->head = w->count = w->cap = 0;
}

static int alive(const struct worker *w)
{
	return w->proc.pid > 0;
}

/* ---- tracing and progress ----------------------------------------------------------- */

/* Time a worker slot spent with work in flight (utilization per worker and in all). */
static void add_busy(struct pool *p, const struct worker *w, double seconds)
{
	size_t slot = (size_t)(w - p->workers);
	p->stats->busy_seconds += seconds;
	if (slot < ENGINE_MAX_SLOTS)
		p->stats->slot_busy[slot] += seconds;
}

static void add_span(struct pool *p, const struct worker *w, double start, size_t job,
		     uint64_t parse_us)
{
	engine_add_span(p->opt, p->stats, (int)(w - p->workers), start,
			job == SIZE_MAX ? SIZE_MAX : p->jobs[job].file, parse_us);
}

static void report_progress(struct pool *p)
{
	if (!p->hooks->progress)
		return;
	size_t inflight = 0;
	for (int i = 0; i < p->nworkers; i++)
		inflight += alive(&p->workers[i]) ? p->workers[i].count : 0;
	size_t left = p->qlen + p->rlen + inflight;
	p->hooks->progress(p->hooks->ctx, p->total - (left < p->total ? left : p->total),
			   p->total);
}

/* ---- sending ---------------------------------------------------------------------- */

static double deadline_of(const struct pool *p, const struct worker *w)
{
	return w->head_since + engine_file_timeout(p->opt, p->jobs[worker_head(w)].size);
}

/* Reads a queued job; 1 when it goes to a worker (bytes in p->file_bytes), 0 when the
 * caller settled it. */
static int load_job(struct pool *p, size_t idx)
{
	return p->hooks->load(p->hooks->ctx, &p->jobs[idx], &p->file_bytes) == ENGINE_SEND;
}

/* The engine's own verdict on a job (it failed for cause): to the result hook. */
static void fail_job(struct pool *p, size_t idx, const struct cause_note *why, int from_worker)
{
	struct engine_result r;
	engine_verdict(&r, p->jobs[idx].lang, why);
	r.from_worker = from_worker;
	p->hooks->result(p->hooks->ctx, &p->jobs[idx], &r);
}

static void send_file(struct pool *p, struct worker *w, size_t idx)
{
	const struct engine_job *job = &p->jobs[idx];
	struct wbuf *out = &w->proc.out;
	size_t start = out->len;
	struct proto_file frame = { (uint32_t)idx, (uint8_t)job->lang,
				    p->opt->analyze_flags | p->opt->lang_flags[job->lang], 0,
				    p->file_bytes.data, p->file_bytes.len };
	if (proto_put_file(out, &frame) < 0) {
		out->len = start;
		out->failed = 0;
		struct cause_note why = { CAUSE_OUT_OF_MEMORY, "" };
		fail_job(p, idx, &why, 0);
		return;
	}
	if (w->count == 0) {
		w->head_since = now_seconds();
		w->busy_since = w->head_since;
	}
	inflight_push(w, idx);
	w->inflight_bytes += p->file_bytes.len;
	w->files_sent++;
	w->bytes_sent += p->file_bytes.len;
}

/* A suspect from a dead worker runs alone, in a worker with nothing else to do.
 * Returns 1 when it sent one. */
static int fill_retry(struct pool *p, struct worker *w)
{
	size_t idx;
	while (w->count == 0 && queue_pop(p->retry, &p->rhead, &p->rlen, &idx))
		if (load_job(p, idx)) {
			send_file(p, w, idx);
			w->solo = 1;
			return 1;
		}
	return 0;
}

/* Tops a worker up to its budget. */
static void worker_fill(struct pool *p, struct worker *w)
{
	if (!w->hello || w->retiring || w->solo || w->proc.to_fd < 0 || fill_retry(p, w))
		return;
	/* Near the end, small batches: a worker holding many queued files would leave the
	 * others idle. */
	size_t share = (p->qlen + 2 * (size_t)p->nworkers - 1) / (2 * (size_t)p->nworkers);
	size_t limit = share < p->opt->batch_files ? (share ? share : 1) : p->opt->batch_files;
	size_t idx;
	while (w->count < limit && w->inflight_bytes < p->opt->batch_bytes
	       && queue_pop(p->queue, &p->qhead, &p->qlen, &idx))
		if (load_job(p, idx))
			send_file(p, w, idx);
	if (w->files_sent >= p->opt->recycle_files || w->bytes_sent >= p->opt->recycle_bytes)
		w->retiring = 1;
}

/* ---- receiving -------------------------------------------------------------------- */

/* The head job is answered (r): to the result hook, and the worker moves on. */
static void finish_head(struct pool *p, struct worker *w, struct engine_result *r)
{
	size_t idx = worker_head(w);
	w->head++;
	w->count--;
	uint64_t size = p->jobs[idx].size;
	w->inflight_bytes -= size <= w->inflight_bytes ? size : w->inflight_bytes;
	double now = now_seconds();
	if (w->count == 0) {
		add_busy(p, w, now - w->busy_since);
		w->head = 0;
		w->inflight_bytes = 0;
		w->solo = 0;
	}
	r->cost_us = (uint64_t)((now - w->head_since) * 1e6);
	r->from_worker = 1;
	r->worker = w->generation;
	add_span(p, w, w->head_since, idx, r->parse_us);
	w->head_since = now;
	p->stats->analyzed++;
	p->hooks->result(p->hooks->ctx, &p->jobs[idx], r);
}

/* HELLO: the worker is ready and says how well it is locked down. */
static int handle_hello(struct pool *p, struct worker *w, const struct proto_frame *fr)
{
	struct proto_hello h;
	if (w->hello || proto_decode_hello(fr, &h) < 0)
		return -1;
	int ok = h.version == PROTO_VERSION && h.sandbox_level <= SANDBOX_LEVEL_FULL;
	if (ok) {
		w->hello = 1;
		p->spawn_failures = 0;
		enum sandbox_level level = (enum sandbox_level)h.sandbox_level;
		if (!p->stats->got_level || level < p->stats->level) {
			p->stats->level = level;
			snprintf(p->stats->detail, sizeof(p->stats->detail), "%s", h.detail);
		}
		p->stats->got_level = 1;
	}
	free(h.detail);
	return ok ? 0 : -1;
}

struct frame_context {
	struct pool *p;
	struct worker *w;
};

/* Handles one frame; returns -1 when the worker broke the protocol. */
static int handle_frame(void *ctx, const struct proto_frame *fr)
{
	struct pool *p = ((struct frame_context *)ctx)->p;
	struct worker *w = ((struct frame_context *)ctx)->w;
	if (fr->type == PROTO_HELLO)
		return handle_hello(p, w, fr);
	uint32_t id;
	if (!w->hello || w->count == 0 || proto_answer_id(fr, &id) < 0 || id != worker_head(w))
		return -1;
	struct engine_result r;
	if (engine_take_answer(&p->jobs[id], fr, &r) < 0)
		return -1;
	finish_head(p, w, &r);
	return 0;
}

/* Reads and handles what the worker sent: PROC_READ_MORE while it may send more. */
static enum proc_read worker_read(struct pool *p, struct worker *w)
{
	enum proc_read r = proc_read(&w->proc);
	struct frame_context ctx = { p, w };
	if (r == PROC_READ_BROKEN || proc_frames(&w->proc, handle_frame, &ctx) < 0)
		return PROC_READ_BROKEN;
	return r;
}

/* ---- deaths ----------------------------------------------------------------------- */

/* The files a dead worker held: the one it was on is charged (retried alone once after
 * a crash, else failed with the cause); the ones behind it go back to the queue. */
static void charge_inflight(struct pool *p, struct worker *w, int status, int protocol_error)
{
	if (w->busy_since > 0)
		add_busy(p, w, now_seconds() - w->busy_since);
	size_t suspect = worker_head(w);
	struct cause_note why = { CAUSE_INVALID_REPLY, "" };
	int retry = 0;
	if (!protocol_error)
		engine_describe_death(status, w->killed_for_timeout, &why, p->stats, &retry);
	for (size_t i = w->count; i-- > 1;)
		queue_push_front(p, w->inflight[w->head + i]);
	if (!w->hello) {
		queue_push_front(p, suspect);
	} else if (retry && p->attempts[suspect] == 0) {
		engine_death_event(&p->jobs[suspect], &why, 0);
		p->attempts[suspect]++;
		p->retry[p->rhead + p->rlen++] = suspect;
	} else {
		engine_death_event(&p->jobs[suspect], &why, 1);
		fail_job(p, suspect, &why, !protocol_error);
	}
	/* Out of memory: fewer workers at once leave each more room. */
	if (why.cause == CAUSE_OUT_OF_MEMORY && p->max_active > 1)
		p->max_active--;
}

/* A worker is gone (or broke the protocol): charge its head file, requeue the rest.
 * ended_by_us: the run is over and we closed its input with nothing in flight; one still
 * starting may then fail to greet (its reply pipe is closed too), which is no death. */
static void worker_died(struct pool *p, struct worker *w, int protocol_error, int ended_by_us)
{
	if (w->count > 0)
		add_span(p, w, w->head_since, worker_head(w), 0);
	add_span(p, w, w->proc.started_at, SIZE_MAX, 0);
	if (protocol_error)
		proc_kill(&w->proc);
	int status = proc_reap(&w->proc);
	int clean = (!protocol_error && !w->killed_for_timeout && WIFEXITED(status)
		     && WEXITSTATUS(status) == WORKER_EXIT_DONE && w->count == 0)
		    || (ended_by_us && !w->hello && w->count == 0);
	if (!clean)
		p->stats->deaths++;
	if (!w->hello && !clean) {
		p->spawn_failures++;
		engine_start_failure(p->opt, p->stats, status);
	}
	end_generation(p, w, clean);
	if (w->count > 0)
		charge_inflight(p, w, status, protocol_error);
	worker_release(w);
}

/* ---- the loop --------------------------------------------------------------------- */

static int work_left(const struct pool *p)
{
	return p->qlen > 0 || p->rlen > 0;
}

static int live_workers(const struct pool *p)
{
	int n = 0;
	for (int i = 0; i < p->nworkers; i++)
		n += alive(&p->workers[i]);
	return n;
}

/* Kills a worker: the files it holds get no result (they stay pending); what it answered
 * before stands (stopped by us: a signal, the budget, the run's end). */
static void worker_stop(struct pool *p, struct worker *w)
{
	proc_kill(&w->proc);
	proc_reap(&w->proc);
	if (w->busy_since > 0 && w->count > 0) {
		add_busy(p, w, now_seconds() - w->busy_since);
		add_span(p, w, w->head_since, worker_head(w), 0);
	}
	add_span(p, w, w->proc.started_at, SIZE_MAX, 0);
	end_generation(p, w, 1);
	worker_release(w);
}

static void kill_all(struct pool *p)
{
	for (int i = 0; i < p->nworkers; i++)
		if (alive(&p->workers[i]))
			worker_stop(p, &p->workers[i]);
}

/* Past the time budget (--budget: the whole run of precommit, or diff) the run ends:
 * nothing more is sent, and the caller kills every worker (kill_all), those still on a
 * file too. What was queued or in flight stays pending (reported as not reached, never
 * cached); what was answered stands. Returns 1 when the deadline has passed. */
static int past_budget(struct pool *p)
{
	if (p->opt->deadline <= 0 || now_seconds() < p->opt->deadline)
		return 0;
	int left = work_left(p);
	for (int i = 0; i < p->nworkers; i++)
		left |= alive(&p->workers[i]) && p->workers[i].count > 0;
	p->stats->budget_exceeded |= left;
	p->qlen = p->rlen = 0;
	return 1;
}

/* Starts workers where slots are empty and work remains. */
static void top_up_workers(struct pool *p)
{
	size_t pending = p->qlen + p->rlen;
	for (int i = 0; i < p->nworkers && p->spawn_failures < MAX_SPAWN_FAILURES; i++) {
		struct worker *w = &p->workers[i];
		if (alive(w))
			continue;
		int busy = live_workers(p);
		if ((size_t)busy >= pending || busy >= p->max_active)
			break;
		if (worker_start(p, w) < 0) {
			p->spawn_failures++;
			snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
				 "cannot start a worker: %s", strerror(errno));
			/* Back off a little before the next try: fork fails under pressure. */
			struct timespec ts = { 0, 50000000L * p->spawn_failures };
			nanosleep(&ts, NULL);
		}
	}
}

static void retire_idle(struct pool *p, struct worker *w)
{
	if (alive(w) && w->count == 0 && w->proc.out.len == 0 && (w->retiring || !work_left(p))
	    && w->hello)
		proc_close_input(&w->proc);	/* the worker sees end of input and exits */
}

/* poll() set: each live worker's reply pipe, its request pipe when it has bytes waiting,
 * and the signal wake-up pipe. owner[k] is the worker index of fds[k], -1 for wake-up. */
struct pollset {
	struct pollfd *fds;
	int *owner;
	int n;
	double next_deadline;	/* earliest file deadline, or -1 */
};

static void pollset_add(struct pollset *ps, int fd, short events, int owner)
{
	ps->fds[ps->n].fd = fd;
	ps->fds[ps->n].events = events;
	ps->fds[ps->n].revents = 0;
	ps->owner[ps->n++] = owner;
}

/* Tops every worker up, closes idle ones that are done, and builds the poll set. */
static void pollset_build(struct pool *p, struct pollset *ps, int wake_fd)
{
	ps->n = 0;
	ps->next_deadline = -1;
	for (int i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		if (!alive(w))
			continue;
		worker_fill(p, w);
		retire_idle(p, w);
		if (w->proc.from_fd >= 0)
			pollset_add(ps, w->proc.from_fd, POLLIN, i);
		if (proc_has_output(&w->proc))
			pollset_add(ps, w->proc.to_fd, POLLOUT, i);
		if (w->count > 0) {
			double d = deadline_of(p, w);
			if (ps->next_deadline < 0 || d < ps->next_deadline)
				ps->next_deadline = d;
		}
	}
	if (wake_fd >= 0)
		pollset_add(ps, wake_fd, POLLIN, -1);
}

/* Milliseconds to wait: until the next file's deadline or the end of the time budget, at
 * most a second. */
static int pollset_timeout(const struct pool *p, const struct pollset *ps)
{
	double next = ps->next_deadline;
	if (p->opt->deadline > 0 && (next < 0 || p->opt->deadline < next))
		next = p->opt->deadline;
	if (next < 0)
		return 1000;
	double ms = (next - now_seconds()) * 1000 + 1;
	return ms < 0 ? 0 : ms > 1000 ? 1000 : (int)ms;
}

/* Serves one ready descriptor of the poll set. */
static void serve_ready(struct pool *p, const struct pollfd *fd, struct worker *w)
{
	if (!alive(w))
		return;
	if (fd->events == POLLOUT) {
		if (w->proc.to_fd >= 0 && proc_write(&w->proc) < 0)
			proc_close_input(&w->proc);	/* reading will show why */
		return;
	}
	if (w->proc.from_fd != fd->fd)
		return;
	enum proc_read rr = worker_read(p, w);
	if (rr != PROC_READ_MORE)
		worker_died(p, w, rr == PROC_READ_BROKEN, 0);
}

/* Writes and reads whatever poll() said is ready. */
static void pollset_handle(struct pool *p, const struct pollset *ps)
{
	for (int k = 0; k < ps->n; k++)
		if (ps->fds[k].revents && ps->owner[k] >= 0)
			serve_ready(p, &ps->fds[k], &p->workers[ps->owner[k]]);
}

/* Kills a worker past its file's deadline, or one that never said HELLO. */
static void enforce_deadlines(struct pool *p)
{
	double now = now_seconds();
	for (int i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		if (!alive(w) || w->killed_for_timeout)
			continue;
		int late = w->count > 0 ? now > deadline_of(p, w)
					: !w->hello && now > w->proc.started_at + HELLO_TIMEOUT;
		if (late) {
			w->killed_for_timeout = 1;
			proc_kill(&w->proc);
		}
	}
}

/* When nothing is queued or in flight, lets every worker see its input close and exit.
 * Returns 1 when the run is over. */
static int finish_when_done(struct pool *p)
{
	if (work_left(p))
		return 0;
	for (int i = 0; i < p->nworkers; i++)
		if (alive(&p->workers[i]) && p->workers[i].count > 0)
			return 0;
	for (int i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		if (alive(w)) {
			proc_close_input(&w->proc);
			worker_died(p, w, 0, 1);
		}
	}
	return 1;
}

static int pool_loop(struct pool *p, volatile sig_atomic_t *stop, int wake_fd)
{
	struct pollset ps;
	ps.fds = xcalloc((size_t)p->nworkers * 2 + 1, sizeof(*ps.fds));
	ps.owner = xcalloc((size_t)p->nworkers * 2 + 1, sizeof(int));
	int rc = 0;
	while (!*stop && !past_budget(p)) {
		top_up_workers(p);
		if (live_workers(p) == 0) {
			if (work_left(p)) {
				rc = -1;	/* nothing can run the remaining files */
				p->stats->unavailable = 1;
			}
			break;
		}
		pollset_build(p, &ps, wake_fd);
		if (poll(ps.fds, (nfds_t)ps.n, pollset_timeout(p, &ps)) < 0 && errno != EINTR) {
			rc = -1;
			snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
				 "poll: %s", strerror(errno));
			break;
		}
		pollset_handle(p, &ps);
		enforce_deadlines(p);
		report_progress(p);
		if (finish_when_done(p))
			break;
	}
	if (*stop)
		p->stats->interrupted = (int)*stop;
	free(ps.fds);
	free(ps.owner);
	return rc;
}

/* Workers the available memory affords (MemAvailable / 256 MiB, at least one): a worker
 * rarely needs that much, but a machine already short of memory should not get -j N. */
static int affordable_workers(int wanted)
{
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f)
		return wanted;
	char line[128];
	unsigned long long kb = 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	if (kb == 0)
		return wanted;
	unsigned long long afford = kb / (256 * 1024);
	if (afford < 1)
		afford = 1;
	return afford < (unsigned long long)wanted ? (int)afford : wanted;
}

/* Sizes the pool for the queued jobs and runs the loop; 0, or -1 when nothing could run. */
static int pool_start(struct pool *p, volatile sig_atomic_t *stop, int wake_fd)
{
	p->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	p->nworkers = p->opt->jobs < 1 ? 1 : p->opt->jobs;
	if ((size_t)p->nworkers > p->qlen)
		p->nworkers = (int)p->qlen;
	p->max_active = affordable_workers(p->nworkers);
	p->stats->slots = p->nworkers;
	p->workers = xcalloc((size_t)p->nworkers, sizeof(*p->workers));
	for (int i = 0; i < p->nworkers; i++)
		proc_init(&p->workers[i].proc);
	int rc;
	if (p->devnull < 0) {
		rc = -1;
		p->stats->unavailable = 1;
		snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
			 "/dev/null: %s", strerror(errno));
	} else {
		rc = pool_loop(p, stop, wake_fd);
	}
	kill_all(p);
	if (p->devnull >= 0)
		close(p->devnull);
	return rc;
}

static int pool_run(const struct engine_params *opt, struct engine_job *jobs, size_t njobs,
		    const struct engine_hooks *hooks, struct engine_stats *stats,
		    volatile sig_atomic_t *stop, int wake_fd)
{
	struct pool p;
	memset(&p, 0, sizeof(p));
	memset(stats, 0, sizeof(*stats));
	p.opt = opt;
	p.hooks = hooks;
	p.jobs = jobs;
	p.stats = stats;
	p.queue = xcalloc(njobs + 1, sizeof(size_t));
	p.retry = xcalloc(njobs + 1, sizeof(size_t));
	p.attempts = xcalloc(njobs + 1, 1);
	for (size_t i = 0; i < njobs; i++)
		p.queue[p.qlen++] = i;
	sort_jobs = jobs;
	qsort(p.queue, p.qlen, sizeof(size_t), by_size_desc);
	sort_jobs = NULL;
	p.total = p.qlen;
	wbuf_init(&p.file_bytes);
	int rc = p.qlen > 0 ? pool_start(&p, stop, wake_fd) : 0;
	free(p.workers);
	free(p.queue);
	free(p.retry);
	free(p.attempts);
	wbuf_free(&p.file_bytes);
	return rc;
}

const struct engine engine_pool = { "pool", pool_run };
