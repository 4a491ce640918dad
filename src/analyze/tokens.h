/*
 * tokens.h - distinct-token sets for Halstead's n1 and n2: open addressing over 64-bit
 * token hashes, kept at most half full. token_set_add is inline: the walker calls it for
 * every token of the file, twice inside a unit.
 */
#ifndef ASSAY_ANALYZE_TOKENS_H
#define ASSAY_ANALYZE_TOKENS_H

#include <stdint.h>

#include "common/record.h"

/* Distinct-token set for Halstead n1/n2: open addressing over 64-bit token hashes. */
struct token_set {
	uint64_t *keys;
	uint32_t cap, count;
	struct halstead hal;
};

void token_set_free(struct token_set *s);
/* Doubles the table (64 slots the first time) and rehashes the keys into it; returns -1
 * on allocation failure, leaving the set as it was. */
int token_set_grow(struct token_set *s);

/* Adds a token occurrence; returns -1 on allocation failure. The table is kept at most
 * half full. */
static inline int token_set_add(struct token_set *s, uint64_t h, int operand)
{
	uint64_t key = operand ? h ^ 0x9e3779b97f4a7c15ull : h;
	if (key == 0)
		key = 1;
	if (operand)
		s->hal.N2++;
	else
		s->hal.N1++;
	if ((s->count + 1) * 2 > s->cap && token_set_grow(s) < 0)
		return -1;
	uint32_t j = (uint32_t)key & (s->cap - 1);
	while (s->keys[j]) {
		if (s->keys[j] == key)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->keys[j] = key;
	s->count++;
	if (operand)
		s->hal.n2++;
	else
		s->hal.n1++;
	return 0;
}

#endif
