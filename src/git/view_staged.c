/*
 * view_staged.c - the staged changes (git_view_staged): through the index's cache tree,
 * else the whole index against HEAD.
 *
 * libgit2 compares the index with HEAD by reading every tree of HEAD, after reading the
 * index with a SHA-1 check of all of it: ~125 ms on the kernel tree, for a commit of ten
 * files. git itself skips every directory whose cache-tree node (the index's TREE
 * extension) still holds a tree id and that id is HEAD's: the index's entries under it
 * are exactly that tree, and it is what the commit will write. This does the same:
 * the index is read with gitindex.c, the directories whose cache-tree node is
 * invalidated or differs from HEAD are walked, and every path directly in one of them,
 * in the index or in HEAD, is a candidate. libgit2 then compares HEAD with an in-memory
 * index of the candidates' entries, limited to the candidate paths (its tree iterator
 * reads only the trees on their way), so renames and patches work as before. Without a
 * usable cache tree (none, conflicts, intent-to-add or skip-worktree entries, no commit
 * yet, very deep paths, a submodule among candidates named in a way a pattern would
 * misread) the whole index is compared as before.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "git/index.h"
#include "git/libgit2.h"
#include "git/view_impl.h"
#include "util/alloc.h"
#include "util/log.h"

#define MAX_DIR_DEPTH 256	/* deeper directories: the whole-index comparison */

struct staged {
	git_repository *repo;
	const struct gitindex *ix;
	git_index *mem;		/* the candidates' index entries */
	char **paths;		/* the candidate paths */
	size_t npaths, cap;
	size_t gitlinks;	/* submodules among the candidates */
	int odd_paths;		/* a candidate with a character a pattern reads specially */
	char dir[PATH_MAX];	/* the directory being visited, '/'-terminated ("" the top) */
};

/* A directory being visited: its path's length in s->dir, its cache-tree node
 * (SIZE_MAX: none), HEAD's tree for it (NULL: none) and its index entries [lo, hi). */
struct dir_visit {
	size_t len, node, lo, hi;
	const git_oid *head_id;
	int depth;
};

/* Adds s->dir (its first dlen bytes) followed by name to the candidate paths. */
static void add_candidate(struct staged *s, size_t dlen, const char *name)
{
	size_t nlen = strlen(name);
	if (s->npaths == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->paths = xrealloc(s->paths, s->cap * sizeof(*s->paths));
	}
	char *p = xmalloc(dlen + nlen + 1);
	memcpy(p, s->dir, dlen);
	memcpy(p + dlen, name, nlen + 1);
	s->paths[s->npaths++] = p;
	s->odd_paths |= p[strcspn(p, "!#\\*?[ \t\r\n")] != '\0';
}

static int index_entry_to_libgit2(git_index *index, const struct gitindex_entry *e)
{
	git_index_entry entry;
	memset(&entry, 0, sizeof(entry));
	entry.path = e->path;
	entry.mode = e->mode;
	entry.file_size = e->size;
	memcpy(entry.id.id, e->oid, 20);
	return git_index_add(index, &entry) == 0 ? 0 : -1;
}

static int visit_dir(struct staged *s, const struct dir_visit *d);

/* The subdirectory of d whose index entries start at entry i (name: nlen bytes of its
 * path after d's), visited with its cache-tree node and HEAD's tree; the entry after
 * its entries, or SIZE_MAX on failure. */
static size_t visit_index_subdir(struct staged *s, const struct dir_visit *d, git_tree *head,
				 size_t i, size_t nlen)
{
	char *name = s->dir + d->len;
	if (d->len + nlen + 1 >= PATH_MAX)
		return SIZE_MAX;
	memcpy(name, s->ix->v[i].path + d->len, nlen + 1);
	name[nlen + 1] = '\0';
	struct dir_visit sub = { .len = d->len + nlen + 1, .node = SIZE_MAX, .lo = i,
				 .depth = d->depth + 1 };
	sub.hi = gitindex_prefix_end(s->ix, i, s->dir, sub.len);
	name[nlen] = '\0';	/* the name alone, for the lookups */
	const git_tree_entry *he = head ? git_tree_entry_byname(head, name) : NULL;
	if (he && git_tree_entry_type(he) == GIT_OBJECT_TREE)	/* else HEAD's side has it */
		sub.head_id = git_tree_entry_id(he);
	if (d->node != SIZE_MAX)
		sub.node = gitindex_tree_child(s->ix, d->node, name, nlen);
	name[nlen] = '/';
	return visit_dir(s, &sub) == 0 ? sub.hi : SIZE_MAX;
}

