/*
 * view.c - what changed, read from git objects (see view.h). libgit2 is used read-only: it
 * runs no hooks, no filter drivers, no external diff and no fsmonitor; blobs are read
 * raw. The index is opened as git itself would for a hook (GIT_DIR, GIT_WORK_TREE and
 * GIT_INDEX_FILE honoured: git commit -a and git commit PATH run hooks with a temporary
 * index).
 */
#include "git/view.h"

#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/pathwalk.h"
#include "git/keys.h"
#include "git/libgit2.h"
#include "git/view_impl.h"
#include "util/log.h"
#include "util/alloc.h"


void say_git_error(char *err, size_t len, const char *what)
{
	const git_error *e = git_error_last();
	const char *m = e && e->message ? e->message : "unknown error";
	/* libgit2 (1.5) reads no split index and no sparse index: say how to make it whole. */
	snprintf(err, len, "%s: %s%s", what, m, strstr(m, "extension: 'link'")
		 ? " (a split index, which assay cannot read yet: `git config core.splitIndex "
		   "false && git update-index --no-split-index` makes it whole)"
		 : strstr(m, "extension: 'sdir'")
		 ? " (a sparse index, which assay cannot read yet: `git sparse-checkout init "
		   "--no-sparse-index` makes it whole, keeping the sparse checkout)" : "");
}

/* err for a revision that cannot be found: in a shallow clone, what to fetch. */
void say_missing(struct git_view *v, const char *rev, const char *what, char *err,
			size_t len)
{
	char head[300];
	snprintf(head, sizeof(head), "%s: %s", rev, what);
	/* libgit2's message first: asking whether the clone is shallow replaces it. */
	say_git_error(err, len, head);
	if (git_repository_is_shallow(v->repo) == 1)
		snprintf(err, len, "%s in this shallow clone: fetch it (e.g. git fetch origin "
			 "BRANCH:BRANCH for a branch, or git fetch origin COMMIT) or %s", head,
			 FETCH_MORE);
}

git_tree *git_rev_tree(struct git_view *v, const char *rev, int *unborn, char *err, size_t len)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	*unborn = 0;
	int rc = git_revparse_single(&obj, v->repo, rev);
	if (rc == GIT_ENOTFOUND && strcmp(rev, "HEAD") == 0) {
		*unborn = 1;	/* the initial commit: everything is new */
		return NULL;
	}
	if (rc != 0 || git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) != 0)
		say_missing(v, rev, "not a revision", err, len);
	git_object_free(obj);
	return tree;
}

/* 0 when the index at path is a regular file or missing; libgit2 opens it blocking and
 * follows links, so a FIFO there would hang the gate. */
static int index_usable(const char *path, char *err, size_t len)
{
	struct stat st;
	if (lstat(path, &st) < 0 || S_ISREG(st.st_mode))
		return 0;
	snprintf(err, len, "%s: the git index is %s, not a regular file; not read", path,
		 pathwalk_kind(st.st_mode));
	return -1;
}

/* GIT_INDEX_FILE, when set, is the index (git commit -a and git commit PATH run hooks with
 * a temporary one). -1 with libgit2's error naming the file and why. */
static int use_index_file(git_repository *repo)
{
	const char *index_file = getenv("GIT_INDEX_FILE");
	git_index *index;
	char err[PATH_MAX + 400];
	if (!index_file || !index_file[0])
		return 0;
	if (index_usable(index_file, err, sizeof(err)) < 0) {
		git_error_set_str(GIT_ERROR_INDEX, err);
		return -1;
	}
	if (git_index_open(&index, index_file) != 0) {
		char what[PATH_MAX + 40];
		snprintf(what, sizeof(what), "%s (GIT_INDEX_FILE): cannot read it", index_file);
		say_git_error(err, sizeof(err), what);
		git_error_set_str(GIT_ERROR_INDEX, err);
		return -1;
	}
	git_repository_set_index(repo, index);
	git_index_free(index);
	return 0;
}

