/*
 * text.c - the report for people: each violation on a line of its own (path:line: so a
 * terminal or editor can jump there), files that failed or were skipped for a reason
 * worth knowing, then a summary readable at a glance. Colour only when asked (the CLI
 * decides: a terminal, no NO_COLOR, --color).
 */
#include "report/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "report/ranks.h"
#include "report/strict.h"
#include "util/alloc.h"
#include "util/msg.h"

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *paint(const struct report_options *opt, const char *code)
{
	return opt->color ? code : "";
}

/* "path:line: name: CCN 17 (limit 15), ..."; with show_rank, radon's rank after the CCN
 * limit: "(limit 15, rank C)". */
static void violation_line(FILE *out, const struct report_file *f, const struct unit *u,
			   const struct report_options *opt, int show_rank)
{
	const struct thresholds *t = f->limits;
	uint32_t v = unit_violations(t, u);
	fputs(paint(opt, BOLD), out);
	report_put_text(out, f->path);
	fprintf(out, ":%u:%s ", u->line, paint(opt, RESET));
	report_put_text(out, u->qname);
	fputs(":", out);
	const char *sep = " ";
	for (int k = 0; k < MET_COUNT; k++) {
		if (!(v & (1u << k)))
			continue;
		const struct metric_info *mi = metric_info((enum metric)k);
		fprintf(out, "%s%s", sep, mi->label);
		if (u->base)	/* diff, precommit: a changed function, "CCN 23 → 24" */
			fprintf(out, " %u →", u->base[k]);
		fprintf(out, " %s%u%s (limit %ld", paint(opt, RED), unit_metric(u, (enum metric)k),
			paint(opt, RESET), t->limit[k]);
		if (show_rank && k == MET_CCN)
			fprintf(out, ", rank %c", rank_of_ccn(u->ccn));
		fputc(')', out);
		sep = ", ";
	}
	if (u->flags & UNIT_HAS_ERROR)
		fputs(" [parse errors inside]", out);
	fputc('\n', out);
}

#define PENDING_LISTED 20	/* files not reached named one by one; the rest counted */

/* "PATH: not reached" for the files the run never got to (interrupted, out of its time
 * budget): the first PENDING_LISTED, then how many more (the JSON report lists all). */
static void pending_lines(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nfiles; i++) {
		if (m->files[i].done || n++ >= PENDING_LISTED)
			continue;
		report_put_text(out, m->files[i].path);
		fprintf(out, ": %snot reached%s\n", paint(opt, YELLOW), paint(opt, RESET));
	}
	if (n > PENDING_LISTED)
		fprintf(out, "... and %zu more files %snot reached%s\n", n - PENDING_LISTED,
			paint(opt, YELLOW), paint(opt, RESET));
}

static void file_lines(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		const struct record *r = f->rec;
		if (!f->done)
			continue;
		int show = r->status == FILE_FAILED || r->status == FILE_FALLBACK
			   || (r->status == FILE_SKIPPED && !cause_is_routine((enum cause)r->cause))
			   || (r->status == FILE_PARTIAL && opt->verbose);
		if (!show)
			continue;
		report_put_text(out, f->path);
		fprintf(out, ": %s%s%s", paint(opt, YELLOW),
			file_status_name((enum file_status)r->status), paint(opt, RESET));
		if (r->status == FILE_PARTIAL)
			fprintf(out, ": parse errors from line %u; metrics computed around them",
				r->error_line);
		else if (r->cause != CAUSE_NONE) {
			char why[RECORD_MAX_DETAIL + 64];
			fputs(": ", out);
			report_put_text(out, record_reason(r, why, sizeof(why)));
		}
		fputc('\n', out);
	}
}

/* One line of what --strict did: "strict mode: PATH:LINE: what". */
static void strict_line(void *ctx, const struct strict_item *it)
{
	strict_put_line(ctx, it, "strict mode: ", "", 0);
}

/* Under --strict, everything it ignored, applied and refused, then what fails the run. */
static void strict_lines(FILE *out, const struct run_model *m)
{
	struct strict_writer w = { out, m };
	strict_each(m, strict_line, &w);
	size_t unmeasured = m->strict ? model_unmeasured(m) : 0;
	if (unmeasured)
		fprintf(out, "strict mode: %zu files not fully measured: the run fails (exit 3)\n",
			unmeasured);
}

