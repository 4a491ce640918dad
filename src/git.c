/*
 * git.c - what changed, read from git objects (see git.h). libgit2 is used read-only: it
 * runs no hooks, no filter drivers, no external diff and no fsmonitor; blobs are read
 * raw. The index is opened as git itself would for a hook (GIT_DIR, GIT_WORK_TREE and
 * GIT_INDEX_FILE honoured: git commit -a and git commit PATH run hooks with a temporary
 * index).
 */
#include "git.h"

#include <fcntl.h>
#include <git2.h>
#include <git2/sys/repository.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct git_view {
	git_repository *repo;
	git_index *index;
	git_diff *diff;
};

static void say_git_error(char *err, size_t len, const char *what)
{
	const git_error *e = git_error_last();
	snprintf(err, len, "%s: %s", what, e && e->message ? e->message : "unknown error");
}

/* GIT_INDEX_FILE, when set, is the index (git commit -a and git commit PATH run hooks with
 * a temporary one). */
static int use_index_file(git_repository *repo)
{
	const char *index_file = getenv("GIT_INDEX_FILE");
	git_index *index;
	if (!index_file || !index_file[0])
		return 0;
	if (git_index_open(&index, index_file) != 0)
		return -1;
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

int git_open_repository(git_repository **out, const char *path)
{
	const char *dir = getenv("GIT_DIR"), *wt = getenv("GIT_WORK_TREE");
	int rc;
	if (!dir || !dir[0]) {
		rc = git_repository_open_ext(out, path, 0, NULL);
		return rc == 0 ? use_index_file(*out) : rc;
	}
	rc = git_repository_open_ext(out, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc != 0)
		return rc;
	char cwd[PATH_MAX];
	/* git: with GIT_DIR and no GIT_WORK_TREE, the current directory is the top. */
	if (wt && wt[0])
		rc = git_repository_set_workdir(*out, wt, 0);
	else if (!git_repository_workdir(*out) && getcwd(cwd, sizeof(cwd)))
		rc = git_repository_set_workdir(*out, cwd, 0);
	return rc == 0 ? use_index_file(*out) : rc;
}

int git_view_open(struct git_view **out, char *err, size_t len)
{
	struct git_view *v = xcalloc(1, sizeof(*v));
	*out = NULL;
	if (git_open_repository(&v->repo, ".") != 0) {
		say_git_error(err, len, "not in a git repository");
		free(v);
		return -1;
	}
	*out = v;
	return 0;
}

void git_view_free(struct git_view *v)
{
	if (!v)
		return;
	git_diff_free(v->diff);
	git_index_free(v->index);
	git_repository_free(v->repo);
	free(v);
}

const char *git_view_workdir(const struct git_view *v)
{
	return git_repository_workdir(v->repo);
}

/* The tree a revision names; NULL with *unborn set for a HEAD with no commit yet. */
static git_tree *revision_tree(struct git_view *v, const char *rev, int *unborn, char *err,
			       size_t len)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	*unborn = 0;
	int rc = git_revparse_single(&obj, v->repo, rev);
	if (rc == GIT_ENOTFOUND && strcmp(rev, "HEAD") == 0) {
		*unborn = 1;	/* the initial commit: everything is new */
		return NULL;
	}
	if (rc != 0 || git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) != 0) {
		char what[300];
		snprintf(what, sizeof(what), "%s: not a revision", rev);
		say_git_error(err, len, what);
	}
	git_object_free(obj);
	return tree;
}

/* Conflicted entries (stage != 0) make a commit impossible; name the first few. */
static int check_conflicts(struct git_view *v, char *err, size_t len)
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

static int find_renames(git_diff *diff)
{
	git_diff_find_options fo;
	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	fo.flags = GIT_DIFF_FIND_RENAMES;
	return git_diff_find_similar(diff, &fo);
}

