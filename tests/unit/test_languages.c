/*
 * test_languages.c - the language table (src/common/languages.c): lookups by path, by
 * shebang and by a header's content, and the fixed ids the wire and every cache hold.
 */
#include <stdio.h>
#include <string.h>

#include "common/languages.h"
#include "tests/unit/check.h"

/* Whether extension e's first row in the table is language l's (the lookup must give
 * that row). */
static int first_with_extension(int l, const char *e)
{
	for (int k = LANG_NONE + 1; k < l; k++)
		for (const char *const *o = language_info((enum lang_id)k)->extensions; *o; o++)
			if (strcmp(*o, e) == 0)
				return 0;
	return 1;
}

static void test_languages(void)
{
	CHECK(language_by_path("a/b.c") == LANG_C && language_by_path("x.hpp") == LANG_CPP
	      && language_by_path("x.tsx") == LANG_TSX && language_by_path("x.rs") == LANG_RUST
	      && language_by_path("Makefile") == LANG_NONE && language_by_path(".c") == LANG_NONE
	      && language_by_path("app/Rakefile") == LANG_RUBY
	      && language_by_path("Gemfile") == LANG_RUBY
	      && language_by_path("Gemfile.lock") == LANG_NONE
	      && language_by_path("x/Rakefile.bak") == LANG_NONE,
	      "languages: by extension, or by a whole name (Rakefile)");
}

/* Every extension of the table names its language (the first row that lists it),
 * through the lookup's index: none left out of it. */
static void test_languages_extensions(void)
{
	int every = 1;
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		for (const char *const *e = language_info((enum lang_id)l)->extensions; *e; e++) {
			char name[64];
			snprintf(name, sizeof(name), "dir/x.%s", *e);
			enum lang_id got = language_by_path(name);
			if (first_with_extension(l, *e) && got != (enum lang_id)l) {
				printf("# .%s: language %d, want %d\n", *e, (int)got, l);
				every = 0;
			}
		}
	CHECK(every && language_by_path("x.") == LANG_NONE && language_by_path("x.zzz") == LANG_NONE,
	      "languages: every extension of the table is found");
}

static void test_languages_shebang(void)
{
	const char *sb1 = "#!/usr/bin/env python3\nprint(1)\n";
	const char *sb2 = "#!/usr/bin/node\n";
	const char *sb3 = "#!/bin/sh\n";
	const char *sb5 = "#!/usr/bin/env zsh\n";
	const char *sb4 = "#!/usr/bin/env -S python3 -u\n";
	CHECK(language_by_shebang(sb1, strlen(sb1)) == LANG_PYTHON
	      && language_by_shebang(sb2, strlen(sb2)) == LANG_JAVASCRIPT
	      && language_by_shebang(sb3, strlen(sb3)) == LANG_BASH
	      && language_by_shebang(sb5, strlen(sb5)) == LANG_NONE
	      && language_by_shebang(sb4, strlen(sb4)) == LANG_PYTHON
	      && language_by_shebang("#!", 2) == LANG_NONE, "languages: by shebang");
}

/* A .h is C++ or Objective-C when a line starts with what only that language has
 * (docs/METRICS.md). */
static void test_languages_headers(void)
{
	static const struct {
		const char *text;
		enum lang_id want;
	} headers[] = {
		{ "int f(void);\n#define X 1\n", LANG_C },
		{ "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint f(void);\n", LANG_C },
		{ "#if defined(__cplusplus)\nnamespace x {\ntemplate <class T> T g();\n}\n#endif\n",
		  LANG_C },
		{ "/* namespace x {\n   class Y {\n */\nint class_count;\n", LANG_C },
		{ "namespace fast_float {\n", LANG_CPP },
		{ "  template<typename T>\nT f();\n", LANG_CPP },
		{ "class Foo : public Bar {\n", LANG_CPP },
		{ "struct S {\npublic:\n};\n", LANG_CPP },
		{ "#include <vector>\n", LANG_CPP },
		{ "#include <stdio.h>\nusing namespace std;\n", LANG_CPP },
		{ "#import <Foundation/Foundation.h>\n", LANG_OBJC },
		{ "/* x */\n@interface Foo : NSObject\n- (void)bar;\n@end\n", LANG_OBJC },
		{ "  @protocol Drawing <NSObject>\n", LANG_OBJC },
		{ "@class Foo;\nint f(void);\n", LANG_OBJC },
		{ "int at_end; /* @end */\n#define interface_x 1\n", LANG_C },
		{ "int f(void); // @interface\n", LANG_C },
	};
	int headers_ok = language_is_c_header("a/b.h") && !language_is_c_header("b.hpp")
			 && !language_is_c_header("b.c");
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		headers_ok &= language_of_c_header(headers[i].text, strlen(headers[i].text))
			      == headers[i].want;
	CHECK(headers_ok, "languages: a .h is C, C++ or Objective-C by its content");
}

/* The ids are on the wire and in every cache: they never change. */
static void test_languages_ids(void)
{
	static const struct {
		const char *name;
		int id;
	} fixed[] = { { "c", 1 }, { "cpp", 2 }, { "python", 3 }, { "javascript", 4 },
		      { "typescript", 5 }, { "tsx", 6 }, { "go", 7 }, { "rust", 8 },
		      { "java", 9 }, { "csharp", 10 }, { "kotlin", 11 }, { "ruby", 12 },
		      { "php", 13 }, { "swift", 14 }, { "scala", 15 }, { "lua", 16 },
		      { "dart", 17 }, { "bash", 18 }, { "objc", 19 }, { "vue", 20 },
		      { "svelte", 21 }, { "zig", 22 }, { "gdscript", 23 }, { "elixir", 24 },
		      { "powershell", 25 }, { "solidity", 26 }, { "perl", 27 }, { "elm", 28 },
		      { "haskell", 29 }, { "ocaml", 30 }, { "julia", 31 }, { "groovy", 32 }, { "verilog", 33 }, { "sql", 34 } };
	int same = 1;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		same &= (int)language_by_name(fixed[i].name) == fixed[i].id;
	CHECK(same, "languages: every language keeps its fixed id");
	int complete = 1;
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
		const struct language_info *li = language_info((enum lang_id)l);
		complete &= li && (int)li->id == l && language_by_name(li->name) == li->id
			    && li->rules_version > 0;
	}
	CHECK(complete && !language_info(LANG_NONE) && !language_info(LANG_COUNT),
	      "languages: every id below LANG_COUNT has its row, found by its name");
	CHECK(language_by_name("c++") == LANG_CPP && language_by_name("C++") == LANG_CPP
	      && language_by_name("JavaScript") == LANG_JAVASCRIPT
	      && language_by_name("cobol") == LANG_NONE && language_by_name("") == LANG_NONE,
	      "languages: by display name in any case too");
}

int main(void)
{
	test_languages();
	test_languages_extensions();
	test_languages_shebang();
	test_languages_headers();
	test_languages_ids();
	return check_summary();
}
