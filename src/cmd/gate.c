/*
 * gate.c - `assay precommit` and `assay diff BASE [HEAD]`: one pipeline, two sources of
 * changes. precommit compares the index (what the commit will hold) with HEAD; diff
 * compares two revisions, or a revision with the work tree. Both versions of every
 * changed file are analyzed (read from git objects, never from the work tree unless the
 * diff is against it), and only the new version's new and changed functions are gated:
 * a function whose body hash the old version has too is unchanged (moved, renamed,
 * reformatted or re-commented), as is one whose body another changed file lost (moved
 * between files), unless --all.
 */
#include "cmd/cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/attrs.h"
#include "git/index.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "run/output.h"
#include "run/pairing.h"
#include "run/shard.h"
#include "run/strict.h"
#include "store/baseline.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/msg.h"

/* A changed unit: its base values. */
static void take_base(struct unit *u, const struct unit *was)
{
	u->base = xcalloc(MET_COUNT, sizeof(*u->base));
	for (int m = 0; m < MET_COUNT; m++)
		u->base[m] = unit_metric(was, (enum metric)m);
}

/* Under --gate=worse, the violations of changed unit u that are no worse than its base. */
static void judge_worse(struct unit *u, enum gate_mode mode, const struct thresholds *t)
{
	uint32_t over = unit_over(t->limit, u);
	for (int m = 0; m < MET_COUNT && mode == GATE_WORSE; m++)
		if ((over & (1u << m)) && unit_metric(u, (enum metric)m) <= u->base[m])
			u->not_worse |= 1u << m;
}

/* The versions a new one is compared with: the old version (NULL: none, every unit is
 * gated) and, concluding a merge, the merged branches' versions measured. */
struct compared {
	const struct record *old;
	const struct record *merged[GIT_VIEW_MAX_MERGED];
	uint8_t *taken[GIT_VIEW_MAX_MERGED];	/* [m][k]: unit k of merged[m] accounts for
						   a new unit already */
	size_t nmerged;
};

/* Whether a merged branch's version has u as it is (its name and its body), a unit not
 * yet taken by another: the branch brought it. One unit of a branch stands for one new
 * unit, so a copy beside it is new. */
static int from_merged(struct compared *c, const struct unit *u)
{
	for (size_t m = 0; m < c->nmerged; m++)
		for (size_t k = 0; k < c->merged[m]->nunits; k++) {
			const struct unit *v = &c->merged[m]->units[k];
			if (!c->taken[m][k] && v->body_hash == u->body_hash
			    && strcmp(v->qname, u->qname) == 0) {
				c->taken[m][k] = 1;
				return 1;
			}
		}
	return 0;
}

/* Marks unchanged the units of rec that no old unit had but a merged branch brought. */
static void merged_unchanged(struct compared *c, const struct record *rec, struct pairing *pr)
{
	for (size_t m = 0; m < c->nmerged; m++)
		c->taken[m] = xcalloc(c->merged[m]->nunits + 1, 1);
	for (size_t k = 0; k < rec->nunits; k++)
		if (!pr->same[k] && from_merged(c, &rec->units[k]))
			pr->same[k] = 1;
	for (size_t m = 0; m < c->nmerged; m++)
		free(c->taken[m]);
}

/* A new version's comparison (gate_changes): what it is compared with, and how its units
 * pair with them. */
struct gated {
	struct compared c;
	struct pairing pr;
	int open;		/* paired, to be kept (gate_keep) */
};

/* Keeps the units of new version i the gate mode gates, paired as g says, with their base
 * values; returns how many. */
static size_t keep_gated(struct run *r, size_t i, struct record *rec, struct gated *g)
{
	/* Matched first: the units before k are moved or freed as they are gated. */
	struct pairing *pr = &g->pr;
	size_t n = 0;
	for (size_t k = 0; k < rec->nunits; k++) {
		int drop = pr->same[k] || (pr->was[k] && r->p->gate_mode == GATE_NEW);
		if (pr->was[k] && !drop) {
			take_base(&rec->units[k], pr->was[k]);
			judge_worse(&rec->units[k], r->p->gate_mode, run_limits(r, i));
		}
		if (drop)
			record_unit_free(&rec->units[k]);
		else
			rec->units[n++] = rec->units[k];
	}
	return n;
}

