/*
 * prometheus.c - the run as Prometheus text exposition (format 0.0.4), for node_exporter's
 * textfile collector: `assay -o /var/lib/node_exporter/assay.prom` (the CLI writes -o
 * files through a temporary file and a rename, so the collector never reads half a file).
 *
 * Every family has its HELP and TYPE lines before its samples, every name starts with
 * assay_, and no sample has a timestamp (the collector stamps them when it scrapes). Two
 * groups of figures:
 *
 *   run    assay_run_info{run_id} (info-style: one sample, value 1),
 *          assay_run_duration_seconds, assay_phase_duration_seconds{phase},
 *          assay_files{status}, assay_cache_hits_total, assay_cache_misses_total,
 *          assay_worker_deaths_total{cause}, assay_sandbox_violation_files,
 *          assay_sandbox_level{level,mode} (info-style), assay_run_incomplete,
 *          assay_exit_code
 *   remote only with --remote-cache: assay_remote_cache_{hits,misses,rejected,errors,
 *          stored}_total, assay_remote_cache_{received,sent}_bytes_total,
 *          assay_remote_cache_packs_{asked,found,stored}_total, assay_remote_cache_seconds
 *   code   assay_units{language}, assay_violating_units, assay_violations{metric},
 *          assay_ccn_max{language}, assay_ccn_mean{language}
 *   ranks  only with --max-modules or --max-average: assay_rank_limits_broken{limit}
 *          (files whose mean CCN ranks worse than --max-modules; 1 when the run's ranks
 *          worse than --max-average: report/ranks.h)
 *   strict only under --strict: assay_strict_items{kind,state} (what it ignored, applied
 *          and refused, counted: report/strict.h) and assay_strict_unmeasured_files
 *
 * The whole run's duration is a family of its own rather than a phase="total" sample, so
 * that sum(assay_phase_duration_seconds) stays meaningful. The run id (util/runid.h) is a
 * label of assay_run_info alone: on every series it would make each run a new series of
 * every family. Label values are fixed words (languages, statuses, metrics, causes) or
 * the run id, never a path or a name from the tree; they are escaped all the same
 * (backslash, double quote, line feed), so a later label cannot break a line. Every sample also carries project="NAME" first (--project, else the
 * repository's name), so one collector can hold several projects' files.
 */
#include "report/common.h"

#include <math.h>

#include "report/ranks.h"
#include "util/escape.h"
#include "report/strict.h"

/* Writes the HELP and TYPE lines of a family. help is a fixed text without backslash
 * or line feed. */
static void family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Writes a label value escaped as the exposition format wants. */
static void put_label_value(FILE *out, const char *s)
{
	struct wbuf b;
	wbuf_init(&b);
	esc_prom_label(&b, s);
	if (b.len)
		fwrite(b.data, 1, b.len, out);
	wbuf_free(&b);
}

/* The project every sample names first (report_prometheus sets it for the report it
 * writes). */
static const char *project = "";

/* name{project="P" (the labels still open). */
static void labels_open(FILE *out, const char *name)
{
	fprintf(out, "%s{project=\"", name);
	put_label_value(out, project);
	fputc('"', out);
}

/* name{project="P",label="value"} (the project alone when label is NULL), then a space. */
static void sample_start(FILE *out, const char *name, const char *label, const char *value)
{
	labels_open(out, name);
	if (label) {
		fprintf(out, ",%s=\"", label);
		put_label_value(out, value);
		fputc('"', out);
	}
	fputs("} ", out);
}

static void sample_count(FILE *out, const char *name, const char *label, const char *value,
			 unsigned long long n)
{
	sample_start(out, name, label, value);
	fprintf(out, "%llu\n", n);
}

static void sample_real(FILE *out, const char *name, const char *label, const char *value,
			double v)
{
	sample_start(out, name, label, value);
	fprintf(out, "%.6f\n", isfinite(v) && v > 0 ? v : 0.0);
}

/* The run's id, to match these figures with the run's events, trace and reports. */
static void put_info(FILE *out, const struct run_model *m)
{
	family(out, "assay_run_info", "gauge",
	       "The run these figures are of: its id, as in its events, trace and JSON report; "
	       "always 1.");
	sample_start(out, "assay_run_info", "run_id", m->run_id ? m->run_id : "");
	fputs("1\n", out);
}

