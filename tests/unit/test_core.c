/*
 * test_core.c - checks the analysis core against hand-written expectations.
 *
 * Usage: test_core FIXTURE_DIR...   each FIXTURE_DIR is tests/fixtures/<language>; every
 *                                   NAME.EXT there with a NAME.EXT.expect is analyzed and
 *                                   compared (syntax: tests/fixtures/README).
 *        test_core --parse-heap FIXTURE_DIR...   the same with tree-sitter's blocks from the
 *                                   worker's parse heap (src/analyze/parse_heap.h)
 *        test_core --dump LANG FILE prints what the core found, for debugging a failure.
 * Prints one line per expectation and ends with "N passed, N failed".
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "analyze/parse_heap.h"
#include "tests/unit/check.h"
#include "config.h"

#include "tests/unit/lsan_sql.h"

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n == cap)
			buf = realloc(buf, cap *= 2);
		size_t got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int unit_value(const struct unit *u, const char *key, long *v)
{
	const struct {
		const char *name;
		uint32_t value;
	} keys[] = {
		{ "line", u->line }, { "end", u->end_line }, { "ccn", u->ccn },
		{ "cognitive", u->cognitive }, { "nloc", u->nloc }, { "length", u->length },
		{ "params", u->params }, { "nesting", u->nesting }, { "exits", u->exits },
		{ "tokens", u->tokens }, { "column", u->column },
		{ "recovered", (u->flags & UNIT_RECOVERED) != 0 },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, key) == 0) {
			*v = keys[i].value;
			return 0;
		}
	return -1;
}

static int file_value(const struct record *r, const char *key, const char *want, char *got,
		      size_t gotlen)
{
	if (strcmp(key, "status") == 0) {
		snprintf(got, gotlen, "%s", file_status_name((enum file_status)r->status));
		return strcmp(got, want) == 0;
	}
	long v;
	if (strcmp(key, "lines") == 0) v = r->lines;
	else if (strcmp(key, "code") == 0) v = r->code;
	else if (strcmp(key, "comment") == 0) v = r->comment;
	else if (strcmp(key, "blank") == 0) v = r->blank;
	else if (strcmp(key, "units") == 0) v = (long)r->nunits;
	else {
		snprintf(got, gotlen, "(unknown key)");
		return 0;
	}
	snprintf(got, gotlen, "%ld", v);
	return strtol(want, NULL, 10) == v;
}

static void dump(const struct record *r)
{
	printf("file lines=%u code=%u comment=%u blank=%u status=%s units=%zu mi=%.1f\n",
	       r->lines, r->code, r->comment, r->blank,
	       file_status_name((enum file_status)r->status), r->nunits, r->mi);
	for (size_t i = 0; i < r->nunits; i++) {
		const struct unit *u = &r->units[i];
		printf("unit %s line=%u end=%u ccn=%u cognitive=%u nloc=%u length=%u params=%u "
		       "nesting=%u exits=%u tokens=%u%s%s\n",
		       u->qname, u->line, u->end_line, u->ccn, u->cognitive, u->nloc, u->length,
		       u->params, u->nesting, u->exits, u->tokens,
		       (u->flags & UNIT_HAS_ERROR) ? " (error)" : "",
		       (u->flags & UNIT_RECOVERED) ? " recovered=1" : "");
	}
	for (size_t i = 0; i < r->nincrements; i++) {
		const struct increment *inc = &r->increments[i];
		printf("  inc %s line=%u %s +%u (nesting %u)\n", r->units[inc->unit].qname,
		       inc->line, inc->metric == M_CCN ? "ccn" : "cognitive", inc->amount,
		       inc->nesting);
		(void)construct_name;
	}
}

/* The analysis flags an .expect asks for on a line "options units=each|bound|fold" (at
 * most one such line; -m is "options modified"). */
