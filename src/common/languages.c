/*
 * languages.c - the language table (see languages.h). Adding a language is adding a row
 * here and a file under src/analyze/lang/.
 */
#include "common/languages.h"

#include <string.h>

static const char *const c_ext[] = { "c", "h", NULL };
static const char *const cpp_ext[] = { "cc", "cpp", "cxx", "c++", "C", "hh", "hpp", "hxx",
				       "h++", "H", "ipp", "tpp", "inl", NULL };
static const char *const py_ext[] = { "py", "pyw", "pyi", NULL };
static const char *const js_ext[] = { "js", "jsx", "mjs", "cjs", NULL };
static const char *const ts_ext[] = { "ts", "mts", "cts", NULL };
static const char *const tsx_ext[] = { "tsx", NULL };
static const char *const go_ext[] = { "go", NULL };
static const char *const rs_ext[] = { "rs", NULL };
static const char *const java_ext[] = { "java", NULL };

static const char *const none[] = { NULL };
static const char *const py_int[] = { "python", "python2", "python3", "pypy", "pypy3", NULL };
static const char *const js_int[] = { "node", "nodejs", NULL };
static const char *const ts_int[] = { "ts-node", "deno", "tsx", NULL };

static const struct language_info table[LANG_COUNT] = {
	[LANG_C] = { LANG_C, "c", "C", c_ext, none, "//", NULL, "/*", "*/", 0, 1 },
	[LANG_CPP] = { LANG_CPP, "cpp", "C++", cpp_ext, none, "//", NULL, "/*", "*/", 0, 1 },
	[LANG_PYTHON] = { LANG_PYTHON, "python", "Python", py_ext, py_int, "#", NULL, NULL, NULL, 1, 1 },
	[LANG_JAVASCRIPT] = { LANG_JAVASCRIPT, "javascript", "JavaScript", js_ext, js_int, "//", NULL,
			      "/*", "*/", 0, 1 },
	[LANG_TYPESCRIPT] = { LANG_TYPESCRIPT, "typescript", "TypeScript", ts_ext, ts_int, "//", NULL,
			      "/*", "*/", 0, 1 },
	[LANG_TSX] = { LANG_TSX, "tsx", "TSX", tsx_ext, none, "//", NULL, "/*", "*/", 0, 1 },
	[LANG_GO] = { LANG_GO, "go", "Go", go_ext, none, "//", NULL, "/*", "*/", 0, 1 },
	[LANG_RUST] = { LANG_RUST, "rust", "Rust", rs_ext, none, "//", NULL, "/*", "*/", 0, 1 },
	[LANG_JAVA] = { LANG_JAVA, "java", "Java", java_ext, none, "//", NULL, "/*", "*/", 0, 1 },
};

const struct language_info *language_info(enum lang_id id)
{
	if (id <= LANG_NONE || id >= LANG_COUNT)
		return NULL;
	return &table[id];
}

enum lang_id language_by_name(const char *name)
{
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++)
		if (strcmp(table[i].name, name) == 0)
			return (enum lang_id)i;
	if (strcmp(name, "c++") == 0)
		return LANG_CPP;
	return LANG_NONE;
}

enum lang_id language_by_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return LANG_NONE;
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++)
		for (const char *const *e = table[i].extensions; *e; e++)
			if (strcmp(dot + 1, *e) == 0)
				return (enum lang_id)i;
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
		for (const char *const *p = table[l].interpreters; *p; p++)
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