static void put_durations(FILE *out, const struct run_model *m)
{
	family(out, "assay_run_duration_seconds", "gauge",
	       "Wall-clock time of the run until the reports were written.");
	sample_real(out, "assay_run_duration_seconds", NULL, NULL, m->seconds);
	family(out, "assay_phase_duration_seconds", "gauge",
	       "Wall-clock time of each phase of the run.");
	/* The report phase is still running while this is written: it has no figure yet. */
	for (int p = 0; p < PHASE_COUNT; p++)
		if (p != PHASE_REPORT)
			sample_real(out, "assay_phase_duration_seconds", "phase",
				    phase_name((enum phase)p), m->phase_seconds[p]);
}

static void put_files(FILE *out, const struct run_model *m)
{
	family(out, "assay_files", "gauge",
	       "Files the run considered, by status (pending: never reached).");
	for (int s = 0; s < FILE_STATUS_COUNT; s++)
		sample_count(out, "assay_files", "status", file_status_name((enum file_status)s),
			     m->by_status[s]);
	sample_count(out, "assay_files", "status", "pending", m->pending);
}

static void put_cache(FILE *out, const struct run_model *m)
{
	uint64_t hits, misses;
	model_cache_totals(m, &hits, &misses);
	family(out, "assay_cache_hits_total", "counter",
	       "Files answered from the result cache in this run.");
	sample_count(out, "assay_cache_hits_total", NULL, NULL, hits);
	family(out, "assay_cache_misses_total", "counter",
	       "Result cache lookups that found nothing in this run.");
	sample_count(out, "assay_cache_misses_total", NULL, NULL, misses);
}

/* Only with --remote-cache. */
static void put_remote(FILE *out, const struct run_model *m)
{
	static const struct {
		const char *name, *help;
	} families[] = {
		{ "assay_remote_cache_hits_total", "Files answered from the remote cache in this run." },
		{ "assay_remote_cache_misses_total", "Remote cache lookups that gave no result "
						     "(absent, rejected, failed or not made)." },
		{ "assay_remote_cache_rejected_total", "Remote cache values refused: a signature "
						       "or key that did not verify, or no record." },
		{ "assay_remote_cache_errors_total", "Remote cache requests that failed." },
		{ "assay_remote_cache_stored_total", "Values this run stored on the remote cache." },
		{ "assay_remote_cache_received_bytes_total", "Bytes received from the remote cache." },
		{ "assay_remote_cache_sent_bytes_total", "Bytes sent to the remote cache." },
		{ "assay_remote_cache_packs_asked_total", "Packs (a group of files' values in "
							  "one object) asked of the remote cache." },
		{ "assay_remote_cache_packs_found_total", "Packs received, verified and used." },
		{ "assay_remote_cache_packs_stored_total", "Packs this run stored on the remote "
							   "cache." },
	};
	const struct model_remote *c = m->remote;
	if (!c)
		return;
	const uint64_t values[] = { c->hits, c->misses, c->rejected, c->errors, c->stored,
				    c->bytes_in, c->bytes_out, c->packs_asked, c->packs_found,
				    c->packs_stored };
	for (size_t k = 0; k < sizeof(values) / sizeof(values[0]); k++) {
		family(out, families[k].name, "counter", families[k].help);
		sample_count(out, families[k].name, NULL, NULL, values[k]);
	}
	family(out, "assay_remote_cache_seconds", "gauge",
	       "Wall-clock time this run waited for the remote cache.");
	sample_real(out, "assay_remote_cache_seconds", NULL, NULL, c->seconds);
}

static void put_workers(FILE *out, const struct run_model *m)
{
	const struct model_engine *p = m->engine;
	family(out, "assay_worker_deaths_total", "counter",
	       "Workers lost in this run, by cause.");
	sample_count(out, "assay_worker_deaths_total", "cause", "crash", p ? p->crashes : 0);
	sample_count(out, "assay_worker_deaths_total", "cause", "timeout", p ? p->timeouts : 0);
	sample_count(out, "assay_worker_deaths_total", "cause", "sandbox_violation",
		     p ? p->violations : 0);
}