static uint32_t expect_flags(const char *exp)
{
	const char *o = strstr(exp, "\noptions ");
	if (!o && strncmp(exp, "options ", 8) == 0)
		o = exp - 1;
	if (!o)
		return 0;
	uint32_t flags = 0;
	const char *end = strchr(o + 1, '\n');
	size_t n = end ? (size_t)(end - o - 1) : strlen(o + 1);
	char line[256];
	snprintf(line, sizeof(line), "%.*s", (int)(n < 255 ? n : 255), o + 1);
	char *save = NULL;
	for (char *w = strtok_r(line + 8, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "modified") == 0)
			flags |= ANALYZE_MODIFIED_CCN;
		else if (strncmp(w, "units=", 6) == 0)
			flags |= (uint32_t)unit_policy_by_name(w + 6) << 2;
	}
	return flags;
}

/* The "key=value" words left in save (a strtok_r state) of a "file" line against r's
 * file-level values: 1 when all match, else 0 with what differs appended to msg. */
static int file_values_match(const struct record *r, char **save, char *msg, size_t cap)
{
	int ok = 1;
	for (char *kv = strtok_r(NULL, " ", save); kv; kv = strtok_r(NULL, " ", save)) {
		char *eq = strchr(kv, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char got[64];
		if (!file_value(r, kv, eq + 1, got, sizeof(got))) {
			ok = 0;
			size_t m = strlen(msg);
			snprintf(msg + m, cap - m, " %s=%s(want %s)", kv, got, eq + 1);
		}
	}
	return ok;
}

/* The same for a "unit" line's words against unit u. */
static int unit_values_match(const struct unit *u, char **save, char *msg, size_t cap)
{
	int ok = 1;
	for (char *kv = strtok_r(NULL, " ", save); kv; kv = strtok_r(NULL, " ", save)) {
		char *eq = strchr(kv, '=');
		long v = -1;
		if (!eq)
			continue;
		*eq = '\0';
		if (unit_value(u, kv, &v) < 0 || v != strtol(eq + 1, NULL, 10)) {
			ok = 0;
			size_t m = strlen(msg);
			snprintf(msg + m, cap - m, " %s=%ld(want %s)", kv, v, eq + 1);
		}
	}
	return ok;
}

/* The first unit of r named qname not yet seen (then marked seen), or NULL. */
static const struct unit *take_unit(const struct record *r, unsigned char *seen, const char *qname)
{
	for (size_t i = 0; i < r->nunits && qname; i++)
		if (!seen[i] && strcmp(r->units[i].qname, qname) == 0) {
			seen[i] = 1;
			return &r->units[i];
		}
	return NULL;
}

/* line with its trailing blanks cut; NULL for a comment, a blank or an options line. */
static char *expectation(char *line)
{
	char *end = line + strlen(line);
	while (end > line && (end[-1] == '\r' || end[-1] == ' '))
		*--end = '\0';
	if (*line == '#' || *line == '\0' || strncmp(line, "options ", 8) == 0)
		return NULL;
	return line;
}

/* The rest of a "file key=value..." line (save): 1 when all match, else 0; said. */
static int check_file_line(const char *path, const struct record *r, char **save)
{
	char msg[2048] = "";
	int ok = file_values_match(r, save, msg, sizeof(msg));
	printf("%s - %s: file%s\n", ok ? "ok" : "not ok", path, msg);
	return ok;
}

/* The rest of a "unit QNAME key=value..." line: 1 or 0, or -1 when no unit of that name
 * is left; said. */
static int check_unit_line(const char *path, const struct record *r, unsigned char *seen,
			   char **save)
{
	char msg[2048] = "";
	char *qname = strtok_r(NULL, " ", save);
	const struct unit *u = take_unit(r, seen, qname);
	if (!u) {
		printf("not ok - %s: unit %s not found\n", path, qname ? qname : "?");
		return -1;
	}
	int ok = unit_values_match(u, save, msg, sizeof(msg));
	printf("%s - %s: %s%s\n", ok ? "ok" : "not ok", path, qname, msg);
	return ok;
}

/* One line of path's .expect against r, counted. */
static void check_line(const char *path, const struct record *r, unsigned char *seen, char *line)
{
	line = expectation(line);
	if (!line)
		return;
	char *save = NULL;
	char *kind = strtok_r(line, " ", &save);
	int ok;
	if (strcmp(kind, "file") == 0) {
		ok = check_file_line(path, r, &save);
	} else if (strcmp(kind, "unit") == 0) {
		ok = check_unit_line(path, r, seen, &save);
	} else {
		printf("not ok - %s: bad expectation line '%s'\n", path, kind);
		ok = 0;
	}
	if (ok > 0)
		passed++;
	else
		failed++;
}

/* path analyzed as lang, against path.expect; exp is its text (taken). */
static void check_against(struct analyzer *a, enum lang_id lang, const char *path,
			  const char *src, size_t len, char *exp)
{
	struct record r;
	struct analyze_options opt = { expect_flags(exp), 0 };
	if (analyzer_run(a, src, len, lang, &opt, &r) < 0) {
		printf("not ok - %s: analyzer_run failed\n", path);
		failed++;
		return;
	}
	unsigned char *seen = calloc(r.nunits + 1, 1);
	char *save = NULL;
	for (char *line = strtok_r(exp, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		check_line(path, &r, seen, line);
	for (size_t i = 0; i < r.nunits; i++)
		if (!seen[i]) {
			printf("not ok - %s: unexpected unit %s (line %u)\n", path, r.units[i].qname,
			       r.units[i].line);
			failed++;
		}
	free(seen);
	record_clear(&r);
}

static void check_file(struct analyzer *a, enum lang_id lang, const char *path)
{
	char expect_path[4200];
	snprintf(expect_path, sizeof(expect_path), "%s.expect", path);
	size_t len, elen;
	char *src = read_file(path, &len);
	char *exp = read_file(expect_path, &elen);
	char *whole = exp ? realloc(exp, elen + 1) : NULL;
	if (!src || !whole) {
		printf("not ok - %s: cannot read (%s)\n", path, strerror(errno));
		failed++;
	} else {
		whole[elen] = '\0';
		check_against(a, lang, path, src, len, whole);
	}
	free(src);
	free(whole ? whole : exp);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* --dump LANG FILE: the record of FILE, as the .expect files are written from. */
static int dump_file(struct analyzer *a, const char *lang, const char *path)
{
	size_t len;
	char *src = read_file(path, &len);
	struct record r;
	struct analyze_options opt = { ANALYZE_INCREMENTS, 0 };
	if (!src || analyzer_run(a, src, len, language_by_name(lang), &opt, &r) < 0)
		return 2;
	dump(&r);
	record_clear(&r);
	free(src);
	return 0;
}

/* Whether name, in dir, is a fixture: not hidden, not an .expect, and with an .expect. */
static int is_fixture(const char *dir, const char *name)
{
	size_t nl = strlen(name);
	if (name[0] == '.' || (nl > 7 && strcmp(name + nl - 7, ".expect") == 0))
		return 0;
	char exp[4200];
	snprintf(exp, sizeof(exp), "%s/%s.expect", dir, name);
	FILE *probe = fopen(exp, "r");
	if (probe)
		fclose(probe);
	return probe != NULL;
}

/* Every fixture of dir, a directory named after its language. */
static void check_dir(struct analyzer *a, const char *dir)
{
	const char *base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	enum lang_id lang = language_by_name(base);
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	if (lang == LANG_NONE || n < 0) {
		printf("not ok - %s: not a fixture directory\n", dir);
		failed++;
		return;
	}
	for (int k = 0; k < n; k++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[k]->d_name);
		if (is_fixture(dir, names[k]->d_name))
			check_file(a, lang, path);
		free(names[k]);
	}
	free(names);
}

static void out_of_memory(void)
{
	fprintf(stderr, "test_core: out of memory in the parse heap\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int first = 1;
	if (argc > 1 && strcmp(argv[1], "--parse-heap") == 0) {
		parse_heap_install(out_of_memory);	/* before the first parser */
		first = 2;
	}
	struct analyzer *a = analyzer_new();
	if (!a)
		return 2;
	if (argc == 4 && strcmp(argv[1], "--dump") == 0) {
		int rc = dump_file(a, argv[2], argv[3]);
		analyzer_free(a);
		return rc;
	}
	for (int i = first; i < argc; i++)
		check_dir(a, argv[i]);
	analyzer_free(a);
	return check_summary();
}
