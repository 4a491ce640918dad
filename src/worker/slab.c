/*
 * slab.c - small blocks from per-size free lists (see slab.h).
 */
#include "worker/slab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HEADER 16u
#define CLASS_BYTES 16u
#define NCLASSES (SLAB_MAX_SMALL / CLASS_BYTES)
#define CHUNK_BYTES (1u << 20)
#define LARGE ((size_t)1 << (sizeof(size_t) * 8 - 1))

/* In front of every block: the usable size, with LARGE set for a block from malloc. */
struct header {
	size_t size;
	size_t unused;		/* keeps the block 16-byte aligned */
};

struct free_block {
	struct free_block *next;
};

static struct free_block *free_lists[NCLASSES];
static unsigned char *chunk;
static size_t chunk_left;

static struct header *header_of(void *p)
{
	return (struct header *)p - 1;
}

/* Room for a new small block of total bytes (header included) from the current chunk. */
static void *carve(size_t total)
{
	if (total > chunk_left) {
		unsigned char *c = malloc(CHUNK_BYTES);	/* the tail of the old one is left */
		if (!c)
			return NULL;
		chunk = c;
		chunk_left = CHUNK_BYTES;
	}
	void *p = chunk;
	chunk += total;
	chunk_left -= total;
	return p;
}

void *slab_malloc(size_t n)
{
	if (n > SLAB_MAX_SMALL) {
		if (n > SIZE_MAX / 2 - HEADER)
			return NULL;
		struct header *h = malloc(HEADER + n);
		if (!h)
			return NULL;
		h->size = n | LARGE;
		return h + 1;
	}
	size_t cls = n ? (n + CLASS_BYTES - 1) / CLASS_BYTES - 1 : 0;
	struct free_block *b = free_lists[cls];
	if (b) {
		free_lists[cls] = b->next;
		return b;
	}
	size_t size = (cls + 1) * CLASS_BYTES;
	struct header *h = carve(HEADER + size);
	if (!h)
		return NULL;
	h->size = size;
	return h + 1;
}

void slab_free(void *p)
{
	if (!p)
		return;
	struct header *h = header_of(p);
	if (h->size & LARGE) {
		free(h);
		return;
	}
	struct free_block *b = p;
	size_t cls = h->size / CLASS_BYTES - 1;
	b->next = free_lists[cls];
	free_lists[cls] = b;
}

void *slab_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = slab_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *slab_realloc(void *p, size_t n)
{
	if (!p)
		return slab_malloc(n);
	struct header *h = header_of(p);
	size_t old = h->size & ~LARGE;
	if (h->size & LARGE) {
		if (n > SIZE_MAX / 2 - HEADER)
			return NULL;
		/* A large block stays large, whatever it shrinks to. */
		struct header *g = realloc(h, HEADER + n);
		if (!g)
			return NULL;
		g->size = n | LARGE;
		return g + 1;
	}
	if (n <= old)
		return p;
	void *q = slab_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	slab_free(p);
	return q;
}
