/*
 * html.c - one self-contained HTML page for people: who and what was measured (repository,
 * path, commit, branch, date), a summary of the run, every function worst first in a table
 * that renders only the rows in view, histograms of CCN and cognitive complexity, a treemap
 * of directories and files to drill into, tables per file and per directory (MI, Halstead),
 * the marks of a gate (new, worse, baselined, suppressed), links to the code
 * (--source-url) and the files that were not fully measured, with their reasons.
 *
 * The page fetches nothing. Its style and its script are src/report/html/page.css and
 * page.js, made C strings at build time (report/html/page.h) and inlined; its
 * Content-Security-Policy allows exactly those two, by their SHA-256 computed here, and
 * nothing else: no network, no other script, no plugin. Only `img-src data:` is open, for
 * the empty favicon that stops a browser asking a web server for /favicon.ico. Links to the
 * code are navigation, which the policy does not govern; they are http(s) only.
 *
 * The run's figures go in as one JSON document inside <script type="application/json">,
 * which the browser never executes; the page's script parses it and builds the DOM with
 * textContent and attributes only, so no name from the tree is ever read as markup.
 * Inside the JSON every string is escaped as json_str does, and <, > and & as
 * \u003c, \u003e and \u0026, so no name can close the element ("</script>") or open a
 * comment. The script also honours a URL fragment, #sort=ccn&filter=TEXT&violations=1&dir=D,
 * so a view can be linked to, and tests can drive it in a headless browser.
 */
#include "report/common.h"

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "report/groups.h"
#include "report/html/page.h"
#include "report/ranks.h"
#include "report/strict.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/msg.h"

/* Writes s as a JSON string that is also safe inside an HTML <script> element: as
 * json_str, then <, > and & as \u escapes (they only occur inside strings). */
static void put_string(FILE *out, const char *s)
{
	struct wbuf b;
	wbuf_init(&b);
	json_str(&b, s ? s : "");
	if (b.failed)
		fputs("\"\"", out);	/* the document stays valid JSON */
	for (size_t i = 0; !b.failed && i < b.len; i++) {
		unsigned char c = b.data[i];
		if (c == '<' || c == '>' || c == '&')
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	wbuf_free(&b);
}

/* As put_string, or null when s is NULL. */
static void put_string_or_null(FILE *out, const char *s)
{
	if (s)
		put_string(out, s);
	else
		fputs("null", out);
}

/* The run as a whole: status, exit code, sandbox, cache, time. */
static void put_run(FILE *out, const struct run_model *m)
{
	char sandbox[256], cache[640];
	model_sandbox_text(m, sandbox, sizeof(sandbox));
	model_cache_text(m, cache, sizeof(cache));
	fputs("{\"assay_version\":", out);
	put_string(out, PACKAGE_VERSION);
	fprintf(out, ",\"status\":\"%s\",\"exit_code\":%d,\"interrupted_by\":",
		model_incomplete(m) ? "incomplete" : "complete", m->exit_code);
	put_string_or_null(out, m->interrupted ? signal_name(m->interrupted)
				: m->out_of_memory ? "out of memory" : NULL);
	fputs(",\"sandbox\":", out);
	put_string(out, sandbox);
	fputs(",\"cache\":", out);
	put_string(out, cache);
	fprintf(out, ",\"jobs\":%d,\"seconds\":%.3f", m->jobs, isfinite(m->seconds) ? m->seconds : 0);
	const struct model_engine *p = m->engine;
	fprintf(out, ",\"worker_deaths\":{\"crash\":%u,\"timeout\":%u,\"sandbox_violation\":%u}",
		p ? p->crashes : 0, p ? p->timeouts : 0, p ? p->violations : 0);
}

/* Which repository, path, revision and branch were measured, when the commit was made and
 * the report written; the --source-url template and the gate's note (null: none). */
static void put_identity(FILE *out, const struct run_model *m)
{
	const struct model_identity *id = &m->identity;
	const char *fields[][2] = { { "project", id->project }, { "root", id->root },
				    { "commit", id->commit }, { "branch", id->branch },
				    { "date", id->date }, { "uri", id->uri } };
	fputs(",\n\"identity\":{", out);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		fprintf(out, "%s\"%s\":", i ? "," : "", fields[i][0]);
		put_string(out, fields[i][1] ? fields[i][1] : "");
	}
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(now, sizeof(now), "%Y-%m-%d %H:%M UTC", &tm))
		now[0] = '\0';
	fputs("},\"generated\":", out);
	put_string(out, now);
	fputs(",\"source_url\":", out);
	put_string_or_null(out, m->source_url);
	fputs(",\"gate\":", out);
	put_string_or_null(out, m->gate_note);
}

