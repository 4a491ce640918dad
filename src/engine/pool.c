/*
 * pool.c - the worker pool (see pool.h).
 *
 * A single-threaded poll() loop. Each worker has an outgoing buffer of FILE frames not yet
 * written (pipes are non-blocking on our side, so a worker busy writing results can never
 * deadlock us while we write it files) and an incoming buffer parsed into frames. Workers
 * answer in order, so the head of a worker's in-flight queue is always the file it is
 * working on: that is the file a death or a deadline is charged to, without bisecting.
 *
 * Work is pulled: a worker is topped up whenever its in-flight bytes or files fall under
 * the budget, from a queue sorted largest first, so the big files start early and the
 * small ones fill the gaps at the end (longest-processing-time order).
 */
#include "engine/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "analyze/analyze.h"
#include "files/fsguard.h"
#include "util/log.h"
#include "common/proto.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/msg.h"

#define MAX_SPAWN_FAILURES 3
#define READ_CHUNK 65536
#define HELLO_TIMEOUT 10.0	/* seconds a new worker has to say HELLO */

struct worker {
	pid_t pid;
	int to_fd, from_fd;
	struct wbuf out;
	size_t out_off;
	struct wbuf in;
	size_t *inflight;		/* file indices, oldest first */
	size_t head, count, cap;
	uint64_t inflight_bytes;
	double head_since;		/* when the head file became the one worked on */
	double busy_since;
	double started_at;
	int hello;
	int solo;			/* working on a retried file alone */
	int retiring;			/* gets no more work; closed when idle */
	int killed_for_timeout;
	unsigned files_sent;
	uint64_t bytes_sent;
};

struct pool {
	const struct pool_options *opt;
	struct file_list *list;
	struct pool_stats *stats;
	struct worker *workers;
	int nworkers;
	int max_active;			/* workers allowed at once (shrinks under memory pressure) */
	size_t *queue;			/* pending file indices, largest first */
	size_t qhead, qlen;
	size_t *retry;			/* suspects to run alone */
	size_t rhead, rlen;
	uint8_t *attempts;
	size_t total;			/* files queued at the start */
	int devnull;
	int spawn_failures;
	struct wbuf file_bytes;
};

void pool_options_default(struct pool_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	opt->jobs = cpus > 0 ? (int)cpus : 1;
	opt->mode = SANDBOX_MODE_AUTO;
	opt->timeout_base = 10.0;
	opt->timeout_per_mb = 10.0;
	opt->max_size = 8u << 20;
	opt->batch_bytes = 1u << 20;
	opt->batch_files = 32;
	opt->recycle_files = 5000;
	opt->recycle_bytes = 256u << 20;
	/* tree-sitter needs roughly 30-100x the source size; leave room for the grammar. */
	opt->memory_limit = (512ull << 20) + 100ull * opt->max_size;
}

char *pool_find_worker(const char *libexecdir)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			char path[PATH_MAX + 32];
			snprintf(path, sizeof(path), "%s/assay-worker", self);
			if (access(path, X_OK) == 0)
				return xstrdup(path);
		}
	}
	if (libexecdir && libexecdir[0]) {
		char path[PATH_MAX + 32];
		snprintf(path, sizeof(path), "%s/assay-worker", libexecdir);
		if (access(path, X_OK) == 0)
			return xstrdup(path);
	}
	return NULL;
}

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

/* Puts a file back at the front of the main queue (it was in flight when a worker died). */
static void queue_push_front(struct pool *p, size_t idx)
{
	/* The queue array was sized for every file, and a file is in at most one place. */
	if (p->qhead == 0) {
		memmove(p->queue + 1, p->queue, p->qlen * sizeof(*p->queue));
		p->queue[0] = idx;
	} else {
		p->queue[--p->qhead] = idx;
	}
	p->qlen++;
}

/* qsort has no context argument in POSIX; the list being sorted is held here meanwhile. */
static const struct file_list *sort_list;

