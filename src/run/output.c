/*
 * output.c - writing the reports (see output.h).
 */
#include "run/output.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "files/safewrite.h"
#include "util/msg.h"

int output_shows(const struct run_params *p, unsigned what)
{
	for (size_t i = 0; i <= p->noutputs; i++) {
		const struct report_format *f = i < p->noutputs ? p->outputs[i].format : p->format;
		if (f->shows & what)
			return 1;
	}
	return 0;
}

/* The report through stdio's own stream; 0, or -1 with errno. */
static int write_plain(const struct run_params *p, const struct run_model *m,
		       const struct report_options *ropt)
{
	return p->format->write(stdout, m, ropt) == 0 && fflush(stdout) == 0 ? 0 : -1;
}

#ifdef HAVE_FOPENCOOKIE
/* Standard output as the report writer sees it: a stream that gives up at its first
 * failed write and keeps that write's errno. stdio's own stream goes on after a write a
 * signal interrupted: a stop signal while a slow reader left the pipe full (Ctrl-C on
 * `assay | less`) dropped that buffer and waited in the next write. */
static ssize_t guarded_write(void *cookie, const char *buf, size_t n)
{
	int *failed = cookie;
	for (size_t done = 0; !*failed && done < n;) {
		ssize_t w = write(1, buf + done, n - done);
		if (w < 0)
			*failed = errno;	/* EINTR too: only stop signals have handlers */
		else
			done += (size_t)w;
	}
	if (*failed)
		errno = *failed;
	return *failed ? 0 : (ssize_t)n;	/* 0: an error, as fopencookie has it */
}

/* The report through the guarded stream; 0, or -1 with errno that of the first failure. */
static int write_guarded(const struct run_params *p, const struct run_model *m,
			 const struct report_options *ropt)
{
	int failed = 0;
	cookie_io_functions_t io = { NULL, guarded_write, NULL, NULL };
	FILE *out = fopencookie(&failed, "w", io);
	if (!out)
		return write_plain(p, m, ropt);
	int rc = p->format->write(out, m, ropt);
	int closed = fclose(out);
	if (failed)
		errno = failed;
	return rc == 0 && closed == 0 && !failed ? 0 : -1;
}
#else
#define write_guarded write_plain
#endif

/* Writes the report for standard output. */
static int write_stdout(const struct run_params *p, const struct run_model *m)
{
	const char *no_color = getenv("NO_COLOR");
	struct report_options ropt = { 0, p->verbose, p->quiet, 0 };
	ropt.commit = !p->verbose && p->command && strcmp(p->command, "precommit") == 0;
	ropt.color = p->color == 1 || (p->color == -1 && isatty(1) && !(no_color && no_color[0])
				       && !msg_terminal_dumb());
	fflush(stdout);	/* anything printed before it comes first */
	if (write_guarded(p, m, &ropt) == 0)
		return OUTPUT_OK;
	clearerr(stdout);	/* said here, not again at exit (exit_stdout_flushed) */
	if (errno == EPIPE)
		return OUTPUT_PIPE_CLOSED;	/* `assay | head`: end quietly */
	if (errno == EINTR) {	/* a stop signal, while a slow reader left the pipe full */
		error_msg("the report on standard output is not whole: interrupted while written");
		return OUTPUT_INTERRUPTED;
	}
	error_msg("writing the report to standard output: %s", strerror(errno));
	return OUTPUT_FAILED;
}

/* Writes a report file (files/safewrite.h: never through a link, renamed into place). */
static int write_file(const struct run_params *p, const struct report_format *fmt,
		      const char *path, const struct run_model *m)
{
	struct report_options ropt = { 0, p->verbose, 0, 0 };
	struct safewrite w;
	char err[PATH_MAX + 256];
	if (safewrite_open(&w, path, 0666, 0, err, sizeof(err)) < 0) {
		error_msg("cannot write the report: %s", err);
		return OUTPUT_FAILED;
	}
	if (fmt->write(w.f, m, &ropt) != 0) {
		error_msg("%s: cannot write report: %s", path, strerror(errno));
		safewrite_abort(&w);
		return OUTPUT_FAILED;
	}
	if (safewrite_commit(&w, err, sizeof(err)) < 0) {
		error_msg("cannot write the report: %s", err);
		return OUTPUT_FAILED;
	}
	return OUTPUT_OK;
}

int output_check(const struct run_params *p)
{
	char err[PATH_MAX + 256];
	for (size_t i = 0; i <= p->noutputs; i++) {
		const char *path = i < p->noutputs ? p->outputs[i].path : p->trace_path;
		if (path && safewrite_check(path, err, sizeof(err)) < 0) {
			error_msg("cannot write the %s: %s", i < p->noutputs ? "report" : "trace",
				  err);
			return -1;
		}
	}
	return 0;
}

int output_write(const struct run_params *p, const struct run_model *m)
{
	int rc = write_stdout(p, m);
	for (size_t i = 0; i < p->noutputs; i++)
		if (write_file(p, p->outputs[i].format, p->outputs[i].path, m) < 0
		    && rc != OUTPUT_INTERRUPTED)
			rc = OUTPUT_FAILED;
	return rc;
}
