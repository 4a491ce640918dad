/*
 * gitfilter.c - git's view of which files exist (see gitfilter.h).
 */
#include "gitfilter.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"
#include "git.h"
#include "keys.h"
#include "util.h"

struct gitfilter {
	git_repository *repo;
	git_index *index;
	int64_t index_mtime_ns;	/* entries written since are racily clean */
	char prefix[PATH_MAX];	/* the walk's root inside the work tree: "" or "dir/" */
	char path[2 * PATH_MAX];
};

struct gitfilter *gitfilter_open(const char *root_path)
{
	char real[PATH_MAX];
	git_repository *repo;
	/* GIT_DIR (and GIT_WORK_TREE) name the repository when set, as for git itself. */
	if (!realpath(root_path, real) || git_open_repository(&repo, real) != 0)
		return NULL;
	const char *wd = git_repository_workdir(repo);
	size_t n = wd ? strlen(wd) : 0;
	struct gitfilter *g = xcalloc(1, sizeof(*g));
	g->repo = repo;
	if (!wd || strncmp(real, wd, n - 1) != 0 || git_repository_index(&g->index, repo) != 0) {
		gitfilter_free(g);
		return NULL;
	}
	g->index_mtime_ns = keys_index_mtime(g->index);
	const char *inside = real + n - 1;
	while (*inside == '/')
		inside++;
	snprintf(g->prefix, sizeof(g->prefix), "%s%s", inside, *inside ? "/" : "");
	return g;
}

void gitfilter_free(struct gitfilter *g)
{
	if (!g)
		return;
	git_index_free(g->index);
	git_repository_free(g->repo);
	free(g);
}

static const char *in_repo(struct gitfilter *g, const char *rel, const char *suffix)
{
	snprintf(g->path, sizeof(g->path), "%s%s%s", g->prefix, rel, suffix);
	return g->path;
}

static int ignored(struct gitfilter *g, const char *path)
{
	int ign = 0;
	return git_ignore_path_is_ignored(&ign, g->repo, path) == 0 && ign;
}

enum gitfilter_dir gitfilter_dir(struct gitfilter *g, const char *rel)
{
	const git_index_entry *e = git_index_get_bypath(g->index, in_repo(g, rel, ""), 0);
	if (e && (e->mode & 0170000) == 0160000)
		return GITFILTER_SUBMODULE;
	size_t pos;
	if (git_index_find_prefix(&pos, g->index, in_repo(g, rel, "/")) == 0)
		return GITFILTER_DESCEND;	/* it holds tracked files */
	return ignored(g, in_repo(g, rel, "/")) ? GITFILTER_IGNORED : GITFILTER_DESCEND;
}

const struct git_index_entry *gitfilter_entry(struct gitfilter *g, const char *rel)
{
	return git_index_get_bypath(g->index, in_repo(g, rel, ""), 0);
}

int gitfilter_ignored(struct gitfilter *g, const char *rel)
{
	return ignored(g, in_repo(g, rel, ""));
}

int gitfilter_key(const struct gitfilter *g, const struct git_index_entry *entry,
		  struct file_entry *f)
{
	if (!keys_entry_matches(entry, f, g->index_mtime_ns))
		return 0;
	memcpy(f->oid, entry->id.id, sizeof(f->oid));
	return 1;
}
