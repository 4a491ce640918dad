/*
 * suggest.h - "did you mean ...?": the candidate nearest to a mistyped word (an option, a
 * command, a configuration key, a metric, a language, a function's name).
 *
 *   struct suggest s;
 *   suggest_init(&s, word);
 *   for each candidate: suggest_offer(&s, candidate);
 *   const char *best = suggest_best(&s);   // NULL: nothing near enough
 */
#ifndef ASSAY_UTIL_SUGGEST_H
#define ASSAY_UTIL_SUGGEST_H

#include <stddef.h>

struct suggest {
	const char *word;
	const char *best;	/* the nearest candidate offered so far */
	size_t distance;	/* its distance */
};

void suggest_init(struct suggest *s, const char *word);
/* Offers a candidate (it must outlive the struct). */
void suggest_offer(struct suggest *s, const char *candidate);
/* The nearest candidate when it is near enough to be what was meant: within one edit per
 * three characters of the word (at least one), or the word is a prefix of it or ends it
 * (`send` for `res.send`); NULL otherwise. */
const char *suggest_best(const struct suggest *s);
/* The word of list (NULL-terminated) nearest to word, as suggest_best decides; NULL
 * when none is near. */
const char *suggest_among(const char *word, const char *const *list);
/* "did you mean `PREFIX NEAR`? " for the word of list nearest to word (suggest_among), or
 * "" when none is near: into buf (len bytes), which it returns. */
const char *suggest_hint(char *buf, size_t len, const char *prefix, const char *word,
			 const char *const *list);
/* The distance between two words: insertions, deletions, substitutions and swaps of two
 * neighbours, each one edit; case, '_' and '-' are not told apart. */
size_t suggest_distance(const char *a, const char *b);

#endif
