/*
 * testpoint.c - testpoint() in assay-testpoint (see src/util/testpoint.h): with
 * ASSAY_TESTPOINT=NAME:SIGNAL[:N] in the environment, the Nth time (default the first)
 * the point NAME is passed, the process sends itself SIGNAL: INT, TERM or HUP, as a
 * user's Ctrl-C, a CI runner's stop or a closed terminal would; SEGV, as a parser that
 * crashes; STOP, as one that hangs; KILL, as kill -9 (no handler runs); NOMEM: the next
 * allocation of util/alloc.c fails, as if the supervisor had run out of memory
 * (alloc_fail_next); or SLOW: the process sleeps 300 ms there, as on a slow disk (to see
 * what overlaps that point); WAIT, at a point with a descriptor (testpoint_fd): until it
 * can be read. Passes are counted per process: a forked child starts from its parent's
 * count.
 */
#include "util/testpoint.h"
#include "util/alloc.h"

#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static atomic_long passes;

static int signal_named(const char *s)
{
	static const struct {
		const char *name;
		int signal;
	} signals[] = { { "INT", SIGINT }, { "TERM", SIGTERM }, { "HUP", SIGHUP },
			{ "SEGV", SIGSEGV }, { "STOP", SIGSTOP }, { "KILL", SIGKILL }, { "NOMEM", -1 },
			{ "SLOW", -2 } };
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (strcmp(s, signals[i].name) == 0)
			return signals[i].signal;
	return 0;
}

void testpoint(const char *name)
{
	const char *spec = getenv("ASSAY_TESTPOINT");
	size_t n = strlen(name);
	if (!spec || strncmp(spec, name, n) != 0 || spec[n] != ':')
		return;
	char sig[8] = "";
	long nth = 1;
	if (sscanf(spec + n + 1, "%7[A-Z]:%ld", sig, &nth) < 1 || !signal_named(sig))
		return;
	if (atomic_fetch_add(&passes, 1) + 1 != nth)
		return;
	if (signal_named(sig) == -2)
		nanosleep(&(struct timespec){ 0, 300000000L }, NULL);
	else if (signal_named(sig) < 0)
		alloc_fail_next = 1;
	else
		raise(signal_named(sig));
}

int testpoint_says(const char *name)
{
	const char *spec = getenv("ASSAY_TESTPOINT");
	size_t n = strlen(name);
	return spec && strncmp(spec, name, n) == 0 && strcmp(spec + n, ":TRUE") == 0;
}

const char *testpoint_file(const char *path)
{
	const char *spec = getenv("ASSAY_TESTPOINT_FILE");
	size_t n = strlen(path);
	if (!spec || strncmp(spec, path, n) != 0 || spec[n] != '=')
		return path;
	return spec + n + 1;
}

double testpoint_value(const char *name, double value)
{
	const char *spec = getenv("ASSAY_TESTPOINT_VALUE");
	size_t n = strlen(name);
	if (!spec || strncmp(spec, name, n) != 0 || spec[n] != '=')
		return value;
	char *end;
	double v = strtod(spec + n + 1, &end);
	return end == spec + n + 1 ? value : v;
}

void testpoint_fd(const char *name, int fd)
{
	const char *spec = getenv("ASSAY_TESTPOINT");
	size_t n = strlen(name);
	if (!spec || strncmp(spec, name, n) != 0 || strcmp(spec + n, ":WAIT") != 0)
		return;
	struct pollfd pfd = { fd, POLLIN, 0 };
	(void)poll(&pfd, 1, 10000);
}
