/*
 * dart_repair.c - what tree-sitter-dart 1.0.0, older than Dart 3, cannot parse but can do
 * without (lang.h repair): a copy of the source with these words blanked, every byte
 * keeping its line and column:
 *  - the unnamed library directive `library;` (Dart 2.19), a line of its own;
 *  - class modifiers (Dart 3) before `class` or `mixin` at the start of a line: `base`,
 *    `final`, `interface`, `sealed`, and `mixin` in `mixin class`; `abstract` stays.
 * Neither holds anything a metric counts. The analyzer keeps the copy's tree only when it
 * is less damaged (dart_damage): bytes under ERROR nodes, plus one per ERROR or MISSING
 * node. Decided from the bytes alone: deterministic.
 */
#include "analyze/lang/dart_repair.h"

#include <stdlib.h>
#include <string.h>

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	       || c == '_' || c == '$';
}

/* The word starting at i: its end. */
static size_t word_end(const char *s, size_t len, size_t i)
{
	while (i < len && is_word_char(s[i]))
		i++;
	return i;
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static int word_is(const char *s, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && memcmp(s + a, w, b - a) == 0;
}

static int is_modifier(const char *s, size_t a, size_t b)
{
	return word_is(s, a, b, "abstract") || word_is(s, a, b, "base")
	       || word_is(s, a, b, "final") || word_is(s, a, b, "interface")
	       || word_is(s, a, b, "sealed");
}

/* The copy, made on the first change (NULL when memory runs out). */
static char *copy_of(char **copy, const char *src, size_t len)
{
	if (!*copy) {
		*copy = malloc(len + 1);
		if (*copy) {
			memcpy(*copy, src, len);
			(*copy)[len] = '\0';
		}
	}
	return *copy;
}

static void blank(char **copy, const char *src, size_t len, size_t a, size_t b)
{
	char *t = copy_of(copy, src, len);
	for (size_t i = a; t && i < b; i++)
		t[i] = ' ';
}

/* `library;` alone on the line starting at i. */
static void unnamed_library(char **copy, const char *src, size_t len, size_t i)
{
	size_t e = word_end(src, len, i);
	if (!word_is(src, i, e, "library"))
		return;
	size_t semi = skip_blanks(src, len, e);
	if (semi < len && src[semi] == ';')
		blank(copy, src, len, i, semi + 1);
}

/* Modifiers before `class`/`mixin` on the line starting at i (see the top). */
static void class_modifiers(char **copy, const char *src, size_t len, size_t i)
{
	size_t words[8][2];
	int n = 0;
	size_t a = i, b = word_end(src, len, a);
	while (b > a && is_modifier(src, a, b) && n < 8) {
		words[n][0] = a;
		words[n++][1] = b;
		a = skip_blanks(src, len, b);
		b = word_end(src, len, a);
	}
	int is_class = word_is(src, a, b, "class");
	if (word_is(src, a, b, "mixin")) {
		size_t c = skip_blanks(src, len, b);
		if (word_is(src, c, word_end(src, len, c), "class"))
			blank(copy, src, len, a, b);	/* mixin class C: class C */
		else if (n == 0)
			return;
		is_class = 1;
	}
	for (int k = 0; is_class && k < n; k++)
		if (!word_is(src, words[k][0], words[k][1], "abstract"))
			blank(copy, src, len, words[k][0], words[k][1]);
}

char *dart_repair(TSNode root, const char *src, size_t len)
{
	(void)root;
	char *copy = NULL;
	for (size_t i = 0; i < len; i++) {
		size_t start = skip_blanks(src, len, i);
		if (start < len && (src[start] == 'l' || src[start] == 'a' || src[start] == 'b'
				    || src[start] == 'f' || src[start] == 'i' || src[start] == 's'
				    || src[start] == 'm')) {
			unnamed_library(&copy, src, len, start);
			class_modifiers(&copy, src, len, start);
		}
		const char *nl = memchr(src + start, '\n', len - start);
		if (!nl)
			break;
		i = (size_t)(nl - src);
	}
	return copy;
}

/* Bytes under ERROR nodes plus one per ERROR or MISSING node, looking only into
 * subtrees that hold an error. */
size_t dart_damage(TSNode root, const char *src, size_t len)
{
	(void)src;
	(void)len;
	size_t damage = 0;
	TSTreeCursor cur = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		int descend = 0;
		if (ts_node_is_error(n))
			damage += 1 + ts_node_end_byte(n) - ts_node_start_byte(n);
		else if (ts_node_is_missing(n))
			damage++;
		else
			descend = ts_node_has_error(n);
		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
	}
done:
	ts_tree_cursor_delete(&cur);
	return damage;
}
