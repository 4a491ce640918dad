/*
 * heap.h - the malloc heap of the supervisor and of each worker on transparent huge
 * pages, where Linux and glibc allow it: far fewer page faults in a process that
 * allocates a lot (heap.c says why and how).
 */
#ifndef ASSAY_COMMON_HEAP_H
#define ASSAY_COMMON_HEAP_H

#include <stdlib.h>	/* and with it <features.h>: __GLIBC__ */

#include "config.h"

/* HEAP_SANITIZED: built with AddressSanitizer (gcc and clang say so differently), whose
 * allocator is not malloc's: nothing to advise, and what a run allocates is freed at its
 * end for the leak checker (cmd/analyze.c). HEAP_HINT_BUILT: heap_hint can advise in
 * this build (Linux, glibc). */
#if defined(__SANITIZE_ADDRESS__) || defined(ASSAY_SANITIZERS)
#define HEAP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_SANITIZED 1
#endif
#endif
#if defined(__linux__) && defined(__GLIBC__) && !defined(HEAP_SANITIZED)
#include <malloc.h>
#include <sys/mman.h>
#if defined(MADV_HUGEPAGE) && defined(M_TOP_PAD) && defined(M_ARENA_MAX)
#define HEAP_HINT_BUILT 1
#endif
#endif

/* The first call reserves room at the top of the heap, advises it for huge pages and
 * keeps the process' blocks in it (malloc settings); call it first thing in main, before
 * any thread starts. Later calls advise what the heap grew by since (call them between
 * a run's phases). Returns 1 when the heap is advised, 0 when not (another platform or
 * allocator, a kernel without THP, an address-space or data limit below 4 GiB, memory
 * refused). Never fails otherwise; 0 only means the default behaviour. */
int heap_hint(void);

/* The same for a worker: a 16 MiB reservation, for limits of 256 MiB and more. */
int heap_hint_worker(void);

#endif
