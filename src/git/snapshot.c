/*
 * snapshot.c - whole snapshots of a repository (see view.h): every file of a revision or
 * of the index as the run's files (cache warm, baseline write), one file read from a
 * revision or the index (.assay-baseline for the gate), and what the work tree holds
 * that such a snapshot does not (baseline write says so).
 */
#include "git/view.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/keys.h"
#include "git/view_impl.h"
#include "util/alloc.h"

/* path (relative to the current directory) as a path from the work tree's top, into
 * out; -1 with err when it is outside the work tree. */
static int repo_relative(const char *top, const char *path, char *out, size_t len, char *err,
			 size_t errlen)
{
	char real[PATH_MAX];
	size_t n = strlen(top);
	if (!realpath(path, real)) {
		snprintf(err, errlen, "%s: no such file or directory", path);
		return -1;
	}
	if (strncmp(real, top, n) != 0 || (real[n] != '/' && real[n] != '\0')) {
		snprintf(err, errlen, "%s: outside the repository (%s)", path, top);
		return -1;
	}
	snprintf(out, len, "%s", real[n] ? real + n + 1 : "");
	return 0;
}

int git_view_limit(struct git_view *v, const char *const *paths, size_t n, char *err,
		   size_t len)
{
	char top[PATH_MAX];
	const char *wd = git_repository_workdir(v->repo);
	if (n == 0)
		return 0;
	if (!wd || !realpath(wd, top)) {
		snprintf(err, len, "%s: %s", wd ? wd : git_repository_path(v->repo),
			 wd ? "cannot find the work tree" : "a bare repository has no work tree");
		return -1;
	}
	v->limit = xcalloc(n, sizeof(*v->limit));
	for (size_t i = 0; i < n; i++) {
		char rel[PATH_MAX];
		if (repo_relative(top, paths[i], rel, sizeof(rel), err, len) < 0)
			return -1;
		v->limit[v->nlimit++] = xstrdup(rel[0] ? rel : ".");
	}
	return 0;
}

/* The options of a snapshot's listing: the size cap, the limiting paths. */
static void snapshot_options(const struct git_view *v, git_diff_options *opts)
{
	git_diff_options_of(v, opts);
	int everything = 0;
	for (size_t i = 0; i < v->nlimit; i++)
		everything |= strcmp(v->limit[i], ".") == 0;
	if (!everything) {
		opts->pathspec.strings = v->limit;
		opts->pathspec.count = v->nlimit;
	}
}

int git_view_tree(struct git_view *v, const char *rev, char *err, size_t len)
{
	int unborn;
	git_tree *tree = git_rev_tree(v, rev, &unborn, err, len);
	if (!tree) {
		if (unborn)
			snprintf(err, len, "%s: no commit yet", rev);
		return -1;
	}
	git_diff_options opts;
	snapshot_options(v, &opts);
	int rc = git_diff_tree_to_tree(&v->diff, v->repo, NULL, tree, &opts);
	git_tree_free(tree);
	if (rc != 0)
		say_git_error(err, len, "cannot list the tree");
	return rc != 0 ? -1 : 0;
}

int git_view_index_readable(struct git_view *v, char *err, size_t len)
{
	return git_view_index(v, err, len) != NULL;
}

int git_view_index_tree(struct git_view *v, char *err, size_t len)
{
	git_diff_options opts;
	snapshot_options(v, &opts);
	git_index *index = git_view_index(v, err, len);
	if (!index || check_conflicts(v, err, len) < 0)
		return -1;
	if (git_diff_tree_to_index(&v->diff, v->repo, NULL, index, &opts) != 0) {
		say_git_error(err, len, "cannot list the index");
		return -1;
	}
	return 0;
}

int git_mode_refused(unsigned mode, struct cause_note *why)
{
	if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	return cause_note(why, mode == GIT_FILEMODE_LINK	? CAUSE_SYMLINK
			       : mode == GIT_FILEMODE_COMMIT ? CAUSE_SUBMODULE
							     : CAUSE_NOT_REGULAR,
			  "%s", "");
}

