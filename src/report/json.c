/*
 * json.c - the machine-readable report: "schema": "assay-report", "schema_version":
 * "1.3" (docs/json.md).
 *
 * Every file the run considered is in it, skipped and failed ones included with their
 * reason, and every metric of every unit; the run's status, exit code and sandbox level
 * say whether the numbers can be trusted as complete. Keys are stable; additions bump
 * the minor version in "schema_version", removals or changes the major.
 */
#include "report/common.h"

#include <math.h>

#include "config.h"
#include "report/groups.h"
#include "report/ranks.h"
#include "report/strict.h"
#include "util/escape.h"
#include "util/msg.h"

static void put_json(FILE *out, const char *s)
{
	struct wbuf b;
	wbuf_init(&b);
	json_str(&b, s);
	fwrite(b.data, 1, b.len, out);
	wbuf_free(&b);
}

static void put_json_or_null(FILE *out, const char *s)
{
	if (s)
		put_json(out, s);
	else
		fputs("null", out);
}

static void put_number(FILE *out, double v)
{
	if (!isfinite(v))
		v = 0;
	fprintf(out, "%.3f", v);
}

/* The names of the metrics in bits, then the closing bracket. */
static void put_metric_list(FILE *out, uint32_t bits)
{
	const char *sep = "";
	for (int k = 0; k < MET_COUNT; k++)
		if (bits & (1u << k)) {
			fprintf(out, "%s\"%s\"", sep, metric_info((enum metric)k)->name);
			sep = ",";
		}
	fputc(']', out);
}

static void put_unit(FILE *out, const struct unit *u, const struct thresholds *t)
{
	fputs("{\"name\":", out);
	put_json(out, u->name);
	fputs(",\"qualified_name\":", out);
	put_json(out, u->qname);
	fprintf(out, ",\"line\":%u,\"end_line\":%u,\"column\":%u,", u->line, u->end_line,
		u->column);
	for (int c = 0; c < MET_COUNT; c++) {
		enum metric k = metric_by_column(c);
		fprintf(out, "\"%s\":%u,", metric_info(k)->name, unit_metric(u, k));
	}
	fprintf(out, "\"rank\":\"%c\",", rank_of_ccn(u->ccn));
	fprintf(out, "\"halstead\":{\"n1\":%u,\"n2\":%u,\"N1\":%u,\"N2\":%u,\"volume\":",
		u->hal.n1, u->hal.n2, u->hal.N1, u->hal.N2);
	put_number(out, halstead_volume(&u->hal));
	fputs(",\"difficulty\":", out);
	put_number(out, halstead_difficulty(&u->hal));
	fputs(",\"effort\":", out);
	put_number(out, halstead_effort(&u->hal));
	fprintf(out, "},\"body_hash\":\"%016llx\",\"parse_errors\":%s,",
		(unsigned long long)u->body_hash, (u->flags & UNIT_HAS_ERROR) ? "true" : "false");
	if (u->flags & UNIT_RECOVERED)	/* only then: the other languages never set it */
		fputs("\"recovered\":true,", out);
	fputs("\"violations\":[", out);
	put_metric_list(out, unit_violations(t, u));
	fputs(",\"suppressed\":[", out);
	put_metric_list(out, unit_suppressed(t, u));
	fputs(",\"baselined\":[", out);
	put_metric_list(out, unit_baselined(t, u));
	if (u->base) {	/* diff, precommit: a changed function's values in the base */
		fputs(",\"not_worse\":[", out);
		put_metric_list(out, unit_not_worse(t, u));
		const char *sep = ",\"base\":{";
		for (int c = 0; c < MET_COUNT; c++) {
			enum metric k = metric_by_column(c);
			fprintf(out, "%s\"%s\":%u", sep, metric_info(k)->name, u->base[k]);
			sep = ",";
		}
		fputc('}', out);
	}
	fputs("}", out);
}

/* "reason": null for none, "not reached" for a file the run never got to. */
static void put_reason(FILE *out, const struct report_file *f)
{
	if (!f->done)
		put_json(out, "not reached");
	else if (f->rec->cause != CAUSE_NONE) {
		char why[RECORD_MAX_DETAIL + 64];
		put_json(out, record_reason(f->rec, why, sizeof(why)));
	} else
		fputs("null", out);
}