/* One line per broken xenon limit: "PATH: mean CCN 7.20 of 5 functions ranks B, worse
 * than --max-modules=A"; the run's without a path. */
static void rank_line(void *ctx, const struct rank_item *it)
{
	FILE *out = ctx;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	if (it->file) {
		report_put_text(out, it->file->path);
		fputs(": ", out);
	}
	fprintf(out, "%s\n", text);
}

/* With --show-rank or a mean CCN limit: the run's mean CCN, its rank, the limits broken. */
static void summary_ranks(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	if (!m->show_rank && !m->rank_max[RANK_MODULES] && !m->rank_max[RANK_AVERAGE])
		return;
	fprintf(out, "  mean CCN %.2f, rank %c (radon's ranks)", m->ccn_mean,
		rank_of_ccn(m->ccn_mean));
	if (m->ranks_broken)
		fprintf(out, "; %s%zu xenon limit%s broken%s", paint(opt, RED), m->ranks_broken,
			m->ranks_broken == 1 ? "" : "s", paint(opt, RESET));
	fputc('\n', out);
}

/* "  12 functions (C 10, Python 2)" */
static void summary_units(FILE *out, const struct run_model *m)
{
	fprintf(out, "\n  %zu functions", m->units);
	const char *sep = " (";
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		if (m->files_by_lang[l]) {
			fprintf(out, "%s%s %zu", sep, language_info((enum lang_id)l)->display,
				m->units_by_lang[l]);
			sep = ", ";
		}
	fputs(*sep == ',' ? ")\n" : "\n", out);
}

/* The worst offenders (model.h), with radon's rank of their CCN under --show-rank. */
static void summary_worst(FILE *out, const struct run_model *m)
{
	for (size_t i = 0; i < m->nworst; i++) {
		const struct offender *o = &m->worst[i];
		fputs(i == 0 ? "  worst: " : "         ", out);
		report_put_text(out, o->unit->qname);
		fputs(" (", out);
		report_put_text(out, o->file->path);
		fprintf(out, ":%u) CCN %u", o->unit->line, o->unit->ccn);
		if (m->show_rank)
			fprintf(out, " (%c)", rank_of_ccn(o->unit->ccn));
		fprintf(out, ", cognitive %u, NLOC %u", o->unit->cognitive, o->unit->nloc);
		for (int k = 0; k < MET_COUNT; k++)	/* what else put it here */
			if ((o->violations & (1u << k)) && k != MET_CCN && k != MET_COGNITIVE
			    && k != MET_NLOC)
				fprintf(out, ", %s %u", metric_info((enum metric)k)->label,
					unit_metric(o->unit, (enum metric)k));
		fputc('\n', out);
	}
}

/* Violations by metric, then the worst offenders. */
static void summary_violations(FILE *out, const struct run_model *m,
			       const struct report_options *opt)
{
	if (m->suppressed)
		fprintf(out, "  %zu violations in %zu functions suppressed by comments\n",
			m->suppressed, m->suppressed_units);
	if (m->baselined)
		fprintf(out, "  %zu violations accepted by the baseline (.assay-baseline%s%s)\n",
			m->baselined, m->baseline_from ? " " : "",
			m->baseline_from ? m->baseline_from : "");
	if (m->not_worse)
		fprintf(out, "  %zu violations of changed functions no worse than in the base "
			"(--gate=worse lets them pass)\n", m->not_worse);
	if (!m->violations) {
		fputs("  no violations\n", out);
		return;
	}
	fprintf(out, "  %s%zu violations%s in %zu functions", paint(opt, RED), m->violations,
		paint(opt, RESET), m->violating_units);
	const char *sep = " (";
	for (int k = 0; k < MET_COUNT; k++)
		if (m->by_metric[k]) {
			fprintf(out, "%s%s %zu", sep, metric_info((enum metric)k)->label, m->by_metric[k]);
			sep = ", ";
		}
	fputs(")\n", out);
	summary_worst(out, m);
}

