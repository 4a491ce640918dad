/*
 * buf.h - bounded byte buffers for everything assay encodes or decodes.
 *
 * Untrusted bytes (worker replies, cache rows, config) are only ever read through
 * struct rbuf: every getter checks the remaining length first and returns -1 instead of
 * reading past the end, so a truncated or hostile message becomes an error value, never
 * an out-of-bounds read. struct wbuf is the growable writer; an allocation failure is
 * remembered in wbuf.failed so callers check once at the end instead of after every put.
 * assay's own encodings (the protocol, records, cache rows) are little-endian; the
 * big-endian getters and git's varint read git's index (src/git/index.c), so that its
 * bytes go through the same reader.
 */
#ifndef ASSAY_BUF_H
#define ASSAY_BUF_H

#include <stddef.h>
#include <stdint.h>

struct wbuf {
	uint8_t *data;
	size_t len;
	size_t cap;
	int failed;		/* set when an allocation failed; the content is then unusable */
};

struct rbuf {
	const uint8_t *data;
	size_t len;
	size_t off;
};

/* Writer. wbuf_init zeroes; wbuf_free releases; wbuf_reset keeps capacity. */
void wbuf_init(struct wbuf *b);
void wbuf_free(struct wbuf *b);
void wbuf_reset(struct wbuf *b);
/* Reserves room for n more bytes; returns a pointer to them or NULL (and sets failed). */
/* Asked when an allocation of the core (a wbuf growing, a record or string decoded) fails,
 * before it gives up: 1 when memory was freed for one retry. The supervisor's allocator
 * sets it (util/alloc.h, alloc_out_of_memory); NULL in a worker, where they just fail. */
extern int (*core_out_of_memory)(void);
/* malloc and calloc for the core: on failure, core_out_of_memory and one retry; NULL when
 * memory is still short. */