/* functions, sums and maxima of the unit metrics, ccn_avg (METRICS.md, per file). */
static void aggregate(const struct record *r, uint64_t *sum, uint64_t *max)
{
	for (size_t k = 0; k < r->nunits; k++)
		for (int m = 0; m < MET_COUNT; m++) {
			uint32_t v = unit_metric(&r->units[k], (enum metric)m);
			sum[m] += v;
			if (v > max[m])
				max[m] = v;
		}
}

static void put_file_aggregates(FILE *out, const struct record *r)
{
	uint64_t sum[MET_COUNT] = { 0 }, max[MET_COUNT] = { 0 };
	aggregate(r, sum, max);
	double mean = r->nunits ? (double)sum[MET_CCN] / (double)r->nunits : 0;
	fprintf(out, ",\"functions\":%zu,\"ccn_avg\":", r->nunits);
	put_number(out, mean);
	fprintf(out, ",\"ccn_rank\":\"%c\"", rank_of_ccn(mean));
	for (int pass = 0; pass < 2; pass++) {
		const uint64_t *v = pass ? max : sum;
		fprintf(out, ",\"%s\":{", pass ? "max" : "sum");
		for (int m = 0; m < MET_COUNT; m++)
			fprintf(out, "%s\"%s\":%llu", m ? "," : "", metric_info((enum metric)m)->name,
				(unsigned long long)v[m]);
		fputc('}', out);
	}
}

static void put_measures(FILE *out, const struct record *r, const struct thresholds *t)
{
	fprintf(out, ",\"lines\":%u,\"code\":%u,\"comment\":%u,\"blank\":%u,\"mi\":",
		r->lines, r->code, r->comment, r->blank);
	put_number(out, r->mi);
	fprintf(out, ",\"mi_rank\":\"%c\"", rank_of_mi(r->mi));
	put_file_aggregates(out, r);
	if (r->status == FILE_PARTIAL)
		fprintf(out, ",\"first_error_line\":%u", r->error_line);
	fputs(",\"units\":[", out);
	for (size_t k = 0; k < r->nunits; k++) {
		if (k)
			fputc(',', out);
		put_unit(out, &r->units[k], t);
	}
	fputc(']', out);
}

static void put_file(FILE *out, const struct report_file *f)
{
	const struct language_info *li = language_info(f->lang);
	fputs("{\"path\":", out);
	put_json(out, f->path);
	fputs(",\"language\":", out);
	put_json_or_null(out, li ? li->name : NULL);
	fprintf(out, ",\"status\":\"%s\",\"reason\":",
		f->done ? file_status_name((enum file_status)f->rec->status) : "pending");
	put_reason(out, f);
	fprintf(out, ",\"bytes\":%llu", (unsigned long long)f->size);
	if (f->done && f->rec->status <= FILE_FALLBACK)
		put_measures(out, f->rec, f->limits);
	fputc('}', out);
}

static void put_sandbox(FILE *out, const struct run_model *m)
{
	fputs("\"sandbox\":", out);
	report_put_sandbox(out, m);
	fputc(',', out);
}

static void put_cache(FILE *out, const struct run_model *m)
{
	uint64_t hits, misses;
	model_cache_totals(m, &hits, &misses);
	fprintf(out, "\"cache\":{\"enabled\":%s,\"hits\":%llu,\"misses\":%llu,"
		"\"saved_seconds\":", m->cache ? "true" : "false", (unsigned long long)hits,
		(unsigned long long)misses);
	put_number(out, m->cache ? m->cache->saved_us / 1e6 : 0);
	fputs(",\"note\":", out);
	put_json_or_null(out, m->cache_note && m->cache_note[0] ? m->cache_note : NULL);
	fputs("},", out);
}

/* Only with --remote-cache: what the remote cache did. */
static void put_remote(FILE *out, const struct run_model *m)
{
	const struct model_remote *c = m->remote;
	if (!c)
		return;
	fprintf(out, "\"remote_cache\":{\"hits\":%llu,\"misses\":%llu,\"rejected\":%llu,"
		"\"errors\":%llu,\"stored\":%llu,\"bytes_received\":%llu,\"bytes_sent\":%llu,"
		"\"packs_asked\":%llu,\"packs_found\":%llu,\"packs_stored\":%llu,\"seconds\":",
		(unsigned long long)c->hits, (unsigned long long)c->misses,
		(unsigned long long)c->rejected, (unsigned long long)c->errors,
		(unsigned long long)c->stored, (unsigned long long)c->bytes_in,
		(unsigned long long)c->bytes_out, (unsigned long long)c->packs_asked,
		(unsigned long long)c->packs_found, (unsigned long long)c->packs_stored);
	put_number(out, c->seconds);
	fputs("},", out);
}

