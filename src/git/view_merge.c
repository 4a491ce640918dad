/*
 * view_merge.c - precommit concluding a merge (see view_impl.h): the merged branches'
 * trees (MERGE_HEAD, every line of it), a file staged as one of them has it, and their
 * versions of a file both sides changed.
 */
#include "git/view.h"

#include <string.h>

#include "git/view_impl.h"

/* git_repository_mergehead_foreach's callback: the merged commit's tree kept (up to 16,
 * an octopus' most). */
static int add_merge_tree(const git_oid *id, void *ctx)
{
	struct git_view *v = ctx;
	git_commit *commit;
	size_t max = sizeof(v->merge_trees) / sizeof(v->merge_trees[0]);
	if (v->nmerge_trees >= max || git_commit_lookup(&commit, v->repo, id) != 0)
		return 0;
	if (git_commit_tree(&v->merge_trees[v->nmerge_trees], commit) == 0)
		v->nmerge_trees++;
	git_commit_free(commit);
	return 0;
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
		if (git_tree_entry_bypath(&e, v->merge_trees[i], d->new_file.path) != 0)
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
		/* Under its old name when this branch renamed it and the other did not. */
		if (git_tree_entry_bypath(&e, v->merge_trees[i], c->new_path) != 0
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