void git_index_file(git_repository *repo, char *buf, size_t len)
{
	const char *index_file = getenv("GIT_INDEX_FILE");
	if (index_file && index_file[0])
		snprintf(buf, len, "%s", index_file);
	else
		snprintf(buf, len, "%sindex", git_repository_path(repo));
}

/* The repository *out with GIT_INDEX_FILE's index: 0, or GIT_EUSER (the repository
 * closed) when that index cannot be used. */
static int with_index_file(git_repository **out)
{
	if (use_index_file(*out) == 0)
		return 0;
	git_repository_free(*out);
	*out = NULL;
	return GIT_EUSER;
}

/* The folder holding the .git (a folder, or a gitdir file) that discovery from at (a
 * resolved path) finds, into out; 0 when none is found. */
static int git_holder(const char *at, char *out, size_t len)
{
	struct stat st;
	snprintf(out, len, "%s", at);
	if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode) && strrchr(out, '/'))
		*strrchr(out, '/') = '\0';
	for (;;) {
		char dotgit[PATH_MAX + 8];
		snprintf(dotgit, sizeof(dotgit), "%s/.git", out[1] ? out : "");
		if (lstat(dotgit, &st) == 0)
			return 1;
		char *slash = strrchr(out, '/');
		if (!slash || !out[1])
			return 0;
		slash[slash == out] = '\0';	/* "/a" -> "/" */
	}
}

/* The open guard told of repo's folders, and of the files its configuration names to be
 * read whole (relative ones from here, and from the work tree, as libgit2 tries both). */
static void guard_repository(git_repository *repo)
{
	static const char *const keys[] = { "core.excludesFile", "core.attributesFile" };
	const char *wd = git_repository_workdir(repo);
	keys_guard_repository(wd, git_repository_path(repo), git_repository_commondir(repo));
	git_config *cfg = NULL;
	if (git_repository_config_snapshot(&cfg, repo) != 0)
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		git_buf value = { 0 };
		char in_tree[PATH_MAX];
		if (git_config_get_path(&value, cfg, keys[i]) == 0 && value.size) {
			keys_guard_config_file(value.ptr);
			if (wd && value.ptr[0] != '/'
			    && snprintf(in_tree, sizeof(in_tree), "%s%s", wd, value.ptr)
				       < (int)sizeof(in_tree))
				keys_guard_config_file(in_tree);
		}
		git_buf_dispose(&value);
	}
	git_config_free(cfg);
}

/* The repository *out found from path, when its work tree is the folder holding the .git
 * found from path: 0; else (its configuration's core.worktree names another folder, a
 * parent or elsewhere) GIT_EINVALID, the repository closed and the error set: a
 * repository's own file must not send the supervisor to read, measure and write
 * elsewhere. */
static int holding(git_repository **out, const char *path)
{
	const char *wd = git_repository_workdir(*out);
	char top[PATH_MAX], at[PATH_MAX], holder[PATH_MAX], err[5 * PATH_MAX];
	if (!wd || !realpath(wd, top) || !realpath(path, at) || !git_holder(at, holder, sizeof(holder))
	    || strcmp(top, holder) == 0) {
		guard_repository(*out);
		return 0;
	}
	snprintf(err, sizeof(err), "%s: its repository's work tree is %s (core.worktree in "
		 "%sconfig), not %s where its .git is: the repository is not used", at, top,
		 git_repository_path(*out), holder);
	git_error_set_str(GIT_ERROR_REPOSITORY, err);
	static atomic_int said;
	if (!atomic_exchange(&said, 1))	/* a plain run then walks path as outside git */
		log_event(LOG_WARNING, "git.worktree_elsewhere", NULL, "%s", err);
	git_repository_free(*out);
	*out = NULL;
	return GIT_EINVALID;
}

/* Whether the repository's own configuration sets core.worktree, as git reads it: not
 * the user's (git takes it from the repository's file only), and not for a linked work
 * tree (the shared file's is the main work tree's). */
