/*
 * baseline_use.c - which entries of .assay-baseline still stand for a function over the
 * limits (see store/baseline.h): marked from the run's results, judged only for files the
 * run measured or skipped for what they are (baseline_decides) or that are gone, so that the file shrinks as debt is paid.
 */
#include "run/run.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "store/baseline.h"
#include "util/alloc.h"
#include "util/log.h"

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the run measured the whole repository: no shard, no -l, and no path named but
 * its top. Only then may a gone file's entries be called unused: their function may have
 * moved to a file the run did not measure (baseline.h, moved entries). */
static int covers_everything(const struct run *r)
{
	const struct run_params *p = r->p;
	char top[PATH_MAX], here[PATH_MAX];
	/* baseline write's first word is "write"; without PATHs it records the whole
	 * repository wherever it runs. */
	int baseline = p->command && strcmp(p->command, "baseline") == 0;
	size_t first = baseline ? 1 : 0;
	if (p->shard_total || p->language_mask || !realpath(p->root, top))
		return 0;
	if (p->npaths <= first)
		return baseline || (getcwd(here, sizeof(here)) && strcmp(here, top) == 0);
	for (size_t i = first; i < p->npaths; i++)
		if (realpath(p->paths[i], here) && strcmp(here, top) == 0)
			return 1;
	return 0;
}

/* File i's path from the repository root into path when it is judged: its record
 * decides its entries (baseline_decides), as baseline write replaces theirs only. */
static const char *judged_path(const struct run *r, size_t i, char *path, size_t len)
{
	const struct file_state *s = &r->state[i];
	if (!s->done || !baseline_decides(&s->rec) || (r->changes && r->changes[i].side != 0))
		return NULL;
	return run_repo_path(r, i, path, len);
}

void run_baseline_mark(struct run *r, size_t i)
{
	struct baseline *b = r->baseline ? r->baseline : r->baseline_refused;
	char path[2 * PATH_MAX];
	if (b && judged_path(r, i, path, sizeof(path))) {
		baseline_mark_used(b, path, &r->state[i].rec, run_limits(r, i));
		r->state[i].baseline_marked = 1;
	}
}

void run_baseline_judge(const struct run *r, struct baseline *b, struct baseline_judge *j)
{
	memset(j, 0, sizeof(*j));
	j->root = r->p->root;
	j->whole = covers_everything(r);
	j->paths = xcalloc(r->list.nfiles + 1, sizeof(*j->paths));
	for (size_t i = 0; i < r->list.nfiles; i++) {
		char path[2 * PATH_MAX];
		if (!judged_path(r, i, path, sizeof(path)))
			continue;
		if (!r->state[i].baseline_marked)	/* else marked before it was pruned */
			baseline_mark_used(b, path, &r->state[i].rec, run_limits(r, i));
		j->paths[j->n++] = xstrdup(path);
	}
	qsort(j->paths, j->n, sizeof(*j->paths), by_string);
}

int run_baseline_judged(void *ctx, const char *path)
{
	const struct baseline_judge *j = ctx;
	if (bsearch(&path, j->paths, j->n, sizeof(*j->paths), by_string))
		return 1;
	return j->whole && baseline_file_gone(j->root, path);
}

void run_baseline_judge_free(struct baseline_judge *j)
{
	free_strings(j->paths, j->n);
	memset(j, 0, sizeof(*j));
}

/* Marks each unit of the run with no entry of its own in b (unit.unentered), as
 * baseline_apply does with the run's baseline. */
static void find_unentered(struct run *r, const struct baseline *b)
{
	for (size_t i = 0; i < r->list.nfiles; i++) {
		char path[2 * PATH_MAX];
		struct record *rec = &r->state[i].rec;
		int known = r->state[i].done && run_repo_path(r, i, path, sizeof(path));
		for (size_t k = 0; k < rec->nunits; k++)
			rec->units[k].unentered = known && !baseline_has_entry(b, path, rec,
									       &rec->units[k],
									       run_limits(r, i));
	}
}

/* What the entries a unit takes from the moved ones do. */
enum take { TAKE_MARK, TAKE_ACCEPT, TAKE_REFUSE };

/* take_moved for the units of one file's record. */
static void take_moved_in(struct record *rec, const struct thresholds *t, struct baseline *b,
			  enum take how, int by_name)
{
	for (size_t k = 0; k < rec->nunits; k++) {
		struct unit *u = &rec->units[k];
		int took = 0;
		uint32_t bits = u->unentered ? baseline_accept_moved(b, u, t, by_name, &took) : 0;
		u->baselined |= how == TAKE_ACCEPT ? bits : 0;
		u->refused_baselined |= how == TAKE_REFUSE ? bits : 0;
		u->unentered = u->unentered && !took;	/* one entry at most */
	}
}

/* The units over a limit with no entry of their own in b take b's entries whose function
 * left a file still there: those with their name first, then in path order. The entries
 * taken are marked used; the violations one accepts are the unit's baselined ones
 * (TAKE_ACCEPT), or its refused ones under --strict (TAKE_REFUSE). */
static void take_moved(struct run *r, struct baseline *b, enum take how)
{
	for (int by_name = 1; by_name >= 0; by_name--)
		for (size_t i = 0; i < r->list.nfiles; i++)
			if (r->state[i].done && r->state[i].rec.status <= FILE_FALLBACK)
				take_moved_in(&r->state[i].rec, run_limits(r, i), b, how, by_name);
}

void run_baseline_moved(struct run *r)
{
	if (r->changes)
		return;
	if (r->baseline && !r->p->strict)
		take_moved(r, r->baseline, TAKE_ACCEPT);
	else if (r->p->strict && r->baseline_refused)
		take_moved(r, r->baseline_refused, TAKE_REFUSE);
}

/* Notes b's entries whose function left a file measured whole (baseline_note_left), then
 * lets the units without an entry of their own take them (take_moved). Every record whole. */
static void follow_moves(struct run *r, struct baseline *b, enum take how)
{
	for (size_t i = 0; i < r->list.nfiles; i++) {
		char path[2 * PATH_MAX];
		if (r->state[i].done && r->state[i].rec.status == FILE_OK
		    && judged_path(r, i, path, sizeof(path)))
			baseline_note_left(b, path, &r->state[i].rec);
	}
	find_unentered(r, b);
	take_moved(r, b, how);
}

void run_baseline_old_moved(struct run *r, struct baseline *old)
{
	follow_moves(r, old, TAKE_MARK);
}

void run_baseline_gate_moved(struct run *r)
{
	if (!r->p->gate_all)
		return;
	if (r->baseline)
		follow_moves(r, r->baseline, TAKE_ACCEPT);
	if (r->baseline_refused && r->p->strict)
		follow_moves(r, r->baseline_refused, TAKE_REFUSE);
}

void run_report_unused_entries(struct run *r)
{
	struct baseline *b = r->baseline ? r->baseline : r->baseline_refused;
	if (!b || *r->sig.stop)
		return;
	struct baseline_judge j;
	char sample[600];
	run_baseline_judge(r, b, &j);
	size_t n = baseline_unused(b, run_baseline_judged, &j, sample, sizeof(sample));
	run_baseline_judge_free(&j);
	if (n)
		log_event(LOG_WARNING, "baseline.unused", BASELINE_NAME, "%zu entries match no "
			  "function over the limits any more (%s%s): `assay baseline write --prune` "
			  "removes them", n, sample, n > 3 ? ", ..." : "");
}
