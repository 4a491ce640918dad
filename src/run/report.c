/*
 * report.c - the report stage (see report.h and run_report in run.h): the model of the
 * finished run, its exit status, every report asked for, --stats and --trace.
 */
#include "run/report.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files/discover.h"
#include "report/ranks.h"
#include "run/exitcode.h"
#include "run/increments.h"
#include "run/output.h"
#include "run/remote.h"
#include "run/settle.h"
#include "run/shard.h"
#include "run/stats.h"
#include "run/strict.h"
#include "run/trace.h"
#include "store/cache.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/runid.h"
#include "util/log.h"
#include "util/msg.h"

static void view_remote(const struct run *r, struct run_view *v, struct run_model *m)
{
	const struct remote_counts *c = remote_counts(r);
	if (!c)
		return;
	v->remote = (struct model_remote){ c->hits, c->misses, c->rejected, c->errors, c->stored,
					   c->bytes_in, c->bytes_out, c->seconds, c->packs_asked,
					   c->packs_found, c->packs_stored };
	m->remote = &v->remote;
}

static void view_engine(const struct engine_stats *es, struct model_engine *e)
{
	e->level = es->level;
	snprintf(e->detail, sizeof(e->detail), "%s", es->detail);
	e->got_level = es->got_level;
	e->inprocess = es->inprocess;
	e->unavailable = es->unavailable;
	snprintf(e->why_unavailable, sizeof(e->why_unavailable), "%s", es->why_unavailable);
	e->started = es->started;
	e->crashes = es->crashes;
	e->timeouts = es->timeouts;
	e->violations = es->violations;
	snprintf(e->memory_note, sizeof(e->memory_note), "%s", es->memory_note);
}

static void set_phases(struct run_model *m, const struct run_times *t)
{
	m->phase_seconds[PHASE_DISCOVER] = t->discovered - t->start;
	m->phase_seconds[PHASE_KEY] = t->keyed - t->discovered;
	m->phase_seconds[PHASE_CACHE] = t->cached - t->keyed;
	m->phase_seconds[PHASE_ANALYZE] = t->analyzed - t->cached;
}

/* What goes before a path from the repository root (root) to name it from the current
 * folder, as the reports show the files': "" at the top, "../" one folder down, else the
 * root, absolute, and '/'. A new string. */
static char *root_prefix_shown(const char *root)
{
	char cwd[PATH_MAX], top[PATH_MAX];
	if (!root || !getcwd(cwd, sizeof(cwd)) || !realpath(root, top))
		return xstrdup("");
	size_t n = strlen(top);
	if (strcmp(cwd, top) == 0)
		return xstrdup("");
	if (strncmp(cwd, top, n) != 0 || cwd[n] != '/') {
		char *abs = xmalloc(n + 2);
		sprintf(abs, "%s/", top);
		return abs;
	}
	size_t up = 0;
	for (const char *c = cwd + n; *c; c++)
		up += *c == '/';
	char *rel = xmalloc(3 * up + 1);
	rel[0] = '\0';
	for (size_t i = 0; i < up; i++)
		strcat(rel, "../");
	return rel;
}

/* Under --strict: the base revision, why excuses were refused, the ignored settings. */
static void view_strict(const struct run *r, struct run_view *v, struct run_model *m)
{
	const struct ignored_settings *ig = &r->p->ignored;
	if (!r->p->strict)
		return;
	v->ignored = xcalloc(ig->count + 1, sizeof(*v->ignored));
	for (size_t i = 0; i < ig->count; i++)
		v->ignored[i] = (struct model_setting){ ig->items[i].key, ig->items[i].value,
							ig->items[i].line, ig->items[i].why };
	v->assay_file = xmalloc(strlen(v->root_prefix) + sizeof(".assay"));
	sprintf(v->assay_file, "%s.assay", v->root_prefix);
	v->strict = (struct model_strict){ r->strict_base[0] ? r->strict_base : NULL,
					   strict_refused_why(r), v->assay_file, v->ignored,
					   ig->count };
	m->strict = &v->strict;
}

/* The repository and revision, and each file's path in the work tree, for the reports
 * that name them (REPORT_IDENTITY): nothing is read for the others. */