int git_view_staged(struct git_view *v, char *err, size_t len)
{
	int unborn;
	if (git_repository_index(&v->index, v->repo) != 0) {
		say_git_error(err, len, "cannot read the index");
		return -1;
	}
	if (check_conflicts(v, err, len) < 0)
		return -1;
	git_tree *head = revision_tree(v, "HEAD", &unborn, err, len);
	if (!head && !unborn)
		return -1;
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	int rc = git_diff_tree_to_index(&v->diff, v->repo, head, v->index, &opts);
	git_tree_free(head);
	if (rc != 0 || find_renames(v->diff) != 0) {
		say_git_error(err, len, "cannot compare the index with HEAD");
		return -1;
	}
	return 0;
}

int git_view_between(struct git_view *v, const char *base, const char *head, char *err,
		     size_t len)
{
	int unborn;
	git_tree *old = revision_tree(v, base, &unborn, err, len);
	if (!old)
		return -1;
	git_tree *new = head ? revision_tree(v, head, &unborn, err, len) : NULL;
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	int rc = -1;
	if (head && !new)
		goto out;
	if (head)
		rc = git_diff_tree_to_tree(&v->diff, v->repo, old, new, &opts);
	else	/* the work tree: untracked files are new too */
		opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS,
		rc = git_diff_tree_to_workdir_with_index(&v->diff, v->repo, old, &opts);
	if (rc != 0 || find_renames(v->diff) != 0) {
		say_git_error(err, len, "cannot compare the revisions");
		rc = -1;
	}
out:
	git_tree_free(old);
	git_tree_free(new);
	return rc;
}

int git_view_tree(struct git_view *v, const char *rev, char *err, size_t len)
{
	int unborn;
	git_tree *tree = revision_tree(v, rev, &unborn, err, len);
	if (!tree) {
		if (unborn)
			snprintf(err, len, "%s: no commit yet", rev);
		return -1;
	}
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	int rc = git_diff_tree_to_tree(&v->diff, v->repo, NULL, tree, &opts);
	git_tree_free(tree);
	if (rc != 0)
		say_git_error(err, len, "cannot list the tree");
	return rc != 0 ? -1 : 0;
}

size_t git_view_count(const struct git_view *v)
{
	return v->diff ? git_diff_num_deltas(v->diff) : 0;
}

int git_view_change(const struct git_view *v, size_t i, struct git_change *c)
{
	const git_diff_delta *d = git_diff_get_delta(v->diff, i);
	memset(c, 0, sizeof(*c));
	if (!d || d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_UNMODIFIED
	    || d->status == GIT_DELTA_IGNORED || (d->new_file.mode & 0170000) != 0100000)
		return 0;
	c->new_path = d->new_file.path;
	c->new_in_object = !git_oid_is_zero(&d->new_file.id) && d->status != GIT_DELTA_UNTRACKED;
	memcpy(c->new_oid, d->new_file.id.id, 20);
	c->new_size = d->new_file.size;
	if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_UNTRACKED
	    && !git_oid_is_zero(&d->old_file.id)) {
		c->old_path = d->old_file.path;
		memcpy(c->old_oid, d->old_file.id.id, 20);
		c->old_size = d->old_file.size;
	}
	git_patch *patch = NULL;
	size_t adds = 0, dels = 0;
	if (git_patch_from_diff(&patch, v->diff, i) == 0 && patch)
		git_patch_line_stats(NULL, &adds, &dels, patch);
	git_patch_free(patch);
	c->added_lines = (uint32_t)(adds > UINT32_MAX ? UINT32_MAX : adds);
	return 1;
}

int git_view_load(struct git_view *v, const uint8_t oid[20], uint64_t max_size, struct wbuf *out,
		  char *reason, size_t len)
{
	git_oid id;
	git_blob *blob;
	memcpy(id.id, oid, 20);
	wbuf_reset(out);
	if (git_blob_lookup(&blob, v->repo, &id) != 0) {
		say_git_error(reason, len, "cannot read the blob");
		return -1;
	}
	git_object_size_t n = git_blob_rawsize(blob);
	int rc = 0;
	if ((uint64_t)n > max_size) {
		snprintf(reason, len, "too large (%llu bytes, limit %llu)", (unsigned long long)n,
			 (unsigned long long)max_size);
		rc = 1;
	} else {
		wbuf_put(out, git_blob_rawcontent(blob), (size_t)n);
	}
	git_blob_free(blob);
	return rc;
}
