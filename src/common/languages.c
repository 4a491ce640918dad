/*
 * languages.c - the language table (see languages.h), generated from languages.def.
 */
#include "common/languages.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* The ids are 1, 2, 3... in the order of the rows (ids.h counts on it for
 * LANG_COUNT): one byte per row, at the row's position, must sit at its id - 1, so a row
 * added in the middle, which would renumber those after it, does not compile. */
struct language_rows {
#define LANGUAGE(ENUM, ...) char ENUM;
#include "common/languages.def"
#undef LANGUAGE
};
_Static_assert(LANG_COUNT == sizeof(struct language_rows) + 1, "languages.def: one id per row");
_Static_assert(LANG_COUNT <= 64, "-l and [language] keep languages in a 64-bit mask");
#define LANGUAGE(ENUM, ID, ...) \
	_Static_assert(ID == offsetof(struct language_rows, ENUM) + 1, \
		       "languages.def: ids follow the rows");
#include "common/languages.def"
#undef LANGUAGE

/* One row per language, named row_ENUM. */
#define LANGUAGE(ENUM, ID, NAME, DISPLAY, EXTENSIONS, INTERPRETERS, LINE, LINE2, OPEN, CLOSE, \
		 TRIPLE, GRAMMAR, RULES, RULES_VERSION) \
	static const struct language_info row_##ENUM = { LANG_##ENUM, NAME, DISPLAY, \
							  EXTENSIONS, INTERPRETERS, LINE, \
							  LINE2, OPEN, CLOSE, TRIPLE, \
							  RULES_VERSION };
#include "common/languages.def"
#undef LANGUAGE

/* The row of id, NULL for none. */
static const struct language_info *row(enum lang_id id)
{
	switch ((int)id) {
#define LANGUAGE(ENUM, ID, ...) \
	case ID: \
		return &row_##ENUM;
#include "common/languages.def"
#undef LANGUAGE
	default:
		return NULL;
	}
}

const struct language_info *language_info(enum lang_id id)
{
	return row(id);
}

enum lang_id language_by_name(const char *name)
{
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++)
		if (strcmp(row((enum lang_id)i)->name, name) == 0)
			return (enum lang_id)i;
	/* The name as people write it ("C++", "c++", "Go"). */
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++)
		if (strcasecmp(row((enum lang_id)i)->display, name) == 0)
			return (enum lang_id)i;
	/* lizard's -l names where they differ from ours. */
	static const struct {
		const char *alias, *name;
	} aliases[] = {
		{ "js", "javascript" }, { "ts", "typescript" },	 { "objectivec", "objc" },
		{ "rs", "rust" },	{ "vuejs", "vue" },	 { "cs", "csharp" },
		{ "sh", "bash" },	{ "golang", "go" },
	};
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(aliases[i].alias, name) == 0)
			return language_by_name(aliases[i].name);
	return LANG_NONE;
}

/* Files a language knows by their whole name, without an extension (GitHub linguist's
 * names for them). A name whose language is not in the table is not matched. */
static const struct {
	const char *file, *language;
} file_names[] = {
	{ "Rakefile", "ruby" },	   { "Gemfile", "ruby" },	{ "Guardfile", "ruby" },
	{ "Vagrantfile", "ruby" }, { "Podfile", "ruby" },	{ "Fastfile", "ruby" },
	{ "Brewfile", "ruby" },	   { "Capfile", "ruby" },	{ "Berksfile", "ruby" },
	{ "Thorfile", "ruby" },	   { "PKGBUILD", "bash" },	{ "APKBUILD", "bash" },
	{ "Jenkinsfile", "groovy" },
};

const enum lang_id *language_embeds(enum lang_id lang)
{
	static const enum lang_id scripts[] = { LANG_JAVASCRIPT, LANG_TYPESCRIPT, LANG_TSX,
						LANG_NONE };
	static const enum lang_id none[] = { LANG_NONE };
	return lang == LANG_VUE || lang == LANG_SVELTE ? scripts : none;
}

const char *language_file_name(size_t i, enum lang_id *lang)
{
	if (i >= sizeof(file_names) / sizeof(file_names[0]))
		return NULL;
	*lang = language_by_name(file_names[i].language);
	return file_names[i].file;
}

/* Every extension of every language, bucketed by its first byte (built once): a walk
 * asks for every file it meets, so a lookup costs a few comparisons, not a scan of every
 * language's list. */
#define MAX_EXTENSIONS 256
static struct extension_index {
	const char *ext[MAX_EXTENSIONS];
	uint8_t lang[MAX_EXTENSIONS];
	uint16_t start[257];		/* bucket c is [start[c], start[c + 1]) */
} extensions;
static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

/* Buckets by first byte, each in the table's order (a counting sort: two passes over the
 * table, where a pass per byte value took 290 000 instructions of every run). Past
 * MAX_EXTENSIONS, the later buckets' extensions are left out (tests/unit checks none is). */
