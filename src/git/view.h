/*
 * view.h - the changed files of a commit being made (the index against HEAD) or between two
 * revisions, and their content read from git objects. Supervisor only.
 */
#ifndef ASSAY_GIT_H
#define ASSAY_GIT_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/cause.h"

struct git_view;

/* A changed file: its new version and, unless it is new, its old one. */
#define GIT_VIEW_MAX_MERGED 16	/* merged branches read (an octopus merge's MERGE_HEAD) */

struct git_change {
	const char *new_path;		/* relative to the work tree; owned by the view */
	int new_in_object;		/* the new version is a git object (else the work tree) */
	uint8_t new_oid[20];
	uint64_t new_size;
	const char *old_path;		/* NULL for an added file */
	uint8_t old_oid[20];
	uint64_t old_size;
	uint32_t added_lines;
	/* Concluding a merge: each merged branch's version of the file at new_path, when it
	 * is a regular file other than both the new and the old version (an auto-merged
	 * file): a function it has as the new version has it is the branch's, not this
	 * commit's change. */
	size_t nmerged;
	uint8_t merged_oid[GIT_VIEW_MAX_MERGED][20];
	uint64_t merged_size[GIT_VIEW_MAX_MERGED];
};

/* Opens the repository around path as git would: GIT_DIR and GIT_WORK_TREE when set
 * (libgit2 1.5 does not read GIT_WORK_TREE itself), GIT_INDEX_FILE for its index.
 * Returns 0 or a libgit2 error code: GIT_EUSER when GIT_INDEX_FILE's index cannot be used
 * (libgit2's error names it and why; nothing is left open). */
struct git_repository;
int git_open_repository(struct git_repository **out, const char *path);
/* The path of the repository's index file, as git finds it (GIT_INDEX_FILE). */
void git_index_file(struct git_repository *repo, char *buf, size_t len);

/* Opens the repository of the current directory, as a hook would (GIT_DIR,
 * GIT_WORK_TREE, GIT_INDEX_FILE). Returns 0, or -1 with err. */
int git_view_open(struct git_view **v, char *err, size_t len);
/* The same for the repository around dir (git_view_open: around "."). */
int git_view_open_at(struct git_view **v, const char *dir, char *err, size_t len);
/* Blobs larger than bytes are never inflated (the run's --max-size; 8 MiB until set). */
void git_view_set_max_size(struct git_view *v, uint64_t bytes);
void git_view_free(struct git_view *v);
const char *git_view_workdir(const struct git_view *v);
/* The repository's git directory, for messages about a bare one. */
const char *git_view_gitdir(const struct git_view *v);
/* The staged changes (index against HEAD; everything when HEAD has no commit yet).
 * Merge conflicts are an error naming the files. Concluding a merge, a file staged as
 * the merged branch (MERGE_HEAD) has it is no change of this commit (git_view_change
 * skips it): its functions were gated when they were committed there. */
int git_view_staged(struct git_view *v, char *err, size_t len);
/* The changes from base to head, or to the work tree when head is NULL. */
int git_view_between(struct git_view *v, const char *base, const char *head, char *err,
		     size_t len);
size_t git_view_count(const struct git_view *v);
/* Change i; 0 when it is not one to analyze (deleted, not a regular file). added_lines
 * is counted (a patch: both blobs read) only when count_lines is set, else 0. */
int git_view_change(const struct git_view *v, size_t i, struct git_change *c, int count_lines);
/* Change i's paths: the old one when it had a file of any kind (NULL: added), the new one
 * when it has one (NULL: deleted); the same path when modified or changed in type. */
void git_view_paths(const struct git_view *v, size_t i, const char **old_path,
		    const char **new_path);
/* Change i when it deletes a regular file: 1 with its old_path, old_oid and old_size (a
 * function it held may have moved to another changed file), else 0. */
int git_view_deleted(const struct git_view *v, size_t i, struct git_change *c);
/* Change i when it leaves a symbolic link or a submodule at a path: that path, and
 * *submodule; else NULL. Neither is measured: the run reports it skipped, as a plain run
 * does. */
const char *git_view_not_file(const struct git_view *v, size_t i, int *submodule);
/* Snapshots (snapshot.c). Every regular file of a revision's tree, or of the index, as
 * changes with no old version (assay cache warm, baseline write), limited to the paths
 * git_view_limit set. */
int git_view_tree(struct git_view *v, const char *rev, char *err, size_t len);
int git_view_index_tree(struct git_view *v, char *err, size_t len);
/* Limits snapshots to paths (relative to the current directory, inside the work tree):
 * 0, or -1 with err. */
int git_view_limit(struct git_view *v, const char *const *paths, size_t n, char *err,
		   size_t len);
/* Whether libgit2 can read the index (a split index, say, it cannot); else err says
 * which file and why. */
int git_view_index_readable(struct git_view *v, char *err, size_t len);
/* The raw bytes of the regular file at path (from the top) in revision rev, or in the
 * index when rev is NULL: 0; 1 when there is none; -1 when it is no regular file (a
 * symbolic link, a submodule), cannot be read or is over max_size (*why says which). */
int git_view_file_at(struct git_view *v, const char *rev, const char *path, uint64_t max_size,
		     struct wbuf *out, struct cause_note *why);
/* Calls each with every file of the work tree (within the limit) that differs from HEAD,
 * or from the index when from_index, and how: "modified", "deleted", or "untracked" (not
 * ignored). 0, or -1 with err. */
int git_view_work_tree_differs(struct git_view *v, int from_index,
			       void (*each)(void *ctx, const char *path, const char *how),
			       void *ctx, char *err, size_t len);
/* The raw bytes of a blob (no filters). 0, 1 when over max_size, -1 when it cannot be read
 * (*why says which). */
int git_view_load(struct git_view *v, const uint8_t oid[20], uint64_t max_size, struct wbuf *out,
		  struct cause_note *why);

/* The merge base of the commits a and b (git merge-base a b), as hexadecimal into hex:
 * 0, or -1 with err (none: unrelated histories; in a shallow clone, what to fetch). */
int git_view_merge_base(struct git_view *v, const char *a, const char *b, char *hex,
			size_t hexlen, char *err, size_t len);

/* The revision --strict checks a change's own excuses against (run/strict.h): HEAD for
 * the staged changes (base NULL); for diff, the merge base of base and head (HEAD when
 * head is NULL: the work tree's commit). Returns 1 with its name in name ("HEAD", "merge
 * base of main and HEAD (0123456789ab)"), 0 when there is none (no commit yet, unrelated
 * histories), -1 with err. */
int git_view_base(struct git_view *v, const char *base, const char *head, char *name,
		  size_t namelen, char *err, size_t len);
/* The base revision's commit into oid: 1, or 0 when there is none. */
int git_view_base_commit(const struct git_view *v, uint8_t oid[20]);
/* The commit rev names into oid: 0, or -1 when it names none. */
int git_view_commit(struct git_view *v, const char *rev, uint8_t oid[20]);
/* The raw bytes of the regular file at path in the base revision's tree: 0; 1 when there
 * is no base revision or nothing there; -1 when it is no regular file (a symbolic link, a
 * submodule), cannot be read or is over max_size (*why says which). */
int git_view_base_file(struct git_view *v, const char *path, uint64_t max_size,
		       struct wbuf *out, struct cause_note *why);

#endif
