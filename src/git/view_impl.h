/*
 * view_impl.h - the git view's state, shared by the files that make it up: view.c (opening,
 * the changes, blobs), view_staged.c (the staged changes), revs.c
 * (revisions, ranges, merge bases, the base revision), view_merge.c (concluding a
 * merge) and view_diff.c (the diff options and rename finding they share).
 */
#ifndef ASSAY_GIT_VIEW_IMPL_H
#define ASSAY_GIT_VIEW_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "common/cause.h"
#include "git/libgit2.h"
#include "git/view.h"

struct git_view {
	git_repository *repo;
	git_index *index;
	git_diff *diff;
	char **paths;		/* the pathspec the diff was made with (it keeps pointers) */
	size_t npaths;
	uint64_t max_size;	/* larger blobs are never inflated, not even to diff them */
	git_tree *base_tree;	/* the base revision's (git_view_base), or NULL */
	git_oid base_commit;	/* its commit, when base_tree is set */
	char **limit;		/* the paths a snapshot is limited to (git_view_limit) */
	size_t nlimit;
	int to_workdir;		/* the diff's new side is the work tree (git_view_between) */
	git_index *wt_index;	/* then the index, whose skip-worktree entries (a sparse
				   checkout) are not deleted where the work tree lacks them */
	git_tree *merge_trees[GIT_VIEW_MAX_MERGED];	/* precommit concluding a merge: MERGE_HEAD's trees */
	/* Each one's merge base with HEAD to HEAD, renames found (NULL: none could be
	 * made): a file our branch renamed is under its old name in the merged tree. */
	git_diff *our_renames[GIT_VIEW_MAX_MERGED];
	size_t nmerge_trees;
};

/* The repository's index, opened once; NULL with err naming the file and why
 * (view.c). */
git_index *git_view_index(struct git_view *v, char *err, size_t len);

/* The entry of index for path when it is skip-worktree (outside a sparse checkout: not
 * in the work tree, and not deleted for that), else NULL (view.c). */
const git_index_entry *git_view_sparse_entry(git_index *index, const char *path);

/* -1 with err naming the first few when the index has merge conflicts (stage != 0): no
 * commit can be made of it, and its stage 1 is the common ancestor's (view.c). */
int check_conflicts(struct git_view *v, char *err, size_t len);

/* The diff options every comparison starts from (the size cap; view_diff.c). */
void git_diff_options_of(const struct git_view *v, git_diff_options *opts);

/* The tree a revision names; NULL with err, or with *unborn set for a HEAD with no commit
 * yet (view.c). */
git_tree *git_rev_tree(struct git_view *v, const char *rev, int *unborn, char *err, size_t len);

/* What to do when a shallow clone lacks what a revision needs. */
#define FETCH_MORE "fetch more history (git fetch --deepen=N, or git fetch --unshallow; " \
		   "actions/checkout: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0)"

/* err = "REV: WHAT" and libgit2's last error; in a shallow clone, what to fetch instead
 * (view.c). */
void say_missing(struct git_view *v, const char *rev, const char *what, char *err, size_t len);

/* Renames in diff, as git finds them (view_diff.c): 0, or libgit2's error. */
int find_renames(const struct git_view *v, git_diff *diff);

/* Concluding a merge (view_merge.c): keeps MERGE_HEAD's trees; whether the delta's new
 * file is a merged branch's as it is; c's merged versions (git_change.merged_oid). */
void git_view_merge_trees(struct git_view *v);
int from_merged_branch(const struct git_view *v, const git_diff_delta *d);
void merged_versions(const struct git_view *v, struct git_change *c);

/* err = "what: libgit2's last error". */
void say_git_error(char *err, size_t len, const char *what);
/* 0 when a tree or index entry's mode is a regular file's; else the refusal in *why (a
 * symbolic link, a submodule, a tree) and -1. */
int git_mode_refused(unsigned mode, struct cause_note *why);

#endif
