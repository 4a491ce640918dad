/*
 * explain.c - `assay explain FILE:LINE` and `assay explain FILE:FUNCTION`: why a function
 * scores what it does, increment by increment (the construct, its line, and how much of
 * each cognitive increment is nesting).
 *
 * The file goes through a sandboxed worker like any other, with ANALYZE_INCREMENTS set so
 * the record carries every increment (and not through the cache, whose records have
 * none).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "cmd/cmd.h"
#include "files/discover.h"
#include "git/view.h"
#include "report/common.h"
#include "run/exitcode.h"
#include "run/load.h"
#include "run/select.h"
#include "util/alloc.h"
#include "util/msg.h"
#include "util/suggest.h"

/* The innermost unit holding a line; NULL when none does. */
static const struct unit *unit_at_line(const struct record *r, long line)
{
	const struct unit *best = NULL;
	for (size_t i = 0; i < r->nunits; i++) {
		const struct unit *u = &r->units[i];
		if ((long)u->line <= line && line <= (long)u->end_line
		    && (!best || u->end_line - u->line < best->end_line - best->line))
			best = u;
	}
	return best;
}

/* The units named spec, by qualified name or else by simple name: how many, and the
 * first in *first. */
static size_t units_named(const struct record *r, const char *spec, const struct unit **first)
{
	size_t n = 0;
	for (int simple = 0; simple <= 1 && n == 0; simple++)
		for (size_t i = 0; i < r->nunits; i++)
			if (strcmp(simple ? r->units[i].name : r->units[i].qname, spec) == 0 && !n++)
				*first = &r->units[i];
	return n;
}

/* Says that spec names several units, listing them (FILE:LINE picks one). */
static void say_ambiguous(const char *path, const struct record *r, const char *spec)
{
	error_msg("%s: '%s' names several functions; name one by its line:", path, spec);
	const struct unit *u;
	int simple = units_named(r, spec, &u) && strcmp(u->qname, spec) != 0;
	for (size_t i = 0; i < r->nunits; i++)
		if (strcmp(simple ? r->units[i].name : r->units[i].qname, spec) == 0) {
			fputs("  assay explain ", stderr);
			report_put_text(stderr, path);
			fprintf(stderr, ":%u    (", r->units[i].line);
			report_put_text(stderr, r->units[i].qname);
			fputs(")\n", stderr);
		}
}

/* Says that no unit is named spec, suggesting the nearest name. */
static void say_not_found(const char *path, const struct record *r, const char *spec)
{
	struct suggest s;
	suggest_init(&s, spec);
	for (size_t i = 0; i < r->nunits; i++) {
		suggest_offer(&s, r->units[i].qname);
		suggest_offer(&s, r->units[i].name);
	}
	const char *best = suggest_best(&s);
	if (best)
		error_msg("%s: no function named '%s' (did you mean '%s'?)", path, spec, best);
	else
		error_msg("%s: no function named '%s' (%zu functions in the file)", path, spec,
			  r->nunits);
}

/* The unit a spec names: a line inside it (the innermost unit wins) or a name, matched
 * against the qualified name first, then the simple name. NULL, having said why, when
 * none or several match. */
static const struct unit *find_unit(const char *path, const struct record *r,
				    const char *spec)
{
	char *end;
	long line = strtol(spec, &end, 10);
	if (*spec && *end == '\0') {
		const struct unit *u = unit_at_line(r, line);
		if (!u)
			error_msg("%s: no function at line %s", path, spec);
		return u;
	}
	const struct unit *u = NULL;
	size_t n = units_named(r, spec, &u);
	if (n > 1)
		say_ambiguous(path, r, spec);
	else if (n == 0)
		say_not_found(path, r, spec);
	return n == 1 ? u : NULL;
}

/* The text of line (1-based) in src (n bytes): its start, its length in *len; NULL when
 * the file has fewer lines. */
static const char *line_text(const struct wbuf *src, uint32_t line, size_t *len)
{
	const char *p = (const char *)src->data, *end = p + src->len;
	for (uint32_t l = 1; l < line && p; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		p = p ? p + 1 : NULL;
	}
	if (!p || p > end)
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	return p;
}

