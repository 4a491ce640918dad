/*
 * c_family.c - declarator-chain hooks for C and C++ (see c_family.h).
 */
#include "analyze/lang/c_family.h"

#include <string.h>

#include "analyze/lang.h"
#include "common/record.h"

/* C and C++ words that never name a function or a macro, shortest first (the lookup
 * finds each length's run). */
static const char *const keywords[] = {
	/* 2 */ "if", "do",
	/* 3 */ "for", "int", "new", "try",
	/* 4 */ "else", "case", "goto", "enum", "auto", "void", "char", "long", "bool",
	/* 5 */ "while", "break", "union", "const", "short", "float", "_Bool", "class", "throw",
	"catch", "using",
	/* 6 */ "switch", "return", "sizeof", "struct", "static", "extern", "inline", "double",
	"signed", "public", "delete", "friend",
	/* 7 */ "default", "typedef", "alignof", "private", "virtual",
	/* 8 */ "continue", "volatile", "register", "restrict", "unsigned", "_Complex",
	"_Alignof", "_Generic", "template", "typename", "operator", "__inline", "explicit",
	/* 9 */ "namespace", "protected", "_Noreturn", "constexpr",
	/* 10 */ "__inline__",
	/* 12 */ "thread_local",
	/* 13 */ "static_assert", "_Thread_local",
	/* 14 */ "_Static_assert",
};
#define NKEYWORDS (sizeof(keywords) / sizeof(keywords[0]))
#define MAX_KEYWORD 14

int c_family_is_keyword(const char *s, size_t len)
{
	/* Every word of a file is asked (c_lexer.c): the length and the first byte settle
	 * almost all of them before a comparison. */
	static unsigned char from[MAX_KEYWORD + 2];	/* each length's first keyword */
	static int ready;
	for (size_t n = 0, k = 0; !ready && n <= MAX_KEYWORD + 1; n++) {
		while (k < NKEYWORDS && strlen(keywords[k]) < n)
			k++;
		from[n] = (unsigned char)k;
		ready = n == MAX_KEYWORD + 1;
	}
	if (len < 2 || len > MAX_KEYWORD || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	for (size_t k = from[len]; k < from[len + 1]; k++)
		if (keywords[k][0] == s[0] && memcmp(keywords[k], s, len) == 0)
			return 1;
	return 0;
}

TSNode c_family_function_declarator(TSNode definition)
{
	TSNode n = lang_child(definition, "declarator");
	/* Declarators nest one per layer of syntax; 64 is far beyond real code. */
	for (int depth = 0; depth < 64 && !ts_node_is_null(n); depth++) {
		if (strcmp(ts_node_type(n), "function_declarator") == 0)
			return n;
		TSNode next = lang_child(n, "declarator");
		if (ts_node_is_null(next) && ts_node_named_child_count(n) > 0)
			next = ts_node_named_child(n, ts_node_named_child_count(n) - 1);
		n = next;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

/* The identifier a macro-defined function is named by: `TEST_BEGIN(test_foo) {...}` reads
 * as type TEST_BEGIN and a parenthesized declarator (test_foo) without parameters. Only at
 * file level: in a body the same shape is a loop macro's block (for_each_cpu(i) {...}),
 * no function of that name. (ts_node_parent walks from the root: asked only here.) */
static TSNode macro_argument_name(TSNode definition)
{
	TSNode parent = ts_node_parent(definition);
	TSNode d = lang_child(definition, "declarator");
	if (!ts_node_is_null(parent) && strcmp(ts_node_type(parent), "compound_statement") == 0)
		memset(&d, 0, sizeof(d));
	if (!ts_node_is_null(d) && strcmp(ts_node_type(d), "parenthesized_declarator") == 0
	    && ts_node_named_child_count(d) == 1) {
		TSNode id = ts_node_named_child(d, 0);
		if (strcmp(ts_node_type(id), "identifier") == 0)
			return id;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

void c_family_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode fd = c_family_function_declarator(node);
	TSNode name = ts_node_is_null(fd) ? macro_argument_name(node) : lang_child(fd, "declarator");
	if (ts_node_is_null(name))
		return;
	size_t len;
	const char *t = lang_node_text(name, src, &len);
	if (!c_family_is_keyword(t, len))	/* recovery failed: better no name than `if` */
		lang_append_text(out, name, src);
}

int c_family_nested_block(TSNode node, const char *src)
{
	(void)src;
	/* A real function swallowed by a damaged neighbour has a function declarator; a
	 * block macro, `NAME(args) {`, reads as a type and a parenthesized declarator. */
	return strcmp(ts_node_type(node), "function_definition") == 0
	       && ts_node_is_null(c_family_function_declarator(node));
}

const char *c_family_nested_statement(TSNode node, const char *src)
{
	static const char *const words[][2] = { { "if", "if_statement" },
						 { "while", "while_statement" },
						 { "for", "for_statement" },
						 { "switch", "switch_statement" } };
	if (strcmp(ts_node_type(node), "function_definition") != 0)
		return NULL;
	TSNode fd = c_family_function_declarator(node);
	TSNode name = ts_node_is_null(fd) ? fd : lang_child(fd, "declarator");
	if (ts_node_is_null(name))
		return NULL;
	size_t len;
	const char *t = lang_node_text(name, src, &len);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (len == strlen(words[i][0]) && memcmp(t, words[i][0], len) == 0)
			return words[i][1];
	return NULL;
}

uint32_t c_family_unit_flags(TSNode node, const char *src)
{
	(void)src;
	if (strcmp(ts_node_type(node), "function_definition") != 0
	    || !ts_node_is_null(c_family_function_declarator(node)))
		return 0;
	return ts_node_is_null(macro_argument_name(node)) ? 0 : UNIT_RECOVERED;
}

int c_family_count_params(TSNode node, const char *src)
{
	/* A lambda's parameters sit in an abstract_function_declarator. */
	TSNode fd = strcmp(ts_node_type(node), "lambda_expression") == 0
			    ? lang_child(node, "declarator")
			    : c_family_function_declarator(node);
	if (ts_node_is_null(fd))
		return 0;
	TSNode list = lang_child(fd, "parameters");
	if (ts_node_is_null(list))
		return 0;
	/* One pass with a cursor: ts_node_child(list, i) walks from the first child each
	 * time in this runtime, quadratic on a long list. */
	int count = 0, void_only = 0;
	uint32_t n = ts_node_named_child_count(list);
	TSTreeCursor cur = ts_tree_cursor_new(list);
	for (int more = ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode p = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(p);
		if (!ts_node_is_named(p)) {
			count += strcmp(type, "...") == 0;	/* C's `...` is an anonymous token */
			continue;
		}
		if (strcmp(type, "comment") == 0)
			continue;
		void_only = n == 1 && strcmp(type, "parameter_declaration") == 0
			    && ts_node_is_null(lang_child(p, "declarator"))
			    && lang_text_is(p, src, "void");
		count++;
	}
	ts_tree_cursor_delete(&cur);
	return void_only ? 0 : count;
}

int c_family_case_counts(TSNode node, const char *src)
{
	(void)src;
	return !ts_node_is_null(lang_child(node, "value"));
}
