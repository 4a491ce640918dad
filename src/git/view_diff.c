/*
 * view_diff.c - what every comparison of the git view shares (see view_impl.h): the diff
 * options (the size cap, no submodule opened) and git's rename finding, bounded by that
 * cap. A file of its own so that view.c, view_staged.c and view_merge.c all reach it
 * without reaching each other.
 */
#include "git/view.h"

#include <stdint.h>

#include "git/view_impl.h"

/* Diff options: a blob over the size cap is taken as binary from its size alone, so
 * libgit2 never inflates it (a bomb of a few KB in a pack can be gigabytes). */
void git_diff_options_of(const struct git_view *v, git_diff_options *opts)
{
	git_diff_options_init(opts, GIT_DIFF_OPTIONS_VERSION);
	opts->max_size = (git_off_t)(v->max_size < INT64_MAX ? v->max_size : INT64_MAX);
	/* No submodule's repository is opened to compare it: assay measures none of its
	 * files, and one whose git folder lies in the work tree is a repository nobody
	 * registered with the open guard. */
	opts->ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
}

/* The size of a side of a delta: from the diff, else from the object's header. */
static uint64_t side_size(const struct git_view *v, const git_diff_file *f)
{
	git_odb *odb;
	size_t len = 0;
	git_object_t type;
	if (f->size || git_oid_is_zero(&f->id) || git_repository_odb(&odb, v->repo) != 0)
		return (uint64_t)f->size;
	if (git_odb_read_header(&len, &type, odb, &f->id) != 0)
		len = 0;
	git_odb_free(odb);
	return len;
}

/* 1 when an added or deleted file (a rename candidate) is over the size cap. */
static int candidate_over_cap(const struct git_view *v, git_diff *diff)
{
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const git_diff_file *f = d->status == GIT_DELTA_DELETED ? &d->old_file : &d->new_file;
		if ((d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_DELETED)
		    && side_size(v, f) > v->max_size)
			return 1;
	}
	return 0;
}

/* Renames, as git finds them; but libgit2 inflates both sides to compare contents, so
 * when a candidate is over the size cap only exact renames (same blob) are looked for. */
int find_renames(const struct git_view *v, git_diff *diff)
{
	git_diff_find_options fo;
	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	fo.flags = GIT_DIFF_FIND_RENAMES;
	if (candidate_over_cap(v, diff))
		fo.flags |= GIT_DIFF_FIND_EXACT_MATCH_ONLY;
	return git_diff_find_similar(diff, &fo);
}