void *core_malloc(size_t n);
void *core_calloc(size_t n, size_t size);
uint8_t *wbuf_reserve(struct wbuf *b, size_t n);
void wbuf_put(struct wbuf *b, const void *p, size_t n);
void wbuf_put_f64(struct wbuf *b, double v);
/* A string as u32 length + bytes (no terminator on the wire); NULL is written as "". */
void wbuf_put_str(struct wbuf *b, const char *s);
void wbuf_put_strn(struct wbuf *b, const char *s, size_t n);
/* printf-style append of text (no length prefix). */
void wbuf_printf(struct wbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Stores a little-endian u32 at an offset already written (for back-patched lengths). */
void wbuf_patch_u32(struct wbuf *b, size_t off, uint32_t v);

/* Little-endian integers; inline, as the encoders and decoders call them per field. */
static inline void wbuf_put_le(struct wbuf *b, uint64_t v, int width)
{
	uint8_t *p = b->len + (size_t)width <= b->cap && !b->failed ? b->data + b->len
								   : wbuf_reserve(b, (size_t)width);
	if (!p)
		return;
	for (int i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
	b->len += (size_t)width;
}

static inline void wbuf_put_u8(struct wbuf *b, uint8_t v) { wbuf_put_le(b, v, 1); }
static inline void wbuf_put_u16(struct wbuf *b, uint16_t v) { wbuf_put_le(b, v, 2); }
static inline void wbuf_put_u32(struct wbuf *b, uint32_t v) { wbuf_put_le(b, v, 4); }
static inline void wbuf_put_u64(struct wbuf *b, uint64_t v) { wbuf_put_le(b, v, 8); }

/* A u32 in 1 to 5 bytes, 7 bits a byte, least significant group first, the high bit
 * saying another byte follows (LEB128): the record format's counts and metrics, which are
 * mostly under 128. */
static inline void wbuf_put_vu32(struct wbuf *b, uint32_t v)
{
	uint8_t *p = b->len + 5 <= b->cap && !b->failed ? b->data + b->len : wbuf_reserve(b, 5);
	if (!p)
		return;
	size_t n = 0;
	while (v >= 128u) {
		p[n++] = (uint8_t)(v | 128u);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	b->len += n;
}

/* Reader over bytes it does not own. Every getter returns 0 or -1 (not enough bytes). */
void rbuf_init(struct rbuf *r, const void *data, size_t len);
int rbuf_get_f64(struct rbuf *r, double *v);

static inline size_t rbuf_left(const struct rbuf *r)
{
	return r->len - r->off;
}

enum rbuf_order { RBUF_LE, RBUF_BE };

/* The next width bytes as an integer in the given byte order; -1 when there are fewer. */
static inline int rbuf_get_int(struct rbuf *r, int width, enum rbuf_order order, uint64_t *v)
{
	if ((size_t)width > r->len - r->off)
		return -1;
	const uint8_t *p = r->data + r->off;
	uint64_t x = 0;
	for (int i = 0; i < width; i++)
		x |= (uint64_t)p[i] << (8 * (order == RBUF_LE ? i : width - 1 - i));
	r->off += (size_t)width;
	*v = x;
	return 0;
}

/* The next 1, 2, 4 or 8 bytes into *v (left alone on failure): little-endian, as
 * assay's own encodings are, or big-endian (_be), as git's index is. */
static inline int rbuf_get_u8(struct rbuf *r, uint8_t *v)
{
	uint64_t x;
	return rbuf_get_int(r, 1, RBUF_LE, &x) < 0 ? -1 : (*v = (uint8_t)x, 0);
}

static inline int rbuf_get_u16(struct rbuf *r, uint16_t *v)
{
	uint64_t x;
	return rbuf_get_int(r, 2, RBUF_LE, &x) < 0 ? -1 : (*v = (uint16_t)x, 0);
}

static inline int rbuf_get_u32(struct rbuf *r, uint32_t *v)
{
	uint64_t x;
	return rbuf_get_int(r, 4, RBUF_LE, &x) < 0 ? -1 : (*v = (uint32_t)x, 0);
}

static inline int rbuf_get_u64(struct rbuf *r, uint64_t *v)
{
	return rbuf_get_int(r, 8, RBUF_LE, v);
}

/* A wbuf_put_vu32 value into *v (left alone on failure); -1 when the bytes end first,
 * the value does not fit in 32 bits or it is not in its shortest form (a last byte of 0
 * after others), so that a value has one encoding only. */
static inline int rbuf_get_vu32(struct rbuf *r, uint32_t *v)
{
	uint32_t x = 0;
	for (size_t i = 0; i < 5 && r->off + i < r->len; i++) {
		uint8_t c = r->data[r->off + i];
		if ((i == 4 && c > 15u) || (i > 0 && c == 0))
			return -1;	/* bits past the 32nd, or a longer form than needed */
		x |= (uint32_t)(c & 127u) << (7 * i);
		if (!(c & 128u)) {
			r->off += i + 1;
			*v = x;
			return 0;
		}
	}
	return -1;
}

static inline int rbuf_get_be16(struct rbuf *r, uint16_t *v)
{
	uint64_t x;
	return rbuf_get_int(r, 2, RBUF_BE, &x) < 0 ? -1 : (*v = (uint16_t)x, 0);
}

static inline int rbuf_get_be32(struct rbuf *r, uint32_t *v)
{
	uint64_t x;
	return rbuf_get_int(r, 4, RBUF_BE, &x) < 0 ? -1 : (*v = (uint32_t)x, 0);
}

/* git's varint (its varint.c, used by index version 4): 7 bits a byte, most significant
 * group first, the high bit saying another byte follows, and each continuation adding
 * one. -1, with nothing consumed, when the bytes end first or the value needs more than
 * 64 bits (git refuses that too; wrapping would turn a huge count into a small one). */
int rbuf_get_varint(struct rbuf *r, uint64_t *v);

/* Points *p at the next n bytes (inside the reader's buffer) and skips them. */
int rbuf_get_bytes(struct rbuf *r, size_t n, const uint8_t **p);
/* Points *p at the bytes before the next byte equal to stop (*n of them) and skips them
 * and the stop byte; -1, with nothing consumed, when no stop byte is left. */
int rbuf_get_until(struct rbuf *r, uint8_t stop, const uint8_t **p, size_t *n);
/* Reads a length-prefixed string of at most max bytes into a new NUL-terminated
 * allocation; fails on a longer string, an embedded NUL, or allocation failure. */
int rbuf_get_str(struct rbuf *r, size_t max, char **out);

#endif