static int has_core_worktree(git_repository *repo)
{
	git_config *cfg = NULL;
	git_config_entry *e = NULL;
	int set = git_repository_is_worktree(repo) != 1
		  && git_repository_config_snapshot(&cfg, repo) == 0
		  && git_config_get_entry(&e, cfg, "core.worktree") == 0 && e
		  && e->level == GIT_CONFIG_LEVEL_LOCAL;
	git_config_entry_free(e);
	git_config_free(cfg);
	return set;
}

int git_open_repository(git_repository **out, const char *path)
{
	const char *dir = getenv("GIT_DIR"), *wt = getenv("GIT_WORK_TREE");
	int rc;
	if (!dir || !dir[0]) {
		rc = git_repository_open_ext(out, path, 0, NULL);
		if (rc == 0)
			rc = holding(out, path);
		return rc == 0 ? with_index_file(out) : rc;
	}
	rc = git_repository_open_ext(out, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc != 0)
		return rc;
	char cwd[PATH_MAX];
	/* git: with GIT_DIR and no GIT_WORK_TREE, the current directory is the top, unless
	 * the repository is bare (core.bare) or core.worktree names one. libgit2 takes a
	 * linked work tree's from its gitdir file instead, which git only keeps for `git
	 * worktree prune`: a work tree moved since leaves it naming the old folder. */
	if (wt && wt[0])
		rc = git_repository_set_workdir(*out, wt, 0);
	else if (!git_repository_is_bare(*out) && !has_core_worktree(*out)
		 && getcwd(cwd, sizeof(cwd)))
		rc = git_repository_set_workdir(*out, cwd, 0);
	if (rc == 0)
		guard_repository(*out);
	return rc == 0 ? with_index_file(out) : rc;
}

int git_view_open(struct git_view **out, char *err, size_t len)
{
	return git_view_open_at(out, ".", err, len);
}

int git_view_open_at(struct git_view **out, const char *dir, char *err, size_t len)
{
	struct git_view *v = xcalloc(1, sizeof(*v));
	*out = NULL;
	int rc = git_open_repository(&v->repo, dir);
	if (rc != 0) {
		say_git_error(err, len, rc == GIT_EUSER ? "the git index"
					: rc == GIT_EINVALID ? "refused" : "not in a git repository");
		free(v);
		return -1;
	}
	char index[PATH_MAX + 16];
	git_index_file(v->repo, index, sizeof(index));
	if (index_usable(index, err, len) < 0) {
		git_view_free(v);
		return -1;
	}
	v->max_size = 8u << 20;
	*out = v;
	return 0;
}

void git_view_set_max_size(struct git_view *v, uint64_t bytes)
{
	v->max_size = bytes;
}

void git_view_free(struct git_view *v)
{
	if (!v)
		return;
	git_diff_free(v->diff);
	git_index_free(v->index);
	git_index_free(v->wt_index);
	git_tree_free(v->base_tree);
	for (size_t i = 0; i < v->nmerge_trees; i++) {
		git_tree_free(v->merge_trees[i]);
		git_diff_free(v->our_renames[i]);
	}
	git_repository_free(v->repo);
	free_strings(v->paths, v->npaths);
	free_strings(v->limit, v->nlimit);
	free(v);
}

const char *git_view_workdir(const struct git_view *v)
{
	return git_repository_workdir(v->repo);
}

const char *git_view_gitdir(const struct git_view *v)
{
	return git_repository_path(v->repo);
}

git_index *git_view_index(struct git_view *v, char *err, size_t len)
{
	if (!v->index && git_repository_index(&v->index, v->repo) != 0) {
		char what[PATH_MAX + 32];
		git_index_file(v->repo, what, sizeof(what) - 20);
		strcat(what, ": cannot read it");
		say_git_error(err, len, what);
	}
	return v->index;
}

