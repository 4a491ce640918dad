/*
 * sha1.c - SHA-1 as FIPS 180-4 (section 6.1) gives it (see sha1.h).
 */
#include "git/sha1.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "git/mdhash.h"

static uint32_t rotl(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* One round group's function of b, c, d and its constant, for round t. */
static uint32_t mix(unsigned t, uint32_t b, uint32_t c, uint32_t d)
{
	if (t < 20)
		return ((b & c) | (~b & d)) + 0x5a827999u;
	if (t < 40)
		return (b ^ c ^ d) + 0x6ed9eba1u;
	if (t < 60)
		return ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdcu;
	return (b ^ c ^ d) + 0xca62c1d6u;
}

/* The compression function over one 64-byte block; the schedule kept as 16 words. */
static void compress(uint32_t h[5], const uint8_t *block)
{
	uint32_t w[16];
	for (unsigned t = 0; t < 16; t++)
		w[t] = mdhash_be32(block + 4 * t);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (unsigned t = 0; t < 80; t++) {
		if (t >= 16)
			w[t & 15] = rotl(w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15]
					 ^ w[t & 15], 1);
		uint32_t next = rotl(a, 5) + mix(t, b, c, d) + e + w[t & 15];
		e = d;
		d = c;
		c = rotl(b, 30);
		b = a;
		a = next;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_portable_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks)
{
	for (; nblocks > 0; nblocks--, p += 64)
		compress(h, p);
}

/* The compression sha1_update uses, chosen once. */
static sha1_compress_fn *blocks;
static pthread_once_t blocks_chosen = PTHREAD_ONCE_INIT;

static void choose_blocks(void)
{
	blocks = sha_x86_available() ? sha1_x86_blocks : sha1_portable_blocks;
}

sha1_compress_fn *sha1_compression(void)
{
	pthread_once(&blocks_chosen, choose_blocks);
	return blocks;
}

static void compress_state(void *state, const uint8_t *p, size_t nblocks)
{
	blocks(state, p, nblocks);
}

void sha1_start(uint32_t h[5])
{
	pthread_once(&blocks_chosen, choose_blocks);
	static const uint32_t start[5] = { 0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u,
					   0xc3d2e1f0u };
	memcpy(h, start, sizeof(start));
}

void sha1_init(struct sha1 *s)
{
	sha1_start(s->h);
	s->md.bytes = 0;
}

void sha1_update(struct sha1 *s, const void *data, size_t len)
{
	mdhash_update(&s->md, compress_state, s->h, data, len);
}

void sha1_final(struct sha1 *s, uint8_t digest[20])
{
	mdhash_finish(&s->md, compress_state, s->h);
	mdhash_words_out(s->h, 5, digest);
}

int blob_header(size_t len, char head[32])
{
	return snprintf(head, 32, "blob %zu", len) + 1;	/* with its NUL */
}

void sha1_blob_id(const uint8_t *data, size_t len, uint8_t digest[20])
{
	char head[32];
	struct sha1 s;
	sha1_init(&s);
	sha1_update(&s, head, (size_t)blob_header(len, head));
	sha1_update(&s, data, len);
	sha1_final(&s, digest);
}