/* The file at path in the index (git_view_file_at). */
static int index_file(struct git_view *v, const char *path, uint64_t max_size,
		      struct wbuf *out, struct cause_note *why)
{
	char err[600];
	git_index *index = git_view_index(v, err, sizeof(err));
	if (!index)
		return cause_note(why, CAUSE_GIT_BLOB, "%s", err);
	const git_index_entry *e = git_index_get_bypath(index, path, 0);
	char dir[PATH_MAX];
	size_t at;
	snprintf(dir, sizeof(dir), "%s/", path);
	if (!e && git_index_find_prefix(&at, index, dir) == 0)
		return cause_note(why, CAUSE_NOT_REGULAR, "%s", "");	/* files under it: a folder */
	if (!e)
		return 1;	/* not staged */
	if (git_mode_refused(e->mode, why))
		return -1;	/* a link, a submodule: never read as the file */
	return git_view_load(v, e->id.id, max_size, out, why) == 0 ? 0 : -1;
}

int git_view_file_at(struct git_view *v, const char *rev, const char *path, uint64_t max_size,
		     struct wbuf *out, struct cause_note *why)
{
	char err[600];
	wbuf_reset(out);
	if (!rev)
		return index_file(v, path, max_size, out, why);
	int unborn;
	git_tree *tree = git_rev_tree(v, rev, &unborn, err, sizeof(err));
	if (!tree)
		return unborn ? 1 : cause_note(why, CAUSE_GIT_BLOB, "%s", err);
	git_tree_entry *e = NULL;
	int rc = git_tree_entry_bypath(&e, tree, path);
	git_tree_free(tree);
	if (rc != 0)
		return rc == GIT_ENOTFOUND ? 1 : cause_note(why, CAUSE_GIT_BLOB, "cannot read %s", path);
	unsigned mode = (unsigned)git_tree_entry_filemode(e);
	uint8_t oid[20];
	memcpy(oid, git_tree_entry_id(e)->id, 20);
	git_tree_entry_free(e);
	if (git_mode_refused(mode, why))
		return -1;
	return git_view_load(v, oid, max_size, out, why) == 0 ? 0 : -1;
}

/* How a delta of a work-tree diff differs, in words. */
static const char *delta_how(git_delta_t status)
{
	if (status == GIT_DELTA_UNTRACKED)
		return "untracked";
	if (status == GIT_DELTA_ADDED)
		return "added";
	return status == GIT_DELTA_DELETED ? "deleted" : "modified";
}

/* Calls each for every delta of diff but a file outside a sparse checkout, which is not
 * deleted (libgit2 1.5 says so, git not). */
static void each_difference(struct git_view *v, git_diff *diff,
			    void (*each)(void *ctx, const char *path, const char *how), void *ctx)
{
	char err[300];
	git_index *index = git_view_index(v, err, sizeof(err));
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status != GIT_DELTA_DELETED || !git_view_sparse_entry(index, d->old_file.path))
			each(ctx, d->new_file.path, delta_how(d->status));
	}
}

int git_view_work_tree_differs(struct git_view *v, int from_index,
			       void (*each)(void *ctx, const char *path, const char *how),
			       void *ctx, char *err, size_t len)
{
	git_diff_options opts;
	snapshot_options(v, &opts);
	opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	git_diff *diff = NULL;
	git_tree *head = NULL;
	int unborn = 0, rc;
	keys_guard_hashing(1);	/* the work tree's files are hashed */
	if (from_index) {
		git_index *index = git_view_index(v, err, len);
		rc = index ? git_diff_index_to_workdir(&diff, v->repo, index, &opts) : -1;
	} else {
		head = git_rev_tree(v, "HEAD", &unborn, err, len);
		rc = head || unborn ? git_diff_tree_to_workdir_with_index(&diff, v->repo, head, &opts)
				    : -1;
	}
	keys_guard_hashing(0);
	if (rc != 0 && (head || from_index))
		say_git_error(err, len, "cannot compare the work tree");
	if (rc == 0)
		each_difference(v, diff, each, ctx);
	git_diff_free(diff);
	git_tree_free(head);
	return rc != 0 ? -1 : 0;
}
