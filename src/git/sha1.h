/*
 * sha1.h - SHA-1 (FIPS 180-4) and git's blob id over it, without collision detection.
 *
 * The cache is keyed by git blob ids, which git and libgit2 compute with SHA-1 hardened
 * against collision attacks (SHA1DC); only libgit2 has that here, and loading libgit2
 * costs a small run more than everything else it does. This plain SHA-1 equals the
 * hardened one for every content but a collision attack's; a key it makes that no id of
 * git's confirms comes with a digest of the bytes (keys.h says why that is safe).
 */
#ifndef ASSAY_GIT_SHA1_H
#define ASSAY_GIT_SHA1_H

#include <stddef.h>
#include <stdint.h>

#include "git/mdhash.h"

struct sha1 {
	uint32_t h[5];
	struct mdhash md;
};

void sha1_init(struct sha1 *s);
/* SHA-1's initial state, into h. */
void sha1_start(uint32_t h[5]);
/* The compression sha1_update uses: the x86 SHA extensions' when the processor has them
 * (sha1_x86.c), else the portable code; both are here for the tests. sha_x86_available()
 * says whether it has them (SHA-1's and SHA-256's come together). */
typedef void sha1_compress_fn(uint32_t h[5], const uint8_t *p, size_t nblocks);
sha1_compress_fn *sha1_compression(void);
void sha1_portable_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks);
int sha_x86_available(void);
void sha1_x86_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks);
void sha1_update(struct sha1 *s, const void *data, size_t len);
void sha1_final(struct sha1 *s, uint8_t digest[20]);
/* The header git hashes before a blob's bytes, "blob <len>\0", into head; its length
 * with the NUL. */
int blob_header(size_t len, char head[32]);
/* git's id of a blob of these bytes: SHA-1 of "blob <len>\0" and the bytes. */
void sha1_blob_id(const uint8_t *data, size_t len, uint8_t digest[20]);

#endif
