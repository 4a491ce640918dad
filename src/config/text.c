/*
 * text.c - the small text helpers the configuration reader shares (see text.h). Like the
 * rest of config/, they allocate with malloc and report failure rather than exit: the
 * reader is fuzzed as a library.
 */
#include "config/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/languages.h"
#include "util/suggest.h"

int text_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int text_is_alnum(int c)
{
	return text_is_alpha(c) || (c >= '0' && c <= '9');
}

int text_is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

int text_to_lower(int c)
{
	return text_is_upper(c) ? c + ('a' - 'A') : c;
}

/* git's isspace() outside quotes: the newline never reaches the callers of this. */
int text_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int text_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

char *text_copy(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

char *text_copy_lower(const char *s)
{
	char *p = text_copy(s);
	for (char *q = p; q && *q; q++)
		*q = (char)text_to_lower((unsigned char)*q);
	return p;
}

int text_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (text_to_lower((unsigned char)*a) != text_to_lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

/* Grows *items (of size bytes each) to hold need; 0, or -1 when out of memory. */
int text_grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 8;
	while (n < need)
		n *= 2;
	void *p = realloc(*items, n * size);
	if (!p)
		return -1;
	*items = p;
	*cap = n;
	return 0;
}

/*
 * Copies untrusted text into out for an error message or a listing: printable ASCII as
 * is, any other byte as \xNN (a hostile file must not put escape sequences on a
 * terminal), cut after max bytes of input with "...".
 */
void text_printable(const char *s, size_t max, char *out, size_t len)
{
	size_t o = 0;
	if (!len)
		return;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char piece[8];
		if (i == max)
			snprintf(piece, sizeof(piece), "...");
		else if (c >= 0x20 && c < 0x7f)
			snprintf(piece, sizeof(piece), "%c", c);
		else
			snprintf(piece, sizeof(piece), "\\x%02x", c);
		size_t n = strlen(piece);
		if (o + n >= len)
			break;
		memcpy(out + o, piece, n);
		o += n;
		if (i == max)
			break;
	}
	out[o] = '\0';
}

/* A decimal number of seconds up to max, to the millisecond: digits, then at most one '.'
 * and up to three more digits. strtod would also take signs, exponents, "inf" and "nan". */
int text_seconds(const char *s, double max, double *out)
{
	double whole = 0, frac = 0, scale = 1;
	int digits = 0, point = 0;
	for (; *s; s++) {
		if (*s == '.' && !point) {
			point = 1;
		} else if (*s >= '0' && *s <= '9' && (!point || scale > 1e-3)) {
			digits++;
			if (point)
				frac += (*s - '0') * (scale /= 10);
			else if ((whole = whole * 10 + (*s - '0')) > max)
				return -1;
		} else {
			return -1;
		}
	}
	if (!digits || whole + frac > max)
		return -1;
	*out = whole + frac;
	return 0;
}

/* 1 when s starts with prefix (lower case), ignoring ASCII case. */
static int starts_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (text_to_lower((unsigned char)*s) != *prefix)
			return 0;
	return 1;
}

const char *text_source_url_refusal(const char *t)
{
	if (!starts_nocase(t, "https://") && !starts_nocase(t, "http://"))
		return "links must be http:// or https://";
	for (const unsigned char *c = (const unsigned char *)t; *c; c++)
		if (*c <= ' ' || *c == 0x7f || strchr("\"'<>\\`", *c))
			return "no space, quote, angle bracket, backslash or control character";
	return NULL;
}

int text_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t x = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	if (p == s)
		return -1;
	int shift = 0;
	switch (text_to_lower((unsigned char)*p)) {
	case 'k': shift = 10; break;
	case 'm': shift = 20; break;
	case 'g': shift = 30; break;
	case 't': shift = 40; break;
	case '\0': break;
	default: return -1;
	}
	if ((shift && p[1]) || x > (UINT64_MAX >> shift))
		return -1;
	x <<= shift;
	if (x < min || x > max)
		return -1;
	*out = x;
	return 0;
}

const char *text_language_hint(const char *word)
{
	static char hint[64];
	struct suggest s;
	suggest_init(&s, word);
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++)
		suggest_offer(&s, language_info((enum lang_id)i)->name);
	const char *best = suggest_best(&s);
	snprintf(hint, sizeof(hint), "%s%s%s", best ? "did you mean " : "", best ? best : "",
		 best ? "? " : "");
	return hint;
}