static void view_identity(const struct run *r, struct run_view *v, struct run_model *m)
{
	const struct run_params *p = r->p;
	m->identity = (struct model_identity){ "", "", "", "", "", "" };
	if (!output_shows(p, REPORT_IDENTITY))
		return;
	const char *where = p->npaths && access(p->paths[0], F_OK) == 0 ? p->paths[0] : ".";
	git_identity_read(&v->identity, where);
	const struct git_identity *id = &v->identity;
	m->identity = (struct model_identity){ p->project ? p->project : id->name, id->root,
					       id->commit, id->branch, id->uri, id->date };
	if (!id->root[0])
		return;	/* outside git: paths stay as printed */
	char buf[2 * PATH_MAX];
	v->nrepo_paths = r->list.nfiles;
	v->repo_paths = xcalloc(v->nrepo_paths + 1, sizeof(*v->repo_paths));
	for (size_t i = 0; i < r->list.nfiles; i++)
		if (run_repo_path(r, i, buf, sizeof(buf)))
			v->files[i].repo_path = v->repo_paths[i] = xstrdup(buf);
}

/* xenon's limits: --max-absolute is in the CCN limits already; the file and run means are
 * a plain run's (a gate measures changed functions, whose mean says nothing of a file). */
static void view_ranks(const struct run *r, struct run_model *m)
{
	memcpy(m->rank_max, r->p->rank_max, sizeof(m->rank_max));
	if (r->p->command) {
		m->rank_max[RANK_MODULES] = 0;
		m->rank_max[RANK_AVERAGE] = 0;
	}
	m->show_rank = r->p->show_rank;
	m->by = r->p->by;
	rank_build(m);
}

/* --shard: the part of the run this is, for the JSON report. */
static void view_shard(const struct run *r, struct run_view *v, struct run_model *m)
{
	const struct shard_plan *s = r->shard;
	if (!s)
		return;
	v->shard_keys = xcalloc(r->list.nfiles + 1, SHARD_KEY);
	for (size_t i = 0; i < r->list.nfiles; i++) {
		const struct file_key *k = &r->list.keys[i];
		v->shard_keys[i * SHARD_KEY] = k->has_oid;
		memcpy(v->shard_keys + i * SHARD_KEY + 1, k->oid, sizeof(k->oid));
	}
	v->shard = (struct model_shard){ s->index, s->total, s->files, s->files_digest,
					 s->config_digest, (const char *const *)r->p->paths,
					 r->p->npaths, s->bin,
					 r->p->command ? r->p->command : "analyze", v->shard_keys };
	m->shard = &v->shard;
}

/* What set the sandbox mode, for the summary's "sandbox: off (...)". */
static void view_sandbox_from(const struct run *r, struct run_view *v, struct run_model *m)
{
	const struct setting_source *src = &r->p->settings.sandbox_mode_source;
	int merged = r->p->command && strcmp(r->p->command, "merge") == 0;
	if (merged && (src->origin != CONFIG_DEFAULT || r->p->sandbox != r->p->settings.sandbox_mode))
		/* cmd/merge.c merged_mode: not what merge's own options say */
		snprintf(v->sandbox_from, sizeof(v->sandbox_from), "as the shards ran");
	else if (src->origin == CONFIG_DEFAULT)
		snprintf(v->sandbox_from, sizeof(v->sandbox_from), "this build's default");
	else if (src->origin == CONFIG_COMMAND_LINE)
		snprintf(v->sandbox_from, sizeof(v->sandbox_from), "--sandbox=%s",
			 sandbox_mode_name(r->p->sandbox));
	else
		settings_source_text(src, v->sandbox_from, sizeof(v->sandbox_from));
	m->sandbox_from = v->sandbox_from;
}