/* d's index entries: files directly in it are candidates, subdirectories are visited. */
static int visit_index_side(struct staged *s, const struct dir_visit *d, git_tree *head)
{
	for (size_t i = d->lo; i < d->hi;) {
		const struct gitindex_entry *e = &s->ix->v[i];
		const char *slash = strchr(e->path + d->len, '/');
		if (!slash) {
			s->gitlinks += (e->mode & 0170000) == 0160000;
			if (index_entry_to_libgit2(s->mem, e) < 0)
				return -1;
			add_candidate(s, 0, e->path);
			i++;
			continue;
		}
		i = visit_index_subdir(s, d, head, i, (size_t)(slash - (e->path + d->len)));
		if (i == SIZE_MAX)
			return -1;
	}
	return 0;
}

/* HEAD's entries of a changed directory: its files are candidates (a deletion shows
 * up there), and its subdirectories that the index no longer has are visited. */
static int visit_head_side(struct staged *s, const struct dir_visit *d, git_tree *head)
{
	size_t count = head ? git_tree_entrycount(head) : 0;
	for (size_t k = 0; k < count; k++) {
		const git_tree_entry *he = git_tree_entry_byindex(head, k);
		const char *name = git_tree_entry_name(he);
		size_t nlen = strlen(name);
		s->gitlinks += git_tree_entry_type(he) == GIT_OBJECT_COMMIT;
		if (git_tree_entry_type(he) != GIT_OBJECT_TREE) {
			add_candidate(s, d->len, name);
			continue;
		}
		if (d->len + nlen + 1 >= PATH_MAX)
			return -1;
		memcpy(s->dir + d->len, name, nlen);
		memcpy(s->dir + d->len + nlen, "/", 2);
		if (gitindex_has_prefix(s->ix, s->dir))
			continue;	/* visited from the index's side */
		struct dir_visit gone = { .len = d->len + nlen + 1, .node = SIZE_MAX, .lo = d->hi,
					  .hi = d->hi, .head_id = git_tree_entry_id(he),
					  .depth = d->depth + 1 };
		if (visit_dir(s, &gone) < 0)
			return -1;
	}
	return 0;
}

/* A directory whose cache-tree node has HEAD's tree id is unchanged; any other is
 * walked on both sides. */
