/*
 * suppress.c - reading suppression comments (see suppress.h). The text is untrusted: the
 * scan is bounded by len and never reads past it.
 */
#include "analyze/suppress.h"

#include <string.h>

static const char *const metric_names[] = { "ccn", "cognitive", "nesting", "params", "nloc",
					    "length", "tokens", "exits" };

static const char *find(const char *text, size_t len, const char *needle)
{
	return memmem(text, len, needle, strlen(needle));
}

/* The metric named by text[0..n), or -1. lizard's names are accepted too. */
static int metric_bit(const char *name, size_t n)
{
	static const struct {
		const char *alias;
		int metric;
	} aliases[] = { { "cyclomatic_complexity", 0 }, { "arguments", 3 }, { "parameters", 3 },
			{ "parameter_count", 3 }, { "token_count", 6 } };
	for (int m = 0; m < (int)(sizeof(metric_names) / sizeof(metric_names[0])); m++)
		if (strlen(metric_names[m]) == n && memcmp(metric_names[m], name, n) == 0)
			return m;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].alias) == n && memcmp(aliases[i].alias, name, n) == 0)
			return aliases[i].metric;
	return -1;
}

/* "[ccn, nloc]" from p (bounded by end): the metrics named, and SUPPRESS_UNKNOWN when a
 * name is none of them (a typo: the known ones still apply); 0 when the list is empty. */
static uint32_t parse_list(const char *p, const char *end)
{
	uint32_t mask = 0;
	while (p < end && *p != ']') {
		while (p < end && (*p == ' ' || *p == ','))
			p++;
		const char *start = p;
		while (p < end && *p != ',' && *p != ']' && *p != ' ')
			p++;
		if (p == start)
			continue;
		int m = metric_bit(start, (size_t)(p - start));
		mask |= m >= 0 ? 1u << m : SUPPRESS_UNKNOWN;
	}
	return mask;
}

/* Whether c may continue a word ("ignored", "ignore_ccn": another word, no directive). */
static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	       || c == '_';
}

uint32_t suppress_parse(const char *text, size_t len)
{
	if (find(text, len, "#lizard forgives"))
		return SUPPRESS_ALL | SUPPRESS_LIZARD;
	const char *a = find(text, len, "assay:");
	if (!a)
		return 0;
	const char *end = text + len;
	const char *p = a + 6;
	while (p < end && *p == ' ')
		p++;
	if ((size_t)(end - p) < 6 || memcmp(p, "ignore", 6) != 0)
		return 0;
	p += 6;
	if (p < end && *p == '[') {	/* an empty list names nothing: said as a typo */
		uint32_t mask = parse_list(p + 1, end);
		return mask ? mask : SUPPRESS_UNKNOWN;
	}
	if (p < end && (*p == '(' || *p == '{'))
		return SUPPRESS_UNKNOWN;	/* a list in the wrong brackets: nothing, said */
	return p < end && word_char(*p) ? 0 : SUPPRESS_ALL;
}

uint32_t suppress_line(const char *text, size_t len)
{
	const char *a = find(text, len, "assay:");
	uint32_t lines = 0;
	for (const char *p = text; a && p < a; p++)
		lines += *p == '\n';
	return lines;
}

/* Whether t[0..n), the code before a comment, opens the next line's function: a
 * decorator, an attribute or a template head. */
static int function_header(const char *t, size_t n)
{
	return t[0] == '@' || t[0] == '[' || (n >= 2 && t[0] == '#' && t[1] == '[')
	       || (n >= 8 && memcmp(t, "template", 8) == 0);
}

int suppress_before(const char *src, size_t len, uint32_t at)
{
	if (at > len)
		return SUPP_ALONE;
	uint32_t start = at;
	while (start > 0 && src[start - 1] != '\n')
		start--;
	while (start < at && strchr(" \t\r\f", src[start]) && src[start])
		start++;
	if (start >= at)
		return SUPP_ALONE;
	return function_header(src + start, at - start) ? SUPP_HEADER : SUPP_AFTER_CODE;
}