/* Metrics in enum order: the order of every unit's values below. */
static void put_metrics(FILE *out, const struct run_model *m)
{
	fputs(",\n\"metrics\":[", out);
	for (int k = 0; k < MET_COUNT; k++) {
		const struct metric_info *mi = metric_info((enum metric)k);
		fputs(k ? ",{\"name\":" : "{\"name\":", out);
		put_string(out, mi->name);
		fputs(",\"label\":", out);
		put_string(out, mi->label);
		fputs(",\"limit\":", out);
		if (m->thresholds->limit[k] < 0)
			fputs("null}", out);
		else
			fprintf(out, "%ld}", m->thresholds->limit[k]);
	}
	fputc(']', out);
}

/* Files by status, units and violations (by metric), and the languages seen. */
static void put_summary(FILE *out, const struct run_model *m)
{
	fprintf(out, ",\n\"summary\":{\"files\":%zu,\"ok\":%zu,\"partial\":%zu,\"fallback\":%zu,"
		"\"skipped\":%zu,\"not_source\":%zu,\"failed\":%zu,\"pending\":%zu,\"units\":%zu,"
		"\"violating_units\":%zu,\"violations\":%zu,\"suppressed\":%zu,\"baselined\":%zu,"
		"\"by_metric\":[",
		m->nfiles, m->by_status[FILE_OK], m->by_status[FILE_PARTIAL],
		m->by_status[FILE_FALLBACK], model_skipped(m), m->not_source, m->by_status[FILE_FAILED],
		m->pending, m->units, m->violating_units, m->violations, m->suppressed, m->baselined);
	for (int k = 0; k < MET_COUNT; k++)
		fprintf(out, "%s%zu", k ? "," : "", m->by_metric[k]);
	fputs("]},\n\"languages\":[", out);
	const char *sep = "";
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		if (m->files_by_lang[l]) {
			const struct language_info *li = language_info((enum lang_id)l);
			fprintf(out, "%s{\"name\":", sep);
			put_string(out, li->name);
			fputs(",\"display\":", out);
			put_string(out, li->display);
			fprintf(out, ",\"files\":%zu,\"units\":%zu}", m->files_by_lang[l],
				m->units_by_lang[l]);
			sep = ",";
		}
	fputc(']', out);
}

/* Why f is not simply ok, for people; null when there is nothing to say. */
static void put_reason(FILE *out, const struct report_file *f)
{
	if (!f->done) {
		put_string(out, "not reached");
	} else if (f->rec->status == FILE_PARTIAL) {
		char why[96];
		snprintf(why, sizeof(why), "parse errors from line %u; metrics computed around them",
			 f->rec->error_line);
		put_string(out, why);
	} else {
		char why[RECORD_MAX_DETAIL + 64];
		record_reason(f->rec, why, sizeof(why));
		put_string_or_null(out, why[0] ? why : NULL);
	}
}

/* x with three decimals (as the JSON report), or null when it is not a number. */
static void put_number(FILE *out, double x)
{
	if (isfinite(x))
		fprintf(out, "%.3f", x);
	else
		fputs("null", out);
}

/* ",code lines,MI,volume,difficulty,effort" of r; 0 and nulls for a file not analyzed. */
static void put_figures(FILE *out, const struct record *r)
{
	if (!r) {
		fputs(",0,null,null,null,null", out);
		return;
	}
	fprintf(out, ",%u,", r->code);
	put_number(out, r->mi);
	fputc(',', out);
	put_number(out, halstead_volume(&r->hal));
	fputc(',', out);
	put_number(out, halstead_difficulty(&r->hal));
	fputc(',', out);
	put_number(out, halstead_effort(&r->hal));
}

/* Every file: [path, language, status, reason, code lines, MI, Halstead volume, difficulty,
 * effort (null for a file not analyzed), path in the repository (null outside one)]. */
