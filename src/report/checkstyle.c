/*
 * checkstyle.c - checkstyle XML, read by Jenkins (warnings-ng), SonarQube imports,
 * reviewdog and most CI dashboards:
 *   <checkstyle version="4.3"><file name="PATH"><error line= column= severity=
 *   message= source="assay.ccn"/></file></checkstyle>
 *
 * Violations only: a <file> only for a file with at least one, an <error> per (unit,
 * violated metric). The severity is real, not a constant: "error" when the value is more
 * than twice the limit, else "warning". Every attribute goes through esc_xml, so a name
 * with markup, quotes or control characters stays well-formed XML 1.0; messages are
 * text-escaped first, so a control character in a name shows as \xNN in a dashboard.
 *
 * A violation a comment suppresses or the baseline accepts is listed with severity
 * "info" and says so, so it is counted, not lost. Under --strict, a refused excuse is named
 * in its violation's message, and each repository setting it ignored (on the .assay
 * line) and each generated marker it honoured or refused is an "info" entry with source
 * "assay.strict".
 *
 * A broken xenon limit (report/ranks.h) is an "error" on line 1 of its file, source
 * "assay.max-modules"; the run's mean (--max-average) is on the file ".", the tree.
 */
#include "report/common.h"

#include <stdlib.h>
#include <string.h>

#include "report/ranks.h"
#include "report/strict.h"
#include "util/escape.h"

/* "error" past twice the limit, else "warning". */
static const char *severity(const struct unit *u, enum metric k, const struct thresholds *t)
{
	return (long long)unit_metric(u, k) > 2LL * t->limit[k] ? "error" : "warning";
}

/* What an <error> says beyond the violation: why it is only information, or what --strict
 * refused about it. */
static const char *error_note(const struct run_model *m, const struct report_file *f,
			      const struct unit *u, enum metric k, char *buf, size_t len)
{
	uint32_t bit = 1u << k;
	if (unit_suppressed(f->limits, u) & bit)
		return " (suppressed in the source)";
	if (unit_baselined(f->limits, u) & bit)
		return " (accepted by the baseline)";
	return strict_refusal_note(m, f->limits, u, k, buf, len);
}

/* One <error> per metric u is over: a violation, or "info" when excused. */
static void put_errors(FILE *out, const struct run_model *m, const struct report_file *f,
		       const struct unit *u)
{
	const struct thresholds *t = f->limits;
	uint32_t excused = unit_suppressed(t, u) | unit_baselined(t, u);
	uint32_t listed = unit_violations(t, u) | excused;
	for (int k = 0; k < MET_COUNT; k++) {
		if (!(listed & (1u << k)))
			continue;
		char note[600];
		char *msg = report_violation_message(u, (enum metric)k, t);
		fprintf(out, "    <error line=\"%u\"", u->line);
		if (u->column)
			fprintf(out, " column=\"%u\"", u->column);
		fprintf(out, " severity=\"%s\" message=\"",
			(excused >> k) & 1 ? "info" : severity(u, (enum metric)k, t));
		report_put_xml(out, msg);
		report_put_xml(out, error_note(m, f, u, (enum metric)k, note, sizeof(note)));
		fprintf(out, "\" source=\"assay.%s\"/>\n", metric_info((enum metric)k)->name);
		free(msg);
	}
}

/* The <file> element of f, or nothing when none of its units is over a limit. */
static void put_file(FILE *out, const struct run_model *m, const struct report_file *f)
{
	int opened = 0;
	for (size_t j = 0; j < f->rec->nunits; j++) {
		const struct unit *u = &f->rec->units[j];
		const struct thresholds *t = f->limits;
		if (!unit_violations(t, u) && !unit_suppressed(t, u) && !unit_baselined(t, u))
			continue;
		if (!opened) {
			fputs("  <file name=\"", out);
			report_put_xml(out, f->path);
			fputs("\">\n", out);
			opened = 1;
		}
		put_errors(out, m, f, u);
	}
	if (opened)
		fputs("  </file>\n", out);
}

/* A file not fully measured (model_file_unmeasured: never reached, failed, counted by
 * lines only, skipped for what its bytes are): an entry on its first line, so that a
 * checkstyle reader sees what was not measured; an error when it fails the run (--strict,
 * --fail-on), a warning when it leaves the analysis incomplete, else info. */
static void put_unmeasured(FILE *out, const struct run_model *m, const struct report_file *f)
{
	char why[RECORD_MAX_DETAIL + 160];
	model_unmeasured_text(f, why, sizeof(why));
	fputs("  <file name=\"", out);
	report_put_xml(out, f->path);
	static const char *const severity[] = { [GRAVITY_SKIPPED] = "info",
						[GRAVITY_INCOMPLETE] = "warning",
						[GRAVITY_FAILS_RUN] = "error" };
	fprintf(out, "\">\n    <error line=\"1\" severity=\"%s\" message=\"",
		severity[model_unmeasured_gravity(m, f)]);
	report_put_xml(out, why);
	fputs("\" source=\"assay.incomplete\"/>\n  </file>\n", out);
}

/* --strict's settings and markers as "info" entries, consecutive ones of a path in one
 * <file>. */
struct strict_entries {
	FILE *out;
	const struct run_model *m;
	const char *open;	/* the path of the <file> open, or NULL */
};

static void put_strict_entry(void *ctx, const struct strict_item *it)
{
	struct strict_entries *e = ctx;
	if (it->unit)
		return;		/* on the violation's own <error> */
	if (e->open && strcmp(e->open, it->path) != 0)
		fputs("  </file>\n", e->out);
	if (!e->open || strcmp(e->open, it->path) != 0) {
		fputs("  <file name=\"", e->out);
		report_put_xml(e->out, it->path);
		fputs("\">\n", e->out);
		e->open = it->path;
	}
	char *text = strict_item_text(e->m, it);
	fprintf(e->out, "    <error line=\"%u\" severity=\"info\" message=\"strict: ",
		it->line ? it->line : 1);
	report_put_xml(e->out, text);
	fputs("\" source=\"assay.strict\"/>\n", e->out);
	free(text);
}

static void put_rank_entry(void *ctx, const struct rank_item *it)
{
	FILE *out = ctx;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	fputs("  <file name=\"", out);
	report_put_xml(out, it->file ? it->file->path : ".");
	fprintf(out, "\">\n    <error line=\"1\" severity=\"error\" message=\"%s\" "
		"source=\"assay.%s\"/>\n  </file>\n", text, rank_limit_name(it->limit));
}

int report_checkstyle(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n", out);
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (model_file_graded(m, f))
			put_unmeasured(out, m, f);
		if (f->done && f->rec->status <= FILE_FALLBACK)
			put_file(out, m, f);
	}
	rank_each(m, put_rank_entry, out);
	struct strict_entries e = { out, m, NULL };
	strict_each(m, put_strict_entry, &e);
	if (e.open)
		fputs("  </file>\n", out);
	fputs("</checkstyle>\n", out);
	return ferror(out) ? -1 : 0;
}