static int visit_dir(struct staged *s, const struct dir_visit *d)
{
	const struct gitindex_tree *t = d->node == SIZE_MAX ? NULL : &s->ix->tree[d->node];
	if (t && t->entries >= 0 && d->head_id && memcmp(t->oid, d->head_id->id, 20) == 0)
		return 0;
	if (d->depth > MAX_DIR_DEPTH)
		return -1;
	git_tree *head = NULL;
	if (d->head_id && git_tree_lookup(&head, s->repo, d->head_id) != 0)
		return -1;
	int rc = visit_index_side(s, d, head);
	s->dir[d->len] = '\0';
	if (rc == 0)
		rc = visit_head_side(s, d, head);
	s->dir[d->len] = '\0';
	git_tree_free(head);
	return rc;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The candidates sorted, without repeats (a file both in HEAD and the index). */
static void unique_paths(struct staged *s)
{
	if (s->npaths == 0)
		return;
	qsort(s->paths, s->npaths, sizeof(*s->paths), compare_paths);
	size_t n = 1;
	for (size_t i = 1; i < s->npaths; i++) {
		if (strcmp(s->paths[i], s->paths[n - 1]) == 0)
			free(s->paths[i]);
		else
			s->paths[n++] = s->paths[i];
	}
	s->npaths = n;
}

/* Whether the index can be compared through its cache tree at all. */
static const char *cache_tree_unusable(const struct gitindex *ix)
{
	if (!ix->tree)
		return "the index has no cache tree";
	for (size_t i = 0; i < ix->n; i++)
		if (ix->v[i].stage != 0 || ix->v[i].extended)
			return ix->v[i].stage ? "the index has conflicts"
					      : "the index has intent-to-add or skip-worktree entries";
	return NULL;
}

/* The diff of HEAD (tree head) and the candidates, into v->diff and v->index. */
static int diff_candidates(struct git_view *v, struct staged *s, git_tree *head)
{
	git_diff_options opts;
	git_diff_options_of(v, &opts);
	if (s->npaths == 0)	/* an empty pathspec would mean every path */
		return git_diff_tree_to_tree(&v->diff, v->repo, NULL, NULL, &opts);
	opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	opts.pathspec.strings = s->paths;
	opts.pathspec.count = s->npaths;
	int rc = git_diff_tree_to_index(&v->diff, v->repo, head, s->mem, &opts);
	if (rc != 0)
		return rc;
	/* The patches look up diff attributes, which made libgit2 read the whole index
	 * again: the repository's index becomes the in-memory one, with every
	 * .gitattributes of the real index added (after the diff: they are no candidates). */
	for (size_t i = 0; i < s->ix->n; i++) {
		const struct gitindex_entry *e = &s->ix->v[i];
		const char *base = strrchr(e->path, '/');
		if (strcmp(base ? base + 1 : e->path, ".gitattributes") == 0
		    && index_entry_to_libgit2(s->mem, e) < 0)
			return -1;
	}
	git_repository_set_index(v->repo, s->mem);
	v->index = s->mem;
	s->mem = NULL;
	return 0;
}

/* Walks the changed directories from the top into s; NULL, or why the candidates
 * cannot be used. */
static const char *collect_candidates(struct staged *s, git_tree *head)
{
	if (git_index_new(&s->mem) != 0)
		return "no in-memory index";
	struct dir_visit top = { .len = 0, .node = 0, .lo = 0, .hi = s->ix->n,
				 .head_id = git_tree_id(head) };
	s->dir[0] = '\0';
	if (visit_dir(s, &top) < 0)
		return "a tree could not be read, or a path is too deep";
	/* libgit2 takes the paths literally, but for submodules: their paths are matched
	 * as patterns, where '#x' is a comment and '!x' excludes x. */
	if (s->gitlinks && s->odd_paths)
		return "a submodule changed beside paths a pattern would misread";
	unique_paths(s);
	return NULL;
}

/* 1 when v->diff holds the staged changes found through the cache tree; 0 when the
 * whole index must be compared instead (*why says so; unreadable names the index file
 * and the cause, when that is the reason). */
static int staged_by_cache_tree(struct git_view *v, const char **why, char *unreadable,
				size_t len)
{
	char path[PATH_MAX];
	struct gitindex ix;
	git_index_file(v->repo, path, sizeof(path));
	if (gitindex_open(&ix, path, unreadable, len) < 0) {
		*why = unreadable;
		return 0;
	}
	struct staged s = { .repo = v->repo, .ix = &ix };
	git_object *obj = NULL;
	git_tree *head = NULL;
	*why = cache_tree_unusable(&ix);
	if (!*why && (git_revparse_single(&obj, v->repo, "HEAD^{tree}") != 0
		      || git_object_peel((git_object **)&head, obj, GIT_OBJECT_TREE) != 0))
		*why = "no HEAD tree";
	if (!*why)
		*why = collect_candidates(&s, head);
	if (!*why && diff_candidates(v, &s, head) != 0)
		*why = "libgit2 could not compare the candidates";
	if (!*why) {
		log_event(LOG_DEBUG, "git.staged", NULL, "compared %zu paths with HEAD through "
			  "the index's cache tree", s.npaths);
		v->paths = s.paths;
		v->npaths = s.npaths;
	} else {
		free_strings(s.paths, s.npaths);
	}
	git_index_free(s.mem);
	git_tree_free(head);
	git_object_free(obj);
	gitindex_close(&ix);
	return *why == NULL;
}

/* The index against HEAD, into v->diff (git_view_staged). */
static int staged_diff(struct git_view *v, char *err, size_t len)
{
	const char *why;
	char unreadable[PATH_MAX + 128];
	if (staged_by_cache_tree(v, &why, unreadable, sizeof(unreadable))) {
		if (find_renames(v, v->diff) == 0)
			return 0;
		say_git_error(err, len, "cannot compare the index with HEAD");
		return -1;
	}
	git_diff_free(v->diff);
	v->diff = NULL;
	git_index_free(v->index);
	v->index = NULL;
	log_event(LOG_DEBUG, "git.staged", NULL, "comparing the whole index with HEAD: %s", why);
	int unborn;
	if (!git_view_index(v, err, len) || check_conflicts(v, err, len) < 0)
		return -1;
	git_tree *head = git_rev_tree(v, "HEAD", &unborn, err, len);
	if (!head && !unborn)
		return -1;
	git_diff_options opts;
	git_diff_options_of(v, &opts);
	int rc = git_diff_tree_to_index(&v->diff, v->repo, head, v->index, &opts);
	git_tree_free(head);
	if (rc != 0 || find_renames(v, v->diff) != 0) {
		say_git_error(err, len, "cannot compare the index with HEAD");
		return -1;
	}
	return 0;
}

int git_view_staged(struct git_view *v, char *err, size_t len)
{
	if (staged_diff(v, err, len) < 0)
		return -1;
	/* Concluding a merge: the merged branches' trees (MERGE_HEAD, every line of it). */
	git_view_merge_trees(v);
	return 0;
}
