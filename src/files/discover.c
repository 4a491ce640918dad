/*
 * discover.c - walks the command-line paths into the sorted file list (see discover.h).
 *
 * The walk keeps a stack of directories still to read (no recursion: a hostile tree can
 * be deep) and opens each through fsguard, so a directory swapped for a link after it
 * was listed is refused rather than followed.
 */
#include "files/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/fsguard.h"
#include "git/filter.h"
#include "files/glob.h"
#include "util/log.h"
#include "util/alloc.h"

static struct file_entry *add_file(struct file_list *list, size_t root, const char *arg,
				   char *rel);
static int add_root(struct file_list *list, const char *dir);

static const char *const vcs_dirs[] = { ".git", ".hg", ".svn", ".bzr", "_darcs", NULL };

void file_set_verdict(struct file_entry *f, enum file_status status, enum cause cause,
		      const char *detail)
{
	record_clear(&f->rec);
	f->rec.status = (uint8_t)status;
	f->rec.lang = (uint8_t)f->lang;
	f->rec.cause = (uint8_t)cause;
	f->rec.detail = detail && detail[0] ? xstrdup(detail) : NULL;
	f->done = 1;
}

int discover_excluded(const struct discover_options *opt, const char *path, const char *rel)
{
	for (size_t i = 0; i < opt->nexcludes; i++)
		if (glob_match(opt->excludes[i], path) || glob_match(opt->excludes[i], rel)) {
			if (opt->exclude_hits)
				atomic_fetch_add_explicit(&opt->exclude_hits[i], 1,
							  memory_order_relaxed);
			return 1;
		}
	return 0;
}

void discover_hint_unmatched(const struct discover_options *opt, const struct file_list *list)
{
	for (size_t i = 0; i < opt->nexcludes && opt->exclude_hits; i++) {
		const char *g = opt->excludes[i];
		if (atomic_load(&opt->exclude_hits[i]) > 0)
			continue;
		size_t k = 0;
		while (k < list->nfiles && !glob_match_crossing(g, list->files[k].path)
		       && !glob_match_crossing(g, list->files[k].relpath))
			k++;
		if (k == list->nfiles)
			continue;
		char suggestion[512];
		glob_suggest(g, suggestion, sizeof(suggestion));
		log_event(LOG_WARNING, "exclude.unmatched", NULL, "-x '%s' excluded nothing: '*' "
			  "does not cross '/' in assay's globs (gitignore's rules), as it does in "
			  "lizard's, where it would exclude %s; did you mean '%s'?", g,
			  list->files[k].path, suggestion);
	}
}

static char *join(const char *a, const char *b)
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

/* The path shown for rel under a root given as arg ("." shows rel alone). */
static char *display_path(const char *arg, const char *rel)
{
	if (strcmp(arg, ".") == 0 || strcmp(arg, "./") == 0)
		return xstrdup(rel);
	size_t n = strlen(arg);
	while (n > 1 && arg[n - 1] == '/')
		n--;
	char *trimmed = xstrndup(arg, n);
	char *s = join(trimmed, rel);
	free(trimmed);
	return s;
}

struct file_entry *discover_add(struct file_list *list, size_t root, const char *path)
{
	struct file_entry *f = add_file(list, root, ".", xstrdup(path));
	f->partner = -1;
	return f;
}

int discover_add_root(struct file_list *list, const char *dir)
{
	return add_root(list, dir);
}

/* Adds rel (taken over) under root; the path shown is rel itself when the root was ".". */
static struct file_entry *add_file(struct file_list *list, size_t root, const char *arg,
				   char *rel)
{
	xgrow((void **)&list->files, &list->cap, list->nfiles + 1, sizeof(*list->files));
	struct file_entry *f = &list->files[list->nfiles++];
	memset(f, 0, sizeof(*f));
	f->root = root;
	f->relpath = rel;
	f->path = strcmp(arg, ".") == 0 ? rel : display_path(arg, rel);
	return f;
}

static void set_path(struct file_entry *f, const char *path)
{
	if (f->path != f->relpath)
		free(f->path);
	f->path = xstrdup(path);
}

/* What the name alone decides: the language, and a verdict for an excluded file or one
 * of no language we know or want. 1 when the file is still in (its size is needed). */