/* Pairs the units of the new version i with its old version's and, concluding a merge,
 * the merged branches' versions (all of them new with --all or when the old version could
 * not be measured); 0 when the old version was not reached (the budget, a signal): then
 * neither is the new one's gate, reported not reached, not as if every function in it
 * were new. */
static int gate_pair(struct run *r, size_t i, const long *next_merged, long merged, struct gated *g)
{
	struct record *rec = &r->state[i].rec;
	long partner = r->changes[i].partner;
	const struct file_state *old = partner >= 0 ? &r->state[partner] : NULL;
	if (old && !old->done && !r->p->gate_all) {
		record_clear(rec);
		r->state[i].done = 0;
		return 0;
	}
	if (!r->p->gate_all && old && old->rec.status <= FILE_FALLBACK)
		g->c.old = &old->rec;
	/* A merged version not measured (the budget, a failure) excuses nothing. */
	for (long m = merged; m >= 0 && !r->p->gate_all; m = next_merged[m])
		if (r->state[m].done && r->state[m].rec.status <= FILE_FALLBACK
		    && g->c.nmerged < GIT_VIEW_MAX_MERGED)
			g->c.merged[g->c.nmerged++] = &r->state[m].rec;
	size_t nold = g->c.old ? g->c.old->nunits : 0;
	pairing_init(&g->pr, rec->nunits, nold);
	if (g->c.old)
		pair_units(g->c.old, rec, &g->pr);
	merged_unchanged(&g->c, rec, &g->pr);
	g->open = 1;
	return 1;
}

/* An old unit left unpaired in its file (moved_unchanged): its body, where it is. */
struct gone_unit {
	uint64_t hash;
	size_t file, unit;	/* g[file].c.old->units[unit] */
};

static int by_body(const void *a, const void *b)
{
	const struct gone_unit *x = a, *y = b;
	if (x->hash != y->hash)
		return (x->hash > y->hash) - (x->hash < y->hash);
	return x->file != y->file ? (x->file > y->file) - (x->file < y->file)
				  : (x->unit > y->unit) - (x->unit < y->unit);
}

/* The first of gone[0..n) with hash, or n. */
static size_t first_with(const struct gone_unit *gone, size_t n, uint64_t hash)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (gone[mid].hash < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The old units left unpaired in their files, and every unit of a deleted file, sorted
 * by body (then place); *n of them. */
static struct gone_unit *gone_units(const struct run *r, const struct gated *g, size_t *n)
{
	size_t cap = 0;
	struct gone_unit *gone = NULL;
	*n = 0;
	for (size_t j = 0; j < r->list.nfiles; j++) {
		const struct record *old = g[j].c.old;
		for (size_t o = 0; old && o < old->nunits; o++)
			if (!g[j].pr.used[o]) {
				xgrow((void **)&gone, &cap, *n + 1, sizeof(*gone));
				gone[(*n)++] = (struct gone_unit){ old->units[o].body_hash, j, o };
			}
	}
	if (*n)
		qsort(gone, *n, sizeof(*gone), by_body);
	return gone;
}

/* Takes the first gone unit with hash not taken yet (pairing it); 1 when there was one. */
static int take_gone(struct gated *g, const struct gone_unit *gone, size_t n, uint64_t hash)
{
	for (size_t x = first_with(gone, n, hash); x < n && gone[x].hash == hash; x++) {
		uint8_t *used = &g[gone[x].file].pr.used[gone[x].unit];
		if (!*used)
			return *used = 1;
	}
	return 0;
}

/* A function moved from one changed file to another (an extraction into a new file, a
 * split): a unit no old unit of its own file stands for is unchanged when an old unit of
 * another changed file, left there unpaired (gone from its file), had its body. One old
 * unit for one new one, taken in path order: a copy of a function still in its file is
 * new. */
static void moved_unchanged(struct run *r, struct gated *g)
{
	size_t n;
	struct gone_unit *gone = gone_units(r, g, &n);
	for (size_t i = 0; n && i < r->list.nfiles; i++) {
		const struct record *rec = &r->state[i].rec;
		struct pairing *pr = &g[i].pr;
		for (size_t k = 0; g[i].open && k < rec->nunits; k++)
			if (!pr->was[k] && !pr->same[k])
				pr->same[k] = (uint8_t)take_gone(g, gone, n, rec->units[k].body_hash);
	}
	free(gone);
}

/* Drops the old (and merged) versions: the report holds the new ones only. */
static void drop_old_versions(struct run *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		if (r->changes[i].side == 0) {
			r->list.files[n] = r->list.files[i];
			r->list.verdicts[n] = r->list.verdicts[i];
			r->list.keys[n] = r->list.keys[i];
			r->state[n] = r->state[i];
			r->limits[n] = r->limits[i];
			r->changes[n++] = r->changes[i];
			continue;
		}
		file_list_free_entry(&r->list, i);
		record_clear(&r->state[i].rec);
		free(r->limits[i]);
	}
	r->list.nfiles = n;
}

