/*
 * merge.c - `assay merge [OPTIONS] SHARD.json...`: the reports of one run from the JSON
 * reports of its shards (`assay --shard=K/N -o shard-K.json`), as if one run had measured
 * everything.
 *
 * The merge runs where the shards ran (the same checkout, the same configuration): it
 * walks the paths the shards were given and shares the files out as they did
 * (run/shard.h), so each file's record is taken from the shard that measured it, checked
 * against the digests every shard carries and each file against the content its shard
 * measured (its git blob id: from the index when the file's status vouches for it, else
 * from its bytes): another tree, another configuration or another version of assay is
 * refused (exit 2), as is a shard given twice. A missing
 * shard is an error too, unless --fail-on=incomplete asks for the report anyway: its
 * files are then failed ("shard K/N missing") and the run is incomplete. The records are
 * those the shards' workers produced: nothing is analyzed for them (an HTML report's
 * increments of its worst functions are worked out as in any run: run/increments.c).
 */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "files/content.h"
#include "git/keys.h"
#include "run/exitcode.h"
#include "run/output.h"
#include "run/settle.h"
#include "run/shard_read.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/msg.h"

struct merge {
	struct shard_file *shards;	/* as given */
	size_t n;
	struct shard_file **by_index;	/* [K - 1]: shard K, or NULL when missing */
	unsigned total;
};

static int refuse(const char *fmt, const char *a, const char *b)
{
	error_msg(fmt, a, b);
	return EXIT_USAGE;
}

/* A shard this assay merges: its own version's, of a plain run. */
static int check_mergeable(const struct shard_file *s)
{
	if (strcmp(s->version, PACKAGE_VERSION) != 0)
		return refuse("%s: written by assay %s: merge shards with the assay that wrote "
			      "them (this is " PACKAGE_VERSION ")", s->name, s->version);
	if (strcmp(s->command, "analyze") != 0)
		return refuse("%s: a shard of `assay %s`, which gates its own part: merge takes "
			      "shards of `assay --shard`", s->name, s->command[0] ? s->command : "?");
	return 0;
}

/* Shards a and s are of one run: the same total, digests and paths. */
static int same_run(const struct shard_file *a, const struct shard_file *s)
{
	int alike = s->total == a->total && strcmp(s->files_digest, a->files_digest) == 0
		    && strcmp(s->config_digest, a->config_digest) == 0 && s->npaths == a->npaths;
	for (size_t k = 0; alike && k < s->npaths; k++)
		alike = strcmp(s->paths[k], a->paths[k]) == 0;
	return alike;
}

/* Every shard of one run: same version, total, digests and paths; no index twice. */
static int check_alike(struct merge *m)
{
	const struct shard_file *a = &m->shards[0];
	for (size_t i = 0; i < m->n; i++) {
		const struct shard_file *s = &m->shards[i];
		int rc = check_mergeable(s);
		if (rc)
			return rc;
		if (!same_run(a, s))
			return refuse("%s and %s are shards of different runs (another tree, "
				      "configuration, paths or number of shards)", a->name, s->name);
		if (m->by_index[s->index - 1]) {
			error_msg("%s and %s are both shard %u/%u", m->by_index[s->index - 1]->name,
				  s->name, s->index, s->total);
			return EXIT_USAGE;
		}
		m->by_index[s->index - 1] = &m->shards[i];
	}
	return 0;
}

/* The shards' paths, as the shards' runs were given them: relative, inside the
 * checkout (a shard's report names no other place for this run to walk). */
static int check_paths(const struct shard_file *s)
{
	for (size_t k = 0; k < s->npaths; k++) {
		const char *p = s->paths[k];
		if (!shard_path_inside(p))
			return refuse("%s: the shard was given the path '%s': merge walks only "
				      "relative paths inside the checkout", s->name, p);
	}
	return 0;
}

/* The missing shards, said; an error unless --fail-on=incomplete wants the report. */
/* The first missing shards, "2/4, 3/4" (", ..." past eight); how many are missing. */
static size_t missing_list(const struct merge *m, char *list, size_t size)
{
	size_t missing = 0, len = 0;
	list[0] = 0;
	for (unsigned k = 0; k < m->total; k++) {
		if (m->by_index[k])
			continue;
		if (++missing <= 8 && len < size)
			len += (size_t)snprintf(list + len, size - len, "%s%u/%u",
						missing > 1 ? ", " : "", k + 1, m->total);
		else if (missing == 9 && len < size)
			len += (size_t)snprintf(list + len, size - len, ", ...");
	}
	return missing;
}

