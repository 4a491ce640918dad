/*
 * sha256_x86.c - SHA-256's compression on the x86 SHA extensions (see sha256.h).
 *
 * sha256rnds2 runs two rounds from the state and two words of message plus round
 * constant; sha256msg1 and sha256msg2 extend the message schedule four words at a time.
 * sha256.c asks sha_x86_available() (sha1_x86.c) once and otherwise keeps its portable
 * compression.
 *
 * Register layout, as the instructions want it: the state as A, B, E, F and C, D, G, H,
 * each in the dwords 3 to 0 of a register; each group of four message words with the
 * first in dword 0 (each word's bytes reversed, the words kept in order).
 */
#include "git/sha256.h"

/* The round constants: the first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes (FIPS 180-4, 4.2.2); here, where both compressions reach them
 * (sha256.c depends on this file already). */
const uint32_t sha256_k[64] = {
	0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
	0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
	0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
	0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
	0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
	0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
	0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
	0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
	0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
	0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
	0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define SHA256_TARGET __attribute__((target("sha,ssse3,sse4.1")))

/* Four rounds over the message group w, whose first word is round t's. After two rounds
 * the state's C, D, G, H are what A, B, E, F were before them: the two registers trade
 * places at each sha256rnds2. */
SHA256_TARGET static void four_rounds(__m128i *abef, __m128i *cdgh, __m128i w, unsigned t)
{
	__m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&sha256_k[t]));
	*cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
	*abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(wk, 0x0e));
}

/* The schedule's next four words from the sixteen before them (w0 the oldest group):
 * w[t] = s1(w[t-2]) + w[t-7] + s0(w[t-15]) + w[t-16]. */
SHA256_TARGET static __m128i next_words(__m128i w0, __m128i w1, __m128i w2, __m128i w3)
{
	__m128i w7 = _mm_alignr_epi8(w3, w2, 4);	/* w[t-7] to w[t-4] */
	return _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), w7), w3);
}

SHA256_TARGET static __m128i load_words(const uint8_t *p)
{
	const __m128i swap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
	return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), swap);
}

SHA256_TARGET void sha256_x86_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	__m128i abef = _mm_set_epi32((int)h[0], (int)h[1], (int)h[4], (int)h[5]);
	__m128i cdgh = _mm_set_epi32((int)h[2], (int)h[3], (int)h[6], (int)h[7]);
	for (; nblocks > 0; nblocks--, p += 64) {
		const __m128i abef_in = abef, cdgh_in = cdgh;
		__m128i w0 = load_words(p), w1 = load_words(p + 16);
		__m128i w2 = load_words(p + 32), w3 = load_words(p + 48);
		four_rounds(&abef, &cdgh, w0, 0);
		four_rounds(&abef, &cdgh, w1, 4);
		four_rounds(&abef, &cdgh, w2, 8);
		four_rounds(&abef, &cdgh, w3, 12);
		for (unsigned t = 16; t < 64; t += 4) {
			__m128i w = next_words(w0, w1, w2, w3);
			w0 = w1;
			w1 = w2;
			w2 = w3;
			w3 = w;
			four_rounds(&abef, &cdgh, w, t);
		}
		abef = _mm_add_epi32(abef, abef_in);
		cdgh = _mm_add_epi32(cdgh, cdgh_in);
	}
	h[0] = (uint32_t)_mm_extract_epi32(abef, 3);
	h[1] = (uint32_t)_mm_extract_epi32(abef, 2);
	h[4] = (uint32_t)_mm_extract_epi32(abef, 1);
	h[5] = (uint32_t)_mm_extract_epi32(abef, 0);
	h[2] = (uint32_t)_mm_extract_epi32(cdgh, 3);
	h[3] = (uint32_t)_mm_extract_epi32(cdgh, 2);
	h[6] = (uint32_t)_mm_extract_epi32(cdgh, 1);
	h[7] = (uint32_t)_mm_extract_epi32(cdgh, 0);
}

#else

void sha256_x86_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	(void)h;
	(void)p;
	(void)nblocks;
}

#endif