static void put_files(FILE *out, const struct run_model *m)
{
	fputs(",\n\"files\":[", out);
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		const struct language_info *li = language_info(f->lang);
		int analyzed = f->done && f->rec->status <= FILE_FALLBACK;
		fputs(i ? ",\n[" : "\n[", out);
		put_string(out, report_repo_path(f->path));
		fputc(',', out);
		put_string_or_null(out, li ? li->name : NULL);
		fprintf(out, ",\"%s\",", f->done ? file_status_name((enum file_status)f->rec->status)
						 : "pending");
		put_reason(out, f);
		put_figures(out, analyzed ? f->rec : NULL);
		fputc(',', out);
		put_string_or_null(out, f->repo_path);
		fputc(']', out);
	}
	fputc(']', out);
}

/* Per directory, as --by=dir: [path, files, functions, NLOC, mean and largest CCN, mean
 * and largest cognitive, MI, functions over a limit, Halstead volume]. */
static void put_directories(FILE *out, const struct run_model *m)
{
	size_t n;
	struct group_row *rows = group_build(m, GROUP_DIR, &n);
	fputs(",\n\"directories\":[", out);
	for (size_t i = 0; i < n; i++) {
		const struct group_row *g = &rows[i];
		fputs(i ? ",\n[" : "\n[", out);
		put_string(out, report_repo_path(g->path));
		fprintf(out, ",%zu,%zu,%llu,%.2f,%llu,%.2f,%llu,", g->files, g->functions,
			(unsigned long long)g->nloc, group_ccn_mean(g), (unsigned long long)g->ccn_max,
			group_cognitive_mean(g), (unsigned long long)g->cognitive_max);
		put_number(out, group_mi(g));
		fprintf(out, ",%zu,", g->violating);
		put_number(out, g->volume);
		fputc(']', out);
	}
	fputc(']', out);
	group_free(rows, n);
}

/* A unit's values in the base revision (diff, precommit), null for a new unit. */
static void put_base(FILE *out, const uint32_t *base)
{
	if (!base) {
		fputs("null", out);
		return;
	}
	for (int x = 0; x < MET_COUNT; x++)
		fprintf(out, "%c%u", x ? ',' : '[', base[x]);
	fputc(']', out);
}

/* Unit k's increments (the file has them for its worst units: run/increments.h) as
 * [[line, column, metric (0 CCN, 1 cognitive), construct, amount, of which nesting]], or
 * 0 when it has none recorded. */
static void put_increments(FILE *out, const struct report_file *f, size_t k)
{
	const char *sep = "[";
	for (size_t x = 0; x < f->nincrements; x++) {
		const struct increment *inc = &f->increments[x];
		if (inc->unit != k)
			continue;
		fprintf(out, "%s[%u,%u,%u,", sep, inc->line, inc->column, inc->metric);
		put_string(out, construct_name((enum construct)inc->construct));
		fprintf(out, ",%u,%u]", inc->amount, inc->nesting);
		sep = ",";
	}
	fputs(sep[0] == '[' ? "0" : "]", out);
}

/* Every unit of every analyzed file: [file index, qualified name, line, the metrics in
 * enum order, violated metrics as a bit mask, score (how far over its limits: value /
 * limit, the largest among the violated metrics), suppressed and baselined metrics as bit
 * masks, the values in the base revision (null: a new unit, or not a gate), its
 * increments (put_increments)]. */
static void put_units(FILE *out, const struct run_model *m)
{
	fputs(",\n\"units\":[", out);
	const char *sep = "\n";
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		for (size_t k = 0; k < f->rec->nunits; k++) {
			const struct unit *u = &f->rec->units[k];
			uint32_t over = unit_violations(f->limits, u);
			fprintf(out, "%s[%zu,", sep, i);
			put_string(out, u->qname);
			fprintf(out, ",%u", u->line);
			for (int x = 0; x < MET_COUNT; x++)
				fprintf(out, ",%u", unit_metric(u, (enum metric)x));
			fprintf(out, ",%u,%.4f,%u,%u,", over, model_over_score(f->limits, u, over),
				unit_suppressed(f->limits, u), unit_baselined(f->limits, u));
			put_base(out, m->gate_note ? u->base : NULL);
			fputc(',', out);
			put_increments(out, f, k);
			fputc(']', out);
			sep = ",\n";
		}
	}
	fputs("]}", out);
}

