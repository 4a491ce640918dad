/*
 * sha256.c - SHA-256 as FIPS 180-4 (section 6.2) gives it, and a blob's two ids in one
 * pass (see sha256.h).
 */
#include "git/sha256.h"

#include <pthread.h>
#include <string.h>

#include "git/mdhash.h"
#include "git/sha1.h"

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* The schedule's word t (16 and on) from the 16 before it, kept in w modulo 16. */
static uint32_t next_word(const uint32_t w[16], unsigned t)
{
	uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
	uint32_t s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3);
	uint32_t s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10);
	return w[t & 15] + s0 + w[(t - 7) & 15] + s1;
}

/* The compression function over one 64-byte block; v holds a to h. */
static void compress(uint32_t h[8], const uint8_t *block)
{
	uint32_t w[16], v[8];
	for (unsigned t = 0; t < 16; t++)
		w[t] = mdhash_be32(block + 4 * t);
	memcpy(v, h, sizeof(v));
	for (unsigned t = 0; t < 64; t++) {
		if (t >= 16)
			w[t & 15] = next_word(w, t);
		uint32_t e = v[4], a = v[0];
		uint32_t t1 = v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25))
			      + ((e & v[5]) ^ (~e & v[6])) + sha256_k[t] + w[t & 15];
		uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22))
			      + ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (unsigned i = 0; i < 8; i++)
		h[i] += v[i];
}

void sha256_portable_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	for (; nblocks > 0; nblocks--, p += 64)
		compress(h, p);
}

/* The compression sha256_blocks uses, chosen once. */
static void (*blocks)(uint32_t h[8], const uint8_t *p, size_t nblocks);
static pthread_once_t blocks_chosen = PTHREAD_ONCE_INIT;

static void choose_blocks(void)
{
	blocks = sha_x86_available() ? sha256_x86_blocks : sha256_portable_blocks;
}

static void compress_state(void *state, const uint8_t *p, size_t nblocks)
{
	blocks(state, p, nblocks);
}

static void sha256_start(uint32_t h[8])
{
	pthread_once(&blocks_chosen, choose_blocks);
	/* The first 32 bits of the fractional parts of the square roots of the first 8
	 * primes (FIPS 180-4, 5.3.3). */
	static const uint32_t start[8] = { 0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
					   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u };
	memcpy(h, start, sizeof(start));
}

void sha256_digest(const void *data, size_t len, uint8_t digest[32])
{
	uint32_t h[8];
	struct mdhash md = { .bytes = 0 };
	sha256_start(h);
	mdhash_update(&md, compress_state, h, data, len);
	mdhash_finish(&md, compress_state, h);
	mdhash_words_out(h, 8, digest);
}

/* Both hashes' states over one message, and SHA-1's compression. */
struct both {
	uint32_t sha1[5];
	uint32_t sha256[8];
	sha1_compress_fn *sha1_blocks;
};

/* Each block to SHA-1, then to SHA-256: one block at a time, so that the processor runs
 * the two (independent) chains of rounds side by side. */
static void compress_both(void *state, const uint8_t *p, size_t nblocks)
{
	struct both *b = state;
	for (; nblocks > 0; nblocks--, p += 64) {
		b->sha1_blocks(b->sha1, p, 1);
		blocks(b->sha256, p, 1);
	}
}

void blob_ids(const uint8_t *data, size_t len, uint8_t sha1[20], uint8_t sha256[32])
{
	struct both b = { .sha1_blocks = sha1_compression() };
	struct mdhash md = { .bytes = 0 };
	char head[32];
	sha1_start(b.sha1);
	sha256_start(b.sha256);
	mdhash_update(&md, compress_both, &b, head, (size_t)blob_header(len, head));
	mdhash_update(&md, compress_both, &b, data, len);
	mdhash_finish(&md, compress_both, &b);
	mdhash_words_out(b.sha1, 5, sha1);
	mdhash_words_out(b.sha256, 8, sha256);
}
