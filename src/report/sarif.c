/*
 * sarif.c - SARIF 2.1.0, the format GitHub code scanning (and most SAST dashboards) read.
 *
 * One run of the tool "assay": a rule per metric ("assay/ccn", ...) whose help names this
 * run's limit, and a result per (unit, violated metric) on the unit's first line (its
 * whole extent is the contextRegion: GitHub shows a pull request an alert only when
 * every line of its region is in the diff, and a function that got worse is rarely
 * changed whole) with the unit's qualified name as logical location; a result's level is
 * "error" past twice the limit, else "warning" (the rules' default).
 * partialFingerprints["assayUnit/v1"] hashes path, qualified name and body hash
 * (report_fingerprint), not the line, for consumers that read it (GitHub keeps its own
 * primaryLocationLineHash, which upload-sarif computes from the line).
 *
 * A violation a comment suppresses (assay: ignore) or the baseline accepts is no result:
 * GitHub's code scanning ignores a result's suppressions and would open an alert for
 * each. run.properties.excused counts them; the JSON report, checkstyle and Code Climate
 * list them.
 *
 * The run's trustworthiness travels with it: run.properties holds the sandbox, the status
 * (complete or incomplete) and the exit code; invocations[0] says whether the analysis
 * could run at all and lists, as notifications, every file that failed (error) and every
 * file skipped for a reason worth knowing (note). A file not fully measured is also a
 * result of the rule "assay/incomplete" (error when it fails the run, warning when it
 * leaves the analysis incomplete, else note), as in Code Climate and checkstyle: GitHub
 * shows no notification of a third-party tool.
 *
 * Under --strict the repository settings it ignored are toolConfigurationNotifications on
 * the .assay line, a generated marker it honoured or refused a note, a refused excuse is
 * named in its result's message, and run.properties.strict holds the base revision and
 * the files not fully measured.
 *
 * GitHub refuses a run of more than 25 000 results. Past that, the errors come first and
 * the rest in file order up to 25 000; a notification says how many were left out.
 *
 * xenon's mean CCN limits, when set, are rules of their own ("assay/max-modules",
 * "assay/max-average"), and each one broken (report/ranks.h) an "error" result: on line 1
 * of its file, or on the tree (".") for the run's mean.
 *
 * Paths become URI references (esc_uri_path): relative to where assay ran, or file:///...
 * for an absolute path. Columns are assay's 1-based byte columns; SARIF counts UTF-16
 * code units, which agree whenever the text before the function on its line is ASCII
 * (indentation, in practice).
 */
#include "report/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "report/ranks.h"
#include "report/strict.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/msg.h"

/* What a person reads about each metric's rule, in enum metric order. */
static const struct sarif_rule_text {
	const char *name;	/* SARIF reportingDescriptor.name: an identifier */
	const char *noun;	/* "its NOUN is greater than the limit" */
	const char *short_text;
	const char *full_text;
} rule_texts[MET_COUNT] = {
	[MET_CCN] = { "CyclomaticComplexity", "cyclomatic complexity",
		"Cyclomatic complexity (CCN) above the limit",
		"McCabe cyclomatic complexity: 1 plus one for each decision in the function "
		"(if, loop, case, catch, &&, ||, conditional expression). It counts the "
		"independent paths a test suite has to cover." },
	[MET_COGNITIVE] = { "CognitiveComplexity", "cognitive complexity",
		"Cognitive complexity above the limit",
		"Cognitive complexity: each break in the linear flow of the function (branch, "
		"loop, jump, boolean operator sequence, recursion) adds 1, plus its nesting "
		"depth for structures. It measures how hard the function is to read." },
	[MET_NESTING] = { "NestingDepth", "nesting depth",
		"Nesting depth above the limit",
		"The deepest nesting of control structures reached in the function; the body "
		"itself is depth 0." },
	[MET_PARAMS] = { "ParameterCount", "parameter count",
		"Parameter count above the limit",
		"The number of parameters the function declares." },
	[MET_NLOC] = { "FunctionNloc", "NLOC (lines holding code)",
		"Lines of code above the limit",
		"Lines of the function holding code (NLOC): blank lines and lines holding only "
		"comments are not counted." },
	[MET_LENGTH] = { "FunctionLength", "length in lines",
		"Function length above the limit",
		"Lines the function spans, from its first line to its last, blank and comment "
		"lines included." },
	[MET_TOKENS] = { "TokenCount", "token count",
		"Token count above the limit",
		"Tokens of the function, its signature included, comments excluded." },
	[MET_EXITS] = { "ExitPoints", "number of exit points",
		"Exit points above the limit",
		"Statements that leave the function (return, throw, raise and the like)." },
};