static void put_violations(FILE *out, const struct run_model *m)
{
	family(out, "assay_sandbox_violation_files", "gauge",
	       "Files failed as sandbox violations: in this run, or a verdict the cache kept "
	       "from an earlier one.");
	sample_count(out, "assay_sandbox_violation_files", NULL, NULL, m->sandbox_violations);
}

/* The sandbox level as one word: full, rlimit-only, off, or unused when no worker ran. */
static const char *sandbox_level_word(const struct run_model *m)
{
	if ((m->engine && m->engine->inprocess) || m->sandbox_mode == SANDBOX_MODE_OFF)
		return "off";
	if (!m->engine || !m->engine->got_level)
		return "unused";
	return sandbox_level_name(m->engine->level);
}

static void put_sandbox(FILE *out, const struct run_model *m)
{
	family(out, "assay_sandbox_level", "gauge",
	       "The lowest sandbox level a worker reached (full, rlimit-only, off, unused), "
	       "and the mode asked for; always 1.");
	labels_open(out, "assay_sandbox_level");
	fputs(",level=\"", out);
	put_label_value(out, sandbox_level_word(m));
	fputs("\",mode=\"", out);
	put_label_value(out, sandbox_mode_name(m->sandbox_mode));
	fputs("\"} 1\n", out);
}

static void put_status(FILE *out, const struct run_model *m)
{
	family(out, "assay_run_incomplete", "gauge",
	       "1 when something was not measured: interrupted, failed, fallback (line counts "
	       "only) or pending files.");
	sample_count(out, "assay_run_incomplete", NULL, NULL, model_incomplete(m) ? 1 : 0);
	family(out, "assay_exit_code", "gauge", "The exit status the run decided on.");
	sample_start(out, "assay_exit_code", NULL, NULL);
	fprintf(out, "%d\n", m->exit_code);
}

struct ccn_figures {
	uint64_t sum[LANG_COUNT];
	uint64_t count[LANG_COUNT];
	uint32_t max[LANG_COUNT];
};

/* CCN sum, count and maximum per language, over the units of every analyzed file. */
static void ccn_by_language(const struct run_model *m, struct ccn_figures *c)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!f->done || f->rec->status > FILE_FALLBACK || f->rec->lang >= LANG_COUNT)
			continue;
		for (size_t k = 0; k < f->rec->nunits; k++) {
			uint32_t v = f->rec->units[k].ccn;
			c->sum[f->rec->lang] += v;
			c->count[f->rec->lang]++;
			if (v > c->max[f->rec->lang])
				c->max[f->rec->lang] = v;
		}
	}
}

/* Languages with at least one analyzed file. */
static void put_units(FILE *out, const struct run_model *m)
{
	family(out, "assay_units", "gauge", "Functions and methods measured, by language.");
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		if (m->files_by_lang[l])
			sample_count(out, "assay_units", "language",
				     language_info((enum lang_id)l)->name, m->units_by_lang[l]);
	family(out, "assay_violating_units", "gauge",
	       "Functions and methods over at least one threshold.");
	sample_count(out, "assay_violating_units", NULL, NULL, m->violating_units);
	family(out, "assay_suppressed_violations", "gauge",
	       "Violations suppressed by comments in the source (assay: ignore).");
	sample_count(out, "assay_suppressed_violations", NULL, NULL, m->suppressed);
	family(out, "assay_violations", "gauge",
	       "Units over the threshold of each metric (0 when the metric is off).");
	for (int k = 0; k < MET_COUNT; k++)
		sample_count(out, "assay_violations", "metric", metric_info((enum metric)k)->name,
			     m->by_metric[k]);
}

