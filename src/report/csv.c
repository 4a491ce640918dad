/*
 * csv.c - two CSV reports, one row per unit of every analyzed file (violating or not):
 *
 *   csv         a header row, then path,language,line,end_line,name,qualified_name,ccn,
 *               cognitive,nloc,length,params,tokens,nesting,exits,violations,suppressed,
 *               baselined (the metrics over the limit that fail the run, that a comment
 *               suppresses, that the baseline accepts; each joined with ';', empty when
 *               none),rank (radon's rank of the CCN). After the rows, one record per xenon
 *               limit broken (report/ranks.h), its first field "# rank":
 *               # rank,LIMIT,PATH,CCN_MEAN,FUNCTIONS,RANK,MAX (PATH empty for the run's
 *               mean: --max-average). Before them, one record per file not fully
 *               measured (never reached, failed, line counts only, skipped for what its
 *               bytes are): # unmeasured,PATH,WHY. Under --strict, after those, one record per thing it ignored,
 *               applied or refused (report/strict.h), its first field "# strict" (a
 *               comment to readers that take '#' as one, such as pandas' comment='#'):
 *               # strict,KIND,STATE,PATH,LINE,NAME,DETAIL,WHY.
 *               With --by=file|dir, instead: a header, then one row per file or
 *               directory (report/groups.h): path,files,functions,nloc,ccn_avg,ccn_max,
 *               cognitive_avg,cognitive_max,mi,mi_rank,violating_functions, and the same
 *               records after them.
 *   csv-lizard  lizard --csv's exact columns and quoting, without header, so a user moving
 *               from lizard can diff the two: NLOC,CCN,token,PARAM,length,"location",
 *               "file","function","long_name",start,end, where location is
 *               "NAME@START-END@PATH". function is the qualified name (lizard's name is
 *               qualified too, "Class::method"); long_name, lizard's signature, is the
 *               qualified name as well: assay does not keep parameter text.
 *
 * Fields follow RFC 4180 (esc_csv): quoted when they hold a comma, a quote or a line
 * break, quotes doubled; records end with LF, as lizard's do. Two departures from the
 * bytes of a name, both for safety: control characters are written \xNN as in the text
 * report (a name cannot break a row or reach a terminal), and a field starting with =, +,
 * -, @, tab or CR gets a leading ' so a spreadsheet shows it instead of running it as a
 * formula (CSV injection).
 */
#include "report/common.h"

#include "report/groups.h"
#include "report/ranks.h"
#include "report/strict.h"
#include "util/escape.h"

/* Writes one field; see esc_csv. */
static void put_field(FILE *out, const char *s, int quote_always)
{
	struct wbuf b;
	wbuf_init(&b);
	esc_csv(&b, s, quote_always);
	if (b.data && !b.failed)
		fwrite(b.data, 1, b.len, out);
	wbuf_free(&b);
}

/* Calls row(out, f, u) for every unit of every analyzed file, in report order. */
static void for_each_unit(FILE *out, const struct run_model *m,
			  void (*row)(FILE *, const struct report_file *, const struct unit *))
{
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		for (size_t j = 0; j < f->rec->nunits; j++)
			row(out, f, &f->rec->units[j]);
	}
}

/* Metric names joined with ';' (no field needs quoting: the names are fixed). */
static void put_metric_names(FILE *out, uint32_t bits)
{
	const char *sep = "";
	for (int k = 0; k < MET_COUNT; k++)
		if (bits & (1u << k)) {
			fprintf(out, "%s%s", sep, metric_info((enum metric)k)->name);
			sep = ";";
		}
}

/* One row of the csv format. */
static void csv_row(FILE *out, const struct report_file *f, const struct unit *u)
{
	const struct language_info *li = language_info(f->lang);
	put_field(out, f->path, 0);
	fputc(',', out);
	put_field(out, li ? li->name : "", 0);
	fprintf(out, ",%u,%u,", u->line, u->end_line);
	put_field(out, u->name, 0);
	fputc(',', out);
	put_field(out, u->qname, 0);
	for (int c = 0; c < MET_COUNT; c++)
		fprintf(out, ",%u", unit_metric(u, metric_by_column(c)));
	fputc(',', out);
	put_metric_names(out, unit_violations(f->limits, u));
	fputc(',', out);
	put_metric_names(out, unit_suppressed(f->limits, u));
	fputc(',', out);
	put_metric_names(out, unit_baselined(f->limits, u));
	fprintf(out, ",%c\n", rank_of_ccn(u->ccn));
}