/* The sandbox, worker deaths and whether anything was left unmeasured. */
static void summary_run(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	char sandbox[256];
	model_sandbox_text(m, sandbox, sizeof(sandbox));
	char cache[640];
	model_cache_text(m, cache, sizeof(cache));
	fprintf(out, "  cache: ");
	report_put_text(out, cache);
	fprintf(out, "\n  sandbox: %s; %d workers; %.2f s\n", sandbox, m->jobs, m->seconds);
	if (m->engine && (m->engine->crashes || m->engine->timeouts || m->engine->violations))
		fprintf(out, "  %sworker deaths: %u crashed, %u timed out, %u sandbox violations%s\n",
			paint(opt, YELLOW), m->engine->crashes, m->engine->timeouts, m->engine->violations,
			paint(opt, RESET));
	if (m->engine && m->engine->memory_note[0])
		fprintf(out, "  %smemory:%s %s\n", paint(opt, YELLOW), paint(opt, RESET),
			m->engine->memory_note);
	if (!model_incomplete(m))
		return;
	fprintf(out, "  %sincomplete:%s ", paint(opt, YELLOW), paint(opt, RESET));
	if (m->interrupted)
		fprintf(out, "interrupted by %s; ", signal_name(m->interrupted));
	if (m->out_of_memory)
		fputs("the supervisor ran out of memory and stopped measuring; ", out);
	fprintf(out, "%zu files failed, ", m->by_status[FILE_FAILED]);
	if (m->by_status[FILE_FALLBACK])
		fprintf(out, "%zu line counts only, ", m->by_status[FILE_FALLBACK]);
	fprintf(out, "%zu not reached\n", m->pending);
}

/* Whether strict mode was on, and what it checked a change's excuses in. */
static void summary_strict(FILE *out, const struct run_model *m)
{
	if (!m->strict)
		return;
	fputs("  strict mode: ", out);
	if (m->strict->base) {
		fputs("excuses checked in the base revision, ", out);
		report_put_text(out, m->strict->base);
	} else {
		fputs("no base revision: the repository's suppressions, baseline and generated "
		      "markers do not count", out);
	}
	fputc('\n', out);
}

/* Why files were skipped, most first: " (3 too large, 1 minified)". */
static void summary_skip_causes(FILE *out, const struct run_model *m)
{
	size_t shown[CAUSE_COUNT] = { 0 };
	const char *sep = " (";
	for (;;) {
		int best = -1;
		for (int c = 0; c < CAUSE_COUNT; c++)
			if (m->skipped_by_cause[c] > shown[c]
			    && (best < 0 || m->skipped_by_cause[c] > m->skipped_by_cause[best]))
				best = c;
		if (best < 0)
			break;
		char text[64];
		fprintf(out, "%s%zu %s", sep, m->skipped_by_cause[best],
			cause_text((enum cause)best, NULL, text, sizeof(text)));
		shown[best] = m->skipped_by_cause[best];
		sep = ", ";
	}
	if (sep[0] == ',')
		fputc(')', out);
}

static void summary(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	size_t analyzed = m->by_status[FILE_OK] + m->by_status[FILE_PARTIAL]
			  + m->by_status[FILE_FALLBACK];
	fprintf(out, "%sassay:%s %zu files analyzed (%zu ok, %zu partial, %zu fallback), "
		"%zu failed, %zu skipped", paint(opt, BOLD), paint(opt, RESET), analyzed,
		m->by_status[FILE_OK], m->by_status[FILE_PARTIAL], m->by_status[FILE_FALLBACK],
		m->by_status[FILE_FAILED], model_skipped(m));
	summary_skip_causes(out, m);
	if (m->pending)
		fprintf(out, ", %zu not reached", m->pending);
	if (m->not_source)
		fprintf(out, "; %zu not source", m->not_source);
	summary_units(out, m);
	if (m->gate_note)
		fprintf(out, "  %s\n", m->gate_note);
	summary_strict(out, m);
	summary_violations(out, m, opt);
	summary_ranks(out, m, opt);
	summary_run(out, m, opt);
}

/* What precommit's line adds about files not fully measured: parsed with errors (their
 * functions measured, some perhaps missed), counted by lines only, failed or not reached. */
static void commit_caveats(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	if (m->by_status[FILE_PARTIAL])
		fprintf(out, "; %zu file%s parsed with errors (-v lists them)",
			m->by_status[FILE_PARTIAL], m->by_status[FILE_PARTIAL] == 1 ? "" : "s");
	if (model_incomplete(m))
		fprintf(out, "; %sincomplete%s: %s%zu files not reached, %zu failed, %zu counted "
			"by lines only", paint(opt, YELLOW), paint(opt, RESET), m->out_of_memory
			? "the supervisor ran out of memory, " : "", m->pending,
			m->by_status[FILE_FAILED], m->by_status[FILE_FALLBACK]);
}

