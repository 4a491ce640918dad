/*
 * inprocess.c - the engine of last resort (see engine.h): no worker can start at all and
 * the user said --allow-unsandboxed, so the supervisor parses the files, without any
 * sandbox, with the core it loads from assay-analyzer.so (engine/analyzer_lib.h). The
 * same loader, the same hooks, the same core as the pool; every report states the
 * sandbox level "off (in-process, --allow-unsandboxed)".
 *
 * Each file is still parsed in a forked child, so that a file that crashes or hangs the
 * parser costs that file, not the run (tree-sitter 0.20.7's heap corruption aborted the
 * supervisor from here). The child writes the frame a worker would (analyzer_answer) to
 * a pipe and exits; the parent reads at most one frame before the file's deadline (the
 * pool's: --timeout plus as much per MiB) and decodes it with the pool's bounded decoder
 * (engine_take_answer). A child that dies or overruns gets a worker's verdict
 * (engine_describe_death), without the retry: every file has a fresh child anyway.
 *
 * The child is no sandbox: it holds all the supervisor holds (the environment, the
 * cache, other files' bytes) and can do all it can, so a file that takes over the parser
 * still takes over the run; only crashes and hangs are contained. When fork fails, the
 * file is parsed in the supervisor itself, as before, and the user is told once. The
 * time budget (--budget) ends the run as the pool's does: a child still parsing at the
 * deadline is killed and its file, like those after it, stays pending (not reached);
 * only a file parsed in the supervisor itself (no fork) runs to its end.
 */
#include "engine/engine.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "common/fdio.h"
#include "engine/analyzer_lib.h"
#include "engine/engine_impl.h"
#include "engine/proc.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/testpoint.h"

/* What became of a file handed to a child. */
enum child_outcome {
	CHILD_ANSWERED,		/* the result holds its answer, or the verdict on its end */
	CHILD_NO_FORK,		/* no child could be forked: nothing was done */
	CHILD_STOPPED,		/* a signal or the budget stopped the run: the file stays
				 * pending */
};

/* How waiting for a child's answer ended: WAIT_STOPPED by a signal or the budget. */
enum wait_end { WAIT_EOF, WAIT_LATE, WAIT_BROKEN, WAIT_STOPPED };

/* The run, as each file's analysis needs it. */
struct inprocess {
	const struct engine_params *p;
	struct engine_stats *stats;
	struct analyzer_lib lib;
	struct analyzer *a;
	volatile sig_atomic_t *stop;
	int wake_fd;
	int warned_no_fork;
};

/* In the child: parses, answers on fd, exits. _exit, not exit: the supervisor's stdio
 * buffers and atexit handlers are not the child's to run. */
static void child_analyze(const struct inprocess *in, const struct engine_job *job,
			  const struct wbuf *bytes, int fd)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	/* A crash dumps no core (it would hold the supervisor's memory) and ends the child by
	 * its signal, as it ends a worker, whatever handler the supervisor has for it (a
	 * sanitizer's prints a report and exits 1). */
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		signal(crashes[i], SIG_DFL);
	testpoint("inprocess.analyze");
	struct proto_file f = { 0, (uint8_t)job->lang,
				in->p->analyze_flags | in->p->lang_flags[job->lang], 0, bytes->data,
				bytes->len };
	struct wbuf out;
	wbuf_init(&out);
	int rc = in->lib.answer(in->a, &f, &out);
	_exit(rc == 0 && write_full(fd, out.data, out.len) == 0 ? WORKER_EXIT_DONE
								   : WORKER_EXIT_OOM);
}

/* Reads what has arrived from the child: -1 while more may come, else how the wait
 * ended (closed, or more than one frame can hold). */
static int read_some(struct proc *child)
{
	enum proc_read r = proc_read(child);
	if (r == PROC_READ_EOF)
		return WAIT_EOF;
	if (r == PROC_READ_BROKEN || child->in.len > (size_t)PROTO_MAX_FRAME + 4)
		return WAIT_BROKEN;
	return -1;
}

/* Reads what the child sends until it closes the pipe, the file's deadline passes, it
 * sends too much, or a signal or the time budget stops the run. */
/* Seconds left to wait for the child: until its file's deadline or the end of the time
 * budget; -1 with *end (late, or stopped by the budget) when none are. */
static double wait_left(struct inprocess *in, double deadline, enum wait_end *end)
{
	double budget = in->p->deadline, now = now_seconds();
	if (now >= deadline) {
		*end = WAIT_LATE;
		return -1;
	}
	if (budget > 0 && now >= budget) {
		in->stats->budget_exceeded = 1;
		*end = WAIT_STOPPED;
		return -1;
	}
	return (budget > 0 && budget < deadline ? budget : deadline) - now;
}

static enum wait_end wait_answer(struct inprocess *in, struct proc *child, double deadline)
{
	while (!*in->stop) {
		enum wait_end over;
		double left = wait_left(in, deadline, &over);
		if (left < 0)
			return over;
		struct pollfd fds[2] = { { child->from_fd, POLLIN, 0 }, { in->wake_fd, POLLIN, 0 } };
		int ms = left > 1.0 ? 1000 : (int)(left * 1000) + 1;
		if (poll(fds, in->wake_fd >= 0 ? 2 : 1, ms) < 0 && errno != EINTR)
			return WAIT_BROKEN;
		int end = fds[0].revents ? read_some(child) : -1;
		if (end >= 0)
			return (enum wait_end)end;
	}
	return WAIT_STOPPED;
}

struct answer_context {
	const struct engine_job *job;
	struct engine_result *r;
	int got;
};