/* The JSON string of path as a URI reference (see the top of the file). */
static void put_uri(FILE *out, const char *path)
{
	struct wbuf b;
	wbuf_init(&b);
	if (path[0] == '/')
		wbuf_put(&b, "file://", 7);
	esc_uri_path(&b, report_repo_path(path));
	wbuf_put_u8(&b, '\0');
	report_put_json(out, b.failed ? "" : (const char *)b.data);
	wbuf_free(&b);
}

/* An artifactLocation's members for file f: relative to the work tree (%SRCROOT%) when it
 * is in one, so that code scanning finds it wherever assay ran; else as the run printed it. */
static void put_artifact(FILE *out, const char *path, const char *repo_path)
{
	fputs("\"uri\":", out);
	put_uri(out, repo_path ? repo_path : path);
	if (repo_path)
		fputs(",\"uriBaseId\":\"%SRCROOT%\"", out);
}

/* The reportingDescriptor of metric k, its help naming this run's limit. */
static void put_rule(FILE *out, enum metric k, const struct run_model *m)
{
	const struct metric_info *mi = metric_info(k);
	const struct sarif_rule_text *t = &rule_texts[k];
	long limit = m->thresholds->limit[k];
	fprintf(out, "{\"id\":\"assay/%s\",\"name\":\"%s\",\"shortDescription\":{\"text\":\"%s\"},"
		"\"fullDescription\":{\"text\":\"%s\"},\"help\":{\"text\":\"", mi->name, t->name,
		t->short_text, t->full_text);
	if (limit >= 0)
		fprintf(out, "A function violates this rule when its %s is greater than %ld, the "
			"limit of this run (set it with -T %s=N). Split the function or simplify "
			"it.\"},", t->noun, limit, mi->name);
	else
		fprintf(out, "This run sets no limit on the %s of a function (set one with -T "
			"%s=N).\"},", t->noun, mi->name);
	fputs("\"defaultConfiguration\":{\"level\":\"warning\"},\"properties\":{\"limit\":", out);
	if (limit >= 0)
		fprintf(out, "%ld", limit);
	else
		fputs("null", out);
	fputs("}}", out);
}

/* The reportingDescriptor of xenon's limit k (RANK_MODULES or RANK_AVERAGE), set to max. */
static void put_rank_rule(FILE *out, enum rank_limit k, char max)
{
	const char *whose = k == RANK_MODULES ? "a file's functions" : "every function";
	fprintf(out, ",\n{\"id\":\"assay/%s\",\"name\":\"%s\",\"shortDescription\":{\"text\":"
		"\"Mean cyclomatic complexity ranked worse than %c\"},\"fullDescription\":{\"text\":"
		"\"xenon's --%s: the mean CCN of %s, ranked on radon's scale (A up to 5, B up to "
		"10, C up to 20, D up to 30, E up to 40, F above), is worse than %c, the limit of "
		"this run.\"},\"defaultConfiguration\":{\"level\":\"error\"},\"properties\":"
		"{\"limit\":\"%c\"}}", rank_limit_name(k),
		k == RANK_MODULES ? "ModuleMeanComplexityRank" : "AverageComplexityRank", max,
		rank_limit_name(k), whose, max, max);
}

