/*
 * test_c_predict.c - unit tests of C macro recovery before the first parse
 * (c_family_predict, docs/METRICS.md "C macro recovery"): the text rules it applies where
 * tree-sitter-c certainly fails, the C it leaves alone because the grammar reads it (or
 * only the tree can tell), and the repair that follows it, which takes the prediction's
 * lexing instead of lexing the text again: the same copy either way. One "ok"/"not ok"
 * line per check, then "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "analyze/lang/c_family.h"
#include "analyze/lang/c_repair.h"
#include "analyze/registry.h"
#include "common/languages.h"
#include "tests/unit/check.h"

/* The predicted copy of src, "" when there is none (caller frees unless ""). */
static char *predict(const char *src)
{
	char *copy = c_family_predict(lang_grammar_for(LANG_C), src, strlen(src));
	return copy ? copy : "";
}

/* Whether src is predicted to want: src with each of gone (NULL-terminated, found in
 * order) blanked, line breaks kept. */
static int predicts(const char *src, const char *const *gone)
{
	char *want = strdup(src);
	const char *from = src;
	for (; want && *gone; gone++) {
		const char *at = strstr(from, *gone);
		if (!at)
			break;
		for (size_t i = 0; i < strlen(*gone); i++)
			if (at[i] != '\n')
				want[at - src + (long)i] = ' ';
		from = at + strlen(*gone);
	}
	char *copy = predict(src);
	int ok = want && !*gone && strcmp(copy, want) == 0;
	if (!ok)
		printf("# predicted: [%s]\n", copy);
	if (*copy)
		free(copy);
	free(want);
	return ok;
}

#define GONE(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Whether src is left alone: no copy. */
static int untouched(const char *src)
{
	char *copy = predict(src);
	int ok = *copy == '\0';
	if (!ok) {
		printf("# predicted: [%s]\n", copy);
		free(copy);
	}
	return ok;
}

static void test_headers(void)
{
	CHECK(predicts("STATIC int f(void) { return 0; }\n", GONE("STATIC")),
	      "a word before a basic type");
	CHECK(predicts("static int __init f(void) { return 0; }\n", GONE("__init")),
	      "a word after a complete basic type");
	CHECK(predicts("static reg_t internal_function f(int a);\n", GONE("internal_function")),
	      "three words before the parameters");
	CHECK(predicts("static __printf(2, 3) void f(const char *s, ...) { }\n",
		       GONE("__printf(2, 3)")), "an attribute call before a type");
	CHECK(predicts("static void f(struct net *net)\n\t__releases(&net->lock)\n{\n}\n",
		       GONE("__releases(&net->lock)")), "a suffix macro reaching a member");
	CHECK(predicts("int f(void) { return 0; }\nmodule_init(f)\nmodule_exit(g)\n",
		       GONE("module_init(f)")), "words after the last declaration");
}

static void test_groups(void)
{
	CHECK(predicts("static const struct ops o = {\n\t.a = 1,\n#ifdef X\n\t.b = 2,\n#endif\n};\n",
		       GONE("#ifdef X", "#endif")),
	      "a group inside an initializer list keeps its first branch");
	CHECK(predicts("void f(void)\n{\n\tg(1,\n#ifdef X\n\t  2\n#else\n\t  3\n#endif\n\t);\n}\n",
		       GONE("#ifdef X", "#else\n\t  3\n#endif")),
	      "a group inside call arguments keeps its first branch");
	CHECK(untouched("void f(void)\n{\n#ifdef X\n\tg();\n#else\n\th();\n#endif\n}\n"),
	      "a group of statements is the grammar's");
	CHECK(untouched("struct s {\n\tint a;\n#ifdef X\n\tint b;\n#endif\n};\n"),
	      "a group of struct members is the grammar's");
	CHECK(untouched("void f(void)\n{\n\tstruct s v = (struct s){\n#ifdef X\n\t1\n#endif\n\t};\n}\n"),
	      "a group in a compound literal is left to the tree");
	CHECK(untouched("void f(void)\n{\n#ifdef X\n\tg();\n#else\n\th(1,\n#ifdef Y\n\t  2,\n"
			"#endif\n\t  3);\n#endif\n}\n"),
	      "a group inside an alternative branch is left to the tree");
}

