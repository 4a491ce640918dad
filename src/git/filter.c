/*
 * filter.c - git's view of which files exist (see filter.h).
 */
#include "git/filter.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files/filelist.h"
#include "git/libgit2.h"
#include "git/locate.h"
#include "git/view.h"
#include "git/index.h"
#include "util/log.h"
#include "util/alloc.h"

struct gitfilter {
	git_repository *repo;	/* NULL until an ignore rule is asked for, when locate.c found it */
	int repo_failed;	/* that late open failed (said once) */
	char real[PATH_MAX];	/* the walk's root, resolved: where the repository is opened from */
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
static void read_index(struct gitfilter *g, const char *index_path)
{
	char err[PATH_MAX + 200];
	if (gitindex_open(&g->index, index_path, err, sizeof(err)) < 0 && access(index_path, F_OK) == 0)
		log_event(LOG_WARNING, "git.index", NULL, "%s: files are read and hashed, "
			  "and the ignore rules apply to tracked files too", err);
}

/* The repository around real, when there is one: its work tree and index into loc,
 * opened with libgit2 (*repo) when locate.c leaves it to libgit2. 0, or -1 when none. */
static int find_repository(const char *real, struct git_location *loc, git_repository **repo)
{
	*repo = NULL;
	enum git_located found = git_locate(real, loc);
	if (found != GIT_LOCATE_ASK)
		return found == GIT_LOCATE_FOUND ? 0 : -1;
	/* GIT_DIR (and GIT_WORK_TREE) name the repository when set, as for git itself. */
	if (git_open_repository(repo, real) != 0)
		return -1;
	const char *wd = git_repository_workdir(*repo);
	snprintf(loc->workdir, sizeof(loc->workdir), "%s", wd ? wd : "");
	git_index_file(*repo, loc->index, sizeof(loc->index));
	return 0;
}

struct gitfilter *gitfilter_open(const char *root_path, int *root_ignored)
{
	char real[PATH_MAX];
	git_repository *repo;
	struct git_location loc;
	if (root_ignored)
		*root_ignored = 0;
	if (!realpath(root_path, real) || find_repository(real, &loc, &repo) < 0)
		return NULL;
	const char *inside = loc.workdir[0] ? inside_workdir(real, loc.workdir) : NULL;
	if (!inside) {
		if (repo)	/* the root must be the work tree or inside it */
			git_repository_free(repo);
		return NULL;
	}
	struct gitfilter *g = xcalloc(1, sizeof(*g));
	g->repo = repo;
	snprintf(g->real, sizeof(g->real), "%s", real);
	pthread_mutex_init(&g->ignore_lock, NULL);
	read_index(g, loc.index);
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
	if (g->repo)
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
	int ign = 0, rc = -1;
	pthread_mutex_lock(&g->ignore_lock);
	if (!g->repo && !g->repo_failed && git_open_repository(&g->repo, g->real) != 0) {
		g->repo_failed = 1;
		g->repo = NULL;
		log_event(LOG_WARNING, "git.ignore", g->real, "the repository could not be "
			  "opened to read its ignore rules: untracked files are all analyzed");
	}
	if (g->repo)
		rc = git_ignore_path_is_ignored(&ign, g->repo, path);
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
	if (!entry_matches(entry, f, g->index.mtime_ns)) {
		/* Kept to confirm the id of the bytes once read (git/keys.h). */
		key->has_index_oid = entry && (entry->mode & 0170000) == 0100000 && entry->stage == 0;
		if (key->has_index_oid)
			memcpy(key->index_oid, entry->oid, sizeof(key->index_oid));
		key->index_same_size = key->has_index_oid && entry->size == (uint32_t)f->size;
		return 0;
	}
	memcpy(key->oid, entry->oid, sizeof(key->oid));
	key->has_oid = key->from_index = 1;
	return 1;
}