static void index_extensions(void)
{
	size_t count[256] = { 0 }, at[256];
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++)
		for (const char *const *e = row((enum lang_id)i)->extensions; *e; e++)
			count[(unsigned char)(*e)[0]]++;
	size_t n = 0;
	for (int c = 0; c < 256; c++) {
		extensions.start[c] = (uint16_t)(n < MAX_EXTENSIONS ? n : MAX_EXTENSIONS);
		at[c] = n;
		n += count[c];
	}
	extensions.start[256] = (uint16_t)(n < MAX_EXTENSIONS ? n : MAX_EXTENSIONS);
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++)
		for (const char *const *e = row((enum lang_id)i)->extensions; *e; e++) {
			size_t k = at[(unsigned char)(*e)[0]]++;
			if (k < MAX_EXTENSIONS) {
				extensions.ext[k] = *e;
				extensions.lang[k] = (uint8_t)i;
			}
		}
}

enum lang_id language_by_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	for (size_t i = 0; i < sizeof(file_names) / sizeof(file_names[0]); i++)
		if (base[0] == file_names[i].file[0] && strcmp(base, file_names[i].file) == 0)
			return language_by_name(file_names[i].language);
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base || !dot[1])
		return LANG_NONE;
	pthread_once(&extensions_once, index_extensions);
	unsigned char c = (unsigned char)dot[1];
	for (size_t k = extensions.start[c]; k < extensions.start[c + 1]; k++)
		if (strcmp(dot + 1, extensions.ext[k]) == 0)
			return (enum lang_id)extensions.lang[k];
	return LANG_NONE;
}

/* Whether c separates the words of a shebang line. */
static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The part of the n-byte word w after its last '/' (all of it when there is none); *n
 * becomes that part's length. */
static const char *base_name(const char *w, size_t *n)
{
	size_t i = *n;
	while (i > 0 && w[i - 1] != '/')
		i--;
	*n -= i;
	return w + i;
}

/* Copies the base name of the next word of head[*pos, end) into word (size bytes) and
 * moves *pos past the word; -1 when there is no word left, or its base name is empty or
 * does not fit. */
static int shebang_word(const char *head, size_t end, size_t *pos, char *word, size_t size)
{
	size_t i = *pos;
	while (i < end && is_blank(head[i]))
		i++;
	size_t start = i;
	while (i < end && !is_blank(head[i]) && head[i] != '\r')
		i++;
	*pos = i;
	if (start == i)
		return -1;
	size_t n = i - start;
	const char *w = base_name(head + start, &n);
	if (n == 0 || n >= size)
		return -1;
	memcpy(word, w, n);
	word[n] = '\0';
	return 0;
}

/* The interpreter named on the shebang line head[0, end): the first word's base name, or
 * with "env", the first argument after it that is not an option. -1 when there is none. */
static int shebang_interpreter(const char *head, size_t end, char *word, size_t size)
{
	size_t pos = 2;
	int after_env = 0;
	for (;;) {
		if (shebang_word(head, end, &pos, word, size) < 0)
			return -1;
		if (!after_env && strcmp(word, "env") == 0)
			after_env = 1;
		else if (!(after_env && word[0] == '-'))
			return 0;
	}
}

/* The language whose interpreters include name; LANG_NONE when none does. */
static enum lang_id language_by_interpreter(const char *name)
{
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		for (const char *const *p = row((enum lang_id)l)->interpreters; *p; p++)
			if (strcmp(name, *p) == 0)
				return (enum lang_id)l;
	return LANG_NONE;
}

enum lang_id language_by_shebang(const char *head, size_t len)
{
	if (len < 3 || head[0] != '#' || head[1] != '!')
		return LANG_NONE;
	size_t end = 2;
	while (end < len && head[end] != '\n')
		end++;
	char word[64];
	if (shebang_interpreter(head, end, word, sizeof(word)) < 0)
		return LANG_NONE;
	return language_by_interpreter(word);
}

enum unit_policy unit_policy_by_name(const char *word)
{
	static const char *const words[] = { [UNITS_EACH] = "each", [UNITS_BOUND] = "bound",
					     [UNITS_FOLD] = "fold" };
	for (int i = UNITS_EACH; i <= UNITS_FOLD; i++)
		if (strcasecmp(word, words[i]) == 0)
			return (enum unit_policy)i;
	return UNITS_LANGUAGE;
}

int language_is_c_header(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && strcmp(dot, ".h") == 0;
}

