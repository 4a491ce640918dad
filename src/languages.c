/*
 * languages.c - the language table (see languages.h). Adding a language is adding a row
 * here and a file under src/analyze/lang/.
 */
#include "languages.h"

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
	[LANG_C] = { LANG_C, "c", "C", c_ext, none, "//", NULL, "/*", "*/", 0 },
	[LANG_CPP] = { LANG_CPP, "cpp", "C++", cpp_ext, none, "//", NULL, "/*", "*/", 0 },
	[LANG_PYTHON] = { LANG_PYTHON, "python", "Python", py_ext, py_int, "#", NULL, NULL, NULL, 1 },
	[LANG_JAVASCRIPT] = { LANG_JAVASCRIPT, "javascript", "JavaScript", js_ext, js_int, "//", NULL,
			      "/*", "*/", 0 },
	[LANG_TYPESCRIPT] = { LANG_TYPESCRIPT, "typescript", "TypeScript", ts_ext, ts_int, "//", NULL,
			      "/*", "*/", 0 },
	[LANG_TSX] = { LANG_TSX, "tsx", "TSX", tsx_ext, none, "//", NULL, "/*", "*/", 0 },
	[LANG_GO] = { LANG_GO, "go", "Go", go_ext, none, "//", NULL, "/*", "*/", 0 },
	[LANG_RUST] = { LANG_RUST, "rust", "Rust", rs_ext, none, "//", NULL, "/*", "*/", 0 },
	[LANG_JAVA] = { LANG_JAVA, "java", "Java", java_ext, none, "//", NULL, "/*", "*/", 0 },
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

enum lang_id language_by_shebang(const char *head, size_t len)
{
	if (len < 3 || head[0] != '#' || head[1] != '!')
		return LANG_NONE;
	size_t end = 2;
	while (end < len && head[end] != '\n')
		end++;
	/* Take the interpreter's base name; with "env", the first argument that is not an
	 * option. */
	char word[64];
	size_t i = 2;
	int after_env = 0;
	for (;;) {
		while (i < end && (head[i] == ' ' || head[i] == '\t'))
			i++;
		size_t start = i;
		while (i < end && head[i] != ' ' && head[i] != '\t' && head[i] != '\r')
			i++;
		if (start == i)
			return LANG_NONE;
		size_t n = i - start;
		const char *w = head + start;
		const char *slash = memchr(w, '/', n) ? w + n : NULL;
		if (slash) {
			while (slash > w && slash[-1] != '/')
				slash--;
			n -= (size_t)(slash - w);
			w = slash;
		}
		if (n == 0 || n >= sizeof(word))
			return LANG_NONE;
		memcpy(word, w, n);
		word[n] = '\0';
		if (!after_env && strcmp(word, "env") == 0) {
			after_env = 1;
			continue;
		}
		if (after_env && word[0] == '-')
			continue;
		break;
	}
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		for (const char *const *p = table[l].interpreters; *p; p++)
			if (strcmp(word, *p) == 0)
				return (enum lang_id)l;
	return LANG_NONE;
}
