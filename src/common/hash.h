/*
 * hash.h - the 64-bit hash behind token identity (Halstead) and unit body hashes.
 *
 * Not cryptographic: body hashes only need to change when a unit's token stream
 * changes. The mixing follows the usual multiply-xorshift finaliser; the constants are
 * the well-known 64-bit golden-ratio and splitmix64 multipliers.
 */
#ifndef ASSAY_ANALYZE_HASH_H
#define ASSAY_ANALYZE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t hash64_finish(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h;
}

/* A path's hash, the same on every machine whatever its byte order: FNV-1a over its bytes,
 * then mixed (which shard a file is in, where the remote cache's groups end). */
static inline uint64_t hash_path(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 33);
}

/* Combines a running hash with the next value (order matters). */
static inline uint64_t hash64_mix(uint64_t h, uint64_t v)
{
	return hash64_finish(h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2)));
}

/* Eight bytes as a little-endian number, whatever the machine's byte order (one load
 * where it is little-endian). */
static inline uint64_t hash_load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16
	       | (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40
	       | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/* The bytes' hash, the same on every machine: body hashes are kept in baselines and
 * shard reports, which may be written on one machine and read on another. */
static inline uint64_t hash64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)len;
	while (len >= 8) {
		h = hash64_mix(h, hash_load_le64(p));
		p += 8;
		len -= 8;
	}
	uint64_t tail = 0;
	for (size_t i = 0; i < len; i++)
		tail |= (uint64_t)p[i] << (8 * i);
	return hash64_mix(h, tail);
}

#endif