/* precommit's line when the commit may go: what was gated, and what was not measured.
 * Its files are those measured: a staged .assay-baseline or README holds no function, and
 * a vendored or skipped file was not gated (those not fully measured follow). */
static void commit_passes(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	size_t files = m->by_status[FILE_OK] + m->by_status[FILE_PARTIAL]
		       + m->by_status[FILE_FALLBACK];
	fprintf(out, "%sassay:%s %zu %sfunctions in %zu file%s", paint(opt, BOLD),
		paint(opt, RESET), m->units, m->gate_all ? "" : "new or changed ", files,
		files == 1 ? "" : "s");
	if (m->violations)
		fprintf(out, ", %zu over the limits (allowed)", m->violating_units);
	else
		fputs(", none over the limits", out);
	if (m->not_worse)
		fprintf(out, " (%zu violations no worse than before)", m->not_worse);
	if (m->baselined)
		fprintf(out, " (%zu violations accepted by .assay-baseline %s)", m->baselined,
			m->baseline_from ? m->baseline_from : "");
	commit_caveats(out, m, opt);
	fprintf(out, " (%.2f s)\n", m->seconds);
}

/* How put_shell_word quotes a word: not at all (plain), in single quotes, or as bash's
 * and zsh's $'...' when it holds a byte a terminal must not get or that is not ASCII
 * (each such byte written \xNN: exact to paste, and nothing raw on the terminal). */
enum shell_quoting { SHELL_PLAIN, SHELL_SINGLE, SHELL_ANSI_C };

static enum shell_quoting shell_quoting(const char *word)
{
	enum shell_quoting q = SHELL_PLAIN;
	for (const unsigned char *p = (const unsigned char *)word; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f)
			return SHELL_ANSI_C;
		if (!isalnum(*p) && !strchr("._/:+-,@%=", *p))
			q = SHELL_SINGLE;
	}
	return q;
}

/* word as one shell word to paste, quoted as shell_quoting says. */
static void put_quoted(FILE *out, const char *word);

/* "PREFIXPATH:NAME" (or, name NULL, "PREFIXPATH") as one shell word to paste
 * (shell_quoting; a name from the tree may hold `;`, `$(...)` or quotes), "./" before a
 * path that starts with '-' (an option, else). */