struct strict_rows {
	FILE *out;
	const struct run_model *m;
	const char *sep;
};

/* One item of --strict: [kind, state, where, what (with why)]. */
static void put_strict_row(void *ctx, const struct strict_item *it)
{
	struct strict_rows *w = ctx;
	char where[64];
	char *text = strict_item_text(w->m, it);
	fprintf(w->out, "%s[", w->sep);
	put_string(w->out, strict_kind_name(it->kind));
	fputc(',', w->out);
	put_string(w->out, strict_state_name(it->state));
	fputc(',', w->out);
	snprintf(where, sizeof(where), it->line ? ":%u" : "", it->line);
	const char *path = it->repo_path ? it->repo_path : report_repo_path(it->path);
	size_t n = strlen(path) + strlen(where) + 1;
	char *place = xmalloc(n);
	snprintf(place, n, "%s%s", path, where);
	put_string(w->out, place);
	fputc(',', w->out);
	put_string(w->out, text);
	fputc(']', w->out);
	w->sep = ",\n";
	free(place);
	free(text);
}

/* Under --strict: the base revision, the files not fully measured and every item. */
static void put_strict(FILE *out, const struct run_model *m)
{
	if (!m->strict)
		return;
	fputs(",\n\"strict\":{\"base\":", out);
	put_string_or_null(out, m->strict->base);
	fprintf(out, ",\"unmeasured\":%zu,\"items\":[", model_unmeasured(m));
	struct strict_rows w = { out, m, "\n" };
	strict_each(m, put_strict_row, &w);
	fputs("]}", out);
}

/* One broken xenon limit: [path or null, what]. */
static void put_rank_row(void *ctx, const struct rank_item *it)
{
	struct strict_rows *w = ctx;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	fprintf(w->out, "%s[", w->sep);
	put_string_or_null(w->out, it->file ? report_repo_path(it->file->path) : NULL);
	fputc(',', w->out);
	put_string(w->out, text);
	fputc(']', w->out);
	w->sep = ",\n";
}

/* With a mean CCN limit (--max-modules, --max-average): the run's mean, its rank and
 * every limit broken. */
static void put_ranks(FILE *out, const struct run_model *m)
{
	if (!m->rank_max[RANK_MODULES] && !m->rank_max[RANK_AVERAGE])
		return;
	fprintf(out, ",\n\"ranks\":{\"mean\":%.3f,\"rank\":\"%c\",\"broken\":[", m->ccn_mean,
		rank_of_ccn(m->ccn_mean));
	struct strict_rows w = { out, m, "\n" };
	rank_each(m, put_rank_row, &w);
	fputs("]}", out);
}

/* base64 of the SHA-256 of text, as a Content-Security-Policy names a script or style. */
static void csp_hash(const char *text, char *out, size_t len)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
	sodium_bin2base64(out, len, digest, sizeof(digest), sodium_base64_VARIANT_ORIGINAL);
}

/* The page: head with the policy and the style, an empty <main> the script fills, the
 * data, the script. */
int report_html(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	char style_hash[64], script_hash[64];
	csp_hash(page_style, style_hash, sizeof(style_hash));
	csp_hash(page_script, script_hash, sizeof(script_hash));
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'sha256-%s'; script-src 'sha256-%s'; img-src data:; base-uri 'none'; "
		"form-action 'none'\">\n", style_hash, script_hash);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"assay " PACKAGE_VERSION "\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<link rel=\"icon\" href=\"data:,\">\n<title>assay report</title>\n<style>", out);
	fputs(page_style, out);
	fputs("</style>\n</head>\n<body>\n<main id=\"app\">\n"
	      "<noscript><p>This report draws its tables and charts with JavaScript; the JSON "
	      "report (assay -f json) has the same figures.</p></noscript>\n</main>\n"
	      "<script type=\"application/json\" id=\"data\">", out);
	put_run(out, m);
	put_identity(out, m);
	put_metrics(out, m);
	put_summary(out, m);
	put_files(out, m);
	put_directories(out, m);
	put_ranks(out, m);
	put_strict(out, m);
	put_units(out, m);
	fputs("</script>\n<script>", out);
	fputs(page_script, out);
	fputs("</script>\n</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