/* Conflicted entries (stage != 0) make a commit impossible (view_impl.h). */
int check_conflicts(struct git_view *v, char *err, size_t len)
{
	if (!git_index_has_conflicts(v->index))
		return 0;
	git_index_conflict_iterator *it;
	const git_index_entry *a, *o, *t;
	size_t n = (size_t)snprintf(err, len, "the index has merge conflicts; resolve them first:");
	if (git_index_conflict_iterator_new(&it, v->index) == 0) {
		for (int i = 0; i < 5 && n < len && git_index_conflict_next(&a, &o, &t, it) == 0; i++) {
			const git_index_entry *e = o ? o : a ? a : t;
			n += (size_t)snprintf(err + n, len - n, " %s", e ? e->path : "?");
		}
		git_index_conflict_iterator_free(it);
	}
	return -1;
}

/* v->diff: old to new, or (new NULL) to the work tree, with renames found; 0 or a
 * libgit2 error. */
static int diff_trees(struct git_view *v, git_tree *old, git_tree *new)
{
	git_diff_options opts;
	git_diff_options_of(v, &opts);
	int rc;
	keys_guard_hashing(!new);	/* the work tree's files are hashed */
	if (new)
		rc = git_diff_tree_to_tree(&v->diff, v->repo, old, new, &opts);
	else	/* the work tree: untracked files are new too */
		opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS,
		rc = git_diff_tree_to_workdir_with_index(&v->diff, v->repo, old, &opts);
	v->to_workdir = !new;
	if (!new && rc == 0 && git_repository_index(&v->wt_index, v->repo) != 0)
		v->wt_index = NULL;	/* then a sparse checkout's files look deleted */
	if (rc == 0)
		rc = find_renames(v, v->diff);
	keys_guard_hashing(0);
	return rc;
}

int git_view_between(struct git_view *v, const char *base, const char *head, char *err,
		     size_t len)
{
	int unborn;
	git_tree *old = git_rev_tree(v, base, &unborn, err, len);
	if (!old && unborn)	/* git_rev_tree said nothing: HEAD is no commit yet */
		snprintf(err, len, "%s: no commit yet, nothing to compare with (assay precommit "
			 "gates a first commit)", base);
	if (!old)
		return -1;
	git_tree *new = head ? git_rev_tree(v, head, &unborn, err, len) : NULL;
	if (head && !new && unborn)
		snprintf(err, len, "%s: no commit yet, nothing to compare", head);
	int rc = head && !new ? -1 : diff_trees(v, old, new);
	if (rc != 0 && (!head || new)) {
		say_git_error(err, len, "cannot compare the revisions");
		rc = -1;
	}
	git_tree_free(old);
	git_tree_free(new);
	return rc;
}

const git_index_entry *git_view_sparse_entry(git_index *index, const char *path)
{
	const git_index_entry *e = index ? git_index_get_bypath(index, path, 0) : NULL;
	return e && (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) ? e : NULL;
}

/* A delta of a diff to the work tree that calls a file deleted which a sparse checkout
 * only keeps out of it: its index entry (libgit2 1.5 does not honour skip-worktree
 * there, git does), else NULL. */
static const git_index_entry *sparse_kept(const struct git_view *v, const git_diff_delta *d)
{
	if (!v->to_workdir || !d || d->status != GIT_DELTA_DELETED)
		return NULL;
	return git_view_sparse_entry(v->wt_index, d->old_file.path);
}

/* A rename in a diff to the work tree whose source a sparse checkout only keeps out of it
 * (rename detection paired that "deleted" file with an added one): the source is still
 * there, and the added file is new. */
static int sparse_source(const struct git_view *v, const git_diff_delta *d)
{
	return v->to_workdir && d && d->status == GIT_DELTA_RENAMED
	       && git_view_sparse_entry(v->wt_index, d->old_file.path);
}

size_t git_view_count(const struct git_view *v)
{
	return v->diff ? git_diff_num_deltas(v->diff) : 0;
}

/* Whether the delta leaves a regular file to analyze: not a deletion, a submodule or a
 * link, nor a file only marked with `git add -N` (the commit leaves it out, as git diff
 * --cached does). */
