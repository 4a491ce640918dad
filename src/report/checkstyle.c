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
 */
#include "report/common.h"

#include <stdlib.h>

#include "util/escape.h"

/* "error" past twice the limit, else "warning". */
static const char *severity(const struct unit *u, enum metric k, const struct thresholds *t)
{
	return (long long)unit_metric(u, k) > 2LL * t->limit[k] ? "error" : "warning";
}

/* An <error> per metric set in violations. */
/* One <error> per violated metric; a violation suppressed by a comment is listed with
 * severity "info" and says so, so it is counted, not lost. */
static void put_errors(FILE *out, const struct unit *u, uint32_t violations, uint32_t quiet,
		       const struct thresholds *t)
{
	for (int k = 0; k < MET_COUNT; k++) {
		if (!((violations | quiet) & (1u << k)))
			continue;
		int suppressed = (quiet >> k) & 1;
		char *msg = report_violation_message(u, (enum metric)k, t);
		fprintf(out, "    <error line=\"%u\"", u->line);
		if (u->column)
			fprintf(out, " column=\"%u\"", u->column);
		fprintf(out, " severity=\"%s\" message=\"",
			suppressed ? "info" : severity(u, (enum metric)k, t));
		report_put_xml(out, msg);
		if (suppressed)
			fputs(" (suppressed in the source)", out);
		fprintf(out, "\" source=\"assay.%s\"/>\n", metric_info((enum metric)k)->name);
		free(msg);
	}
}

/* The <file> element of f, or nothing when none of its units violates a limit. */
static void put_file(FILE *out, const struct report_file *f)
{
	int opened = 0;
	for (size_t j = 0; j < f->rec->nunits; j++) {
		const struct unit *u = &f->rec->units[j];
		uint32_t v = unit_violations(f->limits, u);
		uint32_t quiet = unit_suppressed(f->limits, u);
		if (!v && !quiet)
			continue;
		if (!opened) {
			fputs("  <file name=\"", out);
			report_put_xml(out, f->path);
			fputs("\">\n", out);
			opened = 1;
		}
		put_errors(out, u, v, quiet, f->limits);
	}
	if (opened)
		fputs("  </file>\n", out);
}

int report_checkstyle(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n", out);
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (f->done && f->rec->status <= FILE_FALLBACK)
			put_file(out, f);
	}
	fputs("</checkstyle>\n", out);
	return ferror(out) ? -1 : 0;
}
