/*
 * tokens.c - growing and freeing distinct-token sets (see tokens.h).
 */
#include "analyze/tokens.h"

#include <stdlib.h>
#include <string.h>

void token_set_free(struct token_set *s)
{
	free(s->keys);
	memset(s, 0, sizeof(*s));
}

int token_set_grow(struct token_set *s)
{
	uint32_t ncap = s->cap ? s->cap * 2 : 64;
	uint64_t *nk = calloc(ncap, sizeof(*nk));
	if (!nk)
		return -1;
	for (uint32_t i = 0; i < s->cap; i++) {
		if (!s->keys[i])
			continue;
		uint32_t j = (uint32_t)s->keys[i] & (ncap - 1);
		while (nk[j])
			j = (j + 1) & (ncap - 1);
		nk[j] = s->keys[i];
	}
	free(s->keys);
	s->keys = nk;
	s->cap = ncap;
	return 0;
}