/* The token at byte column col (1-based) of a line: a word, or up to three operator
 * characters ("&&", "?", "||"); into out. */
static void token_at(const char *text, size_t len, uint32_t col, char *out, size_t outlen)
{
	size_t at = col ? col - 1 : 0, n = 0;
	int word = at < len && (isalnum((unsigned char)text[at]) || text[at] == '_');
	while (at + n < len && n + 1 < outlen
	       && (word ? isalnum((unsigned char)text[at + n]) || text[at + n] == '_'
			: n < 3 && strchr("&|?:!=<>^~+-*/%.", text[at + n]) && text[at + n]))
		n++;
	snprintf(out, outlen, "%.*s", (int)n, text + at);
}

/* The column of the `?` of a conditional expression that starts at inc's column, when it
 * is on the same line; else inc's own column. */
static uint32_t ternary_column(const char *text, size_t n, const struct increment *inc)
{
	const char *q = inc->column && inc->column <= n
				? memchr(text + inc->column - 1, '?', n - (inc->column - 1)) : NULL;
	return q ? (uint32_t)(q - text) + 1 : inc->column;
}

/* What an increment counts, by name: the token at its column ("`for` (loop)", "`&&`",
 * "`if`"; cognitive complexity counts a run of like operators once: "`&&` sequence"),
 * else the construct's kind. */
static void describe(const struct wbuf *src, const struct increment *inc, char *out, size_t len)
{
	const char *kind = construct_name((enum construct)inc->construct);
	size_t n = 0;
	char tok[32] = "";
	const char *text = src ? line_text(src, inc->line, &n) : NULL;
	uint32_t col = text && inc->construct == C_TERNARY ? ternary_column(text, n, inc)
							     : inc->column;
	if (text && col)
		token_at(text, n, col, tok, sizeof(tok));
	if (inc->construct == C_TERNARY && strcmp(tok, "?") == 0)
		snprintf(out, len, "`?:` (%s)", kind);
	else if (!tok[0] || inc->construct == C_RECURSION || inc->construct == C_LAMBDA)
		snprintf(out, len, "%s", kind);
	else if (inc->construct == C_AND_OR)
		snprintf(out, len, "`%s`%s", tok, inc->metric == M_COGNITIVE ? " sequence" : "");
	else if (strcmp(tok, kind) == 0)
		snprintf(out, len, "`%s`", tok);
	else
		snprintf(out, len, "`%s` (%s)", tok, kind);
}

/* The source line of an increment, with a caret under its column. Tabs are shown as one
 * space each, so that the caret lines up. */
static void show_source(const struct wbuf *src, const struct increment *inc)
{
	size_t n = 0;
	const char *text = src ? line_text(src, inc->line, &n) : NULL;
	if (!text || !inc->column)
		return;
	char *copy = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		copy[i] = text[i] == '\t' ? ' ' : text[i];
	copy[n] = '\0';
	printf("  %6u | ", inc->line);
	report_put_text(stdout, copy);
	uint32_t col = inc->construct == C_TERNARY ? ternary_column(text, n, inc) : inc->column;
	size_t caret = 0;	/* characters before the column, UTF-8 continuations not counted */
	for (size_t i = 0; i + 1 < col && i < n; i++)
		caret += ((unsigned char)text[i] & 0xc0) != 0x80;
	printf("\n         | %*s^\n", (int)caret, "");
	free(copy);
}

/* The metric value with its limit: "CCN 8 (limit 15)"; "(no limit)" when it is off. */
static void value_and_limit(const char *name, uint32_t value, long limit)
{
	if (limit < 0)
		printf("%s %u", name, value);
	else
		printf("%s %u (limit %ld%s)", name, value, limit, (long)value > limit ? ", over" : "");
}

/* The unit's header: where, and each metric with its limit. */
static void print_header(const char *path, const struct unit *u, const struct thresholds *t)
{
	report_put_text(stdout, path);
	printf(":%u: ", u->line);
	report_put_text(stdout, u->qname);
	printf("\n  ");
	value_and_limit("CCN", u->ccn, t->limit[MET_CCN]);
	printf(", ");
	value_and_limit("cognitive", u->cognitive, t->limit[MET_COGNITIVE]);
	printf(", ");
	value_and_limit("nesting", u->nesting, t->limit[MET_NESTING]);
	printf(",\n  ");
	value_and_limit("NLOC", u->nloc, t->limit[MET_NLOC]);
	printf(", ");
	value_and_limit("params", u->params, t->limit[MET_PARAMS]);
	printf("\n");
}

