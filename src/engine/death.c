/*
 * death.c - what a worker's death means (see engine_impl.h): the cause charged to the
 * file it was on, the event the user is told, and why a worker that never started did
 * not.
 */
#include "engine/engine_impl.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "common/proto.h"
#include "util/log.h"
#include "util/msg.h"

/* What a worker's death says about the file it was on (its cause and detail), counted
 * in stats; *retry when the file deserves a second try alone. */
void engine_describe_death(int status, int killed_for_timeout, struct cause_note *why,
			   struct engine_stats *stats, int *retry)
{
	*retry = 0;
	if (killed_for_timeout) {
		cause_note(why, CAUSE_TIMEOUT, NULL);
		stats->timeouts++;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) {
		cause_note(why, CAUSE_SANDBOX_VIOLATION, NULL);
		stats->violations++;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
		/* The worker's CPU time over its life ran out: the pool replaces workers before
		 * that, so this file may have been slow, or the supervisor stalled. Alone in a
		 * fresh worker it shows which (its own deadline still applies). */
		cause_note(why, CAUSE_TIMEOUT_CPU, NULL);
		stats->timeouts++;
		*retry = 1;
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

/* Why a worker that never said HELLO did not start, for the error message; stopped_by_us
 * says why assay ended it itself (NULL: it ended on its own). */
void engine_start_failure(const struct engine_params *p, struct engine_stats *stats, int status,
			  const char *stopped_by_us)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (stopped_by_us) {
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "the worker did not start (%s: %s; assay stopped it)", p->worker_path,
			 stopped_by_us);
		return;
	}
	if (code == WORKER_EXIT_NO_SANDBOX && p->mode == SANDBOX_MODE_STRICT)
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "the worker could not apply the full sandbox (--sandbox=strict)");
	else if (code == WORKER_EXIT_LIMITS)
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "the worker's resource limits (memory, CPU time, files) could not be set");
	else if (code == WORKER_EXIT_EXEC)
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "cannot execute %s", p->worker_path);
	else if (WIFSIGNALED(status))
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "the worker did not start (%s was killed by %s before it was ready)",
			 p->worker_path, signal_name(WTERMSIG(status)));
	else if (WIFEXITED(status))
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "the worker did not start (%s exited with status %d before it was ready)",
			 p->worker_path, code);
	else
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "the worker did not start (%s ended before it was ready)", p->worker_path);
}

/* A file a worker died on is an event: a sandbox violation (an attack or a bug) is an
 * error the user is told at once, whatever the report format; crashes, timeouts and
 * running out of memory are warnings. */
void engine_death_event(const struct engine_job *job, const struct cause_note *why, int final)
{
	char text[320];
	cause_text(why->cause, why->detail, text, sizeof(text));
	switch (why->cause) {
	case CAUSE_SANDBOX_VIOLATION:
		log_event(LOG_ERROR, "sandbox.violation", job->path, "security: the worker "
			  "analyzing this file was killed by the sandbox (SIGSYS: a forbidden "
			  "system call)");
		break;
	case CAUSE_TIMEOUT:
	case CAUSE_TIMEOUT_CPU:
		log_event(LOG_WARNING, "worker.timeout", job->path, "%s%s", text,
			  final ? "" : "; retrying alone");
		break;
	case CAUSE_OUT_OF_MEMORY:
		log_event(LOG_WARNING, "worker.oom", job->path, "%s%s", text,
			  final ? "" : "; retrying alone");
		break;
	default:
		log_event(LOG_WARNING, "worker.crash", job->path, "%s%s", text,
			  final ? "" : "; retrying alone");
	}
}
