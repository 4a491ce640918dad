/*
 * probe.c - engine_probe (engine.h): one worker started, its HELLO awaited, the worker
 * stopped; what `assay version` says about the sandbox.
 */
#include "engine/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/proto.h"
#include "engine/engine_impl.h"
#include "engine/proc.h"
#include "util/clock.h"

/* HELLO from a probe worker: its sandbox level into stats. */
static int probe_frame(void *ctx, const struct proto_frame *fr)
{
	struct engine_stats *stats = ctx;
	struct proto_hello h;
	if (fr->type != PROTO_HELLO || proto_decode_hello(fr, &h) < 0)
		return -1;
	int ok = h.version == PROTO_VERSION && h.sandbox_level <= SANDBOX_LEVEL_FULL;
	if (ok) {
		stats->level = (enum sandbox_level)h.sandbox_level;
		snprintf(stats->detail, sizeof(stats->detail), "%s", h.detail);
		stats->got_level = 1;
	}
	free(h.detail);
	return ok ? 0 : -1;
}

/* Starts a worker with the memory a pool's first worker would get. */
static int start_probe(const struct engine_params *opt, struct proc *w, int devnull)
{
	uint64_t memory = (512ull << 20) + 100 * (uint64_t)opt->batch_bytes;
	if (opt->memory_limit && opt->memory_limit < memory)
		memory = opt->memory_limit;
	return proc_start(w, opt->worker_path, opt->mode, opt->memory_limit ? memory : 0,
			  engine_cpu_limit(opt), devnull);
}

/* Reads until the HELLO, an error, the worker's end or HELLO_TIMEOUT; NULL when the HELLO
 * came or the worker ended on its own, else why assay stops it (proc_reap kills it). */
static const char *await_hello(struct proc *w, struct engine_stats *stats)
{
	double give_up = now_seconds() + HELLO_TIMEOUT;
	while (now_seconds() < give_up && !stats->got_level) {
		struct pollfd pfd = { w->from_fd, POLLIN, 0 };
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		enum proc_read r = proc_read(w);
		if (proc_frames(w, probe_frame, stats) < 0)
			return "its first reply was no HELLO assay reads";
		if (r != PROC_READ_MORE)
			return NULL;
	}
	return stats->got_level ? NULL : "no HELLO within " HELLO_TIMEOUT_TEXT;
}

int engine_probe(const struct engine_params *opt, struct engine_stats *stats)
{
	struct proc w;
	memset(stats, 0, sizeof(*stats));
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0 || start_probe(opt, &w, devnull) < 0) {
		snprintf(stats->why_unavailable, sizeof(stats->why_unavailable),
			 "cannot start a worker: %s", strerror(errno));
		if (devnull >= 0)
			close(devnull);
		return -1;
	}
	const char *stopped = await_hello(&w, stats);
	int status = proc_reap(&w);
	if (!stats->got_level)
		engine_start_failure(opt, stats, status, stopped);
	proc_release(&w);
	close(devnull);
	return stats->got_level ? 0 : -1;
}