static int by_size_desc(const void *a, const void *b)
{
	const struct file_list *list = sort_list;
	const struct file_entry *fa = &list->files[*(const size_t *)a];
	const struct file_entry *fb = &list->files[*(const size_t *)b];
	if (fa->priority != fb->priority)
		return fa->priority > fb->priority ? -1 : 1;
	if (fa->changed_lines != fb->changed_lines)
		return fa->changed_lines > fb->changed_lines ? -1 : 1;
	uint64_t x = fa->size, y = fb->size;
	if (x != y)
		return x > y ? -1 : 1;
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

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void child_exec(const struct pool_options *opt, uint64_t memory, int in_fd, int out_fd,
		       int devnull, pid_t parent)
{
	/* Only async-signal-safe calls between fork and exec. */
	if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(devnull, 2) < 0)
		_exit(WORKER_EXIT_EXEC);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(WORKER_EXIT_EXEC);
#else
	(void)parent;
#endif
	setpgid(0, 0);	/* terminal signals go to the supervisor, which reaps us */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGXFSZ, SIG_DFL);	/* ignored dispositions would survive exec */
	struct sandbox_limits lim = { memory, 600, 16 };
	if (opt->mode != SANDBOX_MODE_OFF && sandbox_child_limits(&lim) < 0)
		_exit(WORKER_EXIT_LIMITS);
	char mode_arg[32] = "--sandbox=";
	const char *m = sandbox_mode_name(opt->mode);
	size_t k = strlen(mode_arg);
	for (size_t i = 0; m[i] && k < sizeof(mode_arg) - 1; i++)
		mode_arg[k++] = m[i];
	mode_arg[k] = '\0';
	char *argv[] = { (char *)"assay-worker", mode_arg, NULL };
	char *envp[] = { NULL };
	execve(opt->worker_path, argv, envp);
	_exit(WORKER_EXIT_EXEC);
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* A worker's memory limit follows the largest file it may be sent (tree-sitter needs
 * roughly 30-100x the source): the queue is largest first, so later workers get less.
 * opt->memory_limit caps it; 0 means no limit (sanitizer builds). */
static uint64_t worker_memory(const struct pool *p)
{
	if (!p->opt->memory_limit)
		return 0;
	uint64_t largest = p->opt->batch_bytes;
	if (p->qlen && p->list->files[p->queue[p->qhead]].size > largest)
		largest = p->list->files[p->queue[p->qhead]].size;
	for (size_t i = 0; i < p->rlen; i++)
		if (p->list->files[p->retry[p->rhead + i]].size > largest)
			largest = p->list->files[p->retry[p->rhead + i]].size;
	uint64_t want = (512ull << 20) + 100 * largest;
	return want < p->opt->memory_limit ? want : p->opt->memory_limit;
}