/* The child's frame: one answer, for id 0. */
static int take_frame(void *ctx, const struct proto_frame *fr)
{
	struct answer_context *c = ctx;
	uint32_t id;
	if (c->got || proto_answer_id(fr, &id) < 0 || id != 0
	    || engine_take_answer(c->job, fr, c->r) < 0)
		return -1;
	c->got = 1;
	return 0;
}

/* r: the answer of a child that exited cleanly with exactly one whole frame; else the
 * verdict on how it ended (a worker's: crashed, timeout, out of memory, invalid reply). */
static void settle_child(struct inprocess *in, const struct engine_job *job,
			 struct proc *child, enum wait_end end, int status, struct engine_result *r)
{
	struct answer_context c = { job, r, 0 };
	int clean = end == WAIT_EOF && WIFEXITED(status) && WEXITSTATUS(status) == WORKER_EXIT_DONE;
	if (clean && proc_frames(child, take_frame, &c) == 0 && c.got && child->in.len == 0) {
		in->stats->analyzed++;
		return;
	}
	if (c.got)
		record_clear(&r->rec);
	struct cause_note why = { CAUSE_INVALID_REPLY, "" };
	int retry;
	if (end == WAIT_LATE || (end == WAIT_EOF && !clean))
		engine_describe_death(status, end == WAIT_LATE, &why, in->stats, &retry);
	in->stats->deaths++;
	engine_death_event(job, &why, 1);
	engine_verdict(r, job->lang, &why);
}

/* The file parsed in a forked child, its answer or the verdict on it into r. */
static enum child_outcome analyze_forked(struct inprocess *in, const struct engine_job *job,
					 const struct wbuf *bytes, struct engine_result *r)
{
	struct proc child;
	int reply_fd;
	pid_t pid = proc_fork(&child, &reply_fd);
	if (pid < 0)
		return CHILD_NO_FORK;
	if (pid == 0)
		child_analyze(in, job, bytes, reply_fd);
	enum wait_end end = wait_answer(in, &child,
					child.started_at + engine_file_timeout(in->p, bytes->len));
	if (end != WAIT_EOF)
		proc_kill(&child);
	int status = proc_reap(&child);
	if (end != WAIT_STOPPED)
		settle_child(in, job, &child, end, status, r);
	proc_release(&child);
	return end == WAIT_STOPPED ? CHILD_STOPPED : CHILD_ANSWERED;
}

/* The file parsed in the supervisor itself (no fork): a crash ends the run. */
static void analyze_here(struct inprocess *in, const struct engine_job *job,
			 const struct wbuf *bytes, struct engine_result *r)
{
	struct analyze_options aopt = {
		(in->p->analyze_flags | in->p->lang_flags[job->lang]) & ANALYZE_FLAGS_MASK, 0
	};
	memset(r, 0, sizeof(*r));
	testpoint("inprocess.analyze");
	if (in->lib.run(in->a, (const char *)bytes->data, bytes->len, job->lang, &aopt,
			 &r->rec) < 0) {
		struct cause_note why = { CAUSE_OUT_OF_MEMORY, "" };
		engine_verdict(r, job->lang, &why);
	} else {
		in->stats->analyzed++;
	}
}

static enum child_outcome analyze_one(struct inprocess *in, const struct engine_job *job,
				      const struct wbuf *bytes, struct engine_result *r)
{
	enum child_outcome o = analyze_forked(in, job, bytes, r);
	if (o != CHILD_NO_FORK)
		return o;
	if (!in->warned_no_fork) {
		log_event(LOG_WARNING, "analysis.nofork", NULL, "cannot fork (%s): parsing in "
			  "this process itself, where a file that crashes the parser ends the run",
			  strerror(errno));
		in->warned_no_fork = 1;
	}
	analyze_here(in, job, bytes, r);
	return CHILD_ANSWERED;
}

/* Past the time budget (--budget) nothing more is parsed: the files left are reported as
 * not reached. */
static int past_budget(const struct engine_params *p, struct engine_stats *stats)
{
	if (p->deadline > 0 && now_seconds() >= p->deadline)
		stats->budget_exceeded = 1;
	return stats->budget_exceeded;
}

static int inprocess_run(const struct engine_params *p, struct engine_job *jobs, size_t njobs,
			 const struct engine_hooks *h, struct engine_stats *stats,
			 volatile sig_atomic_t *stop, int wake_fd)
{
	memset(stats, 0, sizeof(*stats));
	stats->inprocess = 1;
	struct inprocess in = { .p = p, .stats = stats, .stop = stop, .wake_fd = wake_fd };
	if (analyzer_lib_open(&in.lib, p->libexecdir, stats->why_unavailable,
			      sizeof(stats->why_unavailable)) < 0) {
		stats->unavailable = 1;
		return -1;
	}
	in.a = in.lib.create();
	if (!in.a) {
		analyzer_lib_close(&in.lib);
		stats->unavailable = 1;
		strcpy(stats->why_unavailable, "out of memory");
		return -1;
	}
	struct wbuf bytes;
	wbuf_init(&bytes);
	for (size_t i = 0; i < njobs && !*stop && !past_budget(p, stats); i++) {
		struct engine_job *job = &jobs[i];
		if (h->load(h->ctx, job, &bytes) != ENGINE_SEND)
			continue;
		struct engine_result r;
		if (analyze_one(&in, job, &bytes, &r) == CHILD_STOPPED)
			break;
		h->result(h->ctx, job, &r);
		if (h->progress)
			h->progress(h->ctx, i + 1, njobs);
	}
	stats->interrupted = (int)*stop;
	wbuf_free(&bytes);
	in.lib.destroy(in.a);
	analyzer_lib_close(&in.lib);
	return 0;
}

const struct engine engine_inprocess = { "inprocess", inprocess_run };
