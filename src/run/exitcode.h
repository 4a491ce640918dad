/*
 * exitcode.h - assay's exit statuses, the same in every report format, and the policy
 * that picks one for a finished run.
 */
#ifndef ASSAY_RUN_EXITCODE_H
#define ASSAY_RUN_EXITCODE_H

#include "report/model.h"

enum {
	EXIT_CLEAN = 0,		/* no function exceeds a limit */
	EXIT_VIOLATIONS = 1,	/* at least one does */
	EXIT_USAGE = 2,		/* a usage or configuration error */
	EXIT_INCOMPLETE = 3,	/* the analysis is incomplete, and --fail-on or --strict asked
				   to fail */
	EXIT_INTERNAL = 4,	/* internal error, no worker could run, or a sandbox event
				   --fail-on named */
	EXIT_SIGNAL_BASE = 128	/* + the signal: interrupted (SIGINT 130, SIGTERM 143,
				   SIGHUP 129) */
};

struct run;
struct run_signals;

/* The exit status of a finished run: interrupted, then out of memory or could not run
 * (4), then the worst of violations (1, unless -i forgives that many; a file's or the
 * run's mean CCN over --max-modules or --max-average, 1 always), what --fail-on asked for
 * (3, 4) and, under
 * --strict, a file not fully measured (3).
 * engine_rc < 0 when no engine could run at all. */
int exit_code_for(const struct run *r, const struct run_model *m, int engine_rc);
/* Whether a gate (precommit, diff) left something unmeasured: the budget ran out, a
 * signal, a file failed, counted by lines only, or not reached. */
int run_gate_incomplete(const struct run *r);
/* ": PATH" or ": PATH and N more" into buf for m's files not fully measured (not reached,
 * failed, line counts only; "" for none). */
void exit_name_incomplete(const struct run_model *m, char *buf, size_t len);
/* What a command exits with once it is done: 128 + the signal when one stopped it
 * (*sig->stop), 4 when running out of memory did, else code. */
int exit_after(const struct run_signals *sig, int code);
/* code once standard output is flushed: a write error other than a closed pipe (`assay
 * languages > /dev/full`) is said on standard error and makes it 4, unless it already is
 * 4 or more (the report writers say their own errors). */
int exit_stdout_flushed(int code);

#endif
