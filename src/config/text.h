/*
 * text.h - small text helpers of the configuration reader (config/syntax.c,
 * config/settings.c): ASCII classes, copies, case-folding, growth, printable excerpts.
 */
#ifndef ASSAY_CONFIG_TEXT_H
#define ASSAY_CONFIG_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* NULL when t may be the HTML report's --source-url template ([report] sourceUrl):
 * http:// or https://, and no space, quote, angle bracket, backslash or control
 * character; else why not. */
const char *text_source_url_refusal(const char *t);

/* "did you mean X? " for a mistyped language name (the nearest language assay reads), or
 * "" when none is near (a static buffer: one message at a time). */
const char *text_language_hint(const char *word);

/* ASCII classes, whatever the locale. */
int text_is_alpha(int c);
int text_is_alnum(int c);
int text_is_upper(int c);
int text_to_lower(int c);
int text_is_space(int c);
int text_is_blank(int c);
/* malloc copies; NULL when out of memory (or s is NULL). */
char *text_copy(const char *s);
char *text_copy_lower(const char *s);
/* 1 when a and b are equal but for ASCII case. */
int text_equal_nocase(const char *a, const char *b);
/* Grows *items (of size bytes each) to hold need; 0, or -1 when out of memory. */
int text_grow(void **items, size_t *cap, size_t need, size_t size);
/* Copies untrusted text into out for an error message or a listing: printable ASCII as
 * is, any other byte as \xNN (a hostile file must not put escape sequences on a
 * terminal), cut after max bytes of input with "...". */
void text_printable(const char *s, size_t max, char *out, size_t len);
/* A size in bytes: decimal digits and at most one suffix K, M, G or T (either case,
 * powers of 1024), from min to max: 0 with *out, or -1 for anything else (a sign, a
 * space, two suffixes, an overflow). */
int text_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* A decimal number of seconds ("5", "0.5", ".25"; no sign, exponent or words) up to max,
 * with at most millisecond precision: 0, or -1 for anything else. */
int text_seconds(const char *s, double max, double *out);

#endif
