/*
 * languages.h - the one table of languages assay knows, generated from languages.def:
 * fixed ids, names, file extensions, shebang interpreters, comment syntax, and the
 * version of each language's rules.
 *
 * Pure data with no tree-sitter dependency, so the supervisor (which maps paths to
 * languages) and the worker (which parses) share it. A language's grammar and rules are
 * tied to its id in the worker by analyze/registry.c, from the same file.
 */
#ifndef ASSAY_LANGUAGES_H
#define ASSAY_LANGUAGES_H

#include <stddef.h>

/* Each language's fixed id (languages.def): its number on the wire and in the cache.
 * enum lang_id { LANG_NONE = 0, LANG_C = 1, LANG_CPP = 2, ..., LANG_COUNT }, written by
 * the build from languages.def through the preprocessor (ids.in). */
#include "common/ids.h"

/* Which anonymous functions nested in a unit are units of their own (--units, [units];
 * docs/METRICS.md, "Units"): the values of ANALYZE_UNITS_* shifted down by two. */
enum unit_policy { UNITS_LANGUAGE = 0, UNITS_EACH = 1, UNITS_BOUND = 2, UNITS_FOLD = 3 };
/* "each", "bound" or "fold"; UNITS_LANGUAGE when word is none of them. */
enum unit_policy unit_policy_by_name(const char *word);

struct language_info {
	enum lang_id id;
	const char *name;		/* stable, lower case: used in reports, cache keys, -l */
	const char *display;		/* for people */
	const char *const *extensions;	/* without the dot, NULL-terminated */
	const char *const *interpreters;	/* shebang program names, NULL-terminated */
	const char *line_comment;	/* e.g. "//" or "#"; NULL when none */
	const char *line_comment2;	/* a second line-comment marker, or NULL */
	const char *block_open;		/* e.g. "slash-star"; NULL when none */
	const char *block_close;
	int triple_quotes;		/* Python-style """ and ''' strings */
	int rules_version;		/* bumped whenever src/analyze/lang/<name>.c (or a hook it
					   uses) changes what a record says: part of the
					   language's engine id (cache.h) */
};

/* The version of what every language's records share: the walker in src/analyze/ (how
 * units, decisions, nesting, lines and tokens are counted). Bumped whenever it changes a
 * record; part of every language's engine id. */
#define ANALYZE_CORE_VERSION 5	/* 2: UNIT_SUPPRESS_UNKNOWN; 3: the own name a mark in body_hash;
				 * 4: suppression comments read strictly (suppress.c);
				 * 5: a line continuation is no token and no list item */
/* The version of the content checks that give a file of no language its verdict (the
 * shebang, binary, minified and git-lfs tests, and the .h test whose answer is remembered
 * with them): part of the engine id of those verdicts,
 * with the table of interpreters. */
#define DETECT_VERSION 4	/* 4: a git-lfs pointer as its spec has it, not any file that starts
				 * with its version line */

/* The entry for id, or NULL for LANG_NONE / out of range. */
const struct language_info *language_info(enum lang_id id);
/* Looks a language up by its stable name, else by its display name in any case ("C++",
 * "c++"); LANG_NONE when unknown. */
enum lang_id language_by_name(const char *name);
/* The i-th whole file name a language is known by (from 0; NULL past the last), and in
 * *lang its language (LANG_NONE when that language is not in this build). */
const char *language_file_name(size_t i, enum lang_id *lang);
/* Language for a file name by extension (case-sensitive, as .C vs .c matters), or by
 * a whole name a language is known by (`Rakefile`, `Gemfile`: languages.c); LANG_NONE
 * when neither is known. */
enum lang_id language_by_path(const char *path);
/* Language named by a "#!" first line (e.g. "#!/usr/bin/env python3"); LANG_NONE if none.
 * Only the first len bytes of head are looked at. */
enum lang_id language_by_shebang(const char *head, size_t len);

/* The languages whose grammars and rules read files of lang besides lang's own (a Vue or
 * Svelte component's scripts are JavaScript, TypeScript or TSX): LANG_NONE-terminated,
 * empty for most. Part of lang's engine id. */
const enum lang_id *language_embeds(enum lang_id lang);

/* Whether path names a `.h` file: C, C++ or Objective-C, decided by
 * language_of_c_header. */
int language_is_c_header(const char *path);
/* The language of a `.h` file's bytes, from the first line, outside comments and
 * `#if(def) __cplusplus` blocks, that starts with what only C++ has (`namespace`,
 * `template <`, `class X {`, `public:`, `using namespace`, `extern "C++"`,
 * `#include <vector>`): LANG_CPP, or with what only Objective-C has (`@interface`,
 * `@protocol`, `@implementation`, `@class`, `@property`, `@end`, `#import`): LANG_OBJC;
 * else LANG_C (docs/METRICS.md, "Languages"). One pass, no allocation. */
enum lang_id language_of_c_header(const char *data, size_t len);

#endif
