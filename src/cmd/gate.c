/*
 * gate.c - `assay precommit` and `assay diff BASE [HEAD]`: one pipeline, two sources of
 * changes. precommit compares the index (what the commit will hold) with HEAD; diff
 * compares two revisions, or a revision with the work tree. Both versions of every
 * changed file are analyzed (read from git objects, never from the work tree unless the
 * diff is against it), and only the new version's new and changed functions are gated:
 * a function whose body hash the old version has too is unchanged (moved, renamed,
 * reformatted or re-commented), unless --all.
 */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/view.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "run/strict.h"
#include "util/log.h"
#include "util/msg.h"

/* 1 when the old version holds a unit with the same body (unchanged, or only moved,
 * renamed, reformatted or re-commented). */
static int unchanged(const struct record *old, const struct unit *u)
{
	for (size_t i = 0; i < old->nunits; i++)
		if (old->units[i].body_hash == u->body_hash)
			return 1;
	return 0;
}

/* Keeps the new and changed units of the new version i (all of them with --all or when
 * there is no old version to compare with). */
static void gate_file(struct run *r, size_t i, size_t *kept, size_t *total)
{
	struct record *rec = &r->state[i].rec;
	long partner = r->changes[i].partner;
	const struct file_state *old = partner >= 0 ? &r->state[partner] : NULL;
	int compare = !r->p->gate_all && old && old->done && old->rec.status <= FILE_FALLBACK;
	size_t n = 0;
	for (size_t k = 0; k < rec->nunits; k++) {
		if (compare && unchanged(&old->rec, &rec->units[k]))
			record_unit_free(&rec->units[k]);
		else
			rec->units[n++] = rec->units[k];
	}
	*total += rec->nunits;
	*kept += n;
	rec->nunits = n;
}

/* Keeps only the new and changed units of each new version, unless --all; then drops
 * the old versions. Returns how many units were kept of how many. */
static void gate_changes(struct run *r, size_t *kept, size_t *total)
{
	*kept = *total = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		const struct file_state *s = &r->state[i];
		if (r->changes[i].side == 0 && s->done && s->rec.status <= FILE_FALLBACK)
			gate_file(r, i, kept, total);
	}
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

/* precommit: the index against HEAD; diff: BASE against HEAD or the work tree. */
static int open_changes(struct run *r, int staged)
{
	char err[600];
	if (git_view_open(&r->git, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	git_view_set_max_size(r->git, r->p->max_size);
	int rc;
	const struct run_params *p = r->p;
	if (staged)
		rc = git_view_staged(r->git, err, sizeof(err));
	else if (p->npaths < 1 || p->npaths > 2) {
		snprintf(err, sizeof(err), "assay diff takes BASE [HEAD]");
		rc = -1;
	} else
		rc = git_view_between(r->git, p->paths[0], p->npaths > 1 ? p->paths[1] : NULL, err,
				      sizeof(err));
	if (rc < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	rc = run_add_changes(r);
	if (rc == 0 && p->strict)	/* the revision a change's own excuses are checked in */
		rc = strict_open_base(r, staged ? NULL : p->paths[0],
				      staged || p->npaths < 2 ? NULL : p->paths[1]);
	return rc;
}

/* What a gate run's exit status becomes when the budget or a failure left it incomplete:
 * --on-error=block fails (3); allow (the default) lets the commit through, loudly. */
static int gate_outcome(struct run *r, int code)
{
	int incomplete = r->engine.budget_exceeded || r->engine.interrupted;
	for (size_t i = 0; i < r->list.nfiles && !incomplete; i++)
		incomplete = !r->state[i].done || r->state[i].rec.status == FILE_FAILED;
	if (r->engine.budget_exceeded)
		log_event(LOG_WARNING, "budget.exceeded", NULL, "the time budget (%g s) ran out: "
			  "the files not reached are listed as such", r->p->budget);
	if (!incomplete || code >= EXIT_INCOMPLETE || code == EXIT_VIOLATIONS)
		return code;
	if (r->p->on_error_block)
		return EXIT_INCOMPLETE;
	log_event(LOG_WARNING, "gate.incomplete", NULL, "the analysis is incomplete; allowing "
		  "the commit (--on-error=block would stop it)");
	return code;
}

/* The analysis, the gating and the reports. */
static int analyze_and_gate(struct run *r)
{
	int engine_rc = run_analyze(r);
	char note[160];
	if (r->p->strict)
		strict_settle_changes(r);
	size_t kept, total;
	gate_changes(r, &kept, &total);
	snprintf(note, sizeof(note), "gated: %zu new or changed of %zu functions in %zu changed "
		 "files%s", kept, total, r->list.nfiles, r->p->gate_all ? " (--all)" : "");
	r->gate_note = note;
	int code = engine_rc > 0 ? engine_rc : gate_outcome(r, run_report(r, engine_rc));
	r->gate_note = NULL;
	return code;
}

static int run_gate(const struct run_params *p, struct run_signals sig, int staged)
{
	struct run r;
	run_init(&r, p, sig);
	int code = run_read_baseline(&r);
	if (code == 0)
		code = open_changes(&r, staged);
	if (code == 0)
		code = analyze_and_gate(&r);
	lookup_close(&r);
	run_free(&r);
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
