/*
 * attrs.c - linguist-generated and linguist-vendored from .gitattributes (see attrs.h).
 */
#include "git/attrs.h"

#include <git2.h>
#include <git2/sys/repository.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git/view.h"
#include "util/alloc.h"

struct git_attrs {
	git_repository *repo;
	git_attr_options opts;
	git_oid commit;
};

/* 1 when some index entry is a .gitattributes file. */
static int index_has_attributes(git_repository *repo)
{
	git_index *index;
	if (git_repository_index(&index, repo) != 0)
		return 0;
	int found = 0;
	for (size_t k = 0, n = git_index_entrycount(index); k < n && !found; k++) {
		const char *path = git_index_get_byindex(index, k)->path;
		const char *base = strrchr(path, '/');
		found = strcmp(base ? base + 1 : path, ".gitattributes") == 0;
	}
	git_index_free(index);
	return found;
}

int git_attrs_info_file(const struct git_attrs *a)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%sinfo/attributes", git_repository_path(a->repo));
	return stat(path, &st) == 0;
}

/* 1 when root is the repository's work tree (not a directory inside another one's). */
static int is_work_tree(git_repository *repo, const char *root)
{
	const char *wd = git_repository_workdir(repo);
	char a[PATH_MAX], b[PATH_MAX];
	return wd && realpath(wd, a) && realpath(root, b) && strcmp(a, b) == 0;
}

/* An empty index in place of the repository's, so the API reads none from it: libgit2
 * merges the index's attribute files with the work tree's (git reads the work tree's
 * alone), and would read and hash the whole index to find them. */
static int empty_index(struct git_attrs *a)
{
	git_index *empty;
	if (git_index_new(&empty) != 0)
		return -1;
	git_repository_set_index(a->repo, empty);
	git_index_free(empty);
	return 0;
}

/* A commit's attributes only. */
static int commit_only(struct git_attrs *a, const uint8_t *commit)
{
	memcpy(a->commit.id, commit, 20);
	a->opts.flags |= GIT_ATTR_CHECK_INCLUDE_COMMIT;
	a->opts.commit_id = &a->commit;
	return empty_index(a);
}

struct git_attrs *git_attrs_open(const char *root, enum attrs_source source,
				 const uint8_t *commit)
{
	struct git_attrs *a = xcalloc(1, sizeof(*a));
	a->opts.version = GIT_ATTR_OPTIONS_VERSION;
	/* The system's gitattributes are no part of the repository. */
	a->opts.flags = GIT_ATTR_CHECK_NO_SYSTEM
			| (source == ATTRS_WORK_TREE ? GIT_ATTR_CHECK_FILE_THEN_INDEX
						     : GIT_ATTR_CHECK_INDEX_ONLY);
	int ok = git_open_repository(&a->repo, root) == 0 && is_work_tree(a->repo, root);
	if (ok && source == ATTRS_COMMIT)
		ok = commit_only(a, commit) == 0;
	else if (ok && source == ATTRS_WORK_TREE)
		ok = empty_index(a) == 0;
	else if (ok && source == ATTRS_INDEX)
		ok = index_has_attributes(a->repo) || git_attrs_info_file(a);
	if (!ok) {
		git_attrs_free(a);
		return NULL;
	}
	return a;
}

/* An attribute's value as linguist reads it. */
static enum linguist_mark mark_of(const char *value)
{
	switch (git_attr_value(value)) {
	case GIT_ATTR_VALUE_TRUE:
		return LINGUIST_TRUE;
	case GIT_ATTR_VALUE_FALSE:
		return LINGUIST_FALSE;
	case GIT_ATTR_VALUE_STRING:
		return strcmp(value, "false") == 0 ? LINGUIST_FALSE : LINGUIST_TRUE;
	default:
		return LINGUIST_UNSPECIFIED;
	}
}

struct linguist git_attrs_linguist(struct git_attrs *a, const char *path)
{
	static const char *names[] = { "linguist-generated", "linguist-vendored" };
	const char *values[2] = { NULL, NULL };
	struct linguist l = { LINGUIST_UNSPECIFIED, LINGUIST_UNSPECIFIED };
	if (!a || git_attr_get_many_ext(values, a->repo, &a->opts, path, 2, names) != 0)
		return l;
	l.generated = (uint8_t)mark_of(values[0]);
	l.vendored = (uint8_t)mark_of(values[1]);
	return l;
}

void git_attrs_free(struct git_attrs *a)
{
	if (!a)
		return;
	git_repository_free(a->repo);
	free(a);
}
