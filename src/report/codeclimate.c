/*
 * codeclimate.c - Code Climate issues as one JSON array, the shape GitLab Code Quality
 * reads (artifacts:reports:codequality): an issue per (unit, violated metric) with
 * check_name "assay/METRIC", category Complexity, severity "major" ("critical" past twice
 * the limit), the unit's lines and a fingerprint.
 *
 * GitLab tells new issues from fixed ones by fingerprint alone, so each must be unique in
 * a report and stable across runs: report_fingerprint over path, qualified name, body
 * hash and the metric name. Identical copies of a unit in one file (same name and tokens,
 * e.g. in two #if branches) would share that hash; the second and later copies add their
 * occurrence number ("ccn/1") to stay distinct without changing the first's.
 *
 * A violation a comment suppresses or the baseline accepts is an issue of severity
 * "info" that says so. Under --strict a refused excuse is named in its issue's
 * description, and each repository setting it ignored and each generated marker it
 * honoured or refused is an "info" issue of check_name "assay/strict" (category Security)
 * on the .assay line or the file.
 *
 * A broken xenon limit (report/ranks.h) is a "critical" issue (SARIF's and checkstyle's
 * "error" for it) of check_name
 * "assay/max-modules" on line 1 of its file, or "assay/max-average" on the path "." (the
 * tree); its fingerprint hashes the check and the path, not the mean, so it stays one
 * issue while the mean moves.
 */
#include "report/common.h"

#include <stdlib.h>
#include <string.h>

#include "report/ranks.h"
#include "report/strict.h"
#include "util/alloc.h"

/* The description of unit u's issue for metric k: the violation, and why it is only
 * information or what --strict refused about it. A new string. */
static char *describe(const struct run_model *m, const struct report_file *f,
		      const struct unit *u, enum metric k)
{
	char buf[600];
	uint32_t bit = 1u << k;
	const char *note = (unit_suppressed(f->limits, u) & bit) ? " (suppressed in the source)"
			   : (unit_baselined(f->limits, u) & bit) ? " (accepted by the baseline)"
			   : strict_refusal_note(m, f->limits, u, k, buf, sizeof(buf));
	char *msg = report_violation_message(u, k, f->limits);
	char *text = xmalloc(strlen(msg) + strlen(note) + 1);
	strcpy(text, msg);
	strcat(text, note);
	free(msg);
	return text;
}

/* The issue for unit u of f over metric k; occurrence as report_count_occurrences. Excused
 * (suppressed or accepted by the baseline): counted, shown as information only. */
static void put_issue(FILE *out, const struct run_model *m, const struct report_file *f,
		      const struct unit *u, enum metric k, size_t occurrence, int excused)
{
	const struct metric_info *mi = metric_info(k);
	char extra[64];
	if (occurrence)
		snprintf(extra, sizeof(extra), "%s/%zu", mi->name, occurrence);
	else
		snprintf(extra, sizeof(extra), "%s", mi->name);
	const struct thresholds *t = f->limits;
	int critical = (long long)unit_metric(u, k) > 2LL * t->limit[k];
	char *msg = describe(m, f, u, k);
	fprintf(out, "{\"type\":\"issue\",\"check_name\":\"assay/%s\",\"description\":", mi->name);
	report_put_json(out, msg);
	free(msg);
	fprintf(out, ",\"categories\":[\"Complexity\"],\"severity\":\"%s\",\"location\":{\"path\":",
		excused ? "info" : critical ? "critical" : "major");
	report_put_json(out, report_file_path(f));
	fprintf(out, ",\"lines\":{\"begin\":%u,\"end\":%u}},\"fingerprint\":\"%016llx\"}", u->line,
		u->end_line >= u->line ? u->end_line : u->line,
		(unsigned long long)report_fingerprint(report_file_path(f), u, extra));
}

/* The issues of one file, each on a line after *sep. */
static void put_file(FILE *out, const struct run_model *m, const struct report_file *f,
		     const char **sep)
{
	size_t *occurrence = xmalloc(f->rec->nunits * sizeof(*occurrence));
	report_count_occurrences(f, occurrence);
	for (size_t j = 0; j < f->rec->nunits; j++) {
		const struct unit *u = &f->rec->units[j];
		uint32_t v = unit_violations(f->limits, u);
		uint32_t excused = unit_suppressed(f->limits, u) | unit_baselined(f->limits, u);
		for (int k = 0; k < MET_COUNT; k++)
			if ((v | excused) & (1u << k)) {
				fprintf(out, "%s\n", *sep);
				put_issue(out, m, f, u, (enum metric)k, occurrence[j], (excused >> k) & 1);
				*sep = ",";
			}
	}
	free(occurrence);
}

/* --strict's settings and markers as "info" issues; a unit's excuses are on its issues. */
struct strict_issues {
	FILE *out;
	const struct run_model *m;
	const char **sep;
	uint64_t *seen;		/* the strict issues' fingerprints so far */
	size_t nseen, seen_cap;
};

/* words' fingerprint, unique among the issues w wrote: a repeat (the same setting twice
 * in .assay) adds how many came before, the first's staying what it was. */
