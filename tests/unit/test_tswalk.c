/*
 * test_tswalk.c - the walker's cursor (src/analyze/tswalk.h) against tree-sitter's own
 * TSTreeCursor, in lockstep over whole trees: at every node the same node (subtree,
 * start, end, symbol with its alias) and field, and every move (first child, next
 * sibling, parent) the same answer; from every fifth node a copy's next sibling too.
 *
 * Usage: test_tswalk FILE...   every file whose name is of a language with a grammar is
 *                              parsed and walked (the fixtures: tests/run-all passes them
 *                              all), then a few trees made here (deep nesting, errors).
 *
 * Linked with realloc wrapped (-Wl,--wrap=realloc), so that a walk can be made to run out
 * of memory at its k-th growth of the stack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "analyze/registry.h"
#include "analyze/tswalk.h"
#include "common/languages.h"
#include "config.h"
#include "tests/unit/check.h"
#include "tests/unit/lsan_sql.h"

/* reallocs left before one fails (-1: none fails). */
static long fail_in = -1;
void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n)
{
	if (fail_in == 0) {
		fail_in = -1;
		return NULL;
	}
	if (fail_in > 0)
		fail_in--;
	return __real_realloc(p, n);
}

/* The same node under both cursors. */
static int same_node(const struct tswalk *w, const TSTreeCursor *c)
{
	TSNode a = tswalk_node(w), b = ts_tree_cursor_current_node(c);
	return a.id == b.id && ts_node_start_byte(a) == ts_node_start_byte(b)
	       && ts_node_end_byte(a) == ts_node_end_byte(b)
	       && ts_node_start_point(a).row == ts_node_start_point(b).row
	       && ts_node_start_point(a).column == ts_node_start_point(b).column
	       && ts_node_symbol(a) == ts_node_symbol(b)
	       && tswalk_field(w) == ts_tree_cursor_current_field_id(c);
}

/* From where both are, the next sibling of copies of each agrees. */
static int copies_agree(const struct tswalk *w, const TSTreeCursor *c)
{
	struct tswalk wc = { 0 };
	TSTreeCursor cc = ts_tree_cursor_copy(c);
	int ok = tswalk_copy(&wc, w) == 0;
	for (int k = 0; ok && k < 3; k++) {
		int a = tswalk_next_sibling(&wc), b = ts_tree_cursor_goto_next_sibling(&cc);
		ok = a == b && (!a || same_node(&wc, &cc));
		if (!a)
			break;
	}
	tswalk_free(&wc);
	ts_tree_cursor_delete(&cc);
	return ok;
}

/* The next node in preorder with both: 1 both moved, 0 both at the end, -1 they
 * disagree. */
static int step_both(struct tswalk *w, TSTreeCursor *c)
{
	int a = tswalk_first_child(w), b = ts_tree_cursor_goto_first_child(c);
	if (a || b)
		return a == b ? 1 : -1;
	for (;;) {
		a = tswalk_next_sibling(w);
		b = ts_tree_cursor_goto_next_sibling(c);
		if (a || b)
			return a == b ? 1 : -1;
		a = tswalk_parent(w);
		b = ts_tree_cursor_goto_parent(c);
		if (a != b)
			return -1;
		if (!a)
			return 0;
	}
}

/* Walks the whole tree with both; the number of nodes compared, or -1 at the first
 * disagreement (said on stdout). */
static long lockstep(TSTree *tree, const char *what)
{
	struct tswalk w;
	TSNode root = ts_tree_root_node(tree);
	TSTreeCursor c = ts_tree_cursor_new(root);
	long n = 0;
	int step = tswalk_init(&w, root) < 0 ? -1 : 1;
	while (step == 1) {
		if (!same_node(&w, &c) || (n % 5 == 0 && !copies_agree(&w, &c))) {
			step = -1;
		} else {
			n++;
			step = step_both(&w, &c);
		}
	}
	if (step < 0) {
		printf("# %s: the cursors differ after %ld nodes, at byte %u\n", what, n,
		       ts_node_start_byte(ts_tree_cursor_current_node(&c)));
		n = -1;
	}
	tswalk_free(&w);
	ts_tree_cursor_delete(&c);
	return n;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			char *grown = realloc(buf, cap);
			if (!grown)
				break;
			buf = grown;
		}
		size_t got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	return buf;
}

/* Parses text as lang and walks it with both: the nodes compared, or -1. */
static long walk_text(enum lang_id lang, const char *text, size_t len, const char *what)
{
	const TSLanguage *g = lang_grammar_for(lang);
	if (!g)
		return 0;
	TSParser *p = ts_parser_new();
	ts_parser_set_language(p, g);
	TSTree *tree = ts_parser_parse_string(p, NULL, text, (uint32_t)len);
	long n = tree ? lockstep(tree, what) : -1;
	ts_tree_delete(tree);
	ts_parser_delete(p);
	return n;
}

