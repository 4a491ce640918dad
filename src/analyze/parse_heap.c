/*
 * parse_heap.c - tree-sitter's memory, one file at a time (see parse_heap.h).
 *
 * Every block handed to the runtime has a 16-byte head before it: its capacity, its kind
 * and, for a slab block, the file it belongs to (a generation), for a big block its place
 * in the list of big blocks. The kind says how it is freed:
 *  - malloc: given outside a file (the runtime's own state before a parser exists), freed
 *    and resized by malloc as before; it stays malloc's when resized inside a file;
 *  - slab: given inside a file, at most 64 KiB, carved from a 1 MiB slab in one of 24 size
 *    classes (16 to 256 bytes by 16, then powers of two to 64 KiB); freed onto its class'
 *    list, from which the next block of that class is taken;
 *  - big: given inside a file, over 64 KiB, malloc's, listed so that closing the file
 *    frees it.
 * Closing a file empties the lists, frees the big blocks and starts carving from the
 * first slab again; up to SLABS_KEPT slabs stay for the next file, the rest are freed.
 *
 * A head that cannot be one aborts the worker rather than let a free list or the slab
 * pointers be bent by it: an unknown kind, a slab block's capacity that is no class', a
 * big block that is not where its head says. So does a block freed or resized after its
 * file was closed while its head is still its own (its generation is past); once the next
 * file has carved over it, it is that file's block and nothing tells them apart. These
 * checks are a guard against the runtime's bugs, not a detector: sanitizer builds leave
 * the runtime on malloc, where AddressSanitizer sees every block.
 */
#include "analyze/parse_heap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

enum { KIND_MALLOC = 0x4d414c4cu, KIND_SLAB = 0x534c4142u, KIND_BIG = 0x42494721u };

struct head {
	uint64_t cap;		/* bytes usable after the head */
	uint32_t kind;
	uint32_t aux;		/* slab: the generation; big: its index in heap.big */
};

#define SLAB_BYTES ((size_t)1 << 20)
#define SLABS_KEPT 64
#define SMALL_STEP 16
#define SMALL_MAX 256			/* classes 0-15: 16 to 256 bytes by 16 */
#define SLAB_MAX ((size_t)64 << 10)	/* classes 16-23: 512 bytes to 64 KiB */
#define NCLASSES 24

/* A slab: this, then SLAB_BYTES of blocks from SLAB_HEAD bytes on (16: blocks stay
 * aligned as malloc's are). */
struct slab {
	struct slab *next;
};
#define SLAB_HEAD 16
_Static_assert(sizeof(struct slab) <= SLAB_HEAD, "a slab's head fits before its blocks");
_Static_assert(sizeof(struct head) == 16, "a block's head keeps it aligned");

static struct {
	void (*out_of_memory)(void);
	int installed, open;
	uint32_t generation;
	void *free_list[NCLASSES];
	struct slab *first, *current;	/* the slabs, in order; the one being carved */
	char *at, *end;			/* what is left of the current slab */
	struct head **big;
	uint32_t nbig, big_cap;
} heap;

static void *fail(void)
{
	heap.out_of_memory();
	abort();	/* out_of_memory must not return */
}

static struct head *head_of(void *p)
{
	return (struct head *)p - 1;
}

/* The size class of an n-byte slab block and the capacity it gives. */
static unsigned class_of(size_t n, size_t *cap)
{
	if (n <= SMALL_MAX) {
		unsigned c = n ? (unsigned)((n + SMALL_STEP - 1) / SMALL_STEP) - 1 : 0;
		*cap = ((size_t)c + 1) * SMALL_STEP;
		return c;
	}
	unsigned c = NCLASSES - 8;
	size_t size = SMALL_MAX * 2;
	for (; size < n; size <<= 1)
		c++;
	*cap = size;
	return c;
}

/* bytes (a multiple of 16, at most a slab's) from the slabs: the current one, the next
 * one kept from an earlier file, or a new one. */
static void *carve(size_t bytes)
{
	if (heap.at > heap.end)
		abort();	/* the slab pointers were overwritten */
	while ((size_t)(heap.end - heap.at) < bytes) {
		struct slab *next = heap.current ? heap.current->next : heap.first;
		if (!next) {
			next = malloc(SLAB_HEAD + SLAB_BYTES);
			if (!next)
				return fail();
			next->next = NULL;
			if (heap.current)
				heap.current->next = next;
			else
				heap.first = next;
		}
		heap.current = next;
		heap.at = (char *)next + SLAB_HEAD;
		heap.end = heap.at + SLAB_BYTES;
	}
	void *p = heap.at;
	heap.at += bytes;
	return p;
}