static uint64_t unique_fingerprint(struct strict_issues *w, const char **words, size_t n)
{
	uint64_t fp = report_fingerprint_words(words, n);
	size_t before = 0;
	for (size_t i = 0; i < w->nseen; i++)
		before += w->seen[i] == fp;
	xgrow((void **)&w->seen, &w->seen_cap, w->nseen + 1, sizeof(*w->seen));
	w->seen[w->nseen++] = fp;
	if (!before)
		return fp;
	char count[24];
	snprintf(count, sizeof(count), "%zu", before);
	const char *more[8];
	for (size_t i = 0; i < n && i < 7; i++)
		more[i] = words[i];
	more[n < 7 ? n : 7] = count;
	return report_fingerprint_words(more, (n < 7 ? n : 7) + 1);
}

static void put_strict_issue(void *ctx, const struct strict_item *it)
{
	struct strict_issues *w = ctx;
	if (it->unit)
		return;
	char *text = strict_item_text(w->m, it);
	const char *path = it->file ? report_file_path(it->file)
			   : it->repo_path ? it->repo_path : report_repo_path(it->path);
	const char *words[] = { path, strict_kind_name(it->kind),
				it->setting ? it->setting->key : "",
				it->setting ? it->setting->value : "" };
	uint32_t line = it->line ? it->line : 1;
	fprintf(w->out, "%s\n{\"type\":\"issue\",\"check_name\":\"assay/strict\","
		"\"description\":", *w->sep);
	char *msg = xmalloc(strlen(text) + 16);
	sprintf(msg, "strict: %s", text);
	report_put_json(w->out, msg);
	fputs(",\"categories\":[\"Security\"],\"severity\":\"info\",\"location\":{\"path\":",
	      w->out);
	report_put_json(w->out, path);
	fprintf(w->out, ",\"lines\":{\"begin\":%u,\"end\":%u}},\"fingerprint\":\"%016llx\"}",
		line, line, (unsigned long long)unique_fingerprint(w, words, 4));
	*w->sep = ",";
	free(msg);
	free(text);
}

static void put_rank_issue(void *ctx, const struct rank_item *it)
{
	const struct strict_issues *w = ctx;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	const char *path = it->file ? report_file_path(it->file) : ".";
	const char *words[] = { rank_limit_name(it->limit), path };
	fprintf(w->out, "%s\n{\"type\":\"issue\",\"check_name\":\"assay/%s\",\"description\":",
		*w->sep, rank_limit_name(it->limit));
	report_put_json(w->out, text);
	/* critical, as SARIF's and checkstyle's error for it */
	fputs(",\"categories\":[\"Complexity\"],\"severity\":\"critical\",\"location\":{\"path\":",
	      w->out);
	report_put_json(w->out, path);
	fprintf(w->out, ",\"lines\":{\"begin\":1,\"end\":1}},\"fingerprint\":\"%016llx\"}",
		(unsigned long long)report_fingerprint_words(words, 2));
	*w->sep = ",";
}

/* A file not fully measured (model_file_unmeasured): an issue on its first line, so that
 * a merge request shows what was not measured; critical when it fails the run (--strict,
 * --fail-on), major when it leaves the analysis incomplete, else minor. */
static void put_unmeasured_issue(const struct strict_issues *w, const struct report_file *f)
{
	char why[RECORD_MAX_DETAIL + 160];
	model_unmeasured_text(f, why, sizeof(why));
	const char *path = report_file_path(f);
	const char *words[] = { "incomplete", path };
	fprintf(w->out, "%s\n{\"type\":\"issue\",\"check_name\":\"assay/incomplete\","
		"\"description\":", *w->sep);
	report_put_json(w->out, why);
	static const char *const severity[] = { [GRAVITY_SKIPPED] = "minor",
						[GRAVITY_INCOMPLETE] = "major",
						[GRAVITY_FAILS_RUN] = "critical" };
	fprintf(w->out, ",\"categories\":[\"Bug Risk\"],\"severity\":\"%s\",\"location\":"
		"{\"path\":", severity[model_unmeasured_gravity(w->m, f)]);
	report_put_json(w->out, path);
	fprintf(w->out, ",\"lines\":{\"begin\":1,\"end\":1}},\"fingerprint\":\"%016llx\"}",
		(unsigned long long)report_fingerprint_words(words, 2));
	*w->sep = ",";
}

int report_codeclimate(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	const char *sep = "";
	fputc('[', out);
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (f->done && f->rec->status <= FILE_FALLBACK && f->rec->nunits)
			put_file(out, m, f, &sep);
	}
	struct strict_issues w = { out, m, &sep, NULL, 0, 0 };
	for (size_t i = 0; i < m->nfiles; i++)
		if (model_file_graded(m, &m->files[i]))
			put_unmeasured_issue(&w, &m->files[i]);
	rank_each(m, put_rank_issue, &w);
	strict_each(m, put_strict_issue, &w);
	free(w.seen);
	fputs("\n]\n", out);
	return ferror(out) ? -1 : 0;
}
