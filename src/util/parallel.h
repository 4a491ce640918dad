/*
 * parallel.h - a loop run on the online CPUs: fn(ctx, i) for every i below n, chunk by
 * chunk on up to PARALLEL_THREADS threads (the caller's one of them). For work with no
 * shared state but what each i owns: the remote cache's signature checks.
 */
#ifndef ASSAY_UTIL_PARALLEL_H
#define ASSAY_UTIL_PARALLEL_H

#include <stddef.h>

#define PARALLEL_THREADS 4

/* Calls fn(ctx, i) for i in [0, n), chunk indices at a time per thread; threads are
 * started only when n is over four chunks. Returns once every call has returned. */
void parallel_for(size_t n, size_t chunk, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
