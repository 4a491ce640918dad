/*
 * sha256.h - SHA-256 (FIPS 180-4), and a blob's SHA-1 and SHA-256 ids in one pass.
 *
 * Every content assay reads for the cache gets, besides its git blob id (SHA-1, keys.h),
 * a digest that no collision attack reaches: the SHA-256 of the same message, "blob
 * <len>\0" and the bytes, which is the blob's id in a repository of git's SHA-256 object
 * format. blob_ids() gives each 64-byte block to both hashes in turn: with the x86 SHA
 * extensions the two compressions' rounds then overlap in the processor, and both ids
 * cost little more than SHA-256 alone (on the bench host, 1.65 GB/s for the two against
 * 2.06 for SHA-256 alone, 2.20 for SHA-1 alone, 0.76 for libsodium's BLAKE2b, the digest
 * before, and 0.56 for SHA-1 then BLAKE2b).
 */
#ifndef ASSAY_GIT_SHA256_H
#define ASSAY_GIT_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* The SHA-256 of len bytes (for the tests: assay hashes blobs, with blob_ids). */
void sha256_digest(const void *data, size_t len, uint8_t digest[32]);
/* SHA-256 compresses with the x86 SHA extensions when the processor has them
 * (sha256_x86.c, sha_x86_available()), else with the portable code; both are here for the
 * tests. */
void sha256_portable_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);
void sha256_x86_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);
/* The 64 round constants, for both compressions (sha256_x86.c). */
extern const uint32_t sha256_k[64];

/* The SHA-1 (git's blob id) and the SHA-256 of "blob <len>\0" and the bytes. */
void blob_ids(const uint8_t *data, size_t len, uint8_t sha1[20], uint8_t sha256[32]);

#endif