static void test_left_alone(void)
{
	CHECK(untouched("int f(a, b)\n\tint a;\n\tchar *b;\n{\n\treturn a;\n}\n"),
	      "K&R parameter declarations");
	CHECK(untouched("static int __attribute__((unused)) f(void) { return 0; }\n"),
	      "__attribute__ is the grammar's");
	CHECK(untouched("static __forceinline int f(void) { return 0; }\n"),
	      "a storage class word of the grammar");
	CHECK(untouched("static unsigned u32 f(void) { return 0; }\n"),
	      "a size word may take a type name");
	CHECK(untouched("LIST_HEAD(item) head(void);\nFOO(bar) baz(void) { }\n"),
	      "a macro type before a declarator");
	CHECK(untouched("void f(void) __acquires(rcu)\n{\n}\n"),
	      "a suffix macro the grammar takes");
	CHECK(untouched("#ifdef A\nint f(int a)\n#else\nint f(int a, int b)\n#endif\n{\n\treturn 0;\n}\n"),
	      "a header split by #if branches is left to the tree");
	CHECK(untouched("int x = 1;\nint main(void) { return x; }\n"), "plain C");
	/* Found by review: C the grammar reads that the first gates took for broken. */
	CHECK(untouched("int f(a)\nchar a[N(3)];\n{\n\treturn a[0];\n}\n"),
	      "K&R: a parameter declared with a macro call");
	CHECK(untouched("double integrate(f, a, b)\ndouble f(), a, b;\n{\n\treturn f(a);\n}\n"),
	      "K&R: a function parameter");
	CHECK(untouched("size_t friend(size_t n)\n{\n\treturn n;\n}\n"),
	      "a C++ keyword is a name in C");
	CHECK(untouched("typeof(int) static f(void)\n{\n\treturn 0;\n}\n"),
	      "a storage class after the type");
	CHECK(untouched("size_t static f(void)\n{\n\treturn 0;\n}\n"),
	      "a storage class after a type name");
	CHECK(untouched("int f(void) __attribute__((cleanup(p->y)))\n{\n\treturn 0;\n}\n"),
	      "the grammar's __attribute__ after the parameters");
	CHECK(untouched("#define LIST_T(name) \\\r\n\tstruct name##_list name##_head\r\n"
			"size_t list_len(const void *l)\r\n{\r\n\treturn 0;\r\n}\r\n"),
	      "a directive continued with backslash CR LF");
	CHECK(untouched("/* c */ #define foo bar baz\nsize_t f(void)\n{\n\treturn 0;\n}\n"),
	      "a directive after a comment");
	CHECK(untouched("\f#define foo bar baz\nsize_t f(void)\n{\n\treturn 0;\n}\n"),
	      "a directive after a form feed");
	CHECK(untouched("#define A(x) x /* a comment\n  running on ( */\n#ifdef X\nint a;\n#else\n"
			"int b;\n#endif\n"),
	      "a comment of a directive line runs on over lines");
	CHECK(untouched("__int128 unsigned f(int a)\n{\n\treturn a;\n}\n"),
	      "a size word beside a type name");
	/* Prose in an #if 0 group: the literal its apostrophe opens ends with its line, so
	 * the #endif after it is a directive (taking it for code lost g's header). */
	CHECK(untouched("#if 0\nThis isn't code\n#endif\n\nint f(int a)\n{\n\treturn a;\n}\n\n"
			"int g(int b)\n#ifdef X\n{\n#else\n{ int z;\n#endif\n\treturn b;\n}\n"),
	      "a literal left open ends with its line: the next one may be a directive");
	CHECK(predicts("#define URL \"http://x\" /* see\n   { here */\nSTATIC int f(void)\n{\n"
		       "\treturn 0;\n}\n", GONE("STATIC")),
	      "a // in a directive's string starts no comment");
}

/* The repair of the text a prediction left to be parsed, with the prediction's lexing
 * taken (as the analyzer runs it) and with the text lexed again: the same copy. */
static int repair_agrees(const char *src)
{
	const TSLanguage *c = lang_grammar_for(LANG_C);
	size_t len = strlen(src);
	char *copy = c_family_predict(c, src, len);
	const char *text = copy ? copy : src;
	TSParser *parser = ts_parser_new();
	ts_parser_set_language(parser, c);
	TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
	char *taken = c_family_repair(ts_tree_root_node(tree), text, len);
	c_repair_forget();
	char *lexed = c_family_repair(ts_tree_root_node(tree), text, len);
	int ok = taken && lexed && strcmp(taken, lexed) == 0;
	if (!ok)
		printf("# taken: [%s]\n# lexed: [%s]\n", taken ? taken : "(none)",
		       lexed ? lexed : "(none)");
	free(taken);
	free(lexed);
	free(copy);
	ts_tree_delete(tree);
	ts_parser_delete(parser);
	return ok;
}

static void test_repair_after_prediction(void)
{
	CHECK(repair_agrees("STATIC long g(struct c *c)\n{\n\tlong v = 0;\n\tGET_TYPE(v)\n"
			    "\tif (c && v < 0) {\n\t\treturn -v;\n\t}\n\treturn v;\n}\n"),
	      "a statement macro after a predicted header: the same repair");
	CHECK(repair_agrees("void f(int a)\n{\n#ifdef X\n\tif (a) {\n#else\n\tif (!a) {\n#endif\n"
			    "\t\tg();\n\t}\n}\n"),
	      "a group splitting braces: the same repair");
	CHECK(repair_agrees("static const struct ops o = {\n#ifdef X\n\t.a = 1,\n#endif\n};\n"
			    "static void f(struct s *s) internal_function\n{\n\tswitch_to(s) {\n"
			    "\t}\n\tBUG\n}\n#ifdef A\nint g(int a)\n#else\nint g(int a, int b)\n"
			    "#endif\n{\n\treturn 0;\n}\n"),
	      "groups the prediction blanked and groups it left: the same repair");
}

int main(void)
{
	test_repair_after_prediction();
	test_headers();
	test_groups();
	test_left_alone();
	return check_summary();
}