void run_model_build(const struct run *r, struct run_view *v, struct run_model *m)
{
	size_t n = r->list.nfiles;
	memset(v, 0, sizeof(*v));
	memset(m, 0, sizeof(*m));
	v->files = xcalloc(n + 1, sizeof(*v->files));
	for (size_t i = 0; i < n; i++) {
		const struct file_entry *f = &r->list.files[i];
		v->files[i] = (struct report_file){ f->path, f->lang, f->size, r->state[i].done,
						    &r->state[i].rec, run_limits(r, i),
						    settle_units_of(r, i),
						    r->state[i].generated_refused, NULL, NULL, 0 };
	}
	view_identity(r, v, m);
	model_build(m, v->files, n, &r->p->thresholds);
	view_engine(&r->engine, &v->engine);
	m->engine = &v->engine;
	m->sandbox_mode = r->p->sandbox;
	view_sandbox_from(r, v, m);
	m->jobs = r->jobs;
	/* A signal, or running out of memory, may have ended discovery before the engine ran. */
	int stop = r->engine.interrupted ? r->engine.interrupted : (int)*r->sig.stop;
	m->out_of_memory = stop == STOP_OUT_OF_MEMORY;
	m->interrupted = m->out_of_memory ? 0 : stop;
	if (r->cache) {
		const struct cache_counts *c = cache_counts(r->cache);
		memcpy(v->cache.hits, c->hits, sizeof(v->cache.hits));
		memcpy(v->cache.misses, c->misses, sizeof(v->cache.misses));
		v->cache.saved_us = c->saved_us;
		m->cache = &v->cache;
	}
	m->cache_note = r->cache_note;
	view_remote(r, v, m);
	m->run_id = run_id();
	m->seconds = now_seconds() - r->t.start;
	set_phases(m, &r->t);
	m->sort_metric = r->p->sort_metric;
	m->gate_note = r->gate_note;
	m->source_url = r->p->source_url;
	m->baseline_from = r->baseline_from[0] ? r->baseline_from : NULL;
	/* Only the gate's ways forward and --strict's .assay name paths to paste. */
	v->root_prefix = r->gate_note || r->p->strict ? root_prefix_shown(r->p->root) : xstrdup("");
	m->root_prefix = v->root_prefix;
	view_strict(r, v, m);
	/* A gate's --on-error=block fails on what --fail-on=incomplete does (cmd/gate.c). */
	m->gate_blocks = r->gate_note && r->p->on_error_block;
	m->gate_index_elsewhere = r->gate_index_elsewhere;
	m->gate_all = r->gate_note && r->p->gate_all;
	m->fails_incomplete = (r->p->fail_on & FAIL_ON_INCOMPLETE) || m->gate_blocks;
	m->fails_skipped = (r->p->fail_on & FAIL_ON_SKIPPED) != 0;
	view_ranks(r, m);
	view_shard(r, v, m);
}

void run_view_free(struct run_view *v)
{
	free(v->files);
	free(v->shard_keys);
	free(v->ignored);
	free(v->assay_file);
	free(v->root_prefix);
	for (size_t i = 0; i < v->nrepo_paths; i++)
		free(v->repo_paths[i]);
	free(v->repo_paths);
	for (size_t i = 0; i < v->nincrements; i++)
		free(v->increments[i]);
	free(v->increments);
	v->increments = NULL;
	v->nincrements = 0;
	v->repo_paths = NULL;
	v->nrepo_paths = 0;
	v->files = NULL;
	v->ignored = NULL;
}

/* What a run that measured nothing met: files skipped (of them, excluded by -x,
 * [exclude] or [include]) and failed. */
struct nothing {
	size_t skipped, excluded, failed;
};

static void say_nothing_measured(const struct run_params *p, const struct nothing *n);

/* Whether an excluded entry is a source file: -x excludes by name before the language
 * is known (a README, or a folder, whose content is not looked at, is not one). */
static int is_source(const struct file_entry *f, const struct record *rec)
{
	return rec->lang != LANG_NONE || language_by_path(f->relpath) != LANG_NONE;
}

/* Whether every file of r was skipped or failed (none measured, none left), counted in
 * *n. */
static int none_measured(const struct run *r, struct nothing *n)
{
	memset(n, 0, sizeof(*n));
	for (size_t i = 0; i < r->list.nfiles; i++) {
		const struct file_state *s = &r->state[i];
		if (!s->done || (s->rec.status != FILE_SKIPPED && s->rec.status != FILE_FAILED))
			return 0;
		n->skipped += s->rec.status == FILE_SKIPPED;
		n->excluded += s->rec.status == FILE_SKIPPED && s->rec.cause == CAUSE_EXCLUDED
			       && is_source(&r->list.files[i], &s->rec);
		n->failed += s->rec.status == FILE_FAILED;
	}
	return 1;
}

int run_measured_nothing(const struct run *r)
{
	const struct run_params *p = r->p;
	struct nothing n;
	int named = p->npaths > 0 || p->language_mask != 0;
	/* A tree with nothing to measure passes; one whose every file failed does not, nor
	 * one the exclusions emptied (a mistyped [include] glob must not pass CI). */
	if (p->allow_empty || p->shard_total || *r->sig.stop || !none_measured(r, &n)
	    || (!named && !n.failed && !n.excluded))
		return 0;
	say_nothing_measured(p, &n);
	return 1;
}

