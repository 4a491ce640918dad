/*
 * view_merge.c - precommit concluding a merge (see view_impl.h): the merged branches'
 * trees (MERGE_HEAD, every line of it), a file staged as one of them has it, and their
 * versions of a file both sides changed.
 */
#include "git/view.h"

#include <string.h>

#include "git/view_impl.h"

/* The tree of commit id, or NULL. */
static git_tree *commit_tree(struct git_view *v, const git_oid *id)
{
	git_commit *commit;
	git_tree *tree = NULL;
	if (git_commit_lookup(&commit, v->repo, id) != 0)
		return NULL;
	if (git_commit_tree(&tree, commit) != 0)
		tree = NULL;
	git_commit_free(commit);
	return tree;
}

/* What our branch renamed since its merge base with the merged commit id: the diff of
 * the base's tree to HEAD's, renames found; NULL when there is no base or it cannot be
 * made (then a renamed file's merged version is not found: it is gated as ours). */
static git_diff *renamed_since_base(struct git_view *v, const git_oid *id)
{
	git_oid head, base;
	git_diff *diff = NULL;
	if (git_reference_name_to_id(&head, v->repo, "HEAD") != 0
	    || git_merge_base(&base, v->repo, &head, id) != 0)
		return NULL;
	git_tree *from = commit_tree(v, &base), *to = commit_tree(v, &head);
	git_diff_options opts;
	git_diff_options_of(v, &opts);
	if (from && to && git_diff_tree_to_tree(&diff, v->repo, from, to, &opts) == 0
	    && find_renames(v, diff) != 0) {
		git_diff_free(diff);
		diff = NULL;
	}
	git_tree_free(from);
	git_tree_free(to);
	return diff;
}

/* git_repository_mergehead_foreach's callback: the merged commit's tree kept (up to 16,
 * an octopus' most), with what our branch renamed since their merge base. */
static int add_merge_tree(const git_oid *id, void *ctx)
{
	struct git_view *v = ctx;
	size_t max = sizeof(v->merge_trees) / sizeof(v->merge_trees[0]);
	git_tree *tree = v->nmerge_trees < max ? commit_tree(v, id) : NULL;
	if (!tree)
		return 0;
	v->our_renames[v->nmerge_trees] = renamed_since_base(v, id);
	v->merge_trees[v->nmerge_trees++] = tree;
	return 0;
}

/* The name our file at path had at merge tree i's merge base, when our branch renamed
 * it since (the merged branch has it under that name, unless it renamed it too); NULL
 * when it did not. */
static const char *our_old_name(const struct git_view *v, size_t i, const char *path)
{
	git_diff *d = v->our_renames[i];
	for (size_t k = 0, n = d ? git_diff_num_deltas(d) : 0; k < n; k++) {
		const git_diff_delta *dd = git_diff_get_delta(d, k);
		if (dd->status == GIT_DELTA_RENAMED && strcmp(dd->new_file.path, path) == 0)
			return dd->old_file.path;
	}
	return NULL;
}

/* Merge tree i's entry for our file at path: under that name, else under the name it
 * had before our branch renamed it. 0, or -1 when it has none. */
static int merged_entry(const struct git_view *v, size_t i, const char *path,
			git_tree_entry **e)
{
	if (git_tree_entry_bypath(e, v->merge_trees[i], path) == 0)
		return 0;
	const char *before = our_old_name(v, i, path);
	return before && git_tree_entry_bypath(e, v->merge_trees[i], before) == 0 ? 0 : -1;
}

void git_view_merge_trees(struct git_view *v)
{
	git_repository_mergehead_foreach(v->repo, add_merge_tree, v);
}

/* Whether the delta's new file is a merged branch's version of it, as it is: the
 * commit concluding the merge brings it, its author changed nothing in it. */
int from_merged_branch(const struct git_view *v, const git_diff_delta *d)
{
	for (size_t i = 0; i < v->nmerge_trees; i++) {
		git_tree_entry *e = NULL;
		if (merged_entry(v, i, d->new_file.path, &e) != 0)
			continue;
		int same = memcmp(git_tree_entry_id(e)->id, d->new_file.id.id, 20) == 0
			   && git_tree_entry_filemode(e) == d->new_file.mode;
		git_tree_entry_free(e);
		if (same)
			return 1;
	}
	return 0;
}

/* The size of blob id from its header (nothing inflated), 0 when it cannot be read:
 * only the order files are measured in comes of it. */
static uint64_t blob_size(const struct git_view *v, const git_oid *id)
{
	git_odb *odb;
	size_t len = 0;
	git_object_t type;
	if (git_repository_odb(&odb, v->repo) != 0)
		return 0;
	if (git_odb_read_header(&len, &type, odb, id) != 0)
		len = 0;
	git_odb_free(odb);
	return len;
}

/* The merged branches' versions of c's file that are neither its new nor its old
 * version (from_merged_branch has left out a file that is a branch's as it is). */
void merged_versions(const struct git_view *v, struct git_change *c)
{
	for (size_t i = 0; i < v->nmerge_trees; i++) {
		git_tree_entry *e = NULL;
		/* Under the name it had before the commit (the merged branch renamed it: the
		 * index has their name, HEAD ours), or before our branch renamed it. */
		if (merged_entry(v, i, c->new_path, &e) != 0
		    && (!c->old_path || strcmp(c->old_path, c->new_path) == 0
			|| git_tree_entry_bypath(&e, v->merge_trees[i], c->old_path) != 0))
			continue;
		const uint8_t *id = git_tree_entry_id(e)->id;
		int usable = (git_tree_entry_filemode(e) & 0170000) == 0100000
			     && memcmp(id, c->new_oid, 20) != 0
			     && !(c->old_path && memcmp(id, c->old_oid, 20) == 0);
		for (size_t k = 0; k < c->nmerged && usable; k++)
			usable = memcmp(id, c->merged_oid[k], 20) != 0;
		if (usable) {
			memcpy(c->merged_oid[c->nmerged], id, 20);
			c->merged_size[c->nmerged++] = blob_size(v, git_tree_entry_id(e));
		}
		git_tree_entry_free(e);
	}
}
