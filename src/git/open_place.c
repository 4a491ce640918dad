/*
 * open_place.c - where a file libgit2 opens lies (see open_place.h). The folders of the
 * repositories libgit2 opened are registered (keys_guard_repository) as libgit2 spells
 * them and as they really are; a file opened is judged by its real path against the
 * real folders, so that a configuration cannot pass a file off as an object or an index
 * by naming it objects/../big or ../logs/x.
 */
#include "git/open_place.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "git/keys.h"

/* The folders of the repositories libgit2 opened, as spelled and real paths ending in
 * '/': work trees, git folders (which may lie in a work tree under any name, `gitdir:
 * meta`) and object stores (objects/ may be a link to another disk's folder). */
#define MAX_ROOTS 32
enum { ROOT_TREE, ROOT_GIT, ROOT_OBJECTS };
static struct root {
	char *path;
	size_t len;
	int kind;	/* ROOT_TREE, ROOT_GIT (a git folder or common folder), ROOT_OBJECTS */
} roots[MAX_ROOTS];
static size_t nroots;
static pthread_mutex_t roots_lock = PTHREAD_MUTEX_INITIALIZER;

/* Adds folder (ending in '/') to the roots, once: 1 when it was there already. */
static int add_folder(const char *folder, int kind)
{
	pthread_mutex_lock(&roots_lock);
	size_t i = 0;
	while (i < nroots && strcmp(roots[i].path, folder) != 0)
		i++;
	int had = i < nroots;
	if (!had && nroots < MAX_ROOTS) {
		roots[nroots].path = strdup(folder);
		roots[nroots].len = roots[nroots].path ? strlen(folder) : 0;
		roots[nroots].kind = kind;
		nroots += roots[nroots].path != NULL;
	}
	pthread_mutex_unlock(&roots_lock);
	return had;
}

/* Adds path as libgit2 spells it (for place_spelled, which makes no system call) and as
 * it really is (for place_of_fd). */
static void add_root(const char *path, int kind)
{
	char folder[PATH_MAX];
	if (!path || !path[0])
		return;
	for (int real = 0; real < 2; real++) {
		if (real ? !realpath(path, folder)
			 : snprintf(folder, sizeof(folder), "%s", path) >= (int)sizeof(folder))
			return;
		size_t n = strlen(folder);
		if (n + 2 > sizeof(folder))
			return;
		if (folder[n - 1] != '/')
			folder[n++] = '/', folder[n] = '\0';
		if (add_folder(folder, kind) && !real)
			return;	/* registered before, and its real path with it */
	}
}

void keys_guard_repository(const char *workdir, const char *gitdir, const char *commondir)
{
	char objects[PATH_MAX];
	add_root(gitdir, ROOT_GIT);
	add_root(commondir, ROOT_GIT);
	add_root(workdir, ROOT_TREE);
	if (commondir && snprintf(objects, sizeof(objects), "%s%sobjects", commondir,
				  commondir[0] && commondir[strlen(commondir) - 1] == '/' ? "" : "/")
				 < (int)sizeof(objects))
		add_root(objects, ROOT_OBJECTS);
}

/* Files a repository's configuration names to be read whole (core.excludesFile,
 * core.attributesFile), by real path: configuration wherever they lie, even in the work
 * tree while libgit2 compares it (when its tracked files are read at any size). */
#define MAX_NAMED 8
static char *named[MAX_NAMED];
static size_t nnamed;

void keys_guard_config_file(const char *path)
{
	char real[PATH_MAX];
	if (!path || !realpath(path, real))
		return;
	pthread_mutex_lock(&roots_lock);
	size_t i = 0;
	while (i < nnamed && strcmp(named[i], real) != 0)
		i++;
	if (i == nnamed && nnamed < MAX_NAMED && (named[nnamed] = strdup(real)) != NULL)
		nnamed++;
	pthread_mutex_unlock(&roots_lock);
}

static int config_named(const char *real)
{
	int found = 0;
	pthread_mutex_lock(&roots_lock);
	for (size_t i = 0; i < nnamed && !found; i++)
		found = strcmp(named[i], real) == 0;
	pthread_mutex_unlock(&roots_lock);
	return found;
}

/* Set while libgit2 compares a work tree (keys_guard_hashing): it then reads tracked
 * files to hash them. */
static _Thread_local int hashing;

void keys_guard_hashing(int on)
{
	hashing = on;
}

/* The deepest root real lies in, or NULL; *tree 1 when that is a work tree and real lies
 * outside every .git in it. A git folder or object store may lie in a work tree. */