/* The reportingDescriptor of "assay/incomplete": a file not fully measured. */
static void put_incomplete_rule(FILE *out)
{
	fputs(",\n{\"id\":\"assay/incomplete\",\"name\":\"FileNotFullyMeasured\","
	      "\"shortDescription\":{\"text\":\"File not fully measured\"},\"fullDescription\":"
	      "{\"text\":\"assay could not measure this file's functions: its analysis failed, "
	      "timed out or ran out of memory, only its lines were counted, or it was skipped for "
	      "what its bytes are. Its functions are not checked against the limits.\"},"
	      "\"defaultConfiguration\":{\"level\":\"warning\"}}", out);
}

/* The index of the rule "assay/incomplete": after the metrics' and the ranks' rules. */
static int incomplete_rule_index(const struct run_model *m)
{
	return MET_COUNT + (m->rank_max[RANK_MODULES] != 0) + (m->rank_max[RANK_AVERAGE] != 0);
}

/* Where results go: the FILE, the separator before the next one, and which results this
 * pass writes: all, or for a run over GitHub's limit the errors, then the others, while
 * there is room (left); or none, counting them (counted). */
enum { PASS_ALL, PASS_ERRORS, PASS_OTHERS, PASS_COUNT };

struct results {
	FILE *out;
	const struct run_model *m;
	const char *sep;
	int pass;
	size_t left, counted;
};

#define SARIF_MAX_RESULTS 25000

/* Whether a result of that level is written in this pass (counted when it is). */
static int take_result(struct results *r, int error)
{
	if (r->pass == PASS_COUNT)
		r->counted++;
	if (r->pass == PASS_COUNT || (r->pass == PASS_ERRORS && !error)
	    || (r->pass == PASS_OTHERS && error) || !r->left)
		return 0;
	r->left--;
	fprintf(r->out, "%s\n", r->sep);
	r->sep = ",";
	return 1;
}

