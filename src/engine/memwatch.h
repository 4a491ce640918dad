/*
 * memwatch.h - memory during a run, for the pool (engine/pool.c): what the system has left
 * (MemAvailable), what a process holds (its resident set), and the share of --memory a
 * worker may take. Linux reads /proc; elsewhere every answer is "unknown" (0) and the
 * pool runs as asked.
 */
#ifndef ASSAY_ENGINE_MEMWATCH_H
#define ASSAY_ENGINE_MEMWATCH_H

#include <stdint.h>
#include <sys/types.h>

#include "engine/engine.h"

#define MEMWATCH_WORKER_MIN (192ull << 20)	/* the least address space a worker runs in */
#define MEMWATCH_LOW (256ull << 20)		/* MemAvailable under this is pressure */

/* MemAvailable in bytes; 0 when unknown. */
uint64_t memwatch_available(void);
/* The resident set of pid (0: this process) in bytes; 0 when unknown. */
uint64_t memwatch_resident(pid_t pid);
/* Workers the memory affords, at most wanted (at least one): MemAvailable / 256 MiB,
 * and with --memory what is left beside the supervisor / MEMWATCH_WORKER_MIN. */
int memwatch_affordable(const struct engine_params *opt, int wanted);
/* The address space each of workers may take under --memory (beside the supervisor). */
uint64_t memwatch_worker_share(const struct engine_params *opt, int workers);

#endif