/* Pairs each new version (gate_pair) into g[i]; concluding a merge, with its merged
 * versions, listed first[i], then next[m] until -1. */
static void pair_new_versions(struct run *r, struct gated *g)
{
	long *first = xmalloc((r->list.nfiles + 1) * sizeof(*first));
	long *next = xmalloc((r->list.nfiles + 1) * sizeof(*next));
	for (size_t i = 0; i < r->list.nfiles; i++)
		first[i] = next[i] = -1;
	for (size_t m = r->list.nfiles; m-- > 0;)
		if (r->changes[m].merged && r->changes[m].partner >= 0) {
			next[m] = first[r->changes[m].partner];
			first[r->changes[m].partner] = (long)m;
		}
	for (size_t i = 0; i < r->list.nfiles; i++) {
		const struct file_state *s = &r->state[i];
		if (!s->done || s->rec.status > FILE_FALLBACK)
			continue;
		if (r->changes[i].side == 0)
			gate_pair(r, i, next, first[i], &g[i]);
		else if (r->changes[i].deleted && !r->p->gate_all) {
			/* A deleted file: every unit it held is gone from it (gone_units). */
			g[i].c.old = &s->rec;
			g[i].pr.used = xcalloc(s->rec.nunits + 1, 1);
		}
	}
	free(first);
	free(next);
}

/* When a deleted file's old version was not reached (the budget), any unit still new may
 * be a function moved out of it: the new versions holding one are not reached either
 * (as when their own old version is not), not gated as if it were new. Says whether the
 * budget left nothing else unmeasured (r->budget_on_deleted). */
static void deleted_unreached(struct run *r, struct gated *g)
{
	int deleted = 0, others = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		if (!r->state[i].done)
			*(r->changes[i].deleted ? &deleted : &others) = 1;
	r->budget_on_deleted = deleted && !others;
	for (size_t i = 0; deleted && i < r->list.nfiles; i++) {
		const struct record *rec = &r->state[i].rec;
		int still_new = 0;
		for (size_t k = 0; g[i].open && k < rec->nunits && !still_new; k++)
			still_new = !g[i].pr.was[k] && !g[i].pr.same[k];
		if (!still_new)
			continue;
		record_clear(&r->state[i].rec);
		r->state[i].done = 0;
		g[i].open = 0;
	}
}

/* Keeps only the new and changed units of each new version, unless --all; then drops
 * the old versions. Returns how many units were kept of how many. */
static void gate_changes(struct run *r, size_t *kept, size_t *total)
{
	*kept = *total = 0;
	struct gated *g = xcalloc(r->list.nfiles + 1, sizeof(*g));
	pair_new_versions(r, g);
	if (!r->p->gate_all) {
		moved_unchanged(r, g);
		deleted_unreached(r, g);
	}
	for (size_t i = 0; i < r->list.nfiles; i++) {
		struct record *rec = &r->state[i].rec;
		if (g[i].open) {
			size_t n = keep_gated(r, i, rec, &g[i]);
			*total += rec->nunits;
			*kept += n;
			rec->nunits = n;
		}
		pairing_free(&g[i].pr);
	}
	free(g);
	drop_old_versions(r);
}

/* What assay diff compares, named as git names it: `A...B` from the merge base of A and B
 * to B (what a pull request changes); `A..B` and `A B` the two trees; `A` against the
 * work tree. An empty side of a range is HEAD. */