/* Languages with at least one unit: a mean of nothing has no value. */
static void put_ccn(FILE *out, const struct run_model *m)
{
	struct ccn_figures c = { { 0 }, { 0 }, { 0 } };
	ccn_by_language(m, &c);
	family(out, "assay_ccn_max", "gauge", "Highest cyclomatic complexity of a unit, by language.");
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		if (c.count[l])
			sample_count(out, "assay_ccn_max", "language",
				     language_info((enum lang_id)l)->name, c.max[l]);
	family(out, "assay_ccn_mean", "gauge", "Mean cyclomatic complexity of the units, by language.");
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		if (c.count[l])
			sample_real(out, "assay_ccn_mean", "language", language_info((enum lang_id)l)->name,
				    (double)c.sum[l] / (double)c.count[l]);
}

/* The (kind, state) pairs an item of --strict can be, in the order they are written. */
static const struct {
	enum strict_kind kind;
	enum strict_state state;
} strict_pairs[] = {
	{ STRICT_SETTING, STRICT_IGNORED },
	{ STRICT_SUPPRESSION, STRICT_APPLIED }, { STRICT_SUPPRESSION, STRICT_REFUSED },
	{ STRICT_BASELINE, STRICT_APPLIED }, { STRICT_BASELINE, STRICT_REFUSED },
	{ STRICT_GENERATED, STRICT_APPLIED }, { STRICT_GENERATED, STRICT_REFUSED },
};
#define STRICT_PAIRS (sizeof(strict_pairs) / sizeof(strict_pairs[0]))

static void count_strict_item(void *ctx, const struct strict_item *it)
{
	unsigned long long *counts = ctx;
	for (size_t p = 0; p < STRICT_PAIRS; p++)
		counts[p] += strict_pairs[p].kind == it->kind && strict_pairs[p].state == it->state;
}

/* Under --strict: its items counted by kind and state (never a name), and the files that
 * fail the run for not being fully measured. */
static void put_strict(FILE *out, const struct run_model *m)
{
	unsigned long long counts[STRICT_PAIRS] = { 0 };
	if (!m->strict)
		return;
	strict_each(m, count_strict_item, counts);
	family(out, "assay_strict_items", "gauge",
	       "What --strict did: repository settings ignored; suppression comments, baseline "
	       "entries and generated markers applied or refused.");
	for (size_t p = 0; p < STRICT_PAIRS; p++) {
		labels_open(out, "assay_strict_items");
		fprintf(out, ",kind=\"%s\",state=\"%s\"} %llu\n",
			strict_kind_name(strict_pairs[p].kind),
			strict_state_name(strict_pairs[p].state), counts[p]);
	}
	family(out, "assay_strict_unmeasured_files", "gauge",
	       "Files not fully measured (failed, fallback, too large, minified, binary, not "
	       "reached): under --strict each fails the run.");
	sample_count(out, "assay_strict_unmeasured_files", NULL, NULL, model_unmeasured(m));
}

static void count_rank_item(void *ctx, const struct rank_item *it)
{
	unsigned long long *counts = ctx;
	counts[it->limit]++;
}

/* With a mean CCN limit: the limits broken, by limit (the ones set). */
static void put_ranks(FILE *out, const struct run_model *m)
{
	unsigned long long counts[RANK_LIMITS] = { 0 };
	if (!m->rank_max[RANK_MODULES] && !m->rank_max[RANK_AVERAGE])
		return;
	rank_each(m, count_rank_item, counts);
	family(out, "assay_rank_limits_broken", "gauge",
	       "xenon's limits broken: files whose mean CCN ranks worse than --max-modules; 1 "
	       "when the mean CCN of every function ranks worse than --max-average.");
	for (int k = RANK_MODULES; k <= RANK_AVERAGE; k++)
		if (m->rank_max[k])
			sample_count(out, "assay_rank_limits_broken", "limit",
				     rank_limit_name((enum rank_limit)k), counts[k]);
}

int report_prometheus(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	project = m->identity.project ? m->identity.project : "";
	put_info(out, m);
	put_durations(out, m);
	put_files(out, m);
	put_cache(out, m);
	put_remote(out, m);
	put_workers(out, m);
	put_violations(out, m);
	put_sandbox(out, m);
	put_status(out, m);
	put_units(out, m);
	put_ccn(out, m);
	put_ranks(out, m);
	put_strict(out, m);
	return ferror(out) ? -1 : 0;
}