static void put_thresholds(FILE *out, const struct run_model *m)
{
	fputs("\"thresholds\":{", out);
	for (int k = 0; k < MET_COUNT; k++) {
		fprintf(out, "%s\"%s\":", k ? "," : "", metric_info((enum metric)k)->name);
		if (m->thresholds->limit[k] < 0)
			fputs("null", out);
		else
			fprintf(out, "%ld", m->thresholds->limit[k]);
	}
	fputs("},", out);
}

static void put_summary(FILE *out, const struct run_model *m)
{
	fprintf(out, "\"summary\":{\"files\":%zu,\"ok\":%zu,\"partial\":%zu,\"fallback\":%zu,"
		"\"skipped\":%zu,\"not_source\":%zu,\"failed\":%zu,\"pending\":%zu,\"units\":%zu,"
		"\"violating_units\":%zu,\"violations\":%zu,\"suppressed\":%zu,\"baselined\":%zu,"
		"\"by_metric\":{",
		m->nfiles, m->by_status[FILE_OK], m->by_status[FILE_PARTIAL],
		m->by_status[FILE_FALLBACK], model_skipped(m), m->not_source, m->by_status[FILE_FAILED],
		m->pending, m->units, m->violating_units, m->violations, m->suppressed, m->baselined);
	for (int k = 0; k < MET_COUNT; k++)
		fprintf(out, "%s\"%s\":%zu", k ? "," : "", metric_info((enum metric)k)->name,
			m->by_metric[k]);
	fputs("},\"workers\":{", out);
	if (m->engine)
		fprintf(out, "\"jobs\":%d,\"started\":%u,\"crashed\":%u,\"timed_out\":%u,"
			"\"sandbox_violations\":%u", m->jobs, m->engine->started, m->engine->crashes,
			m->engine->timeouts, m->engine->violations);
	fputs("}},", out);
}

/* "max_absolute", "max_modules", "max_average". */
static const char *rank_key(enum rank_limit k)
{
	static const char *const keys[RANK_LIMITS] = { "max_absolute", "max_modules",
						       "max_average" };
	return keys[k];
}

struct rank_array {
	FILE *out;
	const char *sep;
};

/* One entry of ranks.broken. */
static void put_rank_item(void *ctx, const struct rank_item *it)
{
	struct rank_array *a = ctx;
	fprintf(a->out, "%s{\"limit\":\"%s\",\"path\":", a->sep, rank_key(it->limit));
	put_json_or_null(a->out, it->file ? it->file->path : NULL);
	fputs(",\"ccn_mean\":", a->out);
	put_number(a->out, it->mean);
	fprintf(a->out, ",\"functions\":%zu,\"rank\":\"%c\",\"max\":\"%c\"}", it->units,
		it->rank, it->max);
	a->sep = ",";
}

/* "ranks": the run's mean CCN and its rank, xenon's limits (null: none) and every one
 * broken. */
static void put_ranks(FILE *out, const struct run_model *m)
{
	fputs("\"ranks\":{\"ccn_mean\":", out);
	put_number(out, m->ccn_mean);
	fprintf(out, ",\"ccn_rank\":\"%c\"", rank_of_ccn(m->ccn_mean));
	for (int k = 0; k < RANK_LIMITS; k++) {
		char letter[2] = { m->rank_max[k], '\0' };
		fprintf(out, ",\"%s\":", rank_key((enum rank_limit)k));
		put_json_or_null(out, letter[0] ? letter : NULL);
	}
	struct rank_array a = { out, "" };
	fputs(",\"broken\":[", out);
	rank_each(m, put_rank_item, &a);
	fputs("]},", out);
}

/* One array of the strict object: the items of one kind. */
struct strict_array {
	FILE *out;
	const struct run_model *m;
	enum strict_kind kind;
	const char *sep;
};

static void put_strict_item(void *ctx, const struct strict_item *it)
{
	struct strict_array *a = ctx;
	if (it->kind != a->kind)
		return;
	fputs(a->sep, a->out);
	a->sep = ",";
	if (it->kind == STRICT_SETTING) {
		fputs("{\"key\":", a->out);
		put_json(a->out, it->setting->key);
		fputs(",\"value\":", a->out);
		put_json(a->out, it->setting->value);
		fprintf(a->out, ",\"origin\":\".assay:%d\",\"why\":", it->setting->line);
		put_json(a->out, it->setting->why);
		fputc('}', a->out);
		return;
	}
	fputs("{\"path\":", a->out);
	put_json(a->out, it->path);
	if (it->unit) {
		fputs(",\"qualified_name\":", a->out);
		put_json(a->out, it->unit->qname);
		fprintf(a->out, ",\"line\":%u,\"metrics\":[", it->line);
		put_metric_list(a->out, it->metrics);
	}
	fprintf(a->out, ",\"applied\":%s,\"why\":", it->state == STRICT_APPLIED ? "true" : "false");
	put_json(a->out, strict_item_why(a->m, it));
	fputc('}', a->out);
}

