/*
 * filter.c - git's view of which files exist (see filter.h).
 */
#include "git/filter.h"

#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files/filelist.h"
#include "git/view.h"
#include "git/index.h"
#include "util/log.h"
#include "util/alloc.h"

struct gitfilter {
	git_repository *repo;
	struct gitindex index;	/* empty when the index is missing or unreadable */
	char prefix[PATH_MAX];	/* the walk's root inside the work tree: "" or "dir/" */
	pthread_mutex_t ignore_lock;	/* libgit2's ignore rules are read one caller at a time */
};

/* A path in the repository: the walk's prefix, rel and suffix, in a caller's buffer. */
struct repo_path {
	char s[2 * PATH_MAX];
};

static int ignored(struct gitfilter *g, const char *path);

/* Where real (a resolved path) is inside the work tree wd: "" for wd itself, "dir/sub";
 * NULL when it is outside. */
static const char *inside_workdir(const char *real, const char *wd)
{
	size_t n = wd ? strlen(wd) : 0;
	if (!wd || strncmp(real, wd, n - 1) != 0 || (real[n - 1] && real[n - 1] != '/'))
		return NULL;
	const char *inside = real + n - 1;
	while (*inside == '/')
		inside++;
	return inside;
}

/* The index, when it can be read; a warning naming it when it cannot. */
static void read_index(struct gitfilter *g)
{
	char index_path[PATH_MAX + 16], err[PATH_MAX + 200];
	git_index_file(g->repo, index_path, sizeof(index_path));
	if (gitindex_open(&g->index, index_path, err, sizeof(err)) < 0 && access(index_path, F_OK) == 0)
		log_event(LOG_WARNING, "git.index", NULL, "%s: files are read and hashed, "
			  "and the ignore rules apply to tracked files too", err);
}

struct gitfilter *gitfilter_open(const char *root_path, int *root_ignored)
{
	char real[PATH_MAX];
	git_repository *repo;
	if (root_ignored)
		*root_ignored = 0;
	/* GIT_DIR (and GIT_WORK_TREE) name the repository when set, as for git itself. */
	if (!realpath(root_path, real) || git_open_repository(&repo, real) != 0)
		return NULL;
	const char *inside = inside_workdir(real, git_repository_workdir(repo));
	if (!inside) {
		git_repository_free(repo);	/* the root must be the work tree or inside it */
		return NULL;
	}
	struct gitfilter *g = xcalloc(1, sizeof(*g));
	g->repo = repo;
	pthread_mutex_init(&g->ignore_lock, NULL);
	read_index(g);
	snprintf(g->prefix, sizeof(g->prefix), "%s%s", inside, *inside ? "/" : "");
	if (*inside && !gitindex_has_prefix(&g->index, g->prefix) && ignored(g, g->prefix)) {
		if (root_ignored)
			*root_ignored = 1;
		gitfilter_free(g);
		return NULL;
	}
	return g;
}

void gitfilter_free(struct gitfilter *g)
{
	if (!g)
		return;
	gitindex_close(&g->index);
	git_repository_free(g->repo);
	pthread_mutex_destroy(&g->ignore_lock);
	free(g);
}

static const char *in_repo(const struct gitfilter *g, struct repo_path *p, const char *rel,
			   const char *suffix)
{
	snprintf(p->s, sizeof(p->s), "%s%s%s", g->prefix, rel, suffix);
	return p->s;
}

static int ignored(struct gitfilter *g, const char *path)
{
	int ign = 0;
	pthread_mutex_lock(&g->ignore_lock);
	int rc = git_ignore_path_is_ignored(&ign, g->repo, path);
	pthread_mutex_unlock(&g->ignore_lock);
	return rc == 0 && ign;
}

enum gitfilter_dir gitfilter_dir(struct gitfilter *g, const char *rel)
{
	struct repo_path p;
	const struct gitindex_entry *e = gitindex_find(&g->index, in_repo(g, &p, rel, ""));
	if (e && (e->mode & 0170000) == 0160000)
		return GITFILTER_SUBMODULE;
	if (gitindex_has_prefix(&g->index, in_repo(g, &p, rel, "/")))
		return GITFILTER_DESCEND;	/* it holds tracked files */
	return ignored(g, in_repo(g, &p, rel, "/")) ? GITFILTER_IGNORED : GITFILTER_DESCEND;
}

const struct gitindex_entry *gitfilter_entry(struct gitfilter *g, const char *rel)
{
	struct repo_path p;
	return gitindex_find(&g->index, in_repo(g, &p, rel, ""));
}

int gitfilter_ignored(struct gitfilter *g, const char *rel)
{
	struct repo_path p;
	return ignored(g, in_repo(g, &p, rel, ""));
}

/* 1 when an index entry's stat data say the file (its stat data in f) is what the index
 * recorded, and the entry is not racily clean (as new as the index file). */
static int entry_matches(const struct gitindex_entry *e, const struct file_entry *f,
			 int64_t index_mtime_ns)
{
	if (!e || (e->mode & 0170000) != 0100000 || e->stage != 0)
		return 0;
	return e->size == (uint32_t)f->size && e->mtime_ns == f->mtime_ns
	       && e->ctime_ns == f->ctime_ns && e->ino == (uint32_t)f->ino
	       && e->mtime_ns < index_mtime_ns;
}

int gitfilter_key(const struct gitfilter *g, const struct gitindex_entry *entry,
		  const struct file_entry *f, struct file_key *key)
{
	if (!entry_matches(entry, f, g->index.mtime_ns))
		return 0;
	memcpy(key->oid, entry->oid, sizeof(key->oid));
	key->has_oid = key->from_index = 1;
	return 1;
}