/* A broken xenon limit as a result (always an error). */
static void put_rank_result(void *ctx, const struct rank_item *it)
{
	struct results *w = ctx;
	if (!take_result(w, 1))
		return;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	int index = MET_COUNT + (it->limit == RANK_AVERAGE && w->m->rank_max[RANK_MODULES]);
	fprintf(w->out, "{\"ruleId\":\"assay/%s\",\"ruleIndex\":%d,\"level\":\"error\","
		"\"message\":{\"text\":", rank_limit_name(it->limit), index);
	report_put_json(w->out, text);
	fputc('}', w->out);
	/* Every result has a location (GitHub's code scanning refuses a file holding one
	 * without): the run's mean is the tree's, ".". */
	fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{", w->out);
	if (it->file) {
		put_artifact(w->out, it->file->path, it->file->repo_path);
		fputs("},\"region\":{\"startLine\":1}}}]", w->out);
	} else {
		put_artifact(w->out, ".", NULL);
		fputs("}}}]", w->out);
	}
	fprintf(w->out, ",\"properties\":{\"ccn_mean\":%.2f,\"functions\":%zu,\"rank\":\"%c\","
		"\"limit\":\"%c\"}}", it->mean, it->units, it->rank, it->max);
}

/* The result's message: the violation, and what --strict refused about it. */
static void put_message(FILE *out, const struct run_model *m, const struct report_file *f,
			const struct unit *u, enum metric k)
{
	char note[600];
	char *msg = report_violation_message(u, k, f->limits);
	const char *refused = strict_refusal_note(m, f->limits, u, k, note, sizeof(note));
	char *text = xmalloc(strlen(msg) + strlen(refused) + 1);
	strcpy(text, msg);
	strcat(text, refused);
	report_put_json(out, text);
	free(text);
	free(msg);
}

/* Whether unit u of file f is over twice its limit of metric k: an "error" result, as
 * checkstyle's severity and Code Climate's "critical". */
static int twice_over(const struct report_file *f, const struct unit *u, enum metric k)
{
	return (long long)unit_metric(u, k) > 2LL * f->limits->limit[k];
}

/* The result for unit u of file f violating metric k: on the unit's first line, its
 * extent the context (see the top of the file). */
static void put_result(FILE *out, const struct run_model *m, const struct report_file *f,
		       const struct unit *u, enum metric k, size_t occurrence)
{
	const struct metric_info *mi = metric_info(k);
	fprintf(out, "{\"ruleId\":\"assay/%s\",\"ruleIndex\":%d,\"level\":\"%s\","
		"\"message\":{\"text\":", mi->name, (int)k, twice_over(f, u, k) ? "error" : "warning");
	put_message(out, m, f, u, k);
	fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{", out);
	put_artifact(out, f->path, f->repo_path);
	uint32_t line = u->line ? u->line : 1;
	fprintf(out, "},\"region\":{\"startLine\":%u", line);
	if (u->column)
		fprintf(out, ",\"startColumn\":%u", u->column);
	fputc('}', out);
	/* The function's extent when it is more than the region (SARIF: a contextRegion is a
	 * proper superset of the region, else left out). */
	if (u->end_line > line)
		fprintf(out, ",\"contextRegion\":{\"startLine\":%u,\"endLine\":%u}", line,
			u->end_line);
	fputs("},\"logicalLocations\":[{\"fullyQualifiedName\":", out);
	report_put_json(out, u->qname);
	fputs(",\"kind\":\"function\"}]}],", out);
	/* A second identical copy in the file (two #if branches) adds its occurrence, the
	 * first's staying what it was: code scanning would merge them into one alert. */
	char extra[24];
	if (occurrence)
		snprintf(extra, sizeof(extra), "%zu", occurrence);
	fprintf(out, "\"partialFingerprints\":{\"assayUnit/v1\":"
		"\"%016llx\"},\"properties\":{\"metric\":\"%s\",\"value\":%u,\"limit\":%ld}}",
		(unsigned long long)report_fingerprint(report_file_path(f), u,
						       occurrence ? extra : NULL),
		mi->name, unit_metric(u, k), f->limits->limit[k]);
}

/* The results of one unit: one per metric it violates (an excused one is none). */
static void put_unit_results(struct results *r, const struct report_file *f,
			     const struct unit *u, size_t occurrence)
{
	uint32_t v = unit_violations(f->limits, u);
	for (int k = 0; k < MET_COUNT; k++)
		if ((v & (1u << k)) && take_result(r, twice_over(f, u, (enum metric)k)))
			put_result(r->out, r->m, f, u, (enum metric)k, occurrence);
}

/* How grave file f's "assay/incomplete" result is (model_file_graded says it has one). */
static const char *incomplete_level(const struct run_model *m, const struct report_file *f)
{
	static const char *const level[] = { [GRAVITY_SKIPPED] = "note",
					     [GRAVITY_INCOMPLETE] = "warning",
					     [GRAVITY_FAILS_RUN] = "error" };
	return level[model_unmeasured_gravity(m, f)];
}

/* File f's "assay/incomplete" result, on its first line. */
static void put_incomplete_result(struct results *r, const struct report_file *f)
{
	if (!take_result(r, model_unmeasured_gravity(r->m, f) == GRAVITY_FAILS_RUN))
		return;
	const char *level = incomplete_level(r->m, f);
	char why[RECORD_MAX_DETAIL + 160];
	model_unmeasured_text(f, why, sizeof(why));
	fprintf(r->out, "{\"ruleId\":\"assay/incomplete\",\"ruleIndex\":%d,\"level\":\"%s\","
		"\"message\":{\"text\":", incomplete_rule_index(r->m), level);
	report_put_json(r->out, why);
	fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{", r->out);
	put_artifact(r->out, f->path, f->repo_path);
	fputs("},\"region\":{\"startLine\":1}}}]}", r->out);
}

/* One pass over the results, in the order of files and units, then the ranks. */
static void put_results_pass(struct results *r)
{
	const struct run_model *m = r->m;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (model_file_graded(m, f))
			put_incomplete_result(r, f);
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		size_t *occurrence = xmalloc((f->rec->nunits + 1) * sizeof(*occurrence));
		report_count_occurrences(f, occurrence);
		for (size_t j = 0; j < f->rec->nunits; j++)
			put_unit_results(r, f, &f->rec->units[j], occurrence[j]);
		free(occurrence);
	}
	rank_each(m, put_rank_result, r);
}

/* How many results the run has, before GitHub's limit: a pass that writes none. */
static size_t count_results(const struct run_model *m)
{
	struct results r = { NULL, m, "", PASS_COUNT, 0, 0 };
	put_results_pass(&r);
	return r.counted;
}

/* Every result, one per line (errors show in ferror): within GitHub's limit in one pass;
 * past it, the errors first, then the others while there is room. */
static void put_results(FILE *out, const struct run_model *m, size_t total)
{
	struct results r = { out, m, "", PASS_ALL, SARIF_MAX_RESULTS, 0 };
	if (total <= SARIF_MAX_RESULTS) {
		put_results_pass(&r);
		return;
	}
	r.pass = PASS_ERRORS;
	put_results_pass(&r);
	r.pass = PASS_OTHERS;
	put_results_pass(&r);
}

/* One notification after sep, with a file's location when path is set (repo_path: its
 * path in the work tree, or NULL), and its line when line is not 0. */
static void put_notification(FILE *out, const char *sep, const char *level, const char *text,
			     const char *path, const char *repo_path, uint32_t line)
{
	fprintf(out, "%s\n{\"level\":\"%s\",\"message\":{\"text\":", sep, level);
	report_put_json(out, text && text[0] ? text : "no reason given");
	fputc('}', out);
	if (path) {
		fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{", out);
		put_artifact(out, path, repo_path);
		fputc('}', out);
		if (line)
			fprintf(out, ",\"region\":{\"startLine\":%u}", line);
		fputs("}}]", out);
	}
	fputc('}', out);
}

/* The notifications of --strict's items of one kind: settings (configuration) or
 * generated markers (execution); a unit's excuses are on its results. */
struct strict_notes {
	FILE *out;
	const struct run_model *m;
	int settings;
	const char *sep;
};

static void put_strict_note(void *ctx, const struct strict_item *it)
{
	struct strict_notes *n = ctx;
	if ((it->kind == STRICT_SETTING) != n->settings || it->unit)
		return;
	char *text = strict_item_text(n->m, it);
	char *msg = xmalloc(strlen(text) + 16);
	sprintf(msg, "strict: %s", text);
	put_notification(n->out, n->sep, "note", msg, it->path, it->repo_path, it->line);
	n->sep = ",";
	free(msg);
	free(text);
}

/* File f's notification after sep, if it has one: not measured, an error when it fails
 * the run (--strict, --fail-on), a warning when it leaves the analysis incomplete, else
 * (skipped for what its bytes are) a note, as is any other skip worth knowing of. 1 when
 * it wrote one. */
static int put_file_note(FILE *out, const struct run_model *m, const struct report_file *f,
			 const char *sep)
{
	char why[RECORD_MAX_DETAIL + 160];
	if (model_file_graded(m, f)) {
		model_unmeasured_text(f, why, sizeof(why));
		put_notification(out, sep, incomplete_level(m, f), why, f->path, f->repo_path, 0);
		return 1;
	}
	if (!model_file_notable_skip(f))
		return 0;
	record_reason(f->rec, why, sizeof(why));
	put_notification(out, sep, "note", why, f->path, f->repo_path, 0);
	return 1;
}

/* What could not be measured: no worker, failed files (errors), files never reached, whose
 * lines only were counted or skipped for what their bytes are (warnings; errors under
 * --strict, where they fail the run), files skipped for a reason worth knowing (notes);
 * under --strict, the markers and what fails the run. */
static void put_execution_notes(FILE *out, const struct run_model *m, size_t total)
{
	struct strict_notes n = { out, m, 0, "" };
	if (m->engine && m->engine->unavailable) {
		put_notification(out, n.sep, "error", m->engine->why_unavailable, NULL, NULL, 0);
		n.sep = ",";
	}
	if (m->out_of_memory) {
		put_notification(out, n.sep, "error", "assay ran out of memory: it stopped "
				 "measuring; files not reached are missing", NULL, NULL, 0);
		n.sep = ",";
	}
	for (size_t i = 0; i < m->nfiles; i++)
		if (put_file_note(out, m, &m->files[i], n.sep))
			n.sep = ",";
	strict_each(m, put_strict_note, &n);
	size_t unmeasured = m->strict ? model_unmeasured(m) : 0;
	if (unmeasured) {
		char text[96];
		snprintf(text, sizeof(text), "strict: %zu files not fully measured: the run fails "
			 "(exit 3)", unmeasured);
		put_notification(out, n.sep, "error", text, NULL, NULL, 0);
		n.sep = ",";
	}
	if (total > SARIF_MAX_RESULTS) {
		char text[200];
		snprintf(text, sizeof(text), "%zu of the run's %zu results are left out: GitHub's "
			 "code scanning refuses a run of more than %d (the errors are kept first)",
			 total - SARIF_MAX_RESULTS, total, SARIF_MAX_RESULTS);
		put_notification(out, n.sep, "warning", text, NULL, NULL, 0);
	}
}

/* invocations[0]: did the analysis run, its exit code, what it could not measure and,
 * under --strict, the repository settings it ignored. */
static void put_invocation(FILE *out, const struct run_model *m, size_t total)
{
	/* The run did not end as it should: a usage error (2: nothing measured), no worker
	 * could run or another internal error (4), a signal (128 + N). Violations (1) and an
	 * incomplete analysis failed on purpose (3) are a run that did its job. */
	int failed = m->exit_code == 2 || m->exit_code >= 4;
	fprintf(out, "\"invocations\":[{\"executionSuccessful\":%s,\"exitCode\":%d,",
		failed ? "false" : "true", m->exit_code);
	if (m->interrupted)
		fprintf(out, "\"exitSignalName\":\"%s\",\"exitSignalNumber\":%d,",
			signal_name(m->interrupted), m->interrupted);
	if (m->strict) {
		struct strict_notes n = { out, m, 1, "" };
		fputs("\"toolConfigurationNotifications\":[", out);
		strict_each(m, put_strict_note, &n);
		fputs("],", out);
	}
	fputs("\"toolExecutionNotifications\":[", out);
	put_execution_notes(out, m, total);
	fputs("]}],\n", out);
}

/* run.properties: the sandbox as the JSON report states it (on one line, so the tests'
 * normalization finds it), the status and the exit code. */
static void put_properties(FILE *out, const struct run_model *m)
{
	fputs("\"properties\":{\"sandbox\":", out);
	report_put_sandbox(out, m);
	fprintf(out, ",\"status\":\"%s\",\"exitCode\":%d", model_incomplete(m) ? "incomplete"
		: "complete", m->exit_code);
	/* The violations that are no results (see the top of the file). */
	fprintf(out, ",\"excused\":{\"suppressed\":%zu,\"baselined\":%zu}", m->suppressed,
		m->baselined);
	if (m->strict) {
		fputs(",\"strict\":{\"base\":", out);
		if (m->strict->base)
			report_put_json(out, m->strict->base);
		else
			fputs("null", out);
		fprintf(out, ",\"unmeasured\":%zu}", model_unmeasured(m));
	}
	fputc('}', out);
}

/* s[0..n) of a URL after its scheme, as a URI: every byte outside URI syntax (a space, a
 * control, non-ASCII) percent-encoded; reserved characters and %XX escapes kept. */
static void esc_uri_rest(struct wbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *end = (const unsigned char *)s + n;
	for (const unsigned char *p = (const unsigned char *)s; p < end; p++) {
		int escape_kept = *p == '%' && end - p > 2 && isxdigit(p[1]) && isxdigit(p[2]);
		if (isalnum(*p) || escape_kept || (*p < 0x80 && strchr("-._~:/?#[]@!$&'()*+,;=", *p)))
			wbuf_put_u8(b, *p);
		else
			wbuf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* The ':' that ends an scp-like origin's [user@]host (the host maybe [an IPv6 address],
 * a '[' that opens it); NULL when url is no such origin (a path, "C:" a drive). */
static const char *scp_colon(const char *url)
{
	const char *at = strchr(url, '@'), *first_colon = strchr(url, ':');
	const char *host = at && (!first_colon || at < first_colon) ? at + 1 : url;
	const char *close = host[0] == '[' ? strchr(host, ']') : NULL;
	const char *colon = strchr(close ? close : host, ':'), *slash = strchr(url, '/');
	return colon && colon - url > 1 && (!slash || colon < slash) ? colon : NULL;
}

/* ssh://[user@]host/path for the scp-like url whose host ends at colon. */
static void put_scp_uri(struct wbuf *b, const char *url, const char *colon)
{
	wbuf_put(b, "ssh://", 6);
	esc_uri_rest(b, url, (size_t)(colon - url));
	if (colon[1] != '/')
		wbuf_put_u8(b, '/');	/* as the forges read it (see above) */
	esc_uri_path(b, colon + 1);
}

/* versionControlProvenance's repositoryUri must be an absolute URI: origin's URL with
 * what is not URI syntax percent-encoded; scp-like "user@host:path" as
 * ssh://user@host/path (as GitHub, GitLab and the other forges read it; on a plain
 * ssh host git reads a relative path from the home folder, which a URI cannot say), an
 * absolute path as file://. 0 when origin is none of these (a relative path): then
 * there is no provenance. */
static int repository_uri(struct wbuf *b, const char *url)
{
	const char *sep = strstr(url, "://");
	size_t scheme = sep ? (size_t)(sep - url) : 0;
	int valid = scheme > 0 && isalpha((unsigned char)url[0])
		    && strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
			       == scheme;
	const char *colon = sep ? NULL : scp_colon(url);
	if (valid) {
		wbuf_put(b, url, scheme + 3);
		esc_uri_rest(b, sep + 3, strlen(sep + 3));
	} else if (url[0] == '/') {
		wbuf_put(b, "file://", 7);
		esc_uri_path(b, url);
	} else if (colon) {
		put_scp_uri(b, url, colon);
	} else {
		return 0;
	}
	wbuf_put_u8(b, '\0');
	return !b->failed;
}

/* Where %SRCROOT% is (the work tree) and which repository, revision and branch were
 * measured, when the run was in a git work tree. */
static void put_provenance(FILE *out, const struct model_identity *id)
{
	if (!id->root || !id->root[0])
		return;
	fputs("\"originalUriBaseIds\":{\"%SRCROOT%\":{\"uri\":", out);
	put_uri(out, id->root);
	fputs("}},\n", out);
	struct wbuf uri;
	wbuf_init(&uri);
	if (!id->uri || !repository_uri(&uri, id->uri)) {
		wbuf_free(&uri);
		return;
	}
	fputs("\"versionControlProvenance\":[{\"repositoryUri\":", out);
	report_put_json(out, (const char *)uri.data);
	wbuf_free(&uri);
	if (id->commit && id->commit[0]) {
		fputs(",\"revisionId\":", out);
		report_put_json(out, id->commit);
	}
	if (id->branch && id->branch[0]) {
		fputs(",\"branch\":", out);
		report_put_json(out, id->branch);
	}
	fputs("}],\n", out);
}

int report_sarif(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	fprintf(out, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
		"\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"assay\","
		"\"version\":\"%s\",\"rules\":[", PACKAGE_VERSION);
	for (int k = 0; k < MET_COUNT; k++) {
		fputs(k ? ",\n" : "\n", out);
		put_rule(out, (enum metric)k, m);
	}
	for (int k = RANK_MODULES; k <= RANK_AVERAGE; k++)
		if (m->rank_max[k])
			put_rank_rule(out, (enum rank_limit)k, m->rank_max[k]);
	put_incomplete_rule(out);
	fputs("]}},\n", out);
	put_provenance(out, &m->identity);
	size_t total = count_results(m);
	put_invocation(out, m, total);
	put_properties(out, m);
	fputs(",\n\"results\":[", out);
	put_results(out, m, total);
	fputs("\n]}]}\n", out);
	return ferror(out) ? -1 : 0;
}
