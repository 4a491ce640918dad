/*
 * sha1_x86.c - SHA-1's compression on the x86 SHA extensions (see sha1.h).
 *
 * Keying a tree that is not in git hashes every byte of it twice (SHA-1 for the key,
 * SHA-256 for the digest): on the kernel's fs/ (41 MB) the portable SHA-1 was a fifth of
 * the supervisor's time filling a cache. The SHA extensions (sha1rnds4 runs four rounds,
 * sha1nexte derives the next E, sha1msg1 and sha1msg2 extend the message schedule) do the
 * same work several times faster where the processor has them; sha1.c asks
 * sha_x86_available() once and otherwise keeps its portable compression. SHA-256's
 * instructions come with SHA-1's (one CPUID bit): sha256_x86.c asks the same.
 *
 * Register layout, as the instructions want it: A, B, C, D in the dwords 3 to 0 of one
 * register, E in dword 3 of another, and each group of four message words with the first
 * in dword 3 (the block's bytes reversed as a whole, which also makes each word big-endian).
 */
#include "git/sha1.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

int sha_x86_available(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & bit_SHA) != 0;
}

#define SHA1_TARGET __attribute__((target("sha,ssse3,sse4.1")))

/* The schedule's next group of four words from the four before it:
 * w[t] = rotl1(w[t-3] ^ w[t-8] ^ w[t-14] ^ w[t-16]). */
SHA1_TARGET static __m128i next_words(__m128i w16, __m128i w12, __m128i w8, __m128i w4)
{
	return _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(w16, w12), w8), w4);
}

/* Four rounds: the message group w, the E derived from the state before the previous four
 * rounds (prev), and the round function f (an immediate, hence a macro). */
#define FOUR_ROUNDS(f, w)                                   \
	do {                                                \
		__m128i e_ = _mm_sha1nexte_epu32(prev, (w)); \
		prev = abcd;                                \
		abcd = _mm_sha1rnds4_epu32(abcd, e_, (f));  \
	} while (0)

SHA1_TARGET void sha1_x86_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks)
{
	const __m128i reverse = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	__m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0x1b);
	__m128i e = _mm_set_epi32((int)h[4], 0, 0, 0);
	for (; nblocks > 0; nblocks--, p += 64) {
		const __m128i abcd_in = abcd, e_in = e;
		__m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), reverse);
		__m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), reverse);
		__m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), reverse);
		__m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), reverse);
		/* Rounds 0-3 take E itself; every later group derives it (sha1nexte). */
		__m128i prev = abcd;
		abcd = _mm_sha1rnds4_epu32(abcd, _mm_add_epi32(e, w0), 0);
		FOUR_ROUNDS(0, w1);
		FOUR_ROUNDS(0, w2);
		FOUR_ROUNDS(0, w3);
		/* Rounds 16-79: five groups of four per round function, the schedule kept as
		 * the last four groups (w0 the oldest). */
#define NEXT_GROUP(f)                                     \
	do {                                              \
		__m128i w_ = next_words(w0, w1, w2, w3);  \
		w0 = w1;                                  \
		w1 = w2;                                  \
		w2 = w3;                                  \
		w3 = w_;                                  \
		FOUR_ROUNDS(f, w3);                       \
	} while (0)
#define FIVE_GROUPS(f)              \
	do {                        \
		NEXT_GROUP(f);      \
		NEXT_GROUP(f);      \
		NEXT_GROUP(f);      \
		NEXT_GROUP(f);      \
		NEXT_GROUP(f);      \
	} while (0)
		NEXT_GROUP(0);	/* rounds 16-19 */
		FIVE_GROUPS(1);	/* rounds 20-39 */
		FIVE_GROUPS(2);	/* rounds 40-59 */
		FIVE_GROUPS(3);	/* rounds 60-79 */
#undef FIVE_GROUPS
#undef NEXT_GROUP
		/* The state after round 79 plus the state before round 0; E from the state
		 * before rounds 76-79. */
		e = _mm_sha1nexte_epu32(prev, e_in);
		abcd = _mm_add_epi32(abcd, abcd_in);
	}
	_mm_storeu_si128((__m128i *)h, _mm_shuffle_epi32(abcd, 0x1b));
	h[4] = (uint32_t)_mm_extract_epi32(e, 3);
}

#else

int sha_x86_available(void)
{
	return 0;
}

void sha1_x86_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks)
{
	(void)h;
	(void)p;
	(void)nblocks;
}

#endif
