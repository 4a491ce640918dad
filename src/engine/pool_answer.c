/*
 * pool_answer.c - what comes back from the workers (see pool_impl.h): answers, deaths,
 * retries and the line-count fallback.
 *
 * Workers answer in order, so the head of a worker's in-flight queue is always the file
 * it is working on: that is the file a death or a deadline is charged to, without
 * bisecting (but for a worker killed at its head's deadline whose answer for that head
 * came in first: then nobody is charged). A file a worker crashed on, ran out of memory
 * or out of its CPU time limit on is retried alone in a fresh worker (one that has
 * analyzed nothing, pool_feed.c; any idle one once worker starts have failed for good),
 * --retries times (default once), each retry after --retry-delay seconds
 * doubled per attempt (default at once). When its analysis has failed for good (crash,
 * out of memory, timeout), the file is sent once more for line counts only (the lexical
 * pass, in a sandboxed worker like any file) and reported `fallback` with that cause; a
 * sandbox violation or a broken reply is not (the worker was subverted or lying), and a
 * file the fallback kills too fails with its first cause.
 *
 * A worker that dies on every file is told apart from files that kill workers by a
 * canary: after two deaths with no file answered in between, an empty file of the last
 * suspect's language is sent alone. When it is answered the workers are sound and the
 * files keep failing one by one; when it dies too the workers are broken, and the pool
 * stops as when no worker can start (the caller degrades as documented: exit 4, or the
 * in-process engine under --allow-unsandboxed).
 */
#include "engine/pool_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "engine/engine_impl.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/log.h"

#define CANARY_AFTER 2	/* deaths in a row before the canary runs */

/* ---- answers ---------------------------------------------------------------------- */

/* Takes the head entry off w: returns its job, *withdrawn when it had been withdrawn. */
static size_t pop_head(struct pool *p, struct worker *w, int *withdrawn)
{
	size_t entry = w->inflight[w->head];
	size_t idx = inflight_job(entry);
	*withdrawn = (entry & INFLIGHT_WITHDRAWN) != 0;
	w->head++;
	w->count--;
	w->withdrawn -= (size_t)*withdrawn;
	uint64_t size = *withdrawn ? 0 : p->bytes[idx].len;
	w->inflight_bytes -= size <= w->inflight_bytes ? size : w->inflight_bytes;
	w->held_timeouts -= engine_file_timeout(p->opt, p->jobs[idx].size);
	double now = now_seconds();
	if (w->count == 0) {
		add_busy(p, w, now - w->busy_since);
		w->head = 0;
		w->inflight_bytes = 0;
		w->held_timeouts = 0;
		w->solo = 0;
	}
	return idx;
}

/* A fallback's record carries the cause that sent the file there. */
static void mark_fallback(const struct job_state *s, struct record *rec)
{
	if (!s->fallback || !s->why || rec->status != FILE_FALLBACK)
		return;
	rec->cause = (uint8_t)s->why->cause;
	free(rec->detail);
	rec->detail = s->why->detail[0] ? xstrdup(s->why->detail) : NULL;
}

/* The head job is answered (r): to the result hook unless another worker answered it
 * first (it was stolen) or it is the canary; the worker moves on. */
static void finish_head(struct pool *p, struct worker *w, struct engine_result *r)
{
	int withdrawn;
	size_t idx = pop_head(p, w, &withdrawn);
	double now = now_seconds();
	r->cost_us = (uint64_t)((now - w->head_since) * 1e6);
	r->from_worker = 1;
	r->worker = w->generation;
	add_span(p, w, w->head_since, idx, r->parse_us);
	if (idx < p->total && p->state[idx].done && p->stats->nspans)
		p->stats->spans[p->stats->nspans - 1].late = 1;
	w->head_since = now;
	p->deaths_in_row = 0;
	if (idx == p->total) {
		p->canary_passed = 1;
		log_event(LOG_INFO, "engine.canary", NULL, "an empty file was analyzed after "
			  "workers died: they are sound, the files that killed them fail alone");
	}
	if (idx == p->total || p->state[idx].done) {
		record_clear(&r->rec);
		return;
	}
	mark_fallback(&p->state[idx], &r->rec);
	p->state[idx].done = 1;
	job_bytes_free(p, idx);
	p->stats->analyzed++;
	p->hooks->result(p->hooks->ctx, &p->jobs[idx], r);
}

