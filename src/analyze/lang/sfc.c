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

/* Past a `{...}` expression of the markup (Svelte's `{#if a < b}`, Vue's `{{ x }}`),
 * braces balanced and quoted strings skipped: a `<` in it is no tag. */
static const char *skip_expression(const char *p, const char *end)
{
	int depth = 0;
	for (; p < end; p++) {
		if (*p == '"' || *p == '\'' || *p == '`') {
			const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
			p = close ? close : end - 1;
		} else if (*p == '{') {
			depth++;
		} else if (*p == '}' && --depth == 0) {
			return p + 1;
		}
	}
	return end;
}

/* Reads the value after an attribute's `=` from s ("x", 'x' or x) into a; returns where
 * it stops. */
static const char *attribute_value(const char *s, const char *end, struct attribute *a)
{
	if (s < end && *s == '{') {	/* Svelte's attr={expression} */
		a->value = s;
		s = skip_expression(s, end);
		a->value_len = (size_t)(s - a->value);
		return s;
	}
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

/* The language a `type` attribute leaves a script in: lang when the type is JavaScript's
 * (none, `module`, `text/javascript`...), TypeScript for the old `text/typescript`,
 * LANG_NONE for data or templates (`application/ld+json`, `text/x-template`). */
static enum lang_id script_type(const char *value, size_t n, enum lang_id lang)
{
	static const char *const js[] = { "", "module", "text/javascript", "application/javascript",
					  "text/babel", NULL };
	for (const char *const *t = js; *t; t++)
		if (strlen(*t) == n && strncasecmp(value, *t, n) == 0)
			return lang;
	if (n == 15 && strncasecmp(value, "text/typescript", n) == 0)
		return LANG_TYPESCRIPT;
	return LANG_NONE;
}

static int attribute_is(const struct attribute *a, const char *name)
{
	return a->name_len == strlen(name) && strncasecmp(a->name, name, a->name_len) == 0;
}

/* Reads the attributes of a `<script` tag from p; returns where its content starts (after
 * `>`), or end; *lang is the language its `lang` and `type` attributes leave it in. A
 * self-closing tag (`<script src=... />`) has no content: *lang is LANG_NONE. */
static const char *script_tag(const char *p, const char *end, enum lang_id *lang)
{
	struct attribute a;
	struct attribute type = { NULL, "", 0, 0 };
	*lang = LANG_JAVASCRIPT;
	while (next_attribute(&p, end, &a)) {
		if (attribute_is(&a, "lang"))
			*lang = script_language(a.value, a.value_len);
		else if (attribute_is(&a, "type"))
			type = a;
	}
	if (*lang != LANG_NONE)
		*lang = script_type(type.value, type.value_len, *lang);
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

/* A scan of the component's markup: the copy being filled, and how deep in elements. */
struct scan {
	char *copy;
	const char *src, *end;
	enum lang_id *as;
	int depth;
};

/* The element a tag at p (on '<') opens or closes: its name's length after the '<' (and
 * '/'), 0 when p starts no tag. */
static size_t tag_name(const char *p, const char *end)
{
	const char *q = p + 1 + (p + 1 < end && p[1] == '/');
	const char *n = q;
	while (n < end && !is_space(*n) && *n != '>' && *n != '/')
		n++;
	int letter = q < end && ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z');
	return letter ? (size_t)(n - q) : 0;
}

/* HTML's void elements: a start tag without an end tag, no deeper. */
static int is_void(const char *name, size_t n)
{
	static const char *const voids[] = { "area", "base", "br", "col", "embed", "hr", "img",
					     "input", "link", "meta", "param", "source", "track",
					     "wbr", NULL };
	for (const char *const *v = voids; *v; v++)
		if (strlen(*v) == n && strncasecmp(name, *v, n) == 0)
			return 1;
	return 0;
}

/* A `<script>` element at p: kept when it is one of the component's (in a script language,
 * at the top level: outside every element, or at the start of a line, so that an element
 * the markup leaves unclosed cannot hide it); its content is skipped either way. */
static const char *script_element(struct scan *sc, const char *p)
{
	enum lang_id lang;
	const char *body = script_tag(p + 7, sc->end, &lang);
	const char *close = find_ci(body, sc->end, "</script");
	int top = sc->depth == 0 || p == sc->src || p[-1] == '\n';
	if (lang != LANG_NONE && top) {
		memcpy(sc->copy + (body - sc->src), body, (size_t)(close - body));
		*sc->as = wider(*sc->as, lang);
	}
	return close;
}

/* Any other tag at p: `</x>` closes an element, `<x ...>` opens one unless it is void or
 * self-closing; `<style>` and `<textarea>` content is text, skipped. */
static const char *other_tag(struct scan *sc, const char *p, size_t name_len)
{
	const char *name = p + 1 + (p[1] == '/');
	if (p[1] == '/') {
		sc->depth -= sc->depth > 0;
		const char *gt = memchr(p, '>', (size_t)(sc->end - p));
		return gt ? gt + 1 : sc->end;
	}
	struct attribute a;
	const char *q = name + name_len;
	while (next_attribute(&q, sc->end, &a))
		;
	int closed = q < sc->end && *q == '/';
	const char *after = q < sc->end ? q + 1 + closed : sc->end;
	if (!closed && (name_len == 5 || name_len == 8)
	    && (starts_ci(name, sc->end, "style") || starts_ci(name, sc->end, "textarea")))
		return find_ci(after, sc->end, name_len == 5 ? "</style" : "</textarea");
	sc->depth += !closed && !is_void(name, name_len);
	return after;
}

/* From p (on a '<'): past an HTML comment, a tag, or one byte on. */
static const char *next_markup(struct scan *sc, const char *p)
{
	if (starts_ci(p, sc->end, "<!--")) {
		const char *close = find_ci(p + 4, sc->end, "-->");
		return close < sc->end ? close + 3 : sc->end;
	}
	size_t n = tag_name(p, sc->end);
	if (n == 0)
		return p + 1;
	if (n == 6 && p[1] != '/' && starts_ci(p + 1, sc->end, "script"))
		return script_element(sc, p);
	return other_tag(sc, p, n);
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
	struct scan sc = { copy, src, src + len, as, 0 };
	for (const char *p = src; p < sc.end;) {
		if (*p == '{')
			p = skip_expression(p, sc.end);
		else if (*p == '<')
			p = next_markup(&sc, p);
		else
			p++;
	}
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
