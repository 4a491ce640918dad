/*
 * slab.h - the worker's allocator for tree-sitter: small blocks from per-size free lists.
 *
 * Parsing allocates and frees a small block per tree node, millions per run; glibc's
 * malloc spends about a tenth of a parse on them. The worker is single-threaded and
 * short-lived, so small blocks (up to SLAB_MAX_SMALL bytes, in 16-byte classes) are carved
 * from 1 MiB chunks and recycled through one free list per class, never returned to the
 * system: a worker's footprint is the peak of its largest file, as with malloc, and the
 * supervisor recycles workers after a number of files and bytes. Larger blocks go to
 * malloc. Every block has a 16-byte header (its class, or its size for a large one), so
 * blocks stay 16-byte aligned. Out of memory is NULL, as from malloc.
 *
 * Not used in sanitizer builds: ASan must see every allocation.
 */
#ifndef ASSAY_SLAB_H
#define ASSAY_SLAB_H

#include <stddef.h>

#define SLAB_MAX_SMALL 1024

void *slab_malloc(size_t n);
void *slab_calloc(size_t n, size_t size);
void *slab_realloc(void *p, size_t n);
void slab_free(void *p);

#endif