static int check_missing(const struct merge *m, const struct run_params *p)
{
	char list[256];
	size_t missing = missing_list(m, list, sizeof(list));
	if (!missing)
		return 0;
	if (p->fail_on & FAIL_ON_INCOMPLETE) {
		warning_msg("merging without shard%s %s: their files are failed (shard missing)",
			    missing > 1 ? "s" : "", list);
		return 0;
	}
	error_msg("shard%s %s of the run %s missing (--fail-on=incomplete merges without "
		  "them, their files failed)", missing > 1 ? "s" : "", list,
		  missing > 1 ? "are" : "is");
	return EXIT_USAGE;
}

static int read_shards(struct merge *m, const struct run_params *p)
{
	char err[1024];
	if (p->npaths == 0) {
		error_msg("merge: name the shards' JSON reports (assay merge shard-*.json)");
		return EXIT_USAGE;
	}
	m->n = p->npaths;
	m->shards = xcalloc(m->n, sizeof(*m->shards));
	for (size_t i = 0; i < m->n; i++)
		if (shard_read(p->paths[i], &m->shards[i], err, sizeof(err)) < 0) {
			error_msg("%s", err);
			return EXIT_USAGE;
		}
	m->total = m->shards[0].total;
	m->by_index = xcalloc(m->total, sizeof(*m->by_index));
	int rc = check_alike(m);
	if (rc == 0)
		rc = check_paths(&m->shards[0]);
	return rc ? rc : check_missing(m, p);
}

/* The shards' workers, as one run's engine counters. */
static void merge_engines(const struct merge *m, struct engine_stats *es)
{
	int first = 1;
	for (size_t i = 0; i < m->n; i++) {
		const struct shard_engine *e = &m->shards[i].engine;
		if (e->got_level && (first || (int)e->level < (int)es->level)) {
			es->level = (enum sandbox_level)e->level;
			snprintf(es->detail, sizeof(es->detail), "%s", e->detail);
			es->got_level = 1;
			first = 0;
		}
		if (e->unavailable && !es->unavailable)
			snprintf(es->why_unavailable, sizeof(es->why_unavailable), "%s",
				 e->why_unavailable);
		es->inprocess |= (int)e->inprocess;
		es->unavailable |= (int)e->unavailable;
		es->started += e->started;
		es->crashes += e->crashes;
		es->timeouts += e->timeouts;
		es->violations += e->violations;
	}
}

/* The sandbox mode the report states: the weakest the shards ran with (off < auto <
 * strict), not merge's own, which analyzes nothing; own when a shard does not say. */
static enum sandbox_mode merged_mode(const struct merge *m, enum sandbox_mode own)
{
	unsigned weakest = SANDBOX_MODE_STRICT;
	for (size_t i = 0; i < m->n; i++) {
		if (!m->shards[i].engine.got_mode)
			return own;
		if (m->shards[i].engine.mode < weakest)
			weakest = m->shards[i].engine.mode;
	}
	return (enum sandbox_mode)weakest;
}

/* File i takes the row's record (moved out of the row). */
static void take_row(struct run *r, size_t i, struct shard_row *row)
{
	struct file_entry *f = &r->list.files[i];
	struct file_state *st = &r->state[i];
	st->generated_refused = (uint8_t)row->refused;
	if (!row->measured)
		return;	/* never reached in its shard: pending here too */
	record_clear(&st->rec);
	st->rec = row->rec;
	memset(&row->rec, 0, sizeof(row->rec));
	if (f->lang == LANG_NONE || f->by_content) {
		f->lang = (enum lang_id)st->rec.lang;	/* decided by its bytes in the shard */
		f->by_content = 0;
	}
	st->done = 1;
	settle_file(r, i);
}

/* Whether row is file i's: the same path, unless this path is not plain UTF-8-safe
 * ASCII (the report shows such bytes as U+FFFD). */
static int row_matches(const struct file_entry *f, const struct shard_row *row)
{
	for (const unsigned char *c = (const unsigned char *)f->path; *c; c++)
		if (*c >= 0x80)
			return 1;
	return strcmp(f->path, row->path) == 0;
}

/* Whether file i of this checkout holds what its shard measured (row's oid): by the git
 * index's id when the file's status vouches for it (as a run keys it), else, or when
 * that id differs, by its bytes: the row's id is theirs (a shard that read them), or
 * their git blob's once each CRLF is made LF (a shard that keyed a CRLF checkout's file
 * from the index: git stores it with LF). */
