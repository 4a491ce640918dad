/*
 * buf.c - bounded readers and growable writers (see buf.h for the contract).
 */
#include "common/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int (*core_out_of_memory)(void);

void *core_malloc(size_t n)
{
	void *p = malloc(n);
	if (!p && core_out_of_memory && core_out_of_memory())
		p = malloc(n);
	return p;
}

void *core_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p && core_out_of_memory && core_out_of_memory())
		p = calloc(n, size);
	return p;
}

void wbuf_init(struct wbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void wbuf_free(struct wbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void wbuf_reset(struct wbuf *b)
{
	b->len = 0;
	b->failed = 0;
}

uint8_t *wbuf_reserve(struct wbuf *b, size_t n)
{
	if (b->failed)
		return NULL;
	if (n > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return NULL;
	}
	if (b->len + n > b->cap || !b->data) {	/* NULL + 0 is no pointer either */
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		uint8_t *p = realloc(b->data, cap);
		if (!p && core_out_of_memory && core_out_of_memory())
			p = realloc(b->data, cap);
		if (!p) {
			b->failed = 1;
			return NULL;
		}
		b->data = p;
		b->cap = cap;
	}
	return b->data + b->len;
}

void wbuf_put(struct wbuf *b, const void *p, size_t n)
{
	uint8_t *dst = wbuf_reserve(b, n);
	if (!dst)
		return;
	if (n)
		memcpy(dst, p, n);
	b->len += n;
}

void wbuf_put_f64(struct wbuf *b, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof(bits));
	wbuf_put_u64(b, bits);
}

void wbuf_put_strn(struct wbuf *b, const char *s, size_t n)
{
	if (n > UINT32_MAX) {
		b->failed = 1;
		return;
	}
	wbuf_put_u32(b, (uint32_t)n);
	wbuf_put(b, s, n);
}

void wbuf_put_str(struct wbuf *b, const char *s)
{
	wbuf_put_strn(b, s ? s : "", s ? strlen(s) : 0);
}

void wbuf_printf(struct wbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		wbuf_put(b, small, (size_t)n);
		return;
	}
	uint8_t *dst = wbuf_reserve(b, (size_t)n + 1);
	if (!dst)
		return;
	va_start(ap, fmt);
	vsnprintf((char *)dst, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void wbuf_patch_u32(struct wbuf *b, size_t off, uint32_t v)
{
	if (b->failed || off + 4 > b->len)
		return;
	for (int i = 0; i < 4; i++)
		b->data[off + i] = (uint8_t)(v >> (8 * i));
}

void rbuf_init(struct rbuf *r, const void *data, size_t len)
{
	r->data = data;
	r->len = len;
	r->off = 0;
}

int rbuf_get_bytes(struct rbuf *r, size_t n, const uint8_t **p)
{
	if (n > rbuf_left(r))
		return -1;
	*p = r->data + r->off;
	r->off += n;
	return 0;
}

int rbuf_get_until(struct rbuf *r, uint8_t stop, const uint8_t **p, size_t *n)
{
	if (rbuf_left(r) == 0)
		return -1;
	const uint8_t *start = r->data + r->off;
	const uint8_t *end = memchr(start, stop, rbuf_left(r));
	if (!end)
		return -1;
	*p = start;
	*n = (size_t)(end - start);
	r->off += *n + 1;
	return 0;
}

int rbuf_get_varint(struct rbuf *r, uint64_t *v)
{
	size_t saved = r->off;
	uint8_t c;
	if (rbuf_get_u8(r, &c) < 0)
		return -1;
	uint64_t x = c & 127u;
	while (c & 128u) {
		/* (x + 1) << 7 must still fit in 64 bits. */
		if (x >= UINT64_MAX >> 7 || rbuf_get_u8(r, &c) < 0) {
			r->off = saved;
			return -1;
		}
		x = (x + 1) << 7 | (c & 127u);
	}
	*v = x;
	return 0;
}

int rbuf_get_f64(struct rbuf *r, double *v)
{
	uint64_t bits;
	if (rbuf_get_u64(r, &bits) < 0)
		return -1;
	memcpy(v, &bits, sizeof(*v));
	return 0;
}

int rbuf_get_str(struct rbuf *r, size_t max, char **out)
{
	uint32_t n;
	const uint8_t *p;
	size_t saved = r->off;

	*out = NULL;
	if (rbuf_get_u32(r, &n) < 0 || n > max || rbuf_get_bytes(r, n, &p) < 0
	    || memchr(p, 0, n)) {
		r->off = saved;
		return -1;
	}
	char *s = core_malloc((size_t)n + 1);
	if (!s) {
		r->off = saved;
		return -1;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	*out = s;
	return 0;
}