/* What line adds to unit index (CCN and cognitive together); 0 when an increment before
 * first (an index into the increments) was on it too, so that each line is summed once. */
static uint32_t line_sum(const struct record *r, size_t index, size_t first)
{
	uint32_t line = r->increments[first].line, sum = 0;
	for (size_t j = 0; j < r->nincrements; j++) {
		const struct increment *inc = &r->increments[j];
		if (inc->unit != index || inc->line != line)
			continue;
		if (j < first)
			return 0;
		sum += inc->amount;
	}
	return sum;
}

/* The lines that add the most (CCN and cognitive together), at most three. */
static void print_top_lines(const struct record *r, size_t index)
{
	uint32_t lines[3] = { 0 }, sums[3] = { 0 };
	for (size_t i = 0; i < r->nincrements; i++) {
		uint32_t sum = r->increments[i].unit == index ? line_sum(r, index, i) : 0;
		int k = 0;
		while (k < 3 && sum <= sums[k])
			k++;
		if (k == 3)
			continue;
		memmove(&sums[k + 1], &sums[k], (size_t)(2 - k) * sizeof(sums[0]));
		memmove(&lines[k + 1], &lines[k], (size_t)(2 - k) * sizeof(lines[0]));
		sums[k] = sum;
		lines[k] = r->increments[i].line;
	}
	if (!sums[0])
		return;
	printf("  most from line %u (+%u)", lines[0], sums[0]);
	for (int k = 1; k < 3 && sums[k]; k++)
		printf(", line %u (+%u)", lines[k], sums[k]);
	printf("\n");
}

static void print_unit(const char *path, const struct record *r, const struct unit *u,
		       const struct thresholds *t, const struct wbuf *src)
{
	size_t index = (size_t)(u - r->units);
	print_header(path, u, t);
	printf("  CCN        1  base (line %u)\n", u->line);
	for (int metric = M_CCN; metric <= M_COGNITIVE; metric++) {
		for (size_t i = 0; i < r->nincrements; i++) {
			const struct increment *inc = &r->increments[i];
			if (inc->unit != index || inc->metric != metric)
				continue;
			char what[96];
			describe(src, inc, what, sizeof(what));
			printf("  %-9s +%-2u line %-5u %s", metric == M_CCN ? "CCN" : "cognitive",
			       inc->amount, inc->line, what);
			if (inc->nesting)
				printf(" (+%u for nesting)", inc->nesting);
			printf("\n");
			show_source(src, inc);
		}
	}
	print_top_lines(r, index);
	if (u->flags & UNIT_HAS_ERROR)
		printf("  note: the parse had errors inside this function; counts may be off\n");
	if (u->flags & UNIT_RECOVERED)
		printf("  note: recovered from a macro: a C macro recovery rule found or named "
		       "this function (docs/METRICS.md)\n");
}

/* Says why the file was not analyzed: 4 when no worker could run, else 2 (the file's). */
static int say_not_analyzed(const struct run *r, const char *path, int rc)
{
	const struct file_state *s = &r->state[0];
	char why[RECORD_MAX_DETAIL + 64];
	int engine = rc != 0 || r->engine.unavailable;
	error_msg("%s: not analyzed: %s", path,
		  engine ? (r->engine.why_unavailable[0] ? r->engine.why_unavailable
							  : "no worker could run")
			 : s->done ? record_reason(&s->rec, why, sizeof(why)) : "unknown");
	return engine ? EXIT_INTERNAL : EXIT_USAGE;
}

/* --staged: the one file as the index holds it, read from git objects as baseline write
 * --staged reads it. 0, or an exit status after a message. */
