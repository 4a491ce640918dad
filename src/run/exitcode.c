/*
 * exitcode.c - the exit status of a finished run (see exitcode.h).
 */
#include "run/exitcode.h"

#include "run/run.h"
#include "util/alloc.h"
#include "util/log.h"

/* Files skipped for a reason worth a line (not excluded or of no language we read). */
static size_t notable_skips(const struct run_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		n += f->done && f->rec->status == FILE_SKIPPED
		     && !cause_is_routine((enum cause)f->rec->cause);
	}
	return n;
}

/* What --fail-on adds: 3 for an incomplete analysis, 4 for the sandbox; 0 for nothing.
 * *why names the condition met. */
static int fail_on_code(const struct run_model *m, const struct engine_stats *es,
			uint32_t fail_on, const char **why)
{
	int degraded = es->inprocess || (es->got_level && es->level < SANDBOX_LEVEL_FULL);
	*why = NULL;
	if ((fail_on & FAIL_ON_DEGRADED) && degraded)
		*why = es->inprocess ? "degraded: the files were analyzed in assay itself, with no "
				       "sandbox (--allow-unsandboxed)"
				     : "degraded: a worker ran without the full sandbox";
	else if ((fail_on & FAIL_ON_VIOLATION) && (es->violations || m->sandbox_violations))
		*why = "sandbox-violation: a worker was killed by the sandbox";
	if (*why)
		return EXIT_INTERNAL;
	if ((fail_on & FAIL_ON_INCOMPLETE) && model_incomplete(m))
		*why = "incomplete: a file was not fully measured";
	else if ((fail_on & FAIL_ON_PARTIAL) && m->by_status[FILE_PARTIAL])
		*why = "partial: a file parsed with errors";
	else if ((fail_on & FAIL_ON_SKIPPED) && notable_skips(m))
		*why = "skipped: a file was skipped for what it is";
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
	int extra = fail_on_code(m, &r->engine, r->p->fail_on, &why);
	if (extra > code)	/* nothing else says why the run fails */
		log_event(LOG_ERROR, "run.fail_on", NULL, "the run fails (exit %d) on --fail-on=%s",
			  extra, why);
	/* --strict fails closed: a file whose bytes kept it from being measured could hide
	 * anything, whatever --fail-on and --on-error say. */
	if (r->p->strict && extra < EXIT_INCOMPLETE && model_unmeasured(m))
		extra = EXIT_INCOMPLETE;
	return extra > code ? extra : code;
}

int exit_after(const struct run_signals *sig, int code)
{
	if (*sig->stop == STOP_OUT_OF_MEMORY)
		return EXIT_INTERNAL;
	return *sig->stop ? EXIT_SIGNAL_BASE + (int)*sig->stop : code;
}
