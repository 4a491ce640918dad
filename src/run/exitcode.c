/*
 * exitcode.c - the exit status of a finished run (see exitcode.h).
 */
#include "run/exitcode.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "run/run.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/msg.h"

static int incomplete_file(const struct report_file *f)
{
	return !f->done || f->rec->status == FILE_FAILED || f->rec->status == FILE_FALLBACK;
}

static int partial_file(const struct report_file *f)
{
	return f->done && f->rec->status == FILE_PARTIAL;
}

/* "PATH" or "PATH and N more" into buf for the files of m that meet test; 0 when none. */
static size_t name_files(const struct run_model *m, int (*test)(const struct report_file *),
			 char *buf, size_t len)
{
	size_t n = 0;
	const char *first = NULL;
	for (size_t i = 0; i < m->nfiles; i++)
		if (test(&m->files[i]) && n++ == 0)
			first = m->files[i].path;
	if (n == 1)
		snprintf(buf, len, ": %s", first);
	else if (n > 1)
		snprintf(buf, len, ": %s and %zu more", first, n - 1);
	return n;
}

/* The --fail-on condition of the sandbox a run met (4), or NULL. */
static const char *sandbox_failure(const struct run_model *m, const struct engine_stats *es,
				   uint32_t fail_on)
{
	if ((fail_on & FAIL_ON_DEGRADED) && es->inprocess)
		return "degraded: the files were analyzed in assay itself, with no sandbox "
		       "(--allow-unsandboxed)";
	if ((fail_on & FAIL_ON_DEGRADED) && es->got_level && es->level < SANDBOX_LEVEL_FULL)
		return "degraded: a worker ran without the full sandbox";
	if ((fail_on & FAIL_ON_VIOLATION) && (es->violations || m->sandbox_violations))
		return "sandbox-violation: a worker was killed by the sandbox";
	return NULL;
}

/* The --fail-on condition of the analysis a run met (3), or NULL; files names the first
 * file that met it. */
static const char *analysis_failure(const struct run_model *m, uint32_t fail_on, char *files,
				    size_t len)
{
	if ((fail_on & FAIL_ON_INCOMPLETE) && model_incomplete(m)) {
		name_files(m, incomplete_file, files, len);	/* none: interrupted, out of memory */
		return "incomplete: a file was not fully measured";
	}
	if ((fail_on & FAIL_ON_PARTIAL) && name_files(m, partial_file, files, len))
		return "partial: a file parsed with errors";
	if ((fail_on & FAIL_ON_SKIPPED) && name_files(m, model_file_notable_skip, files, len))
		return "skipped: a file was skipped for what it is";
	return NULL;
}

/* What --fail-on adds: 3 for an incomplete analysis, 4 for the sandbox; 0 for nothing.
 * *why names the condition met, files the first file that met it (or ""). */
static int fail_on_code(const struct run_model *m, const struct engine_stats *es,
			uint32_t fail_on, const char **why, char *files, size_t len)
{
	files[0] = '\0';
	if ((*why = sandbox_failure(m, es, fail_on)) != NULL)
		return EXIT_INTERNAL;
	*why = analysis_failure(m, fail_on, files, len);
	return *why ? EXIT_INCOMPLETE : 0;
}

int exit_code_for(const struct run *r, const struct run_model *m, int engine_rc)
{
	long forgiven = r->p->ignore_warnings < 0 ? 0 : r->p->ignore_warnings;
	if (m->interrupted)
		return EXIT_SIGNAL_BASE + m->interrupted;
	if (m->out_of_memory || engine_rc < 0 || r->engine.unavailable)
		return EXIT_INTERNAL;
	/* xenon's file and run limits are no function's: -i does not forgive them. */
	int code = m->violating_units > (size_t)forgiven || m->ranks_broken ? EXIT_VIOLATIONS
									    : EXIT_CLEAN;
	const char *why;
	char files[PATH_MAX + 64];
	int extra = fail_on_code(m, &r->engine, r->p->fail_on, &why, files, sizeof(files));
	if (extra > code)	/* nothing else says why the run fails */
		log_event(LOG_ERROR, "run.fail_on", NULL, "the run fails (exit %d) on --fail-on=%s%s",
			  extra, why, files);
	/* --strict fails closed: a file whose bytes kept it from being measured could hide
	 * anything, whatever --fail-on and --on-error say. */
	if (r->p->strict && extra < EXIT_INCOMPLETE && model_unmeasured(m)) {
		extra = EXIT_INCOMPLETE;
		name_files(m, model_file_unmeasured, files, sizeof(files));
		if (extra > code)
			log_event(LOG_ERROR, "run.fail_on", NULL, "the run fails (exit %d) on "
				  "--strict: a file was not fully measured%s", extra, files);
	}
	return extra > code ? extra : code;
}

int exit_after(const struct run_signals *sig, int code)
{
	if (*sig->stop == STOP_OUT_OF_MEMORY)
		return EXIT_INTERNAL;
	return *sig->stop ? EXIT_SIGNAL_BASE + (int)*sig->stop : code;
}

/* Whether standard output is a pipe (or socket) whose reader is gone: a write that
 * failed there earlier (EPIPE) may have left nothing to flush, and no errno, at exit. */
static int reader_gone(void)
{
	struct pollfd pfd = { 1, POLLOUT, 0 };
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLERR | POLLHUP));
}

int exit_stdout_flushed(int code)
{
	errno = 0;
	int failed = fflush(stdout) != 0 || ferror(stdout);
	int err = errno;
	if (!failed || err == EPIPE || code >= EXIT_INTERNAL || reader_gone())
		return code;	/* `assay config | head -c1`: end quietly, as a report does */
	error_msg("writing to standard output: %s", err ? strerror(err) : "write error");
	return EXIT_INTERNAL;
}

/* Whether the file r's state i is for was not fully measured: not reached, failed, or
 * counted by lines only. */
static int state_incomplete(const struct run *r, size_t i)
{
	return !r->state[i].done || r->state[i].rec.status == FILE_FAILED
	       || r->state[i].rec.status == FILE_FALLBACK;
}

void exit_name_incomplete(const struct run_model *m, char *buf, size_t len)
{
	buf[0] = '\0';
	name_files(m, incomplete_file, buf, len);
}

int run_gate_incomplete(const struct run *r)
{
	int incomplete = (r->engine.budget_exceeded && !r->budget_on_deleted)
			 || r->engine.interrupted;
	for (size_t i = 0; i < r->list.nfiles && !incomplete; i++)
		incomplete = state_incomplete(r, i);
	return incomplete;
}
