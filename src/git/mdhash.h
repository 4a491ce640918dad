/*
 * mdhash.h - what SHA-1 and SHA-256 share (FIPS 180-4, 5.1.1 and 5.2.1): whole 64-byte
 * blocks go to the hash's compression as they come, the rest waits in a buffer, and the
 * message ends with a 1 bit, zeros, and its length in bits, big-endian, filling a block.
 */
#ifndef ASSAY_GIT_MDHASH_H
#define ASSAY_GIT_MDHASH_H

#include <stddef.h>
#include <stdint.h>

struct mdhash {
	uint64_t bytes;		/* hashed so far */
	uint8_t block[64];	/* the partial block: bytes % 64 of them */
};

static inline uint32_t mdhash_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A hash's compression over nblocks whole blocks, its state as the caller keeps it. */
typedef void mdhash_compress(void *state, const uint8_t *p, size_t nblocks);

void mdhash_update(struct mdhash *m, mdhash_compress *compress, void *state, const void *data,
		   size_t len);
/* The padding and length, compressed: state then holds the digest's words. */
void mdhash_finish(struct mdhash *m, mdhash_compress *compress, void *state);
/* n words, big-endian, into out (4n bytes): how both hashes give their digests. */
void mdhash_words_out(const uint32_t *h, unsigned n, uint8_t *out);

#endif
