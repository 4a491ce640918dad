/*
 * keys.c - blob ids from the git index or from the bytes (see keys.h).
 */
#include "keys.h"

#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git.h"
#include "util.h"

void keys_init(void)
{
	git_libgit2_init();
	/* The repository may belong to another user (a CI checkout): we only read it. */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

void keys_shutdown(void)
{
	git_libgit2_shutdown();
}

void keys_hash(const uint8_t *data, size_t len, uint8_t oid[20])
{
	git_oid id;
	git_odb_hash(&id, data, len, GIT_OBJECT_BLOB);
	memcpy(oid, id.id, 20);
}

static int64_t index_time_ns(const git_index_time *t)
{
	return (int64_t)t->seconds * 1000000000 + t->nanoseconds;
}

int keys_entry_matches(const git_index_entry *e, const struct file_entry *f,
		       int64_t index_mtime_ns)
{
	if (!e || (e->mode & 0170000) != 0100000 || GIT_INDEX_ENTRY_STAGE(e) != 0)
		return 0;
	int64_t mtime = index_time_ns(&e->mtime);
	return e->file_size == (uint32_t)f->size && mtime == f->mtime_ns
	       && index_time_ns(&e->ctime) == f->ctime_ns && e->ino == (uint32_t)f->ino
	       && mtime < index_mtime_ns;
}

int64_t keys_index_mtime(git_index *index)
{
	struct stat st;
	const char *path = git_index_path(index);
	if (!path || stat(path, &st) != 0)
		return 0;
	return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

struct repo_view {
	git_repository *repo;
	git_index *index;
	int64_t index_mtime_ns;
	char prefix[PATH_MAX];	/* the root's path inside the work tree, "" or "dir/" */
};

/* Opens the repository around an analysis root and finds the root's place in it. */
static int repo_open(struct repo_view *v, const char *root_path)
{
	char real[PATH_MAX];
	memset(v, 0, sizeof(*v));
	if (!realpath(root_path, real) || git_open_repository(&v->repo, real) != 0)
		return -1;
	const char *workdir = git_repository_workdir(v->repo);
	size_t n = workdir ? strlen(workdir) : 0;
	if (!workdir || strncmp(real, workdir, n - 1) != 0 || (real[n - 1] && real[n - 1] != '/')
	    || git_repository_index(&v->index, v->repo) != 0
	    || (v->index_mtime_ns = keys_index_mtime(v->index)) == 0) {
		git_index_free(v->index);	/* a repository without an index file yet */
		git_repository_free(v->repo);
		v->index = NULL;
		v->repo = NULL;
		return -1;
	}
	const char *inside = real + n - 1;
	while (*inside == '/')
		inside++;
	snprintf(v->prefix, sizeof(v->prefix), "%s%s", inside, *inside ? "/" : "");
	return 0;
}

static void repo_close(struct repo_view *v)
{
	git_index_free(v->index);
	git_repository_free(v->repo);
}

/* A file still to key from the index, of root r. */
static int to_key(const struct file_entry *f, size_t r)
{
	return f->root == r && !f->done && !f->has_oid && !f->git_checked;
}

/* Whether any file of root r is still to key (the index is read only then). */
static int root_needs_keys(const struct file_list *list, size_t r)
{
	for (size_t i = 0; i < list->nfiles; i++)
		if (to_key(&list->files[i], r))
			return 1;
	return 0;
}

size_t keys_from_git_index(struct file_list *list)
{
	size_t keyed = 0;
	for (size_t r = 0; r < list->nroots; r++) {
		struct repo_view v;
		if (!root_needs_keys(list, r) || repo_open(&v, list->root_paths[r]) < 0)
			continue;
		char path[2 * PATH_MAX];
		for (size_t i = 0; i < list->nfiles; i++) {
			struct file_entry *f = &list->files[i];
			if (!to_key(f, r))
				continue;
			snprintf(path, sizeof(path), "%s%s", v.prefix, f->relpath);
			const git_index_entry *e = git_index_get_bypath(v.index, path, 0);
			if (keys_entry_matches(e, f, v.index_mtime_ns)) {
				memcpy(f->oid, e->id.id, 20);
				f->has_oid = 1;
				keyed++;
			}
		}
		repo_close(&v);
	}
	return keyed;
}
