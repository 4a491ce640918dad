/*
 * heap.h - the supervisor's malloc heap on transparent huge pages, where Linux and glibc
 * allow it: far fewer page faults in a run that allocates a lot (heap.c says why and how).
 */
#ifndef ASSAY_UTIL_HEAP_H
#define ASSAY_UTIL_HEAP_H

/* The first call reserves room at the top of the heap, advises it for huge pages and
 * keeps the process' blocks in it (malloc settings); call it first thing in main, before
 * any thread starts. Later calls advise what the heap grew by since (call them between
 * a run's phases). Returns 1 when the heap is advised, 0 when not (another platform or
 * allocator, a kernel without THP, an address-space or data limit below 4 GiB, memory
 * refused). Never fails otherwise; 0 only means the default behaviour. */
int heap_hint(void);

#endif