static void put_quoted(FILE *out, const char *word)
{
	enum shell_quoting q = shell_quoting(word);
	fputs(q == SHELL_ANSI_C ? "$'" : q == SHELL_SINGLE ? "'" : "", out);
	for (const unsigned char *p = (const unsigned char *)word; *p; p++) {
		if (q == SHELL_SINGLE && *p == '\'')
			fputs("'\\''", out);
		else if (q == SHELL_ANSI_C && (*p == '\'' || *p == '\\'))
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputs(q == SHELL_PLAIN ? "" : "'", out);
}

static void put_shell_word(FILE *out, const char *prefix, const char *path, const char *name)
{
	size_t len = strlen(prefix) + strlen(path) + (name ? strlen(name) : 0) + 4;
	char *word = xmalloc(len);
	snprintf(word, len, "%s%s%s%s%s", !prefix[0] && path[0] == '-' ? "./" : "", prefix, path,
		 name ? ":" : "", name ? name : "");
	put_quoted(out, word);
	free(word);
}

/* precommit's ending when the commit is blocked: the ways forward, first for the first
 * violator (worst: its explanation, the comment that would excuse it); under --strict
 * only splitting it, as a new comment or baseline entry is refused there. */
static void commit_blocked(FILE *out, const struct run_model *m, const struct report_options *opt,
			   const struct offender *first)
{
	/* git commit -a or PATH gated a temporary index: the work tree holds what it did. */
	int staged = !m->gate_index_elsewhere;
	fprintf(out, "%sassay:%s %zu of %zu %sfunctions over the limits: the commit is blocked. "
		"Ways forward:\n  - split it: `assay explain %s", paint(opt, BOLD),
		paint(opt, RESET), m->violating_units, m->units,
		m->gate_all ? "" : "new or changed ", staged ? "--staged " : "");
	put_shell_word(out, m->root_prefix ? m->root_prefix : "", first->file->path,
		       first->unit->qname);
	fputs("` shows what adds to it\n", out);
	if (m->strict) {
		fputs("  (--strict: a new `assay: ignore` comment or baseline entry does not count)\n",
		      out);
		return;
	}
	fputs("  - excuse it: an `assay: ignore[", out);
	uint32_t bits = unit_violations(first->file->limits, first->unit);
	const char *sep = "";
	for (int k = 0; k < MET_COUNT; k++)
		if (bits & (1u << k)) {
			fprintf(out, "%s%s", sep, metric_info((enum metric)k)->name);
			sep = ",";
		}
	fputs("]` comment on the line before it, with the reason\n"
	      "  - accept it as known debt: ", out);
	if (!staged)
		fputs("stage the change (git add), then ", out);
	fputs("`assay baseline write --staged && git add ", out);
	put_shell_word(out, m->root_prefix ? m->root_prefix : "", ".assay-baseline", NULL);
	/* git commit PATH commits HEAD and those paths: the baseline must be one of them. */
	fputs(staged ? "`\n" : "`, and commit it with the change (`git commit`, or name it "
			       "among the paths)\n", out);
	fputs("  - skip the gate this once: `git commit --no-verify`\n", out);
}

/* precommit's ending when files it could not measure block the commit (--on-error=block,
 * --fail-on=incomplete, --strict): why, and the ways forward. */
static void commit_unmeasured(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	int by_option = m->fails_incomplete && model_incomplete(m);
	size_t n = by_option ? m->pending + m->by_status[FILE_FAILED] + m->by_status[FILE_FALLBACK]
			     : model_unmeasured(m);
	fprintf(out, "%sassay:%s %zu file%s not fully measured: the commit is blocked (%s). "
		"Ways forward:\n", paint(opt, BOLD), paint(opt, RESET), n, n == 1 ? "" : "s",
		!by_option ? "--strict" : m->gate_blocks ? "--on-error=block" : "--fail-on=incomplete");
	if (m->pending)
		fputs("  - give it more time: --budget=SECONDS, or [precommit] budget in your "
		      "configuration\n", out);
	fputs("  - run it again: a timeout on a busy machine may not recur\n"
	      "  - leave the file out: an [exclude] path in .assay, or -x GLOB\n"
	      "  - skip the gate this once: `git commit --no-verify`\n", out);
}

/* precommit's last lines: blocked by first (the first violator, NULL when none) or
 * passing, then blocked by files not fully measured. */
static void commit_ending(FILE *out, const struct run_model *m, const struct report_options *opt,
			  const struct offender *first)
{
	if (first && m->exit_code != 0)
		commit_blocked(out, m, opt, first);
	else if (!opt->quiet)
		commit_passes(out, m, opt);
	if (m->exit_code == 3 && ((m->fails_incomplete && model_incomplete(m))
				  || (m->strict && model_unmeasured(m))))
		commit_unmeasured(out, m, opt);
}

/* --by=file|dir: one row per file or directory measured, before the summary. */
static void group_table(FILE *out, const struct run_model *m)
{
	size_t n;
	struct group_row *rows = group_build(m, (enum group_by)m->by, &n);
	if (!n)
		return;
	fprintf(out, "\n%6s %7s %7s %4s %7s %4s %6s %4s  %s\n", "funcs", "NLOC", "avg CCN",
		"max", "avg cog", "max", "MI", "over", m->by == GROUP_FILE ? "file" : "directory");
	for (size_t i = 0; i < n; i++) {
		const struct group_row *g = &rows[i];
		fprintf(out, "%6zu %7llu %7.2f %4llu %7.2f %4llu %6.1f %4zu  ", g->functions,
			(unsigned long long)g->nloc, group_ccn_mean(g),
			(unsigned long long)g->ccn_max, group_cognitive_mean(g),
			(unsigned long long)g->cognitive_max, group_mi(g), g->violating);
		report_put_text(out, g->path);
		fputc('\n', out);
	}
	group_free(rows, n);
}

int report_text(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	if (opt->quiet && m->exit_code == 0 && !model_incomplete(m) && !m->strict)
		return 0;
	size_t n;
	struct offender *v = model_violators(m, &n);
	for (size_t i = 0; i < n; i++)
		violation_line(out, v[i].file, v[i].unit, opt, m->show_rank);
	rank_each(m, rank_line, out);
	file_lines(out, m, opt);
	pending_lines(out, m, opt);
	strict_lines(out, m);
	if (m->by)
		group_table(out, m);
	if (!opt->commit)
		summary(out, m, opt);
	else
		commit_ending(out, m, opt, n ? &v[0] : NULL);
	free(v);
	return ferror(out) ? -1 : 0;
}