/* WITHDRAWN: the worker skipped its head file as asked; it is another worker's now. */
static int take_withdrawn(struct pool *p, struct worker *w, const struct proto_frame *fr)
{
	if (fr->len != 4 || !(w->inflight[w->head] & INFLIGHT_WITHDRAWN))
		return -1;
	int withdrawn;
	pop_head(p, w, &withdrawn);
	w->head_since = now_seconds();
	return 0;
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
	if (fr->type == PROTO_WITHDRAWN)
		return take_withdrawn(p, w, fr);
	struct engine_result r;
	if (engine_take_answer(&p->jobs[id], fr, &r) < 0)
		return -1;
	finish_head(p, w, &r);
	return 0;
}

enum proc_read worker_read(struct pool *p, struct worker *w)
{
	enum proc_read r = proc_read(&w->proc);
	struct frame_context ctx = { p, w };
	if (r == PROC_READ_BROKEN || proc_frames(&w->proc, handle_frame, &ctx) < 0)
		return PROC_READ_BROKEN;
	return r;
}

/* ---- deaths ----------------------------------------------------------------------- */

/* Causes after which the file's lines are still counted (the lexical pass). */
static int falls_back(enum cause c)
{
	return c == CAUSE_TIMEOUT || c == CAUSE_TIMEOUT_CPU || c == CAUSE_CRASHED
	       || c == CAUSE_OUT_OF_MEMORY || c == CAUSE_WORKER_EXIT;
}

/* The canary: an empty file of lang, alone in a worker (fill_retry sends it first). */
static void queue_canary(struct pool *p, enum lang_id lang)
{
	if (p->canary_passed || p->state[p->total].attempts)
		return;
	p->jobs[p->total] = (struct engine_job){ p->total, lang, 0, 0, 0, "(an empty file)", 0 };
	p->bytes[p->total].loaded = 1;
	p->state[p->total].attempts = 1;	/* queued once per run */
	p->state[p->total].not_before = 0;
	jobq_push_front(&p->retry, p->total);
}

/* The canary died too: every worker dies on every file. */
static void canary_died(struct pool *p, const struct cause_note *why)
{
	char text[120];
	cause_text(why->cause, why->detail, text, sizeof(text));
	const struct language_info *li = language_info(p->jobs[p->total].lang);
	p->broken = 1;
	p->stats->unavailable = 1;
	snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
		 "workers die on every file: an empty %s file killed one too (%s)",
		 li ? li->display : "source", text);
}

/* A file's analysis failed for good: its lines are counted alone, else it fails. */
static void final_death(struct pool *p, size_t idx, const struct cause_note *why, int from_worker)
{
	struct job_state *s = &p->state[idx];
	engine_death_event(&p->jobs[idx], why, 1);
	if (s->fallback || !falls_back(why->cause) || !from_worker) {
		fail_job(p, idx, s->why ? s->why : why, from_worker);
		return;
	}
	s->fallback = 1;
	s->why = xmalloc(sizeof(*s->why));
	*s->why = *why;
	jobq_push_back(&p->fallback, idx);
	p->stats->fallbacks++;
}

/* The file a dead worker was on: retried alone (after its delay) while it has retries
 * left, else its analysis has failed for good. */
static void charge_suspect(struct pool *p, size_t suspect, const struct cause_note *why,
			   int retry, int from_worker)
{
	struct job_state *s = &p->state[suspect];
	p->deaths_in_row++;
	if (suspect == p->total) {
		canary_died(p, why);
		return;
	}
	if (retry && !s->fallback && s->attempts < p->opt->retries) {
		s->attempts++;
		engine_death_event(&p->jobs[suspect], why, 0);
		s->not_before = now_seconds() + p->opt->retry_delay * ldexp(1.0, s->attempts - 1);
		jobq_push_back(&p->retry, suspect);
	} else {
		final_death(p, suspect, why, from_worker);
	}
	if (p->deaths_in_row >= CANARY_AFTER && !p->broken)
		queue_canary(p, p->jobs[suspect].lang);
}