/* One "# rank" record: a broken xenon limit. */
static void rank_record(void *ctx, const struct rank_item *it)
{
	FILE *out = ctx;
	fprintf(out, "# rank,%s,", rank_limit_name(it->limit));
	put_field(out, it->file ? it->file->path : "", 0);
	fprintf(out, ",%.2f,%zu,%c,%c\n", it->mean, it->units, it->rank, it->max);
}

/* One "# strict" record: KIND, STATE, PATH, LINE, NAME (a setting's key, a unit's
 * qualified name), DETAIL (a setting's value, the metrics), WHY. */
static void strict_record(void *ctx, const struct strict_item *it)
{
	const struct strict_writer *w = ctx;
	FILE *out = w->out;
	char line[16] = "";
	if (it->line)
		snprintf(line, sizeof(line), "%u", it->line);
	fprintf(out, "# strict,%s,%s,", strict_kind_name(it->kind), strict_state_name(it->state));
	put_field(out, it->path, 0);
	fprintf(out, ",%s,", line);
	put_field(out, it->setting ? it->setting->key : it->unit ? it->unit->qname : "", 0);
	fputc(',', out);
	if (it->setting)
		put_field(out, it->setting->value, 0);
	else
		put_metric_names(out, it->metrics);
	fputc(',', out);
	put_field(out, strict_item_why(w->m, it), 0);
	fputc('\n', out);
}

/* --by=file|dir: a row per file or directory instead of one per unit. */
static void group_rows(FILE *out, const struct run_model *m)
{
	size_t n;
	struct group_row *rows = group_build(m, (enum group_by)m->by, &n);
	fputs("path,files,functions,nloc,ccn_avg,ccn_max,cognitive_avg,cognitive_max,mi,mi_rank,"
	      "violating_functions\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct group_row *g = &rows[i];
		put_field(out, g->path, 0);
		fprintf(out, ",%zu,%zu,%llu,%.3f,%llu,%.3f,%llu,%.3f,%c,%zu\n", g->files,
			g->functions, (unsigned long long)g->nloc, group_ccn_mean(g),
			(unsigned long long)g->ccn_max, group_cognitive_mean(g),
			(unsigned long long)g->cognitive_max, group_mi(g), rank_of_mi(group_mi(g)),
			g->violating);
	}
	group_free(rows, n);
}

/* One "# unmeasured" record per file not fully measured: PATH, WHY. */
static void unmeasured_records(FILE *out, const struct run_model *m)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		char why[RECORD_MAX_DETAIL + 160];
		if (!model_file_unmeasured(f))
			continue;
		model_unmeasured_text(f, why, sizeof(why));
		fputs("# unmeasured,", out);
		put_field(out, f->path, 0);
		fputc(',', out);
		put_field(out, why, 0);
		fputc('\n', out);
	}
}

int report_csv(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	if (m->by) {
		group_rows(out, m);
	} else {
		fputs("path,language,line,end_line,name,qualified_name", out);
		for (int c = 0; c < MET_COUNT; c++)
			fprintf(out, ",%s", metric_info(metric_by_column(c))->name);
		fputs(",violations,suppressed,baselined,rank\n", out);
		for_each_unit(out, m, csv_row);
	}
	/* The records after the rows, whichever rows they are. */
	unmeasured_records(out, m);
	rank_each(m, rank_record, out);
	struct strict_writer w = { out, m };
	strict_each(m, strict_record, &w);
	return ferror(out) ? -1 : 0;
}

/* One row of csv-lizard, as lizard --csv prints it. */
static void lizard_row(FILE *out, const struct report_file *f, const struct unit *u)
{
	struct wbuf location;
	wbuf_init(&location);
	wbuf_printf(&location, "%s@%u-%u@%s", u->qname ? u->qname : "", u->line, u->end_line,
		    f->path);
	wbuf_put_u8(&location, '\0');
	fprintf(out, "%u,%u,%u,%u,%u,", u->nloc, u->ccn, u->tokens, u->params, u->length);
	put_field(out, location.failed ? "" : (const char *)location.data, 1);
	fputc(',', out);
	put_field(out, f->path, 1);
	fputc(',', out);
	put_field(out, u->qname, 1);
	fputc(',', out);
	put_field(out, u->qname, 1);
	fprintf(out, ",%u,%u\n", u->line, u->end_line);
	wbuf_free(&location);
}

int report_csv_lizard(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	for_each_unit(out, m, lizard_row);
	return ferror(out) ? -1 : 0;
}
