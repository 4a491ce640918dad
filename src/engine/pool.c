/*
 * pool.c - the worker pool: the engine of sandboxed worker processes (see engine.h), its
 * loop. Which file goes to which worker is engine/pool_feed.c, what comes back (answers,
 * deaths, retries, the fallback) engine/pool_answer.c; starting, feeding and reaping one
 * process is engine/proc.c.
 *
 * A single-threaded poll() loop. Workers are started while work remains, up to -j, fewer
 * when memory is short: at the start and every quarter second during the run the pool
 * looks at the memory the system has left (MemAvailable) and, with --memory, at what the
 * supervisor and its workers hold (their resident sets); under pressure it retires one
 * worker at a time (it finishes what it holds, then exits) and runs fewer at once, which
 * the summary and --stats say (engine_stats.memory_note).
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
#include "engine/memwatch.h"
#include "engine/pool_impl.h"
#include "engine/proc.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/msg.h"
#include "util/testpoint.h"

/* ---- starting workers ------------------------------------------------------------- */

/* A worker's memory limit follows the largest file it may be sent (tree-sitter needs
 * roughly 30-100x the source): the queue is largest first, so later workers get less.
 * opt->memory_limit caps it (0: no limit, sanitizer builds), and so does --memory's
 * share per worker. */
static uint64_t worker_memory(const struct pool *p)
{
	if (!p->opt->memory_limit)
		return 0;
	uint64_t largest = p->opt->batch_bytes;
	if (p->queue.len && p->jobs[jobq_peek(&p->queue)].size > largest)
		largest = p->jobs[jobq_peek(&p->queue)].size;
	for (size_t i = 0; i < p->retry.len; i++)
		if (p->jobs[p->retry.a[p->retry.head + i]].size > largest)
			largest = p->jobs[p->retry.a[p->retry.head + i]].size;
	uint64_t want = (512ull << 20) + 100 * largest;
	uint64_t cap = p->opt->memory_limit;
	uint64_t share = p->opt->memory_total ? memwatch_worker_share(p->opt, p->max_active) : cap;
	if (share < cap)
		cap = share;
	return want < cap ? want : cap;
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

static int worker_start(struct pool *p, struct worker *w)
{
	memset(w, 0, sizeof(*w));
	w->timeout_job = SIZE_MAX;
	w->generation = new_generation();
	if (proc_start(&w->proc, p->opt->worker_path, p->opt->mode, worker_memory(p),
		       p->cpu_limit, p->devnull) < 0)
		return -1;
	p->stats->started++;
	return 0;
}

static void report_progress(struct pool *p)
{
	if (!p->hooks->progress)
		return;
	size_t inflight = 0;
	for (int i = 0; i < p->nworkers; i++)
		if (alive(&p->workers[i]))
			inflight += p->workers[i].count - p->workers[i].withdrawn;
	size_t left = p->queue.len + p->retry.len + p->fallback.len + inflight;
	p->hooks->progress(p->hooks->ctx, p->total - (left < p->total ? left : p->total),
			   p->total);
}

static double deadline_of(const struct pool *p, const struct worker *w)
{
	return w->head_since + engine_file_timeout(p->opt, p->jobs[worker_head(w)].size);
}

/* ---- the loop --------------------------------------------------------------------- */

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
	add_life_span(p, w);
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
	p->queue.len = p->retry.len = p->fallback.len = 0;
	return 1;
}

/* Whether a live worker that may still take work has taken no file yet (fresh: a retry
 * may go to it), or has none in flight (one that has not said HELLO yet included: it
 * steals what others have not started). */
static int worker_waiting(const struct pool *p, int fresh)
{
	for (int i = 0; i < p->nworkers; i++) {
		const struct worker *w = &p->workers[i];
		if (alive(w) && (fresh ? w->files_sent == 0 : w->count == 0) && !w->retiring
		    && !w->killed_for_timeout)
			return 1;
	}
	return 0;
}

/* Starts workers where slots are empty and work remains: one per pending file at most,
 * one for a retry when no worker is fresh (a retry runs alone in a fresh one), and one to
 * steal files others hold but have not started when no worker is idle to (the one that
 * was retired: its CPU time was spent, or it was recycled). */
