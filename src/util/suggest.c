/*
 * suggest.c - the nearest candidate to a mistyped word (see suggest.h): the optimal string
 * alignment distance (Damerau-Levenshtein without repeated edits of one substring), over
 * words folded so that `--working_threads` and `--Working-Threads` are the same word.
 */
#include "util/suggest.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Candidates are short (options, keys, names): longer words are cut here. */
#define WORD_MAX 64

static size_t fold(const char *w, char *out)
{
	size_t n = 0;
	for (; n < WORD_MAX && w[n]; n++)
		out[n] = w[n] == '_' ? '-' : (char)tolower((unsigned char)w[n]);
	return n;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b)
{
	char x[WORD_MAX], y[WORD_MAX];
	size_t n = fold(a, x), m = fold(b, y);
	/* Three rows of the dynamic programme: i-2, i-1 and i. */
	size_t rows[3][WORD_MAX + 1];
	for (size_t j = 0; j <= m; j++)
		rows[1][j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t *cur = rows[(i + 1) % 3], *prev = rows[i % 3], *prev2 = rows[(i + 2) % 3];
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = x[i - 1] != y[j - 1];
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]
			    && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
	}
	return rows[(n + 1) % 3][m];
}

void suggest_init(struct suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->distance = SIZE_MAX;
}

/* Whether word is the start of candidate, or its last part after a '.' or ':' (a
 * function's name without its class), folded. */
static int part_of(const char *word, const char *candidate)
{
	char w[WORD_MAX], c[WORD_MAX];
	size_t n = fold(word, w), m = fold(candidate, c);
	if (n < 3 || n >= m)
		return 0;
	if (memcmp(w, c, n) == 0)
		return 1;
	return memcmp(w, c + m - n, n) == 0 && (c[m - n - 1] == '.' || c[m - n - 1] == ':');
}

void suggest_offer(struct suggest *s, const char *candidate)
{
	size_t d = suggest_distance(s->word, candidate);
	if (d > 0 && part_of(s->word, candidate))
		d = 1;	/* a prefix or a last part: as near as one typo */
	if (d < s->distance) {
		s->distance = d;
		s->best = candidate;
	}
}

const char *suggest_best(const struct suggest *s)
{
	size_t len = strlen(s->word);
	size_t allowed = len / 3 > 1 ? len / 3 : 1;
	return s->best && s->distance <= allowed ? s->best : NULL;
}

const char *suggest_among(const char *word, const char *const *list)
{
	struct suggest s;
	suggest_init(&s, word);
	for (size_t i = 0; list[i]; i++)
		suggest_offer(&s, list[i]);
	return suggest_best(&s);
}

const char *suggest_hint(char *buf, size_t len, const char *prefix, const char *word,
			 const char *const *list)
{
	const char *near = suggest_among(word, list);
	if (!near)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "did you mean `%s %s`? ", prefix, near);
	return buf;
}