static const struct root *root_of(const char *real, int *tree)
{
	const struct root *best = NULL;
	pthread_mutex_lock(&roots_lock);
	for (size_t i = 0; i < nroots; i++)
		if (strncmp(real, roots[i].path, roots[i].len) == 0
		    && (!best || roots[i].len > best->len))
			best = &roots[i];
	pthread_mutex_unlock(&roots_lock);
	*tree = best && best->kind == ROOT_TREE && !strstr(real + best->len, "/.git/")
		&& strncmp(real + best->len, ".git/", 5) != 0;
	return best;
}

static int named_one_of(const char *base, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(base, names[i]) == 0)
			return 1;
	return 0;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Whether rel (a path in an object store's objects/ folder) is an object: a pack's files
 * (and the multi-pack index), a commit graph, a loose object (two and 38 hex digits). */
static int object_file(const char *rel)
{
	static const char hex[] = "0123456789abcdef";
	if (strncmp(rel, "pack/", 5) == 0 || strncmp(rel, "info/commit-graph", 17) == 0)
		return 1;
	return strspn(rel, hex) == 2 && rel[2] == '/' && strspn(rel + 3, hex) == 38
	       && rel[41] == '\0';
}

/* Whether rel (a path in a git folder) is one of its large files: objects, reflogs, the
 * index as git names it while it writes one, packed-refs, FETCH_HEAD. */
static int store_in_git(const char *rel)
{
	static const char *const top[] = { "index", "index.lock", "packed-refs", "FETCH_HEAD" };
	if (strncmp(rel, "objects/", 8) == 0)
		return object_file(rel + 8);
	if (strcmp(rel, "logs/HEAD") == 0 || strncmp(rel, "logs/refs/", 10) == 0)
		return 1;
	return !strchr(rel, '/') && (named_one_of(rel, top, sizeof(top) / sizeof(top[0]))
				     || strncmp(rel, "sharedindex.", 12) == 0
				     || strncmp(rel, "next-index-", 11) == 0);
}

/* $GIT_INDEX_FILE's real path ("" when unset or not there), found once: git runs the
 * hook with it set (`git commit -a`: index.lock), and it does not change in a run. */
static char index_real[PATH_MAX];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void find_index_file(void)
{
	const char *index_file = getenv("GIT_INDEX_FILE");
	if (!index_file || !index_file[0] || !realpath(index_file, index_real))
		index_real[0] = '\0';
}

/* Whether real is $GIT_INDEX_FILE (git's own temporary indexes have names of their own). */
static int index_file(const char *real)
{
	pthread_once(&index_once, find_index_file);
	return index_real[0] && strcmp(index_real, real) == 0;
}

/* Whether real (in no repository libgit2 opened) is an object of another repository's
 * store (objects/info/alternates): after the last objects/ of its path. */
static int store_elsewhere(const char *real)
{
	const char *objects = NULL;
	for (const char *at = strstr(real, "/objects/"); at; at = strstr(at + 1, "/objects/"))
		objects = at;
	return objects && object_file(objects + 9);
}

/* The place of real, a path in a work tree outside every .git in it. */
static enum place place_in_tree(const char *real)
{
	static const char *const rules[] = { ".gitignore", ".gitattributes", ".mailmap",
					     ".gitmodules" };
	const char *base = base_of(real);
	if (strcmp(base, ".git") == 0)
		return TREE_GIT_LINK;
	if (named_one_of(base, rules, sizeof(rules) / sizeof(rules[0])))
		return TREE_RULES;
	/* Else a tracked file being hashed, or a file a configuration names, read whole
	 * (include.path = big, relative to the work tree). */
	return hashing ? TREE_FILE : GIT_TEXT;
}

static enum place place_of_real(const char *real)
{
	if (config_named(real))
		return GIT_TEXT;
	if (index_file(real))
		return GIT_STORE;
	int tree;
	const struct root *root = root_of(real, &tree);
	if (tree)
		return place_in_tree(real);
	int store = !root || root->kind == ROOT_TREE ? store_elsewhere(real)	/* a .git in it */
		    : root->kind == ROOT_OBJECTS ? object_file(real + root->len)
		    : store_in_git(real + root->len);
	return store ? GIT_STORE : GIT_TEXT;
}

enum place place_spelled(const char *path)
{
	/* libgit2 spells a work tree's files as the work tree it was given + a path. */
	return place_of_real(path) == TREE_RULES ? TREE_RULES : GIT_TEXT;
}

enum place place_of_fd(int fd, const char *path)
{
	char link[64], real[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, real, sizeof(real) - 1);
	if (n <= 0 || real[0] != '/')
		return place_spelled(path);
	real[n] = '\0';
	return place_of_real(real);
}