/* "strict": what --strict ignored, applied and refused (only under --strict). */
static void put_strict(FILE *out, const struct run_model *m)
{
	static const struct {
		const char *name;
		enum strict_kind kind;
	} arrays[] = { { "ignored_settings", STRICT_SETTING }, { "suppressions", STRICT_SUPPRESSION },
		       { "baselined", STRICT_BASELINE }, { "generated", STRICT_GENERATED } };
	if (!m->strict)
		return;
	fputs("\"strict\":{\"enabled\":true,\"base\":", out);
	put_json_or_null(out, m->strict->base);
	fprintf(out, ",\"unmeasured\":%zu", model_unmeasured(m));
	for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
		struct strict_array a = { out, m, arrays[i].kind, "" };
		fprintf(out, ",\"%s\":[", arrays[i].name);
		strict_each(m, put_strict_item, &a);
		fputc(']', out);
	}
	fputs("},", out);
}

/* The figures of each directory (report/groups.h): the files directly in it. */
static void put_directories(FILE *out, const struct run_model *m)
{
	size_t n;
	struct group_row *rows = group_build(m, GROUP_DIR, &n);
	for (size_t i = 0; i < n; i++) {
		const struct group_row *g = &rows[i];
		fputs(i ? ",\n{\"path\":" : "\n{\"path\":", out);
		report_put_json(out, g->path);
		fprintf(out, ",\"files\":%zu,\"functions\":%zu,\"nloc\":%llu,\"ccn_avg\":%.3f,"
			"\"ccn_max\":%llu,\"cognitive_avg\":%.3f,\"cognitive_max\":%llu,\"mi\":%.3f,"
			"\"mi_rank\":\"%c\",\"violating_functions\":%zu}", g->files, g->functions,
			(unsigned long long)g->nloc, group_ccn_mean(g), (unsigned long long)g->ccn_max,
			group_cognitive_mean(g), (unsigned long long)g->cognitive_max, group_mi(g),
			rank_of_mi(group_mi(g)), g->violating);
	}
	group_free(rows, n);
}

int report_json(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	/* 1.1 added the strict object (only under --strict), 1.2 the ranks, the run id and
	 * stopped_by (only when the run stopped itself), 1.3 the shard object (only with
	 * --shard) and the remote_cache object (only with --remote-cache). */
	fprintf(out, "{\"schema\":\"assay-report\",\"schema_version\":\"%s\","
		"\"assay_version\":\"%s\",\"run_id\":", "1.3", PACKAGE_VERSION);
	put_json_or_null(out, m->run_id);
	fprintf(out, ",\"status\":\"%s\",\"exit_code\":%d,",
		model_incomplete(m) ? "incomplete" : "complete", m->exit_code);
	if (m->interrupted)
		fprintf(out, "\"interrupted_by\":\"%s\",", signal_name(m->interrupted));
	if (m->out_of_memory)
		fputs("\"stopped_by\":\"out of memory\",", out);
	if (m->gate_note) {
		fputs("\"gate\":", out);
		put_json(out, m->gate_note);
		fputc(',', out);
	}
	if (m->baseline_from) {	/* precommit, diff: where .assay-baseline was read */
		fputs("\"baseline_from\":", out);
		put_json(out, m->baseline_from);
		fputc(',', out);
	}
	json_put_shard(out, m);
	put_sandbox(out, m);
	put_cache(out, m);
	put_remote(out, m);
	put_thresholds(out, m);
	put_summary(out, m);
	put_ranks(out, m);
	put_strict(out, m);
	fputs("\"files\":[", out);
	for (size_t i = 0; i < m->nfiles; i++) {
		if (i)
			fputc(',', out);
		fputc('\n', out);
		put_file(out, &m->files[i]);
	}
	fputs("\n],\"directories\":[", out);
	put_directories(out, m);
	fputs("\n]}\n", out);
	return ferror(out) ? -1 : 0;
}
