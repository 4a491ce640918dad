/*
 * explain.c - `assay explain FILE:LINE` and `assay explain FILE:FUNCTION`: why a function
 * scores what it does, increment by increment (the construct, its line, and how much of
 * each cognitive increment is nesting).
 *
 * The file goes through a sandboxed worker like any other, with ANALYZE_INCREMENTS set so
 * the record carries every increment (and not through the cache, whose records have
 * none).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "cmd/cmd.h"
#include "files/discover.h"
#include "report/common.h"
#include "run/exitcode.h"
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
		if (strcmp(simple ? r->units[i].name : r->units[i].qname, spec) == 0)
			fprintf(stderr, "  assay explain %s:%u    (%s)\n", path, r->units[i].line,
				r->units[i].qname);
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

static void print_unit(const char *path, const struct record *r, const struct unit *u)
{
	size_t index = (size_t)(u - r->units);
	report_put_text(stdout, path);
	printf(":%u: ", u->line);
	report_put_text(stdout, u->qname);
	printf(": CCN %u, cognitive %u, nesting %u, NLOC %u, params %u\n", u->ccn, u->cognitive,
	       u->nesting, u->nloc, u->params);
	printf("  CCN        1  base (line %u)\n", u->line);
	for (int metric = M_CCN; metric <= M_COGNITIVE; metric++) {
		for (size_t i = 0; i < r->nincrements; i++) {
			const struct increment *inc = &r->increments[i];
			if (inc->unit != index || inc->metric != metric)
				continue;
			printf("  %-9s +%-2u line %-5u %s", metric == M_CCN ? "CCN" : "cognitive",
			       inc->amount, inc->line, construct_name((enum construct)inc->construct));
			if (inc->nesting)
				printf(" (+%u for nesting)", inc->nesting);
			printf("\n");
		}
	}
	if (u->flags & UNIT_HAS_ERROR)
		printf("  note: the parse had errors inside this function; counts may be off\n");
	if (u->flags & UNIT_RECOVERED)
		printf("  note: recovered from a macro: a C macro recovery rule found or named "
		       "this function (docs/METRICS.md)\n");
}

/* Analyzes the one file with increments recorded, without the cache (its records have
 * none) and without the configuration's selection (the user named the file). Returns 0,
 * or the exit status after saying what went wrong. */
static int analyze_one(struct run *r, const char *path)
{
	const char *paths[] = { path };
	struct discover_options dopt = { NULL, 0, NULL, r->p->max_size, 0, 0, r->sig.stop };
	char err[512];
	if (discover(&r->list, paths, 1, &dopt, err, sizeof(err)) < 0 || r->list.nfiles != 1) {
		error_msg("%s", r->list.nfiles > 1 ? "explain takes a file, not a directory" : err);
		return EXIT_USAGE;
	}
	run_sync_files(r);
	run_take_verdicts(r);
	snprintf(r->cache_note, sizeof(r->cache_note), "off (explain)");
	r->analyze_flags = ANALYZE_INCREMENTS;
	int rc = run_analyze(r);
	const struct file_state *s = &r->state[0];
	if (r->engine.interrupted || *r->sig.stop)
		return exit_after(&r->sig, EXIT_CLEAN);
	if (rc != 0 || !s->done || s->rec.status > FILE_FALLBACK) {
		char why[RECORD_MAX_DETAIL + 64];
		error_msg("%s: not analyzed: %s", path,
			  rc != 0 ? r->engine.why_unavailable
				  : s->done ? record_reason(&s->rec, why, sizeof(why)) : "unknown");
		return EXIT_INTERNAL;
	}
	return 0;
}

/* FILE:WHAT where WHAT may itself hold colons (ns::f): the first colon after which
 * the prefix names an existing file, else the last one. */
static char *split_spec(char *arg)
{
	for (char *c = strchr(arg, ':'); c; c = strchr(c + 1, ':')) {
		*c = '\0';
		int exists = access(arg, F_OK) == 0;
		*c = ':';
		if (exists)
			return c;
	}
	return strrchr(arg, ':');
}

int cmd_explain(const struct run_params *p, struct run_signals sig)
{
	if (p->npaths != 1 || !strrchr(p->paths[0], ':')) {
		fprintf(stderr, "%s: explain takes one FILE:LINE or FILE:FUNCTION\n"
			"Try 'assay explain --help'.\n", progname);
		return EXIT_USAGE;
	}
	char *path = xstrdup(p->paths[0]);
	char *colon = split_spec(path);
	*colon = '\0';
	const char *spec = colon + 1;
	struct run r;
	run_init(&r, p, sig);
	int code = analyze_one(&r, path);
	const struct unit *u = code == 0 ? find_unit(path, &r.state[0].rec, spec) : NULL;
	if (code == 0 && !u)
		code = EXIT_USAGE;
	if (u)
		print_unit(r.list.files[0].path, &r.state[0].rec, u);
	run_free(&r);
	free(path);
	return code;
}
