/*
 * changes.c - the files of a git view (git/view.h) as a run's files: for precommit and
 * diff, both versions of each changed file; for cache warm, every file of a revision.
 */
#include "run/run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "git/view.h"
#include "run/exitcode.h"
#include "run/select.h"
#include "util/clock.h"
#include "util/alloc.h"
#include "util/msg.h"

/* One changed file's version into the run: read from its git object, or (a work-tree
 * diff) from the work tree. Returns its index. */
static size_t add_version(struct run *r, const char *path, const char *old_path, int side,
			  int in_object, const uint8_t *oid, uint64_t size)
{
	size_t i = file_list_add(&r->list, 0, ".", xstrdup(path));
	run_sync_files(r);
	struct file_entry *f = &r->list.files[i];
	f->from_git = (uint8_t)in_object;
	f->size = size;
	r->list.keys[i].has_oid = (uint8_t)in_object;
	memcpy(r->list.keys[i].oid, oid, 20);
	r->changes[i] = (struct file_change){ .side = side, .partner = -1, .priority = 1 };
	select_change(r, i, path, old_path);
	const struct file_verdict *v = &r->list.verdicts[i];
	if (v->given)
		run_verdict(r, i, (enum file_status)v->status, (enum cause)v->cause, v->detail);
	return i;
}

/* A deleted file's old version: measured last (the gate finds the functions it held
 * that moved to another changed file), never reported. */
static void add_deleted(struct run *r, const struct git_change *c)
{
	size_t i = add_version(r, c->old_path, NULL, 1, 1, c->old_oid, c->old_size);
	r->changes[i].deleted = 1;
	r->changes[i].priority = 0;
}

/* A changed file's new version, with its old one and, concluding a merge, the merged
 * branches' versions, each partnered with the new one. */
static void add_change(struct run *r, const struct git_change *c)
{
	size_t at = add_version(r, c->new_path, c->old_path, 0, c->new_in_object, c->new_oid,
				c->new_size);
	r->changes[at].changed_lines = c->added_lines;
	if (r->state[at].done)
		return;
	if (c->old_path) {
		size_t old = add_version(r, c->old_path, NULL, 1, 1, c->old_oid, c->old_size);
		r->changes[old].partner = (long)at;
		r->changes[at].partner = (long)old;
	}
	for (size_t m = 0; m < c->nmerged; m++) {
		size_t mv = add_version(r, c->new_path, NULL, 1, 1, c->merged_oid[m],
					c->merged_size[m]);
		r->changes[mv].partner = (long)at;
		r->changes[mv].merged = 1;
	}
}

/* Change k when it stages a symbolic link or a submodule: reported skipped, as a plain run
 * reports them (before, such a change vanished from the report). */
static void add_not_file(struct run *r, size_t k)
{
	int submodule = 0;
	const char *path = git_view_not_file(r->git, k, &submodule);
	if (!path)
		return;
	size_t i = file_list_add(&r->list, 0, ".", xstrdup(path));
	run_sync_files(r);
	r->changes[i] = (struct file_change){ .side = 0, .partner = -1, .priority = 0 };
	/* -x, [exclude], -l, vendored folders and unknown languages come first, as for a
	 * file: a link under docs/ excluded is excluded, not a skipped link. */
	select_change(r, i, path, NULL);
	const struct file_verdict *v = &r->list.verdicts[i];
	if (v->given)
		run_verdict(r, i, (enum file_status)v->status, (enum cause)v->cause, v->detail);
	else
		run_verdict(r, i, FILE_SKIPPED, submodule ? CAUSE_SUBMODULE : CAUSE_SYMLINK, NULL);
}

int run_add_changes(struct run *r)
{
	const char *wd = git_view_workdir(r->git);
	if (!wd) {
		error_msg("%s: a bare repository: %s reads its configuration and the files' "
			  "attributes from a work tree; run it in a clone with one",
			  git_view_gitdir(r->git), r->p->command ? r->p->command : "assay");
		return EXIT_USAGE;
	}
	if (file_list_add_root(&r->list, wd) < 0) {
		error_msg("%s: cannot open the work tree: %s", wd, strerror(errno));
		return EXIT_USAGE;
	}
	r->changes = xcalloc(1, sizeof(*r->changes));
	/* The lines a change adds order the files (most changed first); counting them reads
	 * both blobs of each file, so under a time budget it stops at a fifth of it. */
	double count_until = r->p->budget > 0 ? r->t.start + r->p->budget / 5 : 0;
	size_t nchanged = 0;
	for (size_t k = 0; k < git_view_count(r->git); k++) {
		struct git_change c;
		int count_lines = !count_until || now_seconds() < count_until;
		if (git_view_change(r->git, k, &c, count_lines)) {
			add_change(r, &c);
			nchanged++;
		} else {
			add_not_file(r, k);
		}
	}
	/* Only where a function could have moved to: a change that only deletes files
	 * measures nothing. */
	for (size_t k = 0; nchanged && !r->p->gate_all && k < git_view_count(r->git); k++) {
		struct git_change c;
		if (git_view_deleted(r->git, k, &c))
			add_deleted(r, &c);
	}
	return 0;
}