static int find_staged(struct run *r, const char *path)
{
	const char *paths[] = { path };
	char err[PATH_MAX + 600];
	if (git_view_open(&r->git, err, sizeof(err)) < 0 || (git_view_set_max_size(r->git,
	    r->p->max_size), git_view_limit(r->git, paths, 1, err, sizeof(err)) < 0)
	    || git_view_index_tree(r->git, err, sizeof(err)) < 0) {
		error_msg("explain --staged: %s", err);
		return EXIT_USAGE;
	}
	int rc = run_add_changes(r);
	if (rc == 0 && r->list.nfiles != 1) {
		error_msg("%s: not a file the index holds (explain --staged)", path);
		return EXIT_USAGE;
	}
	return rc;
}

/* The one file from the work tree: 0, or an exit status after a message. */
static int find_file(struct run *r, const char *path)
{
	const char *paths[] = { path };
	struct discover_options dopt = { NULL, 0, NULL, r->p->max_size, 0, 0, r->sig.stop };
	char err[512] = "";
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(err, sizeof(err), "%s: explain takes a file, not a directory", path);
	else if (discover(&r->list, paths, 1, &dopt, err, sizeof(err)) == 0
		 && r->list.nfiles != 1)
		snprintf(err, sizeof(err), "%s: not a file explain can read", path);
	if (err[0]) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	run_sync_files(r);
	return 0;
}

/* Analyzes the one file with increments recorded, without the cache (its records have
 * none) and without the configuration's selection (the user named the file), but with its
 * [language] and its limits. Returns 0, or the exit status after saying what went wrong:
 * 2 when the file is what kept it from being measured (binary, minified, a FIFO, a
 * crash or a timeout of its own), 4 when no worker could run. */
static int analyze_one(struct run *r, const char *path)
{
	int found = r->p->staged ? find_staged(r, path) : find_file(r, path);
	if (found)
		return found;
	select_named(r, 0);
	run_take_verdicts(r);
	snprintf(r->cache_note, sizeof(r->cache_note), "off (explain)");
	r->analyze_flags = ANALYZE_INCREMENTS;
	int rc = run_analyze(r);
	const struct file_state *s = &r->state[0];
	if (r->engine.interrupted || *r->sig.stop)
		return exit_after(&r->sig, EXIT_CLEAN);
	if (rc != 0 || !s->done || s->rec.status > FILE_FALLBACK)
		return say_not_analyzed(r, path, rc);
	return 0;
}

/* FILE:WHAT where WHAT may itself hold colons (ns::f): the first colon after which
 * the prefix names an existing file (not a folder), else the last one; NULL when there is
 * none. */
static char *split_spec(char *arg)
{
	for (char *c = strchr(arg, ':'); c; c = strchr(c + 1, ':')) {
		*c = '\0';
		struct stat st;
		int exists = stat(arg, &st) == 0 && !S_ISDIR(st.st_mode);
		*c = ':';
		if (exists)
			return c;
	}
	return strrchr(arg, ':');
}

char *explain_spec_file(const char *word)
{
	char *file = xstrdup(word);
	char *colon = split_spec(file);
	if (!colon) {
		free(file);
		return NULL;
	}
	*colon = '\0';
	return file;
}

int cmd_explain(const struct run_params *p, struct run_signals sig)
{
	if (p->npaths != 1 || !strrchr(p->paths[0], ':')) {
		fprintf(stderr, "%s: explain takes one FILE:LINE or FILE:FUNCTION\n"
			"Try 'assay explain --help'.\n", progname);
		return EXIT_USAGE;
	}
	char *path = explain_spec_file(p->paths[0]);	/* a colon there: checked above */
	const char *spec = p->paths[0] + strlen(path) + 1;
	struct run r;
	struct run_params named = *p;	/* the file is named: a generated marker skips it not */
	named.include_generated = 1;
	run_init(&r, &named, sig);
	int code = analyze_one(&r, path);
	const struct unit *u = code == 0 ? find_unit(path, &r.state[0].rec, spec) : NULL;
	if (code == 0 && !u)
		code = EXIT_USAGE;
	if (u) {
		struct wbuf src;
		wbuf_init(&src);
		int have = load_bytes(&r, 0, &src) == 0;
		print_unit(r.list.files[0].path, &r.state[0].rec, u, run_limits(&r, 0),
			   have ? &src : NULL);
		wbuf_free(&src);
	}
	run_free(&r);
	free(path);
	return code;
}
