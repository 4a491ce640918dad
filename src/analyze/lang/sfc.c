/*
 * sfc.c - single-file components (Vue `.vue`, Svelte `.svelte`): the code of their
 * `<script>` blocks, measured as JavaScript, TypeScript or TSX by the blocks' `lang`
 * attribute, at the lines and columns it has in the whole file.
 *
 * The component's bytes are copied with everything outside its script blocks blanked
 * (spaces; newlines kept), so the copy is as long as the file and every script byte keeps
 * its line and column; the copy is parsed and walked with the rules of the script's
 * language, and the lines are counted on the whole file (markup lines are code). The
 * template (Vue `{{ }}` and directives, Svelte `{#if}` blocks) is not measured
 * (docs/METRICS.md, "Vue and Svelte").
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze/lang.h"

/* 1 when the bytes at p (before end) begin with word, in any case. */
static int starts_ci(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

/* The first place at or after p where word begins (any case), or end. */
static const char *find_ci(const char *p, const char *end, const char *word)
{
	for (; p < end; p++)
		if ((*p | 0x20) == (word[0] | 0x20) && starts_ci(p, end, word))
			return p;
	return end;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The script languages a `lang` attribute names: 0 for one assay does not read
 * (CoffeeScript...), whose block is then not measured. */
static enum lang_id script_language(const char *value, size_t n)
{
	static const struct {
		const char *value;
		enum lang_id lang;
	} names[] = { { "", LANG_JAVASCRIPT },	     { "js", LANG_JAVASCRIPT },
		      { "javascript", LANG_JAVASCRIPT }, { "jsx", LANG_JAVASCRIPT },
		      { "ts", LANG_TYPESCRIPT },	     { "typescript", LANG_TYPESCRIPT },
		      { "tsx", LANG_TSX } };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].value) == n && strncasecmp(value, names[i].value, n) == 0)
			return names[i].lang;
	return LANG_NONE;
}

/* One attribute of a start tag: its name and value (empty when it has none). */
struct attribute {
	const char *name, *value;
	size_t name_len, value_len;
};

/* 1 when s (before end) ends a start tag: `>` or `/>`. */
static int tag_end(const char *s, const char *end)
{
	return s >= end || *s == '>' || (*s == '/' && s + 1 < end && s[1] == '>');
}

/* Reads the value after an attribute's `=` from s ("x", 'x' or x) into a; returns where
 * it stops. */
static const char *attribute_value(const char *s, const char *end, struct attribute *a)
{
	char quote = s < end && (*s == '"' || *s == '\'') ? *s++ : 0;
	a->value = s;
	if (quote) {
		const char *close = memchr(s, quote, (size_t)(end - s));
		s = close ? close : end;
	} else {
		while (s < end && !is_space(*s) && *s != '>')
			s++;
	}
	a->value_len = (size_t)(s - a->value);
	return s + (quote && s < end);
}

/* The next attribute of a start tag from *p into a, leaving *p after it; 0 at the tag's
 * end (`>` or `/>`, which *p is left on). */
static int next_attribute(const char **p, const char *end, struct attribute *a)
{
	const char *s = *p;
	while (s < end && is_space(*s))
		s++;
	*p = s;
	if (tag_end(s, end))
		return 0;
	a->name = s;
	while (s < end && !is_space(*s) && *s != '=' && *s != '>' && *s != '/')
		s++;
	a->name_len = (size_t)(s - a->name);
	a->value = s;
	a->value_len = 0;
	if (s < end && *s == '=')
		s = attribute_value(s + 1, end, a);
	/* A stray '/' inside the tag is stepped over, never looped on. */
	*p = s > *p ? s : s + 1;
	return 1;
}

/* Reads the attributes of a `<script` tag from p; returns where its content starts (after
 * `>`), or end; *lang is the language its `lang` attribute names. A self-closing tag
 * (`<script src=... />`) has no content: *lang is LANG_NONE. */
static const char *script_tag(const char *p, const char *end, enum lang_id *lang)
{
	struct attribute a;
	*lang = LANG_JAVASCRIPT;
	while (next_attribute(&p, end, &a))
		if (a.name_len == 4 && strncasecmp(a.name, "lang", 4) == 0)
			*lang = script_language(a.value, a.value_len);
	if (p < end && *p == '/')
		*lang = LANG_NONE;
	return p < end ? p + 1 + (*p == '/') : end;
}

/* The language a component's scripts are read in when blocks disagree: TSX reads
 * TypeScript, and TypeScript reads JavaScript. */
static enum lang_id wider(enum lang_id a, enum lang_id b)
{
	if (a == LANG_TSX || b == LANG_TSX)
		return LANG_TSX;
	if (a == LANG_TYPESCRIPT || b == LANG_TYPESCRIPT)
		return LANG_TYPESCRIPT;
	return LANG_JAVASCRIPT;
}

/* Copies [from, to) of src into copy, and makes *as wide enough for lang. */
static void keep(char *copy, const char *src, const char *from, const char *to,
		 enum lang_id lang, enum lang_id *as)
{
	memcpy(copy + (from - src), from, (size_t)(to - from));
	*as = wider(*as, lang);
}

/* From p (on a '<'): past an HTML comment, or past a `<script>` block whose code is
 * kept in copy, or one byte on. */
static const char *next_markup(char *copy, const char *src, const char *p, const char *end,
			       enum lang_id *as)
{
	if (starts_ci(p, end, "<!--")) {
		const char *close = find_ci(p + 4, end, "-->");
		return close < end ? close + 3 : end;
	}
	if (!starts_ci(p, end, "<script") || p + 7 >= end
	    || !(is_space(p[7]) || p[7] == '>' || p[7] == '/'))
		return p + 1;
	enum lang_id lang;
	const char *body = script_tag(p + 7, end, &lang);
	const char *close = find_ci(body, end, "</script");
	if (lang != LANG_NONE)
		keep(copy, src, body, close, lang, as);
	return close;
}

static char *sfc_extract(const char *src, size_t len, enum lang_id *as)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < len; i++)
		copy[i] = src[i] == '\n' ? '\n' : ' ';
	copy[len] = '\0';
	*as = LANG_JAVASCRIPT;
	const char *p = src, *end = src + len;
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL)
		p = next_markup(copy, src, p, end, as);
	return copy;
}

const struct lang_spec lang_vue = {
	.separator = ".",
	.extract = sfc_extract,
};

const struct lang_spec lang_svelte = {
	.separator = ".",
	.extract = sfc_extract,
};