struct diff_range {
	char a[256], b[256];	/* as given ("" b: the work tree) */
	int merge_base;		/* A...B */
	char from[256];		/* the revision compared from: a, or the merge base */
};

/* One side of a range: "" is HEAD. */
static void range_side(char *out, size_t len, const char *text, size_t n)
{
	if (n == 0)
		snprintf(out, len, "HEAD");
	else
		snprintf(out, len, "%.*s", (int)n, text);
}

/* p's revisions into d; -1 after an error message. */
static int parse_range(const struct run_params *p, struct diff_range *d)
{
	memset(d, 0, sizeof(*d));
	const char *one = p->npaths == 1 ? p->paths[0] : NULL;
	const char *dots = one ? strstr(one, "..") : NULL;
	if (p->npaths == 2 && !strstr(p->paths[0], "..") && !strstr(p->paths[1], "..")) {
		snprintf(d->a, sizeof(d->a), "%s", p->paths[0]);
		snprintf(d->b, sizeof(d->b), "%s", p->paths[1]);
	} else if (dots) {
		d->merge_base = dots[2] == '.';
		const char *right = dots + 2 + d->merge_base;
		range_side(d->a, sizeof(d->a), one, (size_t)(dots - one));
		range_side(d->b, sizeof(d->b), right, strlen(right));
	} else if (one) {
		snprintf(d->a, sizeof(d->a), "%s", one);
	} else {
		error_msg("usage: assay diff BASE...HEAD (from their merge base, as a pull request), "
			  "BASE..HEAD or BASE HEAD (the two trees), or BASE (against the work tree)");
		return -1;
	}
	snprintf(d->from, sizeof(d->from), "%s", d->a);
	return 0;
}

/* The changes a diff gates: d's trees, from the merge base for A...B. */
static int open_range(struct run *r, struct diff_range *d, char *err, size_t len)
{
	if (d->merge_base
	    && git_view_merge_base(r->git, d->a, d->b, d->from, sizeof(d->from), err, len) < 0)
		return -1;
	if (d->merge_base)
		snprintf(r->gate_from, sizeof(r->gate_from), " since the merge base of %s and %s "
			 "(%.12s)", d->a, d->b, d->from);
	return git_view_between(r->git, d->from, d->b[0] ? d->b : NULL, err, len);
}

/* .assay-baseline as a blob of rev (NULL: the index) into *out (NULL when there is none);
 * label says where, for messages. 0, or EXIT_USAGE after an error message. */
static int baseline_blob(struct run *r, const char *rev, const char *label,
			 struct baseline **out)
{
	struct wbuf data;
	struct cause_note why;
	char name[700], err[1400];
	snprintf(name, sizeof(name), "%s (%s)", BASELINE_NAME, label);
	wbuf_init(&data);
	*out = NULL;
	int got = git_view_file_at(r->git, rev, BASELINE_NAME, BASELINE_MAX_BYTES, &data, &why);
	if (got < 0) {
		char text[300];
		error_msg("%s: %s: not used", name, cause_text(why.cause, why.detail, text,
								sizeof(text)));
	} else if (got == 0) {
		*out = baseline_parse(name, data.data ? (const char *)data.data : "", data.len, err,
				      sizeof(err));
		if (!*out)
			error_msg("%s", err);
	}
	wbuf_free(&data);
	return got < 0 || (got == 0 && !*out) ? EXIT_USAGE : 0;
}

/* The baseline a gate applies, as a blob and never from the work tree: the index's
 * (precommit: what the commit will hold) or the one of the revision the diff compares
 * from. Under --strict the base revision's applies (strict_open_base) and the change's
 * own (the index's, the head revision's, or the work tree's) is only listed as refused. */
static int gate_baseline(struct run *r, int staged, const struct diff_range *d)
{
	if (staged)
		snprintf(r->baseline_from, sizeof(r->baseline_from), "in the index");
	else if (d->merge_base)
		snprintf(r->baseline_from, sizeof(r->baseline_from), "in the merge base of %s and %s",
			 d->a, d->b);
	else
		snprintf(r->baseline_from, sizeof(r->baseline_from), "in %s", d->a);
	if (!r->p->strict)
		return baseline_blob(r, staged ? NULL : d->from, r->baseline_from + 3, &r->baseline);
	if (staged || d->b[0])
		return baseline_blob(r, staged ? NULL : d->b, staged ? "the index" : d->b,
				     &r->baseline_refused);
	return run_read_baseline(r);	/* diff against the work tree: the work tree's */
}