static int classify_name(struct file_entry *f, const struct discover_options *opt)
{
	f->lang = language_by_path(f->relpath);
	const char *base = strrchr(f->relpath, '/');
	base = base ? base + 1 : f->relpath;
	if (discover_excluded(opt, f->path, f->relpath))
		file_set_verdict(f, FILE_SKIPPED, CAUSE_EXCLUDED, NULL);
	else if (f->lang == LANG_NONE && strchr(base, '.') != NULL)
		file_set_verdict(f, FILE_SKIPPED, CAUSE_UNKNOWN_LANGUAGE, NULL);
	else if (f->lang != LANG_NONE && opt->language_mask
		 && !(opt->language_mask & (1u << f->lang)))
		file_set_verdict(f, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
	else
		return 1;
	return 0;
}

/* What the stat data decide: the size limit; and they are kept for the git index. */
static void classify_stat(struct file_entry *f, const struct stat *st,
			  const struct discover_options *opt)
{
	char reason[96];
	uint64_t size = (uint64_t)st->st_size;
	f->size = size;
	f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	f->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
	f->ino = (uint64_t)st->st_ino;
	f->dev = (uint64_t)st->st_dev;
	if (size > opt->max_size) {
		snprintf(reason, sizeof(reason), "%llu bytes, limit %llu",
			 (unsigned long long)size, (unsigned long long)opt->max_size);
		file_set_verdict(f, FILE_SKIPPED, CAUSE_TOO_LARGE, reason);
	}
}

/* One root's walk, shared by the threads that walk it: the directories still to read
 * (no recursion: a tree can be deep), taken one at a time. */
struct walk {
	struct gitfilter *git;		/* git's view of the tree, or NULL */
	const struct file_list *list;
	size_t root;
	const char *arg;
	const struct discover_options *opt;
	pthread_mutex_t lock;
	pthread_cond_t changed;		/* a directory was queued, or the last one finished */
	char **pending;
	size_t npending, cap;
	int reading;			/* directories being read right now */
};

/* One thread's part of a walk: the files it met, and the subdirectories of the directory
 * it is reading (queued when it is done with it). */
struct walker {
	struct walk *w;
	struct file_list out;		/* only files, nfiles and cap are used */
	char **found;
	size_t nfound, cap;
};

static int is_vcs_dir(const char *name)
{
	for (const char *const *v = vcs_dirs; *v; v++)
		if (strcmp(name, *v) == 0)
			return 1;
	return 0;
}

/* A subdirectory: queued unless git ignores it or it is excluded (child taken over). */
static void visit_dir(struct walker *t, char *child, const char *name)
{
	const struct walk *w = t->w;
	char *shown = display_path(w->arg, child);
	enum gitfilter_dir gd = w->git && !is_vcs_dir(name) ? gitfilter_dir(w->git, child)
							      : GITFILTER_DESCEND;
	if (gd == GITFILTER_SUBMODULE)
		file_set_verdict(add_file(&t->out, w->root, w->arg, xstrdup(child)), FILE_SKIPPED,
				 CAUSE_SUBMODULE, NULL);
	if (gd == GITFILTER_DESCEND && !is_vcs_dir(name)
	    && !discover_excluded(w->opt, shown, child)) {
		xgrow((void **)&t->found, &t->cap, t->nfound + 1, sizeof(char *));
		t->found[t->nfound++] = child;
		child = NULL;
	}
	free(shown);
	free(child);
}

/* The file type of a directory entry: from readdir when it says, else from lstat (then
 * in *st, and *have_st set). 0 when the entry vanished. */
static mode_t entry_type(int dir_fd, const struct dirent *e, struct stat *st, int *have_st)
{
	*have_st = 0;
	switch (e->d_type) {
	case DT_DIR: return S_IFDIR;
	case DT_REG: return S_IFREG;
	case DT_LNK: return S_IFLNK;
	case DT_UNKNOWN: break;
	default: return S_IFIFO;	/* a FIFO, socket or device: not a regular file */
	}
	if (fstatat(dir_fd, e->d_name, st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	*have_st = 1;
	return st->st_mode & S_IFMT;
}

/* A regular file: classified by name, then (only when still in) by lstat, and keyed from
 * the git index when its entry's stat data match. */
static void visit_file(const struct walk *w, int dir_fd, const char *name,
		       struct file_entry *f, const struct gitindex_entry *entry, struct stat *st,
		       int have_st)
{
	if (!classify_name(f, w->opt)) {
		f->unsized = !have_st;
		return;
	}
	if (!have_st && fstatat(dir_fd, name, st, AT_SYMLINK_NOFOLLOW) < 0) {
		file_set_verdict(f, FILE_SKIPPED, CAUSE_CANNOT_STAT, strerror(errno));
		return;
	}
	if (!S_ISREG(st->st_mode)) {
		file_set_verdict(f, FILE_SKIPPED, CAUSE_NOT_REGULAR, NULL);
		return;
	}
	classify_stat(f, st, w->opt);
	if (!f->done && entry)
		gitfilter_key(w->git, entry, f);
}

/* A directory entry: queue a subdirectory, record anything else with its verdict. */
static void visit(struct walker *t, int dir_fd, const char *rel, const struct dirent *e)
{
	const struct walk *w = t->w;
	struct stat st;
	int have_st;
	mode_t type = entry_type(dir_fd, e, &st, &have_st);
	if (type == 0)
		return;	/* vanished since readdir */
	char *child = join(rel, e->d_name);
	if (type == S_IFDIR) {
		visit_dir(t, child, e->d_name);
		return;
	}
	const struct gitindex_entry *entry = w->git ? gitfilter_entry(w->git, child) : NULL;
	if (w->git && !entry && gitfilter_ignored(w->git, child)) {
		free(child);	/* ignored by git: not part of the tree */
		return;
	}
	struct file_entry *f = add_file(&t->out, w->root, w->arg, child);
	f->git_checked = w->git != NULL;
	if (type == S_IFLNK)
		file_set_verdict(f, FILE_SKIPPED, CAUSE_SYMLINK, NULL);
	else if (type != S_IFREG)
		file_set_verdict(f, FILE_SKIPPED, CAUSE_NOT_REGULAR, NULL);
	else
		visit_file(w, dir_fd, e->d_name, f, entry, &st, have_st);
}

/* Reads one directory; one that cannot be read is recorded as failed, with the cause. */
static void read_dir(struct walker *t, const char *rel)
{
	const struct walk *w = t->w;
	int fd = fsguard_open_dir(w->list->root_fds[w->root], rel);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		char why[160];
		snprintf(why, sizeof(why), "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		struct file_entry *f = add_file(&t->out, w->root, w->arg, xstrdup(rel[0] ? rel : "."));
		file_set_verdict(f, FILE_FAILED, CAUSE_CANNOT_READ_DIR, why);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			visit(t, dirfd(d), rel, e);
	closedir(d);
}

/* The next directory to read (NULL when the walk is over: nothing queued, nobody
 * reading who could queue more); first queues what the thread found in its last one. */
static char *next_dir(struct walker *t, int finished_one)
{
	struct walk *w = t->w;
	pthread_mutex_lock(&w->lock);
	if (finished_one)
		w->reading--;
	if (t->nfound > 0) {
		xgrow((void **)&w->pending, &w->cap, w->npending + t->nfound, sizeof(char *));
		memcpy(w->pending + w->npending, t->found, t->nfound * sizeof(char *));
		w->npending += t->nfound;
	}
	t->nfound = 0;
	pthread_cond_broadcast(&w->changed);
	while (w->npending == 0 && w->reading > 0)
		pthread_cond_wait(&w->changed, &w->lock);
	char *rel = NULL;
	if (w->npending > 0) {
		rel = w->pending[--w->npending];
		w->reading++;
	}
	pthread_mutex_unlock(&w->lock);
	return rel;
}

static void *walker_run(void *arg)
{
	struct walker *t = arg;
	char *rel;
	for (int finished = 0; (rel = next_dir(t, finished)) != NULL; finished = 1) {
		read_dir(t, rel);
		free(rel);
	}
	return NULL;
}

/* Walks one root with up to WALK_THREADS threads (the calling one included): on a large
 * tree lstat and readdir are most of a warm run, as for git status, which also spreads
 * them over threads. Each thread keeps its own files; the list gets them all. */
#define WALK_THREADS 2

static void walk_root(struct file_list *list, size_t root, const char *arg,
		      const struct discover_options *opt)
{
	struct walk w = { opt->no_git ? NULL : gitfilter_open(list->root_paths[root]), list, root,
			  arg, opt, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0,
			  0 };
	struct walker t[WALK_THREADS];
	pthread_t helpers[WALK_THREADS];
	int started[WALK_THREADS] = { 0 };
	memset(t, 0, sizeof(t));
	xgrow((void **)&w.pending, &w.cap, 1, sizeof(char *));
	w.pending[w.npending++] = xstrdup("");
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	for (int i = 0; i < WALK_THREADS; i++)
		t[i].w = &w;
	for (int i = 1; i < WALK_THREADS && i < cpus; i++)
		started[i] = pthread_create(&helpers[i], NULL, walker_run, &t[i]) == 0;
	walker_run(&t[0]);
	for (int i = 0; i < WALK_THREADS; i++) {
		if (started[i])
			pthread_join(helpers[i], NULL);
		if (t[i].out.nfiles > 0) {
			xgrow((void **)&list->files, &list->cap, list->nfiles + t[i].out.nfiles,
			      sizeof(*list->files));
			memcpy(list->files + list->nfiles, t[i].out.files,
			       t[i].out.nfiles * sizeof(*list->files));
			list->nfiles += t[i].out.nfiles;
		}
		free(t[i].out.files);
		free(t[i].found);
	}
	free(w.pending);
	pthread_mutex_destroy(&w.lock);
	pthread_cond_destroy(&w.changed);
	gitfilter_free(w.git);
}

static int by_path(const void *a, const void *b)
{
	const struct file_entry *x = a, *y = b;
	return strcmp(x->path, y->path);
}

static int add_root(struct file_list *list, const char *dir)
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

/* A file named on the command line: its directory is the root, its name the path. */
static int add_file_arg(struct file_list *list, const char *arg, const struct stat *st,
			const struct discover_options *opt, char *err, size_t errlen)
{
	char *copy = xstrdup(arg);
	char *slash = strrchr(copy, '/');
	const char *dir = ".", *name = copy;
	if (slash) {
		*slash = '\0';
		dir = copy[0] ? copy : "/";
		name = slash + 1;
	}
	if (add_root(list, dir) < 0) {
		snprintf(err, errlen, "%s: cannot open its directory: %s", arg, strerror(errno));
		free(copy);
		return -1;
	}
	struct file_entry *f = add_file(list, list->nroots - 1, ".", xstrdup(name));
	set_path(f, arg);
	if (!S_ISREG(st->st_mode))
		file_set_verdict(f, FILE_SKIPPED, CAUSE_NOT_REGULAR, NULL);
	else if (classify_name(f, opt))
		classify_stat(f, st, opt);
	free(copy);
	return 0;
}

int discover(struct file_list *list, const char *const *paths, size_t npaths,
	     const struct discover_options *opt, char *err, size_t errlen)
{
	for (size_t i = 0; i < npaths; i++) {
		const char *arg = paths[i];
		struct stat st;
		/* A path named on the command line is the user's choice: it may be a link. */
		if (stat(arg, &st) < 0) {
			snprintf(err, errlen, "%s: %s", arg, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (add_file_arg(list, arg, &st, opt, err, errlen) < 0)
				return -1;
			continue;
		}
		if (add_root(list, arg) < 0) {
			snprintf(err, errlen, "%s: cannot open directory: %s", arg, strerror(errno));
			return -1;
		}
		walk_root(list, list->nroots - 1, arg, opt);
	}
	qsort(list->files, list->nfiles, sizeof(*list->files), by_path);
	return 0;
}

void discover_size_skipped(struct file_list *list)
{
	for (size_t i = 0; i < list->nfiles; i++) {
		struct file_entry *f = &list->files[i];
		struct stat st;
		if (f->unsized && fstatat(list->root_fds[f->root], f->relpath, &st,
					  AT_SYMLINK_NOFOLLOW) == 0)
			f->size = (uint64_t)st.st_size;
		f->unsized = 0;
	}
}

void file_entry_free(struct file_entry *f)
{
	if (f->path != f->relpath)
		free(f->path);
	free(f->relpath);
	free(f->limits);
	record_clear(&f->rec);
}

void file_list_free(struct file_list *list)
{
	for (size_t i = 0; i < list->nfiles; i++)
		file_entry_free(&list->files[i]);
	free(list->files);
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

int discover_read(struct file_list *list, struct file_entry *f, uint64_t max_size,
		  struct wbuf *bytes)
{
	struct cause_note why;
	enum fsguard_result r = fsguard_read(list->root_fds[f->root], f->relpath, max_size, bytes,
					     &why);
	if (r != FSGUARD_OK) {
		file_set_verdict(f, r == FSGUARD_SKIP ? FILE_SKIPPED : FILE_FAILED, why.cause,
				 why.detail);
		return 0;
	}
	return 1;
}

int discover_load(struct file_list *list, struct file_entry *f, uint64_t max_size,
		  struct wbuf *bytes)
{
	return discover_read(list, f, max_size, bytes) && discover_settle(f, bytes);
}

int discover_settle(struct file_entry *f, const struct wbuf *bytes)
{
	const uint8_t *data = bytes->data;
	size_t len = bytes->len;
	f->size = len;
	if (f->lang == LANG_NONE)
		f->lang = language_by_shebang((const char *)data, len < 256 ? len : 256);
	static const char lfs[] = "version https://git-lfs.github.com/spec/";
	if (len >= sizeof(lfs) - 1 && memcmp(data, lfs, sizeof(lfs) - 1) == 0)
		file_set_verdict(f, FILE_SKIPPED, CAUSE_LFS_POINTER, NULL);
	else if (f->lang == LANG_NONE)
		file_set_verdict(f, FILE_SKIPPED, CAUSE_UNKNOWN_LANGUAGE, NULL);
	else if (fsguard_is_binary(data, len))
		file_set_verdict(f, FILE_SKIPPED, CAUSE_BINARY, NULL);
	else if (fsguard_is_minified(data, len))
		file_set_verdict(f, FILE_SKIPPED, CAUSE_MINIFIED, NULL);
	else
		return 1;
	return 0;
}