/* Why a run measured nothing, for run_measured_nothing. */
static void say_nothing_measured(const struct run_params *p, const struct nothing *n)
{
	size_t skipped = n->skipped, failed = n->failed;
	const char *what = p->language_mask ? p->npaths ? "paths and languages named hold"
							: "languages named match"
				 : p->npaths == 1 ? "path named holds"
				 : p->npaths ? "paths named hold" : "tree holds";
	if (failed)	/* a gate where every file failed did not pass either */
		error_msg("nothing measured: every source file the %s failed (%zu failed, %zu "
			  "skipped; the report says why); --allow-empty makes this a pass",
			  what, failed, skipped);
	else if (n->excluded)
		error_msg("nothing measured: the %s no source file assay measures once -x, "
			  "[exclude] and [include] are applied (%zu file%s excluded); "
			  "--allow-empty makes this a pass", what, n->excluded,
			  n->excluded == 1 ? "" : "s");
	else
		error_msg("nothing measured: the %s no source file assay measures (%zu file%s, "
			  "not source or skipped; `assay languages` lists what it reads); "
			  "--allow-empty makes this a pass", what, skipped, skipped == 1 ? "" : "s");
}

/* The event of a supervisor that ran out of memory (util/alloc.h). */
static void say_out_of_memory(const char *what)
{
	log_event(LOG_ERROR, "run.out_of_memory", NULL, "ran out of memory: %s", what);
}

/* The run's exit status, decided before the reports are written so that they state it:
 * exit_code_for's, 2 when a run that must measure something measured nothing, 3 for a
 * gate that --on-error=block fails. */
static int run_exit_code(const struct run *r, const struct run_model *m, int engine_rc)
{
	int code = exit_code_for(r, m, engine_rc);
	if (r->empty_is_usage && code <= EXIT_VIOLATIONS && run_measured_nothing(r))
		code = EXIT_USAGE;
	/* A gate with --on-error=block fails an incomplete analysis, and says so here (as
	 * cmd/gate.c gate_outcome decides for the gate itself). */
	if (r->changes && r->p->on_error_block && code < EXIT_INCOMPLETE && run_gate_incomplete(r)) {
		char files[PATH_MAX + 64];
		exit_name_incomplete(m, files, sizeof(files));
		log_event(LOG_ERROR, "run.fail_on", NULL, "the gate fails (exit 3) on "
			  "--on-error=block: a file was not fully measured%s%s", files,
			  r->engine.budget_exceeded ? " (the time budget ran out)" : "");
		code = EXIT_INCOMPLETE;
	}
	return code;
}

/* The exit code once the reports are written (written: output_write's outcome): a report
 * that could not be written is an internal error, one a stop signal interrupted makes an
 * interrupted run, and so does running out of memory while writing them. */
static int written_code(const struct run *r, const struct run_model *m, int written, int code)
{
	int internal = code < EXIT_INTERNAL ? EXIT_INTERNAL : code;
	if (written == OUTPUT_FAILED)
		code = internal;
	if (written == OUTPUT_INTERRUPTED)	/* EINTR: a stop signal */
		code = *r->sig.stop > 0 ? 128 + *r->sig.stop : internal;
	if (!m->out_of_memory && *r->sig.stop == STOP_OUT_OF_MEMORY) {
		say_out_of_memory("while writing the reports, which are whole");
		code = EXIT_INTERNAL;
	}
	return code;
}

int run_report(struct run *r, int engine_rc)
{
	struct run_view v;
	struct run_model m;
	if (output_shows(r->p, REPORT_SIZES))
		discover_size_skipped(&r->list);
	run_model_build(r, &v, &m);
	if (output_shows(r->p, REPORT_INCREMENTS) && !*r->sig.stop)
		run_increments(r, &v);
	int code = m.exit_code = run_exit_code(r, &m, engine_rc);
	if (m.out_of_memory)
		say_out_of_memory("stopped measuring, reporting what was measured, marked "
				  "incomplete");
	code = written_code(r, &m, output_write(r->p, &m), code);
	r->t.reported = now_seconds();
	if (r->p->stats)
		stats_print(r, &m);
	if (r->p->trace_path && trace_write(r->p->trace_path, r) < 0 && code < EXIT_INTERNAL)
		code = EXIT_INTERNAL;
	run_view_free(&v);
	return code;
}