static int has_new_file(const struct git_view *v, const git_diff_delta *d)
{
	if (!d || d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_UNMODIFIED
	    || d->status == GIT_DELTA_IGNORED || (d->new_file.mode & 0170000) != 0100000)
		return 0;
	const git_index_entry *e = v->index ? git_index_get_bypath(v->index, d->new_file.path, 0)
					    : NULL;
	return !e || !(e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD);
}

/* Whether the object database holds id. A work-tree file's id in a diff to the work tree
 * may be one libgit2 computed from its bytes (an edit that kept the file's size), with no
 * object behind it: that file is read from the work tree. */
static int object_exists(const struct git_view *v, const git_oid *id)
{
	git_odb *odb;
	if (git_repository_odb(&odb, v->repo) != 0)
		return 0;
	int found = git_odb_exists(odb, id);
	git_odb_free(odb);
	return found;
}

/* The size of a version in a diff: its object's, from the header (the delta's is 0 for a
 * blob libgit2 did not load, and an index entry's is the work tree file's, before a
 * filter such as core.autocrlf: not the bytes measured); a work tree file's own. */
static uint64_t version_size(const struct git_view *v, const git_diff_file *f, int in_object)
{
	git_odb *odb;
	size_t len = 0;
	git_object_t type;
	if (!in_object || git_repository_odb(&odb, v->repo) != 0)
		return f->size;
	if (git_odb_read_header(&len, &type, odb, &f->id) != 0)
		len = 0;
	git_odb_free(odb);
	return len;
}

/* A file outside a sparse checkout (kept: its index entry) as a change: none when its
 * index version is the base's, else that version, read from its object. */
static int sparse_change(const struct git_view *v, const git_diff_delta *d,
			 const git_index_entry *kept, struct git_change *c)
{
	if (memcmp(kept->id.id, d->old_file.id.id, 20) == 0 || (kept->mode & 0170000) != 0100000)
		return 0;
	c->new_path = c->old_path = d->old_file.path;
	c->new_in_object = 1;
	memcpy(c->new_oid, kept->id.id, 20);
	memcpy(c->old_oid, d->old_file.id.id, 20);
	git_diff_file f = { .id = kept->id };
	c->new_size = version_size(v, &f, 1);
	c->old_size = version_size(v, &d->old_file, 1);
	return 1;
}

int git_view_change(const struct git_view *v, size_t i, struct git_change *c, int count_lines)
{
	const git_diff_delta *d = git_diff_get_delta(v->diff, i);
	memset(c, 0, sizeof(*c));
	const git_index_entry *kept = sparse_kept(v, d);
	if (kept)
		return sparse_change(v, d, kept, c);
	if (!has_new_file(v, d) || from_merged_branch(v, d))
		return 0;
	c->new_path = d->new_file.path;
	c->new_in_object = !git_oid_is_zero(&d->new_file.id) && d->status != GIT_DELTA_UNTRACKED
			   && (!v->to_workdir || object_exists(v, &d->new_file.id));
	memcpy(c->new_oid, d->new_file.id.id, 20);
	c->new_size = version_size(v, &d->new_file, c->new_in_object);
	if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_UNTRACKED
	    && !git_oid_is_zero(&d->old_file.id) && !sparse_source(v, d)) {
		c->old_path = d->old_file.path;
		memcpy(c->old_oid, d->old_file.id.id, 20);
		c->old_size = version_size(v, &d->old_file, 1);
	}
	merged_versions(v, c);
	git_patch *patch = NULL;
	size_t adds = 0, dels = 0;
	keys_guard_hashing(v->to_workdir);	/* the work tree's file is read */
	if (count_lines && git_patch_from_diff(&patch, v->diff, i) == 0 && patch)
		git_patch_line_stats(NULL, &adds, &dels, patch);
	keys_guard_hashing(0);
	git_patch_free(patch);
	c->added_lines = (uint32_t)(adds > UINT32_MAX ? UINT32_MAX : adds);
	return 1;
}