static int worker_start(struct pool *p, struct worker *w)
{
	uint64_t memory = worker_memory(p);
	int to[2], from[2];
	memset(w, 0, sizeof(*w));
	w->to_fd = w->from_fd = -1;
	w->pid = -1;
	if (pipe2(to, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(from, O_CLOEXEC) < 0) {
		close(to[0]);
		close(to[1]);
		return -1;
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		return -1;
	}
	if (pid == 0)
		child_exec(p->opt, memory, to[0], from[1], p->devnull, parent);
	close(to[0]);
	close(from[1]);
	w->pid = pid;
	w->started_at = now_seconds();
	w->to_fd = to[1];
	w->from_fd = from[0];
	set_nonblock(w->to_fd);
	set_nonblock(w->from_fd);
	p->stats->started++;
	return 0;
}

/* Waits for a worker that closed its pipe; kills it when it does not exit promptly. */
static int worker_reap(struct worker *w)
{
	int status = 0;
	for (int i = 0; i < 50; i++) {
		pid_t r = waitpid(w->pid, &status, WNOHANG);
		if (r == w->pid)
			return status;
		if (r < 0 && errno != EINTR)
			return 0;
		struct timespec ts = { 0, 2000000 };
		nanosleep(&ts, NULL);
	}
	kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void worker_release(struct worker *w)
{
	w->started_at = 0;
	close_fd(&w->to_fd);
	close_fd(&w->from_fd);
	wbuf_free(&w->out);
	w->out_off = 0;
	wbuf_free(&w->in);
	free(w->inflight);
	w->inflight = NULL;
	w->head = w->count = w->cap = 0;
	w->pid = -1;
}

/* ---- tracing and progress ----------------------------------------------------------- */

/* Time a worker slot spent with work in flight (utilization per worker and in all). */
static void add_busy(struct pool *p, const struct worker *w, double seconds)
{
	size_t slot = (size_t)(w - p->workers);
	p->stats->busy_seconds += seconds;
	if (slot < POOL_MAX_SLOTS)
		p->stats->slot_busy[slot] += seconds;
}

static void add_span(struct pool *p, int worker, double start, size_t file, uint64_t parse_us)
{
	if (!p->opt->trace)
		return;
	struct pool_stats *s = p->stats;
	xgrow((void **)&s->spans, &s->spans_cap, s->nspans + 1, sizeof(*s->spans));
	s->spans[s->nspans++] = (struct pool_span){ worker, start, now_seconds(), file, parse_us };
}

void pool_stats_free(struct pool_stats *stats)
{
	free(stats->spans);
	stats->spans = NULL;
	stats->nspans = stats->spans_cap = 0;
}

static void report_progress(struct pool *p)
{
	if (!p->opt->on_progress)
		return;
	size_t inflight = 0;
	for (int i = 0; i < p->nworkers; i++)
		inflight += p->workers[i].pid > 0 ? p->workers[i].count : 0;
	size_t left = p->qlen + p->rlen + inflight;
	p->opt->on_progress(p->opt->ctx, p->total - (left < p->total ? left : p->total), p->total);
}

/* ---- sending ---------------------------------------------------------------------- */

static double deadline_of(const struct pool *p, const struct worker *w)
{
	uint64_t size = p->list->files[worker_head(w)].size;
	return w->head_since + p->opt->timeout_base
	       + p->opt->timeout_per_mb * (double)size / (1024.0 * 1024.0);
}

/* Reads a pending file; 1 when it goes to a worker (bytes in p->file_bytes), 0 when it
 * got a verdict instead. */
static int load_file(struct pool *p, struct file_entry *f)
{
	int go = p->opt->load ? p->opt->load(p->opt->ctx, f, &p->file_bytes)
			      : discover_load(p->list, f, p->opt->max_size, &p->file_bytes);
	if (!go)
		return 0;
	return !(p->opt->on_loaded
		 && p->opt->on_loaded(p->opt->ctx, f, p->file_bytes.data, p->file_bytes.len));
}

static void send_file(struct pool *p, struct worker *w, size_t idx)
{
	struct file_entry *f = &p->list->files[idx];
	size_t start = w->out.len;
	struct proto_file frame = { (uint32_t)idx, (uint8_t)f->lang, p->opt->analyze_flags, 0,
				    p->file_bytes.data, p->file_bytes.len };
	if (proto_put_file(&w->out, &frame) < 0) {
		w->out.len = start;
		w->out.failed = 0;
		file_set_verdict(f, FILE_FAILED, CAUSE_OUT_OF_MEMORY, NULL);
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
	while (w->count == 0 && queue_pop(p->retry, &p->rhead, &p->rlen, &idx)) {
		if (load_file(p, &p->list->files[idx])) {
			send_file(p, w, idx);
			w->solo = 1;
			return 1;
		}
		if (p->opt->on_result)
			p->opt->on_result(p->opt->ctx, &p->list->files[idx]);
	}
	return 0;
}

/* Tops a worker up to its budget. */
static void worker_fill(struct pool *p, struct worker *w)
{
	if (!w->hello || w->retiring || w->solo || w->to_fd < 0 || fill_retry(p, w))
		return;
	/* Near the end, small batches: a worker holding many queued files would leave the
	 * others idle. */
	size_t share = (p->qlen + 2 * (size_t)p->nworkers - 1) / (2 * (size_t)p->nworkers);
	size_t limit = share < p->opt->batch_files ? (share ? share : 1) : p->opt->batch_files;
	size_t idx;
	while (w->count < limit && w->inflight_bytes < p->opt->batch_bytes
	       && queue_pop(p->queue, &p->qhead, &p->qlen, &idx)) {
		struct file_entry *f = &p->list->files[idx];
		if (load_file(p, f))
			send_file(p, w, idx);
		else if (p->opt->on_result)
			p->opt->on_result(p->opt->ctx, f);
	}
	if (w->files_sent >= p->opt->recycle_files || w->bytes_sent >= p->opt->recycle_bytes)
		w->retiring = 1;
}

/* ---- receiving -------------------------------------------------------------------- */

static void finish_head(struct pool *p, struct worker *w)
{
	size_t idx = worker_head(w);
	w->head++;
	w->count--;
	w->inflight_bytes -= p->list->files[idx].size <= w->inflight_bytes
				     ? p->list->files[idx].size : w->inflight_bytes;
	double now = now_seconds();
	if (w->count == 0) {
		add_busy(p, w, now - w->busy_since);
		w->head = 0;
		w->inflight_bytes = 0;
		w->solo = 0;
	}
	struct file_entry *f = &p->list->files[idx];
	f->cost_us = (uint64_t)((now - w->head_since) * 1e6);
	f->worker_verdict = 1;
	add_span(p, (int)(w - p->workers), w->head_since, idx, f->parse_us);
	w->head_since = now;
	p->stats->analyzed++;
	if (p->opt->on_result)
		p->opt->on_result(p->opt->ctx, &p->list->files[idx]);
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

/* ERROR: the worker could not analyze the file (its cause is kept). */
static int take_error(struct file_entry *f, const struct proto_frame *fr)
{
	struct proto_error e;
	if (proto_decode_error(fr, &e) < 0)
		return -1;
	char text[RECORD_MAX_DETAIL + 64];
	cause_text((enum cause)e.cause, e.detail, text, sizeof(text));
	free(e.detail);
	file_set_verdict(f, FILE_FAILED, CAUSE_WORKER_ERROR, text);
	return 0;
}

/* RESULT: the record (decoded as hostile input) of the file the worker was on. */
static int take_result(struct file_entry *f, const struct proto_frame *fr)
{
	struct proto_result res;
	struct record rec;
	if (proto_decode_result(fr, &res) < 0
	    || record_decode(res.record, res.record_len, &rec) < 0)
		return -1;
	if (rec.lang != f->lang) {
		record_clear(&rec);
		return -1;
	}
	record_clear(&f->rec);
	f->rec = rec;
	f->done = 1;
	f->parse_us = res.elapsed_ns / 1000;
	return 0;
}

/* Handles one frame; returns -1 when the worker broke the protocol. */
static int handle_frame(struct pool *p, struct worker *w, const struct proto_frame *fr)
{
	if (fr->type == PROTO_HELLO)
		return handle_hello(p, w, fr);
	uint32_t id;
	if (!w->hello || w->count == 0 || proto_answer_id(fr, &id) < 0 || id != worker_head(w))
		return -1;
	struct file_entry *f = &p->list->files[id];
	if ((fr->type == PROTO_ERROR ? take_error(f, fr) : take_result(f, fr)) < 0)
		return -1;
	finish_head(p, w);
	return 0;
}

/* Reads what the worker sent: 0 when more may come, READ_EOF when its pipe closed,
 * READ_BROKEN when what it sent is not the protocol. */
enum { READ_MORE = 0, READ_EOF = 1, READ_BROKEN = 2 };

/* Appends what the pipe holds to w->in; returns READ_MORE or READ_EOF (READ_BROKEN when
 * memory ran out). */
static int read_available(struct worker *w)
{
	for (;;) {
		uint8_t *dst = wbuf_reserve(&w->in, READ_CHUNK);
		if (!dst)
			return READ_BROKEN;
		ssize_t n = read(w->from_fd, dst, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return READ_MORE;
		if (n <= 0)
			return READ_EOF;
		w->in.len += (size_t)n;
		if ((size_t)n < READ_CHUNK)
			return READ_MORE;
	}
}

/* Handles every whole frame in w->in and keeps the incomplete rest. */
static int handle_frames(struct pool *p, struct worker *w)
{
	size_t off = 0;
	int rc = 0;
	for (;;) {
		struct proto_frame fr;
		size_t used;
		int r = proto_frame_parse(w->in.data + off, w->in.len - off, &fr, &used);
		if (r == 0)
			break;
		if (r < 0 || handle_frame(p, w, &fr) < 0) {
			rc = -1;
			break;
		}
		off += used;
	}
	memmove(w->in.data, w->in.data + off, w->in.len - off);
	w->in.len -= off;
	return rc;
}

static int worker_read(struct pool *p, struct worker *w)
{
	int r = read_available(w);
	if (r == READ_BROKEN || (w->in.len > 0 && handle_frames(p, w) < 0))
		return READ_BROKEN;
	return r;
}

/* Drops the bytes already written from the front of w->out. Without it, a worker that
 * is always a little behind would keep every byte ever sent to it in the buffer (the
 * supervisor's memory grew with the size of the tree). Moving the rest down only once
 * the written part is at least as large as it keeps the copying linear: a large file
 * goes out a pipe's capacity at a time, and moving what is left after every write made
 * sending it quadratic. */
static void compact_out(struct worker *w)
{
	if (w->out_off == w->out.len) {
		w->out.len = w->out_off = 0;
		return;
	}
	if (w->out_off < w->out.len - w->out_off)
		return;
	memmove(w->out.data, w->out.data + w->out_off, w->out.len - w->out_off);
	w->out.len -= w->out_off;
	w->out_off = 0;
}

static int worker_write(struct worker *w)
{
	while (w->out_off < w->out.len) {
		ssize_t n = write(w->to_fd, w->out.data + w->out_off, w->out.len - w->out_off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0)
			return -1;
		w->out_off += (size_t)n;
	}
	compact_out(w);
	return 0;
}

/* ---- deaths ----------------------------------------------------------------------- */

/* What a worker's death says about the file it was on (its cause and detail), counted
 * in stats; *retry when the file deserves a second try alone. */
static void describe_death(const struct worker *w, int status, struct cause_note *why,
			   struct pool_stats *stats, int *retry)
{
	*retry = 0;
	if (w->killed_for_timeout) {
		cause_note(why, CAUSE_TIMEOUT, NULL);
		stats->timeouts++;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) {
		cause_note(why, CAUSE_SANDBOX_VIOLATION, NULL);
		stats->violations++;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
		cause_note(why, CAUSE_TIMEOUT_CPU, NULL);
		stats->timeouts++;
	} else if (WIFSIGNALED(status)) {
		cause_note(why, CAUSE_CRASHED, "%s", signal_name(WTERMSIG(status)));
		stats->crashes++;
		*retry = 1;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_EXIT_OOM) {
		cause_note(why, CAUSE_OUT_OF_MEMORY, NULL);
		stats->crashes++;
		*retry = 1;
	} else {
		cause_note(why, CAUSE_WORKER_EXIT, "%d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		stats->crashes++;
		*retry = 1;
	}
}

/* Why a worker that never said HELLO did not start, for the error message. */
static void note_start_failure(struct pool *p, int status)
{
	p->spawn_failures++;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (code == WORKER_EXIT_NO_SANDBOX && p->opt->mode == SANDBOX_MODE_STRICT)
		snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
			 "the worker could not apply the full sandbox (--sandbox=strict)");
	else if (code == WORKER_EXIT_EXEC)
		snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
			 "cannot execute %s", p->opt->worker_path);
	else
		snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
			 "the worker did not start (status %d)", status);
}

/* A file a worker died on is an event: a sandbox violation (an attack or a bug) is an
 * error the user is told at once, whatever the report format; crashes, timeouts and
 * running out of memory are warnings. */
static void death_event(const struct file_entry *f, const struct cause_note *why, int final)
{
	char text[320];
	cause_text(why->cause, why->detail, text, sizeof(text));
	switch (why->cause) {
	case CAUSE_SANDBOX_VIOLATION:
		log_event(LOG_ERROR, "sandbox.violation", f->path, "security: the worker analyzing "
			  "this file was killed by the sandbox (SIGSYS: a forbidden system call)");
		break;
	case CAUSE_TIMEOUT:
	case CAUSE_TIMEOUT_CPU:
		log_event(LOG_WARNING, "worker.timeout", f->path, "%s", text);
		break;
	case CAUSE_OUT_OF_MEMORY:
		log_event(LOG_WARNING, "worker.oom", f->path, "%s%s", text,
			  final ? "" : "; retrying alone");
		break;
	default:
		log_event(LOG_WARNING, "worker.crash", f->path, "%s%s", text,
			  final ? "" : "; retrying alone");
	}
}

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
		describe_death(w, status, &why, p->stats, &retry);
	for (size_t i = w->count; i-- > 1;)
		queue_push_front(p, w->inflight[w->head + i]);
	if (!w->hello) {
		queue_push_front(p, suspect);
	} else if (retry && p->attempts[suspect] == 0) {
		death_event(&p->list->files[suspect], &why, 0);
		p->attempts[suspect]++;
		p->retry[p->rhead + p->rlen++] = suspect;
	} else {
		death_event(&p->list->files[suspect], &why, 1);
		file_set_verdict(&p->list->files[suspect], FILE_FAILED, why.cause, why.detail);
		p->list->files[suspect].worker_verdict = !protocol_error;
		if (p->opt->on_result)
			p->opt->on_result(p->opt->ctx, &p->list->files[suspect]);
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
		add_span(p, (int)(w - p->workers), w->head_since, worker_head(w), 0);
	add_span(p, (int)(w - p->workers), w->started_at, SIZE_MAX, 0);
	if (protocol_error && w->pid > 0)
		kill(w->pid, SIGKILL);
	close_fd(&w->to_fd);
	close_fd(&w->from_fd);
	int status = worker_reap(w);
	int clean = (!protocol_error && !w->killed_for_timeout && WIFEXITED(status)
		     && WEXITSTATUS(status) == 0 && w->count == 0)
		    || (ended_by_us && !w->hello && w->count == 0);
	if (!clean)
		p->stats->deaths++;
	if (!w->hello && !clean)
		note_start_failure(p, status);
	if (w->count > 0)
		charge_inflight(p, w, status, protocol_error);
	worker_release(w);
}

/* ---- the loop --------------------------------------------------------------------- */

/* Past the time budget (assay precommit --budget) nothing new is sent: what is queued
 * stays pending and is reported as not reached. */
static void enforce_budget(struct pool *p)
{
	if (p->opt->deadline > 0 && now_seconds() > p->opt->deadline && (p->qlen || p->rlen)) {
		p->stats->budget_exceeded = 1;
		p->qlen = p->rlen = 0;
	}
}

static int work_left(const struct pool *p)
{
	return p->qlen > 0 || p->rlen > 0;
}

static int live_workers(const struct pool *p)
{
	int n = 0;
	for (int i = 0; i < p->nworkers; i++)
		n += p->workers[i].pid > 0;
	return n;
}

static void kill_all(struct pool *p)
{
	for (int i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		if (w->pid <= 0)
			continue;
		kill(w->pid, SIGKILL);
		int status;
		while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
			;
		if (w->busy_since > 0 && w->count > 0)
			add_busy(p, w, now_seconds() - w->busy_since);
		add_span(p, i, w->started_at, SIZE_MAX, 0);
		worker_release(w);
	}
}

/* Starts workers where slots are empty and work remains. */
static void top_up_workers(struct pool *p)
{
	size_t pending = p->qlen + p->rlen;
	for (int i = 0; i < p->nworkers && p->spawn_failures < MAX_SPAWN_FAILURES; i++) {
		struct worker *w = &p->workers[i];
		if (w->pid > 0)
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
	if (w->pid > 0 && w->count == 0 && w->out.len == 0 && (w->retiring || !work_left(p))
	    && w->hello) {
		close_fd(&w->to_fd);	/* the worker sees end of input and exits */
	}
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
		if (w->pid <= 0)
			continue;
		worker_fill(p, w);
		retire_idle(p, w);
		if (w->from_fd >= 0)
			pollset_add(ps, w->from_fd, POLLIN, i);
		if (w->to_fd >= 0 && w->out.len > w->out_off)
			pollset_add(ps, w->to_fd, POLLOUT, i);
		if (w->count > 0) {
			double d = deadline_of(p, w);
			if (ps->next_deadline < 0 || d < ps->next_deadline)
				ps->next_deadline = d;
		}
	}
	if (wake_fd >= 0)
		pollset_add(ps, wake_fd, POLLIN, -1);
}

/* Milliseconds to wait: until the next deadline, at most a second. */
static int pollset_timeout(const struct pollset *ps)
{
	if (ps->next_deadline < 0)
		return 1000;
	double ms = (ps->next_deadline - now_seconds()) * 1000 + 1;
	return ms < 0 ? 0 : ms > 1000 ? 1000 : (int)ms;
}

/* Serves one ready descriptor of the poll set. */
static void serve_ready(struct pool *p, const struct pollfd *fd, struct worker *w)
{
	if (w->pid <= 0)
		return;
	if (fd->events == POLLOUT) {
		if (w->to_fd >= 0 && worker_write(w) < 0)
			close_fd(&w->to_fd);	/* reading will show why */
		return;
	}
	if (w->from_fd != fd->fd)
		return;
	int rr = worker_read(p, w);
	if (rr != READ_MORE)
		worker_died(p, w, rr == READ_BROKEN, 0);
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
		if (w->pid <= 0 || w->killed_for_timeout)
			continue;
		int late = w->count > 0 ? now > deadline_of(p, w)
					: !w->hello && now > w->started_at + HELLO_TIMEOUT;
		if (late) {
			w->killed_for_timeout = 1;
			kill(w->pid, SIGKILL);
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
		if (p->workers[i].pid > 0 && p->workers[i].count > 0)
			return 0;
	for (int i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		if (w->pid > 0) {
			close_fd(&w->to_fd);
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
	while (!*stop) {
		top_up_workers(p);
		if (live_workers(p) == 0) {
			if (work_left(p)) {
				rc = -1;	/* nothing can run the remaining files */
				p->stats->unavailable = 1;
			}
			break;
		}
		pollset_build(p, &ps, wake_fd);
		if (poll(ps.fds, (nfds_t)ps.n, pollset_timeout(&ps)) < 0 && errno != EINTR) {
			rc = -1;
			snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
				 "poll: %s", strerror(errno));
			break;
		}
		pollset_handle(p, &ps);
		enforce_deadlines(p);
		enforce_budget(p);
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

int pool_run(const struct pool_options *opt, struct file_list *list, struct pool_stats *stats,
	     volatile sig_atomic_t *stop, int wake_fd)
{
	struct pool p;
	memset(&p, 0, sizeof(p));
	memset(stats, 0, sizeof(*stats));
	p.opt = opt;
	p.list = list;
	p.stats = stats;
	p.queue = xcalloc(list->nfiles + 1, sizeof(size_t));
	p.retry = xcalloc(list->nfiles + 1, sizeof(size_t));
	p.attempts = xcalloc(list->nfiles + 1, 1);
	for (size_t i = 0; i < list->nfiles; i++)
		if (!list->files[i].done)
			p.queue[p.qlen++] = i;
	sort_list = list;
	qsort(p.queue, p.qlen, sizeof(size_t), by_size_desc);
	sort_list = NULL;
	p.total = p.qlen;
	wbuf_init(&p.file_bytes);
	int rc = 0;
	if (p.qlen > 0) {
		p.devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		p.nworkers = opt->jobs < 1 ? 1 : opt->jobs;
		if ((size_t)p.nworkers > p.qlen)
			p.nworkers = (int)p.qlen;
		p.max_active = affordable_workers(p.nworkers);
		stats->slots = p.nworkers;
		p.workers = xcalloc((size_t)p.nworkers, sizeof(*p.workers));
		for (int i = 0; i < p.nworkers; i++) {
			p.workers[i].pid = -1;
			p.workers[i].to_fd = p.workers[i].from_fd = -1;
		}
		if (p.devnull < 0) {
			rc = -1;
			stats->unavailable = 1;
			snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
				 "/dev/null: %s", strerror(errno));
		} else {
			rc = pool_loop(&p, stop, wake_fd);
		}
		kill_all(&p);
		if (p.devnull >= 0)
			close(p.devnull);
	}
	free(p.workers);
	free(p.queue);
	free(p.retry);
	free(p.attempts);
	wbuf_free(&p.file_bytes);
	return rc;
}

int pool_probe(const struct pool_options *opt, struct pool_stats *stats)
{
	struct pool p;
	struct worker w;
	memset(&p, 0, sizeof(p));
	memset(stats, 0, sizeof(*stats));
	p.opt = opt;
	p.stats = stats;
	p.devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (p.devnull < 0 || worker_start(&p, &w) < 0) {
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "cannot start a worker: %s", strerror(errno));
		if (p.devnull >= 0)
			close(p.devnull);
		return -1;
	}
	double give_up = now_seconds() + HELLO_TIMEOUT;
	int rc = -1;
	while (now_seconds() < give_up) {
		struct pollfd pfd = { w.from_fd, POLLIN, 0 };
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if (worker_read(&p, &w) != READ_MORE || w.hello)
			break;
	}
	if (w.hello)
		rc = 0;
	close_fd(&w.to_fd);
	int status = worker_reap(&w);
	if (!w.hello)
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 WIFEXITED(status) && WEXITSTATUS(status) == WORKER_EXIT_NO_SANDBOX
				 ? "the full sandbox could not be applied"
				 : "the worker did not start (status %d)", status);
	worker_release(&w);
	close(p.devnull);
	return rc;
}