/* A C function returning 1 in depth parentheses (free it); its length in *len. */
static char *nested_c(int depth, size_t *len)
{
	char *text = malloc((size_t)depth * 2 + 64);
	size_t k = (size_t)sprintf(text, "int f(void) { return ");
	for (int i = 0; i < depth; i++)
		text[k++] = '(';
	text[k++] = '1';
	for (int i = 0; i < depth; i++)
		text[k++] = ')';
	*len = k + (size_t)sprintf(text + k, "; }\n");
	return text;
}

/* A C expression nested depth times, and code with errors inside the nesting. */
static void test_made_trees(void)
{
	enum { DEPTH = 3000 };
	size_t k;
	char *deep = nested_c(DEPTH, &k);
	long n = walk_text(LANG_C, deep, k, "deep nesting");
	CHECK(n > DEPTH, "tswalk: 3000 nested parentheses, as TSTreeCursor (a stack past 64)");
	free(deep);
	static const char broken[] = "int f(int a) { if (a { return a +; } }\n"
				     "STATIC int g(x) int x; { while (x--) {{ ; }\n"
				     "struct s { int a; int; } v = { .a = , };\n";
	n = walk_text(LANG_C, broken, sizeof(broken) - 1, "broken C");
	CHECK(n > 20, "tswalk: C with errors and MISSING nodes, as TSTreeCursor");
	static const char py[] = "def f(a, *b, **c):\n    return [x for x in a if x]\n"
				 "class C:\n    @property\n    def g(self): pass\n";
	n = walk_text(LANG_PYTHON, py, sizeof(py) - 1, "python");
	CHECK(n > 20, "tswalk: Python (aliases, fields inherited through hidden rules)");
}

/* Walks tree in preorder with its stack's k-th growth failing: 1 when memory ran out,
 * every move after that returned 0 and the cursor stayed put, 0 otherwise. */
static int oom_is_final(TSTree *tree, long k)
{
	struct tswalk w;
	if (tswalk_init(&w, ts_tree_root_node(tree)) < 0)
		return 0;
	fail_in = k;
	int moved = 1;
	while (moved && !w.oom) {
		moved = tswalk_first_child(&w);
		while (!moved && !w.oom) {
			if (tswalk_next_sibling(&w))
				moved = 1;
			else if (w.oom || !tswalk_parent(&w))
				break;
		}
	}
	fail_in = -1;
	const void *at = w.oom ? tswalk_node(&w).id : NULL;
	int ok = w.oom && !tswalk_first_child(&w) && !tswalk_next_sibling(&w)
		 && !tswalk_parent(&w) && tswalk_node(&w).id == at;
	tswalk_free(&w);
	return ok;
}

/* A nesting deep enough for the stack to grow three times, its growths failing in turn. */
static void test_out_of_memory(void)
{
	size_t k;
	char *text = nested_c(150, &k);
	TSParser *p = ts_parser_new();
	ts_parser_set_language(p, lang_grammar_for(LANG_C));
	TSTree *tree = ts_parser_parse_string(p, NULL, text, (uint32_t)k);
	int ok = tree != NULL;
	for (long fail = 0; ok && fail < 3; fail++)
		ok = oom_is_final(tree, fail);
	CHECK(ok, "tswalk: out of memory at each growth of the stack is final: no move after it");
	ts_tree_delete(tree);
	ts_parser_delete(p);
	free(text);
}

int main(int argc, char **argv)
{
	long nodes[LANG_COUNT] = { 0 };
	int files[LANG_COUNT] = { 0 };
	int bad[LANG_COUNT] = { 0 };
	for (int i = 1; i < argc; i++) {
		enum lang_id lang = language_by_path(argv[i]);
		if (lang <= LANG_NONE || lang >= LANG_COUNT || !lang_grammar_for(lang))
			continue;
		size_t len;
		char *text = read_file(argv[i], &len);
		if (!text)
			continue;
		long n = walk_text(lang, text, len, argv[i]);
		free(text);
		files[lang]++;
		if (n < 0)
			bad[lang]++;
		else
			nodes[lang] += n;
	}
	long total = 0;
	int languages = 0;
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
		if (!files[l])
			continue;
		char name[160];
		snprintf(name, sizeof(name), "tswalk: %s fixtures (%d files, %ld nodes) as TSTreeCursor",
			 language_info((enum lang_id)l)->name, files[l], nodes[l]);
		CHECK(!bad[l] && nodes[l] > 0, name);
		total += nodes[l];
		languages++;
	}
	CHECK(languages >= 10 && total > 20000, "tswalk: the fixtures of ten languages or more were walked");
	test_made_trees();
	test_out_of_memory();
	return check_summary();
}