/* The files a dead worker held behind the one it was on go back to their queue, unless
 * they were withdrawn (another worker has them) or answered. */
static void requeue_behind_head(struct pool *p, const struct worker *w)
{
	for (size_t i = w->count; i-- > 1;) {
		size_t e = w->inflight[w->head + i];
		if (!(e & INFLIGHT_WITHDRAWN) && !p->state[e].done)
			jobq_push_front(p->state[e].fallback ? &p->fallback : &p->queue, e);
	}
}

/* A worker killed for its head's deadline whose answer for that head came in just before
 * the kill: the file now at the head had not had its time, and goes back with the rest.
 * Returns 1 then. */
static int answered_before_kill(struct pool *p, const struct worker *w)
{
	size_t head = w->inflight[w->head];
	size_t idx = inflight_job(head);
	if (!w->killed_for_timeout || idx == w->timeout_job)
		return 0;
	requeue_behind_head(p, w);
	if (!(head & INFLIGHT_WITHDRAWN) && !p->state[idx].done)
		jobq_push_front(p->state[idx].fallback ? &p->fallback : &p->queue, idx);
	return 1;
}

/* The files a dead worker held: the one it was on is charged; the ones behind it go back
 * to their queue, unless they were withdrawn (another worker has them) or answered. */
static void charge_inflight(struct pool *p, struct worker *w, int status, int protocol_error)
{
	if (w->busy_since > 0)
		add_busy(p, w, now_seconds() - w->busy_since);
	size_t head = w->inflight[w->head];
	size_t suspect = inflight_job(head);
	if (answered_before_kill(p, w))
		return;
	struct cause_note why = { CAUSE_INVALID_REPLY, "" };
	int retry = 0;
	if (!protocol_error)
		engine_describe_death(status, w->killed_for_timeout, &why, p->stats, &retry);
	if (why.cause == CAUSE_TIMEOUT && suspect < p->total)	/* the deadline it passed */
		cause_note_deadline(&why, engine_file_timeout(p->opt, p->jobs[suspect].size));
	requeue_behind_head(p, w);
	if ((head & INFLIGHT_WITHDRAWN) || (suspect < p->total && p->state[suspect].done))
		return;	/* it was another worker's */
	if (!w->hello)
		jobq_push_front(suspect == p->total ? &p->retry : &p->queue, suspect);
	else
		charge_suspect(p, suspect, &why, retry, !protocol_error);
	/* Out of memory: fewer workers at once leave each more room, and the summary and
	 * --stats say so as they do for memory pressure. */
	if (why.cause == CAUSE_OUT_OF_MEMORY && p->max_active > 1) {
		p->max_active--;
		p->stats->shed++;
		snprintf(p->stats->memory_note, sizeof(p->stats->memory_note),
			 "ran %d of %d workers at the end: a worker ran out of memory",
			 p->max_active, p->nworkers);
	}
}

void end_generation(struct pool *p, struct worker *w, int trusted)
{
	if (w->generation && p->hooks->worker_end)
		p->hooks->worker_end(p->hooks->ctx, w->generation, trusted);
	w->generation = 0;
}

void worker_release(struct worker *w)
{
	proc_release(&w->proc);
	free(w->inflight);
	w->inflight = NULL;
	w->head = w->count = w->cap = w->withdrawn = 0;
}

/* Why assay stopped a worker before its HELLO, for the message; NULL: it ended on its
 * own. */
static const char *stopped_before_hello(const struct worker *w, int protocol_error)
{
	if (protocol_error)
		return "its first reply was no HELLO assay reads";
	return w->killed_for_timeout ? "no HELLO within " HELLO_TIMEOUT_TEXT : NULL;
}

void worker_died(struct pool *p, struct worker *w, int protocol_error, int ended_by_us)
{
	if (w->count > 0)
		add_span(p, w, w->head_since, worker_head(w), 0);
	add_life_span(p, w);
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
		engine_start_failure(p->opt, p->stats, status, stopped_before_hello(w, protocol_error));
	}
	end_generation(p, w, clean);
	if (w->count > 0)
		charge_inflight(p, w, status, protocol_error);
	worker_release(w);
}
