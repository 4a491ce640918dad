/*
 * warnings.c - clang-style warnings, one line per violating unit, in lizard -w's exact
 * shape so editors' problem matchers keep working:
 *   path:line: warning: NAME has N NLOC, N CCN, N token, N PARAM, N length [REASONS]
 * REASONS names each metric over its limit ("ccn 24 > 15"; in diff and precommit with
 * ", was 23", its value in the base), so a reader or a bot sees why without the limits.
 * Nothing else goes to standard output in this format, but under --strict a note in the
 * same shape for each thing it ignored, applied or refused (report/strict.h):
 *   path:line: note: strict: WHAT
 * a warning (an error under --strict) on the first line of each file not fully measured:
 *   path:1: warning: not measured: timed out after 10 s
 * and a warning for each xenon limit broken (report/ranks.h), a file's on its first line,
 * the run's without a place:
 *   path:1: warning: mean CCN 7.20 of 5 functions ranks B, worse than --max-modules=A
 *   assay: warning: mean CCN 6.10 of all 120 functions ranks B, worse than --max-average=A
 */
#include "report/common.h"

#include <stdlib.h>

#include "report/ranks.h"
#include "report/strict.h"

/* One clang-style note (a file's marker has no line: its first). */
static void strict_note(void *ctx, const struct strict_item *it)
{
	strict_put_line(ctx, it, "", "note: strict: ", 1);
}

static void rank_warning(void *ctx, const struct rank_item *it)
{
	FILE *out = ctx;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	if (it->file)
		report_put_text(out, it->file->path);
	fprintf(out, "%s warning: %s\n", it->file ? ":1:" : "assay:", text);
}

/* A file not fully measured, on its first line: an error when it fails the run. */
static void unmeasured_line(FILE *out, const struct run_model *m, const struct report_file *f)
{
	char why[RECORD_MAX_DETAIL + 160];
	model_unmeasured_text(f, why, sizeof(why));
	report_put_text(out, f->path);
	fprintf(out, ":1: %s: ", m->strict ? "error" : "warning");
	report_put_text(out, why);
	fputc('\n', out);
}

int report_warnings(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	size_t n;
	struct offender *v = model_violators(m, &n);
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = v[i].unit;
		report_put_text(out, v[i].file->path);
		fprintf(out, ":%u: warning: ", u->line);
		report_put_text(out, u->qname);
		fprintf(out, " has %u NLOC, %u CCN, %u token, %u PARAM, %u length", u->nloc,
			u->ccn, u->tokens, u->params, u->length);
		report_put_reasons(out, u, unit_violations(v[i].file->limits, u), v[i].file->limits);
		fputc('\n', out);
	}
	free(v);
	for (size_t i = 0; i < m->nfiles; i++)
		if (model_file_unmeasured(&m->files[i]))
			unmeasured_line(out, m, &m->files[i]);
	rank_each(m, rank_warning, out);
	struct strict_writer w = { out, m };
	strict_each(m, strict_note, &w);
	return ferror(out) ? -1 : 0;
}
