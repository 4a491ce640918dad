/*
 * sarif.c - SARIF 2.1.0, the format GitHub code scanning (and most SAST dashboards) read.
 *
 * One run of the tool "assay": a rule per metric ("assay/ccn", ...) whose help names this
 * run's limit, and a result per (unit, violated metric) with its region and the unit's
 * qualified name as logical location; a result's level is "error" past twice the limit,
 * else "warning" (the rules' default). partialFingerprints["assayUnit/v1"] hashes path,
 * qualified name and body hash (report_fingerprint), not the line, so an alert follows its
 * function when code above it moves, and closes when the function changes or goes.
 *
 * The run's trustworthiness travels with it: run.properties holds the sandbox, the status
 * (complete or incomplete) and the exit code; invocations[0] says whether the analysis
 * could run at all and lists, as notifications, every file that failed (error) and every
 * file skipped for a reason worth knowing (note).
 *
 * A violation a comment suppresses (assay: ignore) or the baseline accepts is still a
 * result, with a suppression of kind inSource or external. Under --strict the repository
 * settings it ignored are toolConfigurationNotifications on the .assay line, a generated
 * marker it honoured or refused a note, a refused excuse is named in its result's message,
 * and run.properties.strict holds the base revision and the files not fully measured.
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

/* A broken xenon limit as a result; ctx holds the FILE, the separator and the model. */
struct rank_results {
	FILE *out;
	const char **sep;
	const struct run_model *m;
};

static void put_rank_result(void *ctx, const struct rank_item *it)
{
	const struct rank_results *w = ctx;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	int index = MET_COUNT + (it->limit == RANK_AVERAGE && w->m->rank_max[RANK_MODULES]);
	fprintf(w->out, "%s\n{\"ruleId\":\"assay/%s\",\"ruleIndex\":%d,\"level\":\"error\","
		"\"message\":{\"text\":", *w->sep, rank_limit_name(it->limit), index);
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
	*w->sep = ",";
}

/* Why a result is not a live violation: not at all, a comment in the source, the
 * baseline. */
enum excuse { EXCUSE_NONE, EXCUSE_IN_SOURCE, EXCUSE_BASELINE };

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

/* The result for unit u of file f violating metric k. Its level is "error" past twice
 * the limit, as checkstyle's severity and Code Climate's "critical". */
static void put_result(FILE *out, const struct run_model *m, const struct report_file *f,
		       const struct unit *u, enum metric k, enum excuse excuse, size_t occurrence)
{
	const struct metric_info *mi = metric_info(k);
	const struct thresholds *t = f->limits;
	int twice = (long long)unit_metric(u, k) > 2LL * t->limit[k];
	fprintf(out, "{\"ruleId\":\"assay/%s\",\"ruleIndex\":%d,\"level\":\"%s\","
		"\"message\":{\"text\":", mi->name, (int)k, twice ? "error" : "warning");
	put_message(out, m, f, u, k);
	fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{", out);
	put_artifact(out, f->path, f->repo_path);
	uint32_t line = u->line ? u->line : 1;
	fprintf(out, "},\"region\":{\"startLine\":%u", line);
	if (u->column)
		fprintf(out, ",\"startColumn\":%u", u->column);
	fprintf(out, ",\"endLine\":%u}},\"logicalLocations\":[{\"fullyQualifiedName\":",
		u->end_line >= line ? u->end_line : line);
	report_put_json(out, u->qname);
	fputs(",\"kind\":\"function\"}]}],", out);
	/* Suppressed in the source (assay: ignore), or accepted by the baseline: still a
	 * result, marked as such. */
	if (excuse == EXCUSE_IN_SOURCE)
		fputs("\"suppressions\":[{\"kind\":\"inSource\"}],", out);
	else if (excuse == EXCUSE_BASELINE)
		fputs("\"suppressions\":[{\"kind\":\"external\",\"justification\":"
		      "\"accepted by .assay-baseline\"}],", out);
	/* A second identical copy in the file (two #if branches) adds its occurrence, the
	 * first's staying what it was: code scanning would merge them into one alert. */
	char extra[24];
	if (occurrence)
		snprintf(extra, sizeof(extra), "%zu", occurrence);
	fprintf(out, "\"partialFingerprints\":{\"assayUnit/v1\":"
		"\"%016llx\"},\"properties\":{\"metric\":\"%s\",\"value\":%u,\"limit\":%ld}}",
		(unsigned long long)report_fingerprint(report_file_path(f), u,
						       occurrence ? extra : NULL),
		mi->name, unit_metric(u, k), t->limit[k]);
}

/* The results of one unit: a violation, suppressed or accepted, per metric. */
static void put_unit_results(FILE *out, const struct run_model *m, const struct report_file *f,
			     const struct unit *u, size_t occurrence, const char **sep)
{
	uint32_t v = unit_violations(f->limits, u);
	uint32_t quiet = unit_suppressed(f->limits, u);
	uint32_t accepted = unit_baselined(f->limits, u);
	for (int k = 0; k < MET_COUNT; k++) {
		uint32_t bit = 1u << k;
		if (!((v | quiet | accepted) & bit))
			continue;
		fprintf(out, "%s\n", *sep);
		put_result(out, m, f, u, (enum metric)k, (quiet & bit) ? EXCUSE_IN_SOURCE
							 : (accepted & bit) ? EXCUSE_BASELINE
									    : EXCUSE_NONE,
			   occurrence);
		*sep = ",";
	}
}

/* Every result, one per line, in the order of files and units (errors show in ferror). */
static void put_results(FILE *out, const struct run_model *m)
{
	const char *sep = "";
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		size_t *occurrence = xmalloc((f->rec->nunits + 1) * sizeof(*occurrence));
		report_count_occurrences(f, occurrence);
		for (size_t j = 0; j < f->rec->nunits; j++)
			put_unit_results(out, m, f, &f->rec->units[j], occurrence[j], &sep);
		free(occurrence);
	}
	struct rank_results w = { out, &sep, m };
	rank_each(m, put_rank_result, &w);
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
		static const char *const level[] = { [GRAVITY_SKIPPED] = "note",
						     [GRAVITY_INCOMPLETE] = "warning",
						     [GRAVITY_FAILS_RUN] = "error" };
		put_notification(out, sep, level[model_unmeasured_gravity(m, f)], why, f->path,
				 f->repo_path, 0);
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
static void put_execution_notes(FILE *out, const struct run_model *m)
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
	}
}

/* invocations[0]: did the analysis run, its exit code, what it could not measure and,
 * under --strict, the repository settings it ignored. */
static void put_invocation(FILE *out, const struct run_model *m)
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
	put_execution_notes(out, m);
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
	fputs("]}},\n", out);
	put_provenance(out, &m->identity);
	put_invocation(out, m);
	put_properties(out, m);
	fputs(",\n\"results\":[", out);
	put_results(out, m);
	fputs("\n]}]}\n", out);
	return ferror(out) ? -1 : 0;
}