/* The attributes the changes are read with (git/attrs.h): under --strict the base
 * revision's (none without one); else the index's for precommit, the head revision's for
 * diff A B, the work tree's for a diff to the work tree. */
static void open_attributes(struct run *r, int staged, const struct diff_range *d)
{
	const char *root = git_view_workdir(r->git);
	uint8_t commit[20];
	if (r->p->strict)
		r->attrs = git_view_base_commit(r->git, commit)
				   ? git_attrs_open(root, ATTRS_COMMIT, commit, NULL, 0) : NULL;
	else if (staged)
		r->attrs = git_attrs_open(root, ATTRS_INDEX, NULL, NULL, 0);
	else if (d->b[0])
		r->attrs = git_view_commit(r->git, d->b, commit) == 0
				   ? git_attrs_open(root, ATTRS_COMMIT, commit, NULL, 0) : NULL;
	else
		r->attrs = git_attrs_open(root, ATTRS_WORK_TREE, NULL, NULL, 0);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The gate's baselines (read from git) learn the files the change renames away or
 * deletes, whether the run measures them or not (--all does not): a path a change had a
 * file at and no change has one at any more, of any kind (a file replaced by a link is
 * not gone, as a plain run's lstat says). baseline_set_gone. */
static void baseline_gone_in_change(struct run *r)
{
	size_t n = git_view_count(r->git), nnow = 0, nwas = 0, ngone = 0;
	const char **now = xcalloc(n + 1, sizeof(*now)), **was = xcalloc(n + 1, sizeof(*was));
	for (size_t k = 0; k < n; k++) {
		const char *old, *new;
		git_view_paths(r->git, k, &old, &new);
		if (old)
			was[nwas++] = old;
		if (new)
			now[nnow++] = new;
	}
	if (nnow)
		qsort(now, nnow, sizeof(*now), by_path);
	const char **gone = xcalloc(nwas + 1, sizeof(*gone));
	for (size_t i = 0; i < nwas; i++)
		if (!bsearch(&was[i], now, nnow, sizeof(*now), by_path))
			gone[ngone++] = was[i];
	baseline_set_gone(r->baseline, gone, ngone);
	baseline_set_gone(r->baseline_refused, gone, ngone);
	free(gone);
	free(now);
	free(was);
}

/* precommit: the index against HEAD; diff: a range (struct diff_range). */
static int open_changes(struct run *r, int staged)
{
	char err[900];
	struct diff_range d;
	memset(&d, 0, sizeof(d));
	if (!staged && parse_range(r->p, &d) < 0)
		return EXIT_USAGE;
	if (git_view_open(&r->git, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	git_view_set_max_size(r->git, r->p->max_size);
	int rc = staged ? git_view_staged(r->git, err, sizeof(err))
			: open_range(r, &d, err, sizeof(err));
	if (rc < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	/* The revision a change's own excuses are checked in (its attributes among them). */
	rc = r->p->strict ? strict_open_base(r, staged ? NULL : d.a, staged || !d.b[0] ? NULL
											: d.b)
			  : 0;
	if (rc == 0) {
		open_attributes(r, staged, &d);
		rc = run_add_changes(r);
	}
	if (rc == 0)
		rc = gate_baseline(r, staged, &d);
	if (rc == 0)
		baseline_gone_in_change(r);
	return rc;
}

/* What a gate run's exit status becomes when the budget or a failure left it incomplete:
 * --on-error=block fails (3); allow (the default) lets the commit through, loudly. */
static int gate_outcome(struct run *r, int code)
{
	int incomplete = run_gate_incomplete(r);
	if (r->engine.budget_exceeded)
		log_event(LOG_WARNING, "budget.exceeded", NULL, "the time budget (%g s) ran out: "
			  "the files not reached are listed as such", r->p->budget);
	if (!incomplete || code >= EXIT_INCOMPLETE)
		return code;
	if (r->p->on_error_block)	/* as --fail-on=incomplete: 3 over violations' 1 */
		return EXIT_INCOMPLETE;
	if (code == EXIT_VIOLATIONS)	/* stopped anyway */
		return code;
	int commit = r->p->command && strcmp(r->p->command, "precommit") == 0;
	log_event(LOG_WARNING, "gate.incomplete", NULL, "the analysis is incomplete; %s "
		  "(--on-error=block would %s)", commit ? "allowing the commit" : "passing the change",
		  commit ? "stop it" : "fail with exit 3");
	return code;
}

/* How the gate mode reads in the report. */
static const char *gate_mode_text(enum gate_mode m)
{
	return m == GATE_NEW ? "--gate=new" : m == GATE_CHANGED ? "--gate=changed"
				: "--gate=worse: changed ones fail only when worse than before";
}

/* The analysis, the gating and the reports. */
static int analyze_and_gate(struct run *r)
{
	int engine_rc = run_analyze(r);
	char note[900];
	if (r->p->strict)
		strict_settle_changes(r);
	size_t kept, total;
	gate_changes(r, &kept, &total);
	run_baseline_gate_moved(r);
	static const char *const what[] = { [GATE_NEW] = "new", [GATE_WORSE] = "new or changed",
					    [GATE_CHANGED] = "new or changed" };
	if (r->p->gate_all)
		snprintf(note, sizeof(note), "gated: all %zu functions of %zu changed files%s "
			 "(--all)", total, r->list.nfiles, r->gate_from);
	else
		snprintf(note, sizeof(note), "gated: %zu %s of %zu functions in %zu changed "
			 "files%s (%s)", kept, what[r->p->gate_mode], total, r->list.nfiles,
			 r->gate_from, gate_mode_text(r->p->gate_mode));
	r->gate_note = note;
	int code = engine_rc > 0 ? engine_rc : gate_outcome(r, run_report(r, engine_rc));
	r->gate_note = NULL;
	return code;
}

/* diff --shard=K/N: the shard's part of the changed files, each old version with its new
 * one; the shard gates its part. */
static void share_out_changes(struct run *r, struct shard_plan *plan)
{
	if (!r->p->shard_total)
		return;
	shard_plan_make(r, r->p->shard_total, plan);
	shard_plan_pairs(r, plan);
	plan->index = r->p->shard_index;
	shard_keep_own(r, plan);
	r->shard = plan;
}

/* precommit: whether the index gated is not the repository's own in what it holds of the
 * changed files (git commit -a or git commit PATH: git's temporary index, gone when the
 * hook blocks the commit), so that commands reading the index (explain --staged,
 * baseline write --staged) would not see what was gated. */
static int index_elsewhere(const struct run *r)
{
	const char *env = getenv("GIT_INDEX_FILE");
	char own[PATH_MAX + 16], err[256], path[2 * PATH_MAX];
	struct gitindex ix;
	if (!env || !env[0])
		return 0;
	snprintf(own, sizeof(own), "%sindex", git_view_gitdir(r->git));
	if (gitindex_open(&ix, own, err, sizeof(err)) < 0)
		return 1;
	int elsewhere = 0;
	for (size_t i = 0; i < r->list.nfiles && !elsewhere; i++) {
		if (r->changes[i].side != 0 || !r->list.keys[i].has_oid
		    || !run_repo_path(r, i, path, sizeof(path)))
			continue;
		const struct gitindex_entry *e = gitindex_find(&ix, path);
		elsewhere = !e || memcmp(e->oid, r->list.keys[i].oid, 20) != 0;
	}
	gitindex_close(&ix);
	return elsewhere;
}

static int run_gate(const struct run_params *p, struct run_signals sig, int staged)
{
	if (output_check(p) < 0)
		return EXIT_USAGE;
	struct run r;
	struct shard_plan plan = { 0 };
	run_init(&r, p, sig);
	int code = open_changes(&r, staged);
	if (code == 0) {
		r.gate_index_elsewhere = staged && index_elsewhere(&r);
		share_out_changes(&r, &plan);
		code = analyze_and_gate(&r);
	}
	lookup_close(&r);
	run_free(&r);
	shard_plan_free(&plan);
	return code;
}

int cmd_precommit(const struct run_params *p, struct run_signals sig)
{
	return run_gate(p, sig, 1);
}

int cmd_diff(const struct run_params *p, struct run_signals sig)
{
	return run_gate(p, sig, 0);
}
