/*
 * filelist.c - the list of files a run considers (see filelist.h).
 */
#include "files/filelist.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

char *file_join_path(const char *a, const char *b)
{
	if (a[0] == '\0')
		return xstrdup(b);
	size_t na = strlen(a), nb = strlen(b);
	char *s = xmalloc(na + nb + 2);
	memcpy(s, a, na);
	s[na] = '/';
	memcpy(s + na + 1, b, nb + 1);
	return s;
}

char *file_display_path(const char *arg, const char *rel)
{
	if (strcmp(arg, ".") == 0 || strcmp(arg, "./") == 0)
		return xstrdup(rel);
	size_t n = strlen(arg);
	while (n > 1 && arg[n - 1] == '/')
		n--;
	char *trimmed = xstrndup(arg, n);
	char *s = file_join_path(trimmed, rel);
	free(trimmed);
	return s;
}

/* Room for one more file in every array. */
/* Room for need rows: the capacity doubled as rows come one by one, or made exactly
 * need when many come at once (file_list_take: a warm run's second walker list grew the
 * first by doubling, copying and touching megabytes it did not use). */
static void grow_to(struct file_list *list, size_t need, int exact)
{
	if (need <= list->cap)
		return;
	size_t cap = list->cap;
	if (exact) {
		cap = need;
		list->files = xrealloc(list->files, cap * sizeof(*list->files));
	} else {
		xgrow((void **)&list->files, &cap, need, sizeof(*list->files));
	}
	list->verdicts = xrealloc(list->verdicts, cap * sizeof(*list->verdicts));
	list->keys = xrealloc(list->keys, cap * sizeof(*list->keys));
	list->cap = cap;
}

static void grow(struct file_list *list)
{
	grow_to(list, list->nfiles + 1, 0);
}

size_t file_list_add(struct file_list *list, size_t root, const char *arg, char *rel)
{
	grow(list);
	size_t i = list->nfiles++;
	struct file_entry *f = &list->files[i];
	memset(f, 0, sizeof(*f));
	memset(&list->verdicts[i], 0, sizeof(list->verdicts[i]));
	memset(&list->keys[i], 0, sizeof(list->keys[i]));
	f->root = root;
	f->relpath = rel;
	f->path = strcmp(arg, ".") == 0 ? rel : file_display_path(arg, rel);
	return i;
}

int file_list_add_root(struct file_list *list, const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	list->root_fds = xrealloc(list->root_fds, (list->nroots + 1) * sizeof(int));
	list->root_paths = xrealloc(list->root_paths, (list->nroots + 1) * sizeof(char *));
	list->root_real = xrealloc(list->root_real, (list->nroots + 1) * sizeof(char *));
	list->root_paths[list->nroots] = xstrdup(dir);
	list->root_real[list->nroots] = realpath(dir, NULL);
	list->root_fds[list->nroots++] = fd;
	return 0;
}

/* File i of from, with its verdict and key, as file k of to (which has room). */
static void copy_row(struct file_list *to, size_t k, const struct file_list *from, size_t i)
{
	to->files[k] = from->files[i];
	to->verdicts[k] = from->verdicts[i];
	to->keys[k] = from->keys[i];
}

/* Frees the per-file arrays (not what the entries own) and empties the list of files. */
static void drop_rows(struct file_list *list)
{
	free(list->files);
	free(list->verdicts);
	free(list->keys);
	list->files = NULL;
	list->verdicts = NULL;
	list->keys = NULL;
	list->nfiles = list->cap = 0;
}

long file_list_root_for(struct file_list *list, const char *dir)
{
	/* Newest first: the arguments of one directory usually come together. */
	for (size_t r = list->nroots; r-- > 0;)
		if (strcmp(list->root_paths[r], dir) == 0)
			return (long)r;
	return file_list_add_root(list, dir) < 0 ? -1 : (long)list->nroots - 1;
}

void file_list_take(struct file_list *list, struct file_list *from)
{
	if (list->nfiles == 0) {
		/* The first taken whole: its arrays become the list's. */
		struct file_list rows = *from;
		drop_rows(list);
		list->files = rows.files;
		list->verdicts = rows.verdicts;
		list->keys = rows.keys;
		list->nfiles = rows.nfiles;
		list->cap = rows.cap;
		*from = (struct file_list){ .root_fds = from->root_fds, .root_paths = from->root_paths,
					    .root_real = from->root_real, .nroots = from->nroots };
		return;
	}
	grow_to(list, list->nfiles + from->nfiles, 1);
	for (size_t i = 0; i < from->nfiles; i++)
		copy_row(list, list->nfiles++, from, i);
	drop_rows(from);
}

