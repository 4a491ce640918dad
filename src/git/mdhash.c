/*
 * mdhash.c - the buffering and padding SHA-1 and SHA-256 share (see mdhash.h).
 */
#include "git/mdhash.h"

#include <string.h>

void mdhash_update(struct mdhash *m, mdhash_compress *compress, void *state, const void *data,
		   size_t len)
{
	const uint8_t *p = data;
	size_t held = (size_t)(m->bytes % 64);
	m->bytes += len;
	if (held && len) {
		size_t take = 64 - held < len ? 64 - held : len;
		memcpy(m->block + held, p, take);
		p += take;
		len -= take;
		if (held + take < 64)
			return;
		compress(state, m->block, 1);
	}
	if (len >= 64)
		compress(state, p, len / 64);
	if (len % 64)
		memcpy(m->block, p + (len - len % 64), len % 64);
}

void mdhash_finish(struct mdhash *m, mdhash_compress *compress, void *state)
{
	uint64_t bits = m->bytes * 8;
	uint8_t pad[72] = { 0x80 };
	size_t held = (size_t)(m->bytes % 64);
	size_t npad = (held < 56 ? 56 : 120) - held;	/* then the 8-byte length */
	for (unsigned i = 0; i < 8; i++)
		pad[npad + i] = (uint8_t)(bits >> (56 - 8 * i));
	mdhash_update(m, compress, state, pad, npad + 8);
}

void mdhash_words_out(const uint32_t *h, unsigned n, uint8_t *out)
{
	for (unsigned i = 0; i < n; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}