void git_view_paths(const struct git_view *v, size_t i, const char **old_path,
		    const char **new_path)
{
	const git_diff_delta *d = git_diff_get_delta(v->diff, i);
	*old_path = *new_path = NULL;
	if (!d)
		return;
	if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_UNTRACKED
	    && !sparse_source(v, d))
		*old_path = d->old_file.path;
	if (d->status != GIT_DELTA_DELETED || sparse_kept(v, d))
		*new_path = d->new_file.path;
}

const char *git_view_not_file(const struct git_view *v, size_t i, int *submodule)
{
	const git_diff_delta *d = git_diff_get_delta(v->diff, i);
	unsigned mode = d ? d->new_file.mode & 0170000 : 0;
	if (!d || d->status == GIT_DELTA_DELETED || (mode != 0120000 && mode != 0160000)
	    || from_merged_branch(v, d))
		return NULL;
	*submodule = mode == 0160000;
	return d->new_file.path;
}

int git_view_deleted(const struct git_view *v, size_t i, struct git_change *c)
{
	const git_diff_delta *d = git_diff_get_delta(v->diff, i);
	memset(c, 0, sizeof(*c));
	if (!d || d->status != GIT_DELTA_DELETED || (d->old_file.mode & 0170000) != 0100000
	    || git_oid_is_zero(&d->old_file.id) || sparse_kept(v, d))
		return 0;
	c->old_path = d->old_file.path;
	memcpy(c->old_oid, d->old_file.id.id, 20);
	c->old_size = version_size(v, &d->old_file, 1);
	return 1;
}

/* 1 with the cause when the object id names is over max_size (from its header, nothing
 * inflated), -1 when it cannot be read or is not a blob, 0 to go on. */
static int blob_over_cap(struct git_view *v, const git_oid *id, uint64_t max_size,
			 struct cause_note *why)
{
	git_odb *odb;
	size_t len = 0;
	git_object_t type = GIT_OBJECT_INVALID;
	int rc = git_repository_odb(&odb, v->repo);
	if (rc == 0) {
		rc = git_odb_read_header(&len, &type, odb, id);
		git_odb_free(odb);
	}
	if (rc != 0) {
		const git_error *e = git_error_last();
		return cause_note(why, CAUSE_GIT_BLOB, "%s", e && e->message ? e->message
									 : "unknown error");
	}
	if (type != GIT_OBJECT_BLOB)
		return cause_note(why, CAUSE_GIT_BLOB, "not a blob");
	if ((uint64_t)len <= max_size)
		return 0;
	cause_note(why, CAUSE_TOO_LARGE, "%llu bytes, limit %llu", (unsigned long long)len,
		   (unsigned long long)max_size);
	return 1;
}

int git_view_load(struct git_view *v, const uint8_t oid[20], uint64_t max_size, struct wbuf *out,
		  struct cause_note *why)
{
	git_oid id;
	git_blob *blob;
	memcpy(id.id, oid, 20);
	wbuf_reset(out);
	/* The size from the object's header first: a blob of a few MB in a pack can inflate
	 * to gigabytes, and git_blob_lookup inflates it whole. */
	int over = blob_over_cap(v, &id, max_size, why);
	if (over != 0)
		return over;
	if (git_blob_lookup(&blob, v->repo, &id) != 0) {
		const git_error *e = git_error_last();
		return cause_note(why, CAUSE_GIT_BLOB, "%s",
				  e && e->message ? e->message : "unknown error");
	}
	git_object_size_t n = git_blob_rawsize(blob);
	int rc = 0;
	if ((uint64_t)n > max_size) {
		cause_note(why, CAUSE_TOO_LARGE, "%llu bytes, limit %llu", (unsigned long long)n,
			   (unsigned long long)max_size);
		rc = 1;
	} else {
		wbuf_put(out, git_blob_rawcontent(blob), (size_t)n);
	}
	git_blob_free(blob);
	return rc;
}
