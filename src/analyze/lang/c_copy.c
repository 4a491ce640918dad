/*
 * c_copy.c - the repaired copy of a C or C++ source (see c_repair.h): made on the first
 * change, blanked byte by byte with its line breaks kept, so every token keeps its line
 * and column.
 */
#include "analyze/lang/c_repair.h"

#include <stdlib.h>
#include <string.h>

int c_repair_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 64;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

char *c_repair_copy(struct repair *r)
{
	if (!r->text && !r->oom) {
		r->text = malloc(r->len + 1);
		if (r->text) {
			memcpy(r->text, r->src, r->len);
			r->text[r->len] = '\0';
		}
		r->oom = !r->text;
	}
	return r->text;
}

void c_repair_blank(struct repair *r, uint32_t a, uint32_t b)
{
	char *t = c_repair_copy(r);
	for (uint32_t i = a; t && i < b && i < r->len; i++)
		if (t[i] != '\n' && t[i] != '\r')
			t[i] = ' ';
}