/* The first needle (n bytes, n > 0) in [p, end), or NULL (memmem is not POSIX). */
static const char *find(const char *p, const char *end, const char *needle, size_t n)
{
	while ((size_t)(end - p) >= n) {
		const char *q = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!q || memcmp(q, needle, n) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

/* A character of a C identifier. */
static int word_char(char c)
{
	return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A line of a header being read: [p, end) with leading blanks skipped. */
struct header_line {
	const char *p, *end;
};

static int starts(const struct header_line *l, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(l->end - l->p) >= n && memcmp(l->p, word, n) == 0;
}

/* The text after word and blanks, when the line starts with word as a whole word; NULL
 * otherwise. */
static const char *after_word(const struct header_line *l, const char *word)
{
	size_t n = strlen(word);
	if (!starts(l, word))
		return NULL;
	const char *q = l->p + n;
	if (q < l->end && word_char(*q))
		return NULL;
	while (q < l->end && (*q == ' ' || *q == '\t'))
		q++;
	return q;
}

/* `#include <name>` without a `.` in the name: a C++ standard header (<vector>). */
static int cpp_include(const struct header_line *l)
{
	if (!starts(l, "#include <") && !starts(l, "# include <"))
		return 0;
	const char *q = (const char *)memchr(l->p, '<', (size_t)(l->end - l->p)) + 1;
	const char *close = memchr(q, '>', (size_t)(l->end - q));
	return close && close > q && !memchr(q, '.', (size_t)(close - q));
}

/* `namespace NAME` or `namespace {`. */
static int cpp_namespace(const struct header_line *l)
{
	const char *q = after_word(l, "namespace");
	return q && q < l->end && (*q == '{' || word_char(*q));
}

/* `class NAME` followed by `{`, `:`, `;` or the end of the line (`final` is a word). */
static int cpp_class(const struct header_line *l)
{
	const char *q = after_word(l, "class");
	if (!q || q == l->end)
		return 0;
	while (q < l->end && (word_char(*q) || *q == ' ' || *q == '\t'))
		q++;
	return q == l->end || *q == '{' || *q == ':' || *q == ';' || *q == '\r';
}

/* Whether a line starts with what only C++ has: `namespace`, `template <`, `class X`
 * followed by `{`, `:`, `;` or nothing, an access label, `using namespace`, `extern "C++"`
 * or a C++ standard #include. */
static int cpp_line(const struct header_line *l)
{
	static const char *const words[] = { "public:", "private:", "protected:",
					      "using namespace ", "extern \"C++\"", NULL };
	const char *q = after_word(l, "template");
	if ((q && q < l->end && *q == '<') || cpp_namespace(l) || cpp_class(l))
		return 1;
	for (const char *const *w = words; *w; w++)
		if (starts(l, *w))
			return 1;
	return cpp_include(l);
}

/* Whether a line starts with what only Objective-C has: an `@interface`, `@protocol`,
 * `@implementation`, `@class`, `@property` or `@end` directive, or `#import`. */
static int objc_line(const struct header_line *l)
{
	static const char *const words[] = { "@interface", "@protocol", "@implementation",
					      "@class", "@property", "@end", "#import", NULL };
	for (const char *const *w = words; *w; w++)
		if (after_word(l, *w))
			return 1;
	return 0;
}

/* Follows `#if`s inside a block only C++ compilers see: 1 while inside one. */
static int cplusplus_block(const struct header_line *l, int *depth)
{
	int opens = starts(l, "#if"), closes = starts(l, "#endif");
	if (*depth > 0) {
		*depth += opens - closes;
		return 1;
	}
	if (opens && find(l->p, l->end, "__cplusplus", 11)) {
		*depth = 1;
		return 1;
	}
	return 0;
}

/* Whether a line that starts inside a comment (*in_comment) is all comment, and whether
 * the next one starts inside one. A line that opens a comment is still read. */
static int comment_line(const struct header_line *l, int *in_comment)
{
	int was = *in_comment;
	const char *open = find(l->p, l->end, "/*", 2);
	const char *close = find(l->p, l->end, "*/", 2);
	if (close && (!open || close > open))
		*in_comment = 0;
	else if (open)
		*in_comment = 1;
	return was;
}

/* The language a header's line says: C++, Objective-C, or none. */
static enum lang_id line_language(const struct header_line *l)
{
	/* Every mark starts with one of these (most lines start with none). */
	if (l->p == l->end || !memchr("tncpue#@", *l->p, 8))
		return LANG_NONE;
	if (cpp_line(l))
		return LANG_CPP;
	return objc_line(l) ? LANG_OBJC : LANG_NONE;
}

enum lang_id language_of_c_header(const char *s, size_t len)
{
	const char *end = s + len;
	int in_comment = 0, block = 0;
	for (const char *p = s; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct header_line l = { p, nl ? nl : end };
		p = nl ? nl + 1 : end;
		while (l.p < l.end && (*l.p == ' ' || *l.p == '\t'))
			l.p++;
		if (comment_line(&l, &in_comment) || cplusplus_block(&l, &block))
			continue;
		enum lang_id says = line_language(&l);
		if (says != LANG_NONE)
			return says;
	}
	return LANG_C;
}
