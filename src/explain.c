/*
 * explain.c - `assay explain FILE:LINE` and `assay explain FILE:FUNCTION`: why a function
 * scores what it does, increment by increment (the construct, its line, and how much of
 * each cognitive increment is nesting).
 *
 * The file goes through a sandboxed worker like any other, with ANALYZE_INCREMENTS set so
 * the record carries every increment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "commands.h"
#include "discover.h"
#include "report/report.h"
#include "util.h"

/* The unit a spec names: a line inside it (the innermost unit wins) or a name, matched
 * against the qualified name first, then the simple name. */
static const struct unit *find_unit(const struct record *r, const char *spec)
{
	char *end;
	long line = strtol(spec, &end, 10);
	const struct unit *best = NULL;
	if (*spec && *end == '\0') {
		for (size_t i = 0; i < r->nunits; i++) {
			const struct unit *u = &r->units[i];
			if ((long)u->line <= line && line <= (long)u->end_line
			    && (!best || u->end_line - u->line < best->end_line - best->line))
				best = u;
		}
		return best;
	}
	for (size_t i = 0; i < r->nunits; i++)
		if (strcmp(r->units[i].qname, spec) == 0)
			return &r->units[i];
	for (size_t i = 0; i < r->nunits; i++)
		if (strcmp(r->units[i].name, spec) == 0)
			return &r->units[i];
	return NULL;
}

static void print_unit(const struct file_entry *f, const struct unit *u)
{
	const struct record *r = &f->rec;
	size_t index = (size_t)(u - r->units);
	report_put_text(stdout, f->path);
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
}

int cmd_explain(int argc, char **argv, volatile sig_atomic_t *stop, int wake_fd)
{
	struct cli_options opt;
	int rc = cli_parse(&opt, argc, argv, "explain");
	if (rc != 0) {
		cli_free(&opt);
		return rc > 0 ? 0 : 2;
	}
	if (opt.npaths != 1 || !strrchr(opt.paths[0], ':')) {
		fprintf(stderr, "%s: explain takes one FILE:LINE or FILE:FUNCTION\n"
			"Try 'assay explain --help'.\n", progname);
		cli_free(&opt);
		return 2;
	}
	char *path = xstrdup(opt.paths[0]);
	char *colon = strrchr(path, ':');
	*colon = '\0';
	const char *spec = colon + 1;
	const char *paths[] = { path };
	struct discover_options dopt = { NULL, 0, opt.max_size, 0 };
	struct file_list list;
	memset(&list, 0, sizeof(list));
	char err[512];
	int code = 2;
	if (discover(&list, paths, 1, &dopt, err, sizeof(err)) < 0 || list.nfiles != 1) {
		error_msg("%s", list.nfiles > 1 ? "explain takes a file, not a directory" : err);
		goto out;
	}
	struct pool_options popt;
	struct pool_stats ps;
	code = 4;
	if (pool_setup(&popt, &opt, ANALYZE_INCREMENTS) < 0)
		goto out;
	int prc = pool_run(&popt, &list, &ps, stop, wake_fd);
	free((char *)popt.worker_path);
	const struct file_entry *f = &list.files[0];
	if (ps.interrupted) {
		code = 128 + ps.interrupted;
		goto out;
	}
	if (prc < 0 || !f->done || f->rec.status > FILE_FALLBACK) {
		error_msg("%s: not analyzed: %s", path,
			  prc < 0 ? ps.why_unavailable : f->rec.reason ? f->rec.reason : "unknown");
		goto out;
	}
	const struct unit *u = find_unit(&f->rec, spec);
	if (!u) {
		error_msg("%s: no function %s '%s'", path,
			  strspn(spec, "0123456789") == strlen(spec) ? "at line" : "named", spec);
		code = 2;
		goto out;
	}
	print_unit(f, u);
	code = 0;
out:
	file_list_free(&list);
	free(path);
	cli_free(&opt);
	return code;
}