static void top_up_workers(struct pool *p)
{
	size_t pending = p->queue.len + p->retry.len + p->fallback.len;
	for (int i = 0; i < p->nworkers && p->spawn_failures < MAX_SPAWN_FAILURES; i++) {
		struct worker *w = &p->workers[i];
		if (alive(w))
			continue;
		int busy = live_workers(p);
		int retry_waits = p->retry.len > 0 && !worker_waiting(p, 1);
		int steal_waits = pending == 0 && !worker_waiting(p, 0) && pool_unstarted(p) > 0;
		if (((size_t)busy >= pending && !retry_waits && !steal_waits)
		    || busy >= p->max_active)
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

/* Milliseconds to wait: until the next file's deadline, a delayed retry or the end of
 * the time budget, at most a quarter of a second (the memory watch's period). */
static int pollset_timeout(const struct pool *p, const struct pollset *ps)
{
	double next = ps->next_deadline;
	if (p->opt->deadline > 0 && (next < 0 || p->opt->deadline < next))
		next = p->opt->deadline;
	/* A retry waiting for its delay; one due already waits for a fresh worker (whose
	 * start or HELLO wakes the poll), looked at again every 10 ms meanwhile, not in a
	 * busy loop. */
	if (p->retry.len) {
		double at = p->state[jobq_peek(&p->retry)].not_before, now = now_seconds();
		if (at <= now)
			at = now + 0.01;
		if (next < 0 || at < next)
			next = at;
	}
	if (next < 0)
		return 250;
	double ms = (next - now_seconds()) * 1000 + 1;
	return ms < 0 ? 0 : ms > 250 ? 250 : (int)ms;
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
			if (w->count > 0) {
				testpoint_fd("engine.kill", w->proc.from_fd);
				w->timeout_job = worker_head(w);
			}
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

/* ---- memory --------------------------------------------------------------------- */

/* What the supervisor and its live workers hold (in assay-testpoint, the tests may say
 * what instead: "memory.resident", bytes). */
static uint64_t run_resident(const struct pool *p)
{
	uint64_t total = memwatch_resident(0);
	for (int i = 0; i < p->nworkers; i++)
		if (alive(&p->workers[i]))
			total += memwatch_resident(p->workers[i].proc.pid);
	return (uint64_t)testpoint_value("memory.resident", (double)total);
}

/* One worker fewer at once: the busiest live one is retired (it finishes what it holds,
 * then exits), and no other takes its place. */
static void shed_worker(struct pool *p, const char *why)
{
	p->max_active--;
	p->stats->shed++;
	struct worker *victim = NULL;
	for (int i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		if (alive(w) && !w->retiring && (!victim || w->count > victim->count))
			victim = w;
	}
	if (victim)
		victim->retiring = 1;
	snprintf(p->stats->memory_note, sizeof(p->stats->memory_note),
		 "ran %d of %d workers at the end: %s", p->max_active, p->nworkers, why);
	log_event(LOG_WARNING, "memory.shed", NULL, "memory pressure (%s): running %d "
		  "workers at once instead of %d", why, p->max_active, p->max_active + 1);
}

/* Every quarter second: under memory pressure (MemAvailable low, or the run over
 * --memory) one worker fewer. The pool never grows back within a run. */
static void watch_memory(struct pool *p)
{
	double now = now_seconds();
	if (now - p->memory_checked < 0.25 || p->max_active <= 1 || live_workers(p) < 2)
		return;
	p->memory_checked = now;
	uint64_t avail = memwatch_available();
	char why[96];
	if (avail && avail < MEMWATCH_LOW) {
		snprintf(why, sizeof(why), "%llu MiB of memory available",
			 (unsigned long long)(avail >> 20));
		shed_worker(p, why);
		return;
	}
	uint64_t held = p->opt->memory_total ? run_resident(p) : 0;
	if (held > p->opt->memory_total) {
		snprintf(why, sizeof(why), "the run held %llu MiB, over --memory",
			 (unsigned long long)(held >> 20));
		shed_worker(p, why);
	}
}

/* The workers affordable at the start, and the note when that is fewer than asked. */
static void size_for_memory(struct pool *p)
{
	p->max_active = memwatch_affordable(p->opt, p->nworkers);
	if (p->max_active < p->nworkers)
		snprintf(p->stats->memory_note, sizeof(p->stats->memory_note),
			 "ran %d of %d workers: %s", p->max_active, p->nworkers,
			 p->opt->memory_total ? "within --memory" : "little memory available");
}

/* Before the first file is read: when it most likely needs a worker (engine_job
 * likely_miss), workers start at once, so that their start (exec, the loader, the
 * sandbox: several milliseconds) overlaps the supervisor's reading, hashing and cache
 * lookup of the file, where they would start after it. */
static void start_early(struct pool *p)
{
	if (!p->queue.len || !p->jobs[jobq_peek(&p->queue)].likely_miss)
		return;
	top_up_workers(p);
	for (int i = 0; i < p->nworkers; i++)
		p->workers[i].early = alive(&p->workers[i]);
}

/* Workers with nothing to do that have not said HELLO yet (started early, and the
 * files settled as they were read) are stopped, not waited for; not while others hold
 * files they have not started, which such a worker steals once it has started. */
static void stop_unneeded(struct pool *p)
{
	if (pool_unstarted(p) > 0)
		return;
	for (int i = 0; i < p->nworkers; i++) {
		struct worker *w = &p->workers[i];
		if (alive(w) && !w->hello && w->count == 0)
			worker_stop(p, w);
	}
}

/* Loop turn results: go on, the run is over (0), or nothing can run (-1). */
enum { TURN_MORE = 1, TURN_DONE = 0, TURN_FAILED = -1 };

/* Before polling: files settled as they are read leave the queue, workers are started
 * for the rest. */
static int turn_start(struct pool *p)
{
	queue_prime(p);
	if (!work_left(p))
		stop_unneeded(p);
	if (!work_left(p) && live_workers(p) == 0)
		return TURN_DONE;	/* every file was settled as it was read */
	top_up_workers(p);
	if (live_workers(p) > 0)
		return TURN_MORE;
	if (!work_left(p))
		return TURN_DONE;
	p->stats->unavailable = 1;	/* nothing can run the remaining files */
	return TURN_FAILED;
}

/* One wait for the workers and what follows it. */
static int turn_poll(struct pool *p, struct pollset *ps, int wake_fd)
{
	pollset_build(p, ps, wake_fd);
	if (poll(ps->fds, (nfds_t)ps->n, pollset_timeout(p, ps)) < 0 && errno != EINTR) {
		snprintf(p->stats->why_unavailable, sizeof(p->stats->why_unavailable),
			 "poll: %s", strerror(errno));
		return TURN_FAILED;
	}
	pollset_handle(p, ps);
	enforce_deadlines(p);
	watch_memory(p);
	report_progress(p);
	if (p->broken)
		return TURN_FAILED;	/* workers die on every file: the caller degrades */
	return finish_when_done(p) ? TURN_DONE : TURN_MORE;
}

static int pool_loop(struct pool *p, volatile sig_atomic_t *stop, int wake_fd)
{
	struct pollset ps;
	ps.fds = xcalloc((size_t)p->nworkers * 2 + 1, sizeof(*ps.fds));
	ps.owner = xcalloc((size_t)p->nworkers * 2 + 1, sizeof(int));
	int turn = TURN_MORE;
	start_early(p);
	while (turn == TURN_MORE && !*stop && !past_budget(p)) {
		turn = turn_start(p);
		if (turn == TURN_MORE)
			turn = turn_poll(p, &ps, wake_fd);
	}
	if (*stop)
		p->stats->interrupted = (int)*stop;
	free(ps.fds);
	free(ps.owner);
	return turn == TURN_FAILED ? -1 : 0;
}

/* Sizes the pool for the queued jobs and runs the loop; 0, or -1 when nothing could run. */
static int pool_start(struct pool *p, volatile sig_atomic_t *stop, int wake_fd)
{
	p->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	p->cpu_limit = engine_cpu_limit(p->opt);
	p->nworkers = p->opt->jobs < 1 ? 1 : p->opt->jobs;
	if ((size_t)p->nworkers > p->queue.len)
		p->nworkers = (int)p->queue.len;
	size_for_memory(p);
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
	p->stats->max_active = p->max_active;
	if (p->devnull >= 0)
		close(p->devnull);
	return rc;
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

static void pool_free(struct pool *p)
{
	for (size_t i = 0; i <= p->total; i++) {
		job_bytes_free(p, i);
		free(p->state[i].why);
	}
	free(p->workers);
	free(p->queue.a);
	free(p->retry.a);
	free(p->fallback.a);
	free(p->state);
	free(p->bytes);
	free(p->jobs);
	wbuf_free(&p->file_bytes);
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
	p.stats = stats;
	p.total = njobs;
	/* The jobs are copied with a slot more: the canary (pool_answer.c). */
	p.jobs = xcalloc(njobs + 1, sizeof(*p.jobs));
	if (njobs)
		memcpy(p.jobs, jobs, njobs * sizeof(*jobs));
	p.state = xcalloc(njobs + 1, sizeof(*p.state));
	p.bytes = xcalloc(njobs + 1, sizeof(*p.bytes));
	jobq_init(&p.queue, njobs + 1);
	jobq_init(&p.retry, njobs + 1);
	jobq_init(&p.fallback, njobs + 1);
	for (size_t i = 0; i < njobs; i++)
		jobq_push_back(&p.queue, i);
	sort_jobs = p.jobs;
	qsort(p.queue.a, p.queue.len, sizeof(size_t), by_size_desc);
	sort_jobs = NULL;
	wbuf_init(&p.file_bytes);
	int rc = njobs > 0 ? pool_start(&p, stop, wake_fd) : 0;
	pool_free(&p);
	return rc;
}

const struct engine engine_pool = { "pool", pool_run };