static int same_content(struct run *r, size_t i, const struct shard_row *row)
{
	const struct file_key *k = &r->list.keys[i];
	if (k->has_oid && memcmp(k->oid, row->oid, sizeof(row->oid)) == 0)
		return 1;
	struct wbuf bytes;
	struct cause_note why;
	enum file_status status;
	int same = 0;
	wbuf_init(&bytes);
	if (content_read(&r->list, i, r->p->max_size, &bytes, &status, &why) == 0) {
		struct file_key as_row = { .has_oid = 1, .from_index = 1 };
		memcpy(as_row.oid, row->oid, sizeof(row->oid));
		same = keys_check_index(bytes.data, bytes.len, &as_row) != KEYS_INDEX_DIFFERS;
	}
	wbuf_free(&bytes);
	return same;
}

/* File i's record from shard b, whose next unread row is *next. */
static int take_file(struct run *r, struct merge *m, size_t i, unsigned b, size_t *next)
{
	struct shard_file *s = m->by_index[b - 1];
	if (!s) {
		char kn[32];
		snprintf(kn, sizeof(kn), "%u/%u", b, m->total);
		run_verdict(r, i, FILE_FAILED, CAUSE_SHARD_MISSING, kn);
		return 0;
	}
	if (*next >= s->nrows || !row_matches(&r->list.files[i], &s->rows[*next]))
		return refuse("%s: its files are not this checkout's (at %s): merge where the "
			      "shards ran", s->name, r->list.files[i].path);
	if (s->rows[*next].has_oid && !same_content(r, i, &s->rows[*next]))
		return refuse("%s: measured other content than this checkout's %s: merge where "
			      "the shards ran", s->name, r->list.files[i].path);
	take_row(r, i, &s->rows[(*next)++]);
	return 0;
}

/* Each shared file's record, from its shard, in order. */
static int take_records(struct run *r, struct merge *m, const struct shard_plan *plan)
{
	size_t *next = xcalloc(m->total, sizeof(*next));
	int rc = 0;
	for (size_t i = 0; i < r->list.nfiles && rc == 0; i++)
		if (plan->bin[i])
			rc = take_file(r, m, i, plan->bin[i], &next[plan->bin[i] - 1]);
	for (unsigned k = 0; k < m->total && rc == 0; k++)
		if (m->by_index[k] && next[k] != m->by_index[k]->nrows)
			rc = refuse("%s: holds more files than this checkout gives it (%s)",
				    m->by_index[k]->name, "merge where the shards ran");
	free(next);
	return rc;
}

/* This checkout, shared out as the shards did, against their digests. */
static int check_plan(const struct merge *m, const struct shard_plan *plan)
{
	const struct shard_file *s = &m->shards[0];
	if (strcmp(plan->config_digest, s->config_digest) != 0)
		return refuse("%s: measured with another configuration than this run's (other "
			      "limits or analysis options%s)", s->name,
			      ": give merge the options the shards had");
	if (strcmp(plan->files_digest, s->files_digest) != 0)
		return refuse("%s: measured another tree than this checkout (%s)", s->name,
			      "its files or their sizes differ: merge where the shards ran");
	return 0;
}

static int merge_run(struct run *r, struct merge *m)
{
	struct shard_plan plan;
	int code = run_read_baseline(r);
	if (code == 0)
		code = run_discover(r, (const char *const *)m->shards[0].paths, m->shards[0].npaths);
	if (code)
		return code;
	shard_plan_make(r, m->total, &plan);
	code = check_plan(m, &plan);
	if (code == 0)
		keys_from_git_index(&r->list);	/* what same_content trusts without reading */
	if (code == 0)
		code = take_records(r, m, &plan);
	shard_plan_free(&plan);
	if (code)
		return code;
	merge_engines(m, &r->engine);
	run_baseline_moved(r);
	run_report_unused_entries(r);	/* as one run would warn */
	snprintf(r->cache_note, sizeof(r->cache_note), "off (assay merge)");
	r->t.discovered = r->t.keyed = r->t.cached = r->t.analyzed = now_seconds();
	code = run_report(r, 0);
	return code;
}

int cmd_merge(const struct run_params *p, struct run_signals sig)
{
	if (output_check(p) < 0)
		return EXIT_USAGE;
	struct merge m = { 0 };
	int code = read_shards(&m, p);
	if (code == 0) {
		struct run_params mp = *p;	/* the paths are the shards' */
		mp.paths = m.shards[0].paths;
		mp.npaths = m.shards[0].npaths;
		mp.sandbox = merged_mode(&m, p->sandbox);
		struct run r;
		run_init(&r, &mp, sig);
		r.prune = 0;
		r.empty_is_usage = 1;
		code = merge_run(&r, &m);
		run_free(&r);
	}
	for (size_t i = 0; i < m.n; i++)
		shard_file_free(&m.shards[i]);
	free(m.shards);
	free(m.by_index);
	return code;
}