static void *slab_block(size_t n)
{
	size_t cap;
	unsigned c = class_of(n, &cap);
	if (heap.free_list[c]) {
		void *p = heap.free_list[c];
		heap.free_list[c] = *(void **)p;
		return p;
	}
	struct head *h = carve(sizeof(struct head) + cap);
	*h = (struct head){ cap, KIND_SLAB, heap.generation };
	return h + 1;
}

static void *big_block(size_t n)
{
	if (heap.nbig == heap.big_cap) {
		uint32_t cap = heap.big_cap ? heap.big_cap * 2 : 16;
		struct head **big = realloc(heap.big, cap * sizeof(*big));
		if (!big)
			return fail();
		heap.big = big;
		heap.big_cap = cap;
	}
	struct head *h = malloc(sizeof(struct head) + n);
	if (!h)
		return fail();
	*h = (struct head){ n, KIND_BIG, heap.nbig };
	heap.big[heap.nbig++] = h;
	return h + 1;
}

static void *malloc_block(size_t n)
{
	struct head *h = malloc(sizeof(struct head) + n);
	if (!h)
		return fail();
	*h = (struct head){ n, KIND_MALLOC, 0 };
	return h + 1;
}

static void *heap_malloc(size_t n)
{
	if (n > SIZE_MAX - sizeof(struct head) - SLAB_BYTES)
		return fail();
	if (!heap.open)
		return malloc_block(n);
	return n <= SLAB_MAX ? slab_block(n) : big_block(n);
}

static void *heap_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return fail();
	void *p = heap_malloc(n * size);
	memset(p, 0, n * size);
	return p;
}

/* Aborts on a head that is none of this heap's blocks as they stand (see the top);
 * returns a slab block's size class (0 for the other kinds). */
static unsigned check_current(const struct head *h)
{
	size_t cap = 0;
	unsigned c = 0;
	int bad;
	if (h->kind == KIND_SLAB)
		bad = h->aux != heap.generation || h->cap > SLAB_MAX
		      || (c = class_of(h->cap, &cap), cap != h->cap);
	else if (h->kind == KIND_BIG)
		bad = h->aux >= heap.nbig || heap.big[h->aux] != h;
	else
		bad = h->kind != KIND_MALLOC;
	if (bad)
		abort();
	return c;
}

static void heap_free(void *p)
{
	if (!p)
		return;
	struct head *h = head_of(p);
	unsigned c = check_current(h);
	if (h->kind == KIND_MALLOC) {
		free(h);
	} else if (h->kind == KIND_SLAB) {
		*(void **)p = heap.free_list[c];
		heap.free_list[c] = p;
	} else {
		struct head *last = heap.big[--heap.nbig];
		heap.big[h->aux] = last;
		last->aux = h->aux;
		free(h);
	}
}

static void *heap_realloc(void *p, size_t n)
{
	if (!p)
		return heap_malloc(n);
	struct head *h = head_of(p);
	check_current(h);
	if (h->kind == KIND_SLAB) {
		if (n <= h->cap)
			return p;
		void *q = heap_malloc(n);
		memcpy(q, p, h->cap);
		heap_free(p);
		return q;
	}
	if (n > SIZE_MAX - sizeof(struct head))
		return fail();
	struct head *moved = realloc(h, sizeof(struct head) + n);
	if (!moved)
		return fail();
	moved->cap = n;
	if (moved->kind == KIND_BIG)
		heap.big[moved->aux] = moved;
	return moved + 1;
}

void parse_heap_install(void (*out_of_memory)(void))
{
	heap.out_of_memory = out_of_memory;
	heap.installed = 1;
	ts_set_allocator(heap_malloc, heap_calloc, heap_realloc, heap_free);
}

int parse_heap_installed(void)
{
	return heap.installed;
}

void parse_heap_file_begin(void)
{
	if (heap.open)
		abort();	/* a file inside a file: the first one's blocks would go */
	heap.open = 1;
}

void parse_heap_file_end(void)
{
	heap.open = 0;
	heap.generation++;
	memset(heap.free_list, 0, sizeof(heap.free_list));
	while (heap.nbig > 0)
		free(heap.big[--heap.nbig]);
	struct slab *keep = heap.first;
	for (int i = 1; keep && i < SLABS_KEPT; i++)
		keep = keep->next;
	if (keep) {
		for (struct slab *s = keep->next, *next; s; s = next) {
			next = s->next;
			free(s);
		}
		keep->next = NULL;
	}
	heap.current = NULL;
	heap.at = heap.end = NULL;
}