/* A file's one real name: its root's real path joined with its path beneath it (the walk
 * follows no link), and its index. */
struct real_name {
	char *name;
	size_t at;
};

static int by_real_name(const void *a, const void *b)
{
	const struct real_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->at < y->at ? -1 : x->at > y->at;
}

/* Removes the files drop[] marks, keeping the others' order; how many. */
static size_t drop_marked(struct file_list *list, const uint8_t *drop)
{
	size_t kept = 0, n = list->nfiles;
	for (size_t i = 0; i < n; i++) {
		if (drop[i]) {
			file_list_free_entry(list, i);
			continue;
		}
		if (kept != i)
			copy_row(list, kept, list, i);
		kept++;
	}
	list->nfiles = kept;
	return n - kept;
}

size_t file_list_drop_same(struct file_list *list)
{
	size_t n = list->nfiles, dropped = 0;
	if (n < 2)
		return 0;
	struct real_name *names = xmalloc(n * sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		const struct file_entry *f = &list->files[i];
		const char *root = list->root_real[f->root];
		names[i].at = i;
		names[i].name = xmalloc(strlen(root ? root : "?") + strlen(f->relpath) + 2);
		sprintf(names[i].name, "%s/%s", root ? root : "?", f->relpath);
	}
	qsort(names, n, sizeof(*names), by_real_name);
	uint8_t *drop = xcalloc(n, 1);
	for (size_t k = 1; k < n; k++)	/* the first found of a name stays */
		if (strcmp(names[k].name, names[k - 1].name) == 0
		    && list->root_real[list->files[names[k].at].root])
			drop[names[k].at] = 1;
	for (size_t i = 0; i < n; i++)
		free(names[i].name);
	free(names);
	dropped = drop_marked(list, drop);
	free(drop);
	return dropped;
}

/* qsort has no context argument in POSIX; the list being sorted is held here meanwhile. */
static const struct file_list *sorting;

static int by_path(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sorting->files[x].path, sorting->files[y].path);
	return c ? c : x < y ? -1 : 1;	/* the same path twice: as found */
}

void file_list_sort(struct file_list *list)
{
	size_t n = list->nfiles;
	if (n < 2)
		return;
	size_t *order = xmalloc(n * sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sorting = list;
	qsort(order, n, sizeof(*order), by_path);
	sorting = NULL;
	/* Row i becomes row order[i], in place, one cycle of the permutation at a time
	 * (order[j] = j marks a row placed): no second copy of the arrays to fault in. */
	struct file_list held = { .files = xmalloc(sizeof(*held.files)),
				  .verdicts = xmalloc(sizeof(*held.verdicts)),
				  .keys = xmalloc(sizeof(*held.keys)) };
	for (size_t i = 0; i < n; i++) {
		if (order[i] == i)
			continue;
		copy_row(&held, 0, list, i);
		size_t j = i;
		for (;;) {
			size_t k = order[j];
			order[j] = j;
			if (k == i) {
				copy_row(list, j, &held, 0);
				break;
			}
			copy_row(list, j, list, k);
			j = k;
		}
	}
	drop_rows(&held);
	free(order);
}

void file_verdict_clear(struct file_verdict *v)
{
	free(v->detail);
	memset(v, 0, sizeof(*v));
}

void file_verdict_set(struct file_list *list, size_t i, enum file_status status,
		      enum cause cause, const char *detail)
{
	struct file_verdict *v = &list->verdicts[i];
	file_verdict_clear(v);
	v->given = 1;
	v->status = (uint8_t)status;
	v->cause = (uint8_t)cause;
	v->detail = detail && detail[0] ? xstrdup(detail) : NULL;
}

void file_list_free_entry(struct file_list *list, size_t i)
{
	struct file_entry *f = &list->files[i];
	if (f->path != f->relpath)
		free(f->path);
	free(f->relpath);
	f->path = f->relpath = NULL;
	file_verdict_clear(&list->verdicts[i]);
}

void file_list_free(struct file_list *list)
{
	for (size_t i = 0; i < list->nfiles; i++)
		file_list_free_entry(list, i);
	free(list->files);
	free(list->verdicts);
	free(list->keys);
	for (size_t i = 0; i < list->nroots; i++) {
		close(list->root_fds[i]);
		free(list->root_paths[i]);
		free(list->root_real[i]);
	}
	free(list->root_real);
	free(list->root_fds);
	free(list->root_paths);
	memset(list, 0, sizeof(*list));
}
