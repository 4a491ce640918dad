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
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/fsguard.h"
#include "files/glob.h"
#include "files/pathwalk.h"
#include "git/filter.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/testpoint.h"

static const char *const vcs_dirs[] = { ".git", ".hg", ".svn", ".bzr", "_darcs", NULL };

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

int discover_language_wanted(uint64_t language_mask, const struct file_entry *f)
{
	/* A .h may turn out C++ or Objective-C: it is wanted when any of them is. */
	uint64_t langs = f->by_content ? (UINT64_C(1) << LANG_C) | (UINT64_C(1) << LANG_CPP)
						 | (UINT64_C(1) << LANG_OBJC)
				       : UINT64_C(1) << f->lang;
	return !language_mask || (language_mask & langs) != 0;
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
		char suggestion[512], mean[600];
		glob_suggest(g, suggestion, sizeof(suggestion));
		if (strcmp(suggestion, g) != 0)
			snprintf(mean, sizeof(mean), "did you mean '%s'?", suggestion);
		else	/* no rewrite of it crosses '/' alone (sub*.c) */
			snprintf(mean, sizeof(mean), "write the folders out, with '**' for any "
				 "number of them (such as 'dir/**/*.c')");
		log_event(LOG_WARNING, "exclude.unmatched", NULL, "-x '%s' excluded nothing: '*' "
			  "does not cross '/' in assay's globs (gitignore's rules), as it does in "
			  "lizard's, where it would exclude %s; %s", g, list->files[k].path, mean);
	}
}

/* What the name alone decides: the language, and a verdict for an excluded file or one
 * of no language we know or want. 1 when file i is still in (its size is needed). */
static int classify_name(struct file_list *list, size_t i, const struct discover_options *opt)
{
	struct file_entry *f = &list->files[i];
	f->lang = language_by_path(f->relpath);
	f->by_content = (uint8_t)language_is_c_header(f->relpath);
	f->header = f->by_content;
	const char *base = strrchr(f->relpath, '/');
	base = base ? base + 1 : f->relpath;
	if (discover_excluded(opt, f->path, f->relpath))
		file_verdict_set(list, i, FILE_SKIPPED, CAUSE_EXCLUDED, NULL);
	else if (f->lang == LANG_NONE && strchr(base, '.') != NULL)
		file_verdict_set(list, i, FILE_SKIPPED, CAUSE_UNKNOWN_LANGUAGE, NULL);
	else if (f->lang != LANG_NONE && !discover_language_wanted(opt->language_mask, f))
		file_verdict_set(list, i, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
	else
		return 1;
	return 0;
}

/* What the stat data decide: the size limit; and they are kept for the git index. */
static void classify_stat(struct file_list *list, size_t i, const struct stat *st,
			  const struct discover_options *opt)
{
	struct file_entry *f = &list->files[i];
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
		file_verdict_set(list, i, FILE_SKIPPED, CAUSE_TOO_LARGE, reason);
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
	struct file_list out;		/* its files (no roots) */
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
	char *shown = file_display_path(w->arg, child);
	enum gitfilter_dir gd = w->git && !is_vcs_dir(name) ? gitfilter_dir(w->git, child)
							      : GITFILTER_DESCEND;
	if (gd == GITFILTER_SUBMODULE)
		file_verdict_set(&t->out, file_list_add(&t->out, w->root, w->arg, xstrdup(child)),
				 FILE_SKIPPED, CAUSE_SUBMODULE, NULL);
	if (gd == GITFILTER_DESCEND && !is_vcs_dir(name)) {
		if (discover_excluded(w->opt, shown, child)) {	/* not entered, but said */
			file_verdict_set(&t->out, file_list_add(&t->out, w->root, w->arg, child),
					 FILE_SKIPPED, CAUSE_EXCLUDED, NULL);
		} else {
			xgrow((void **)&t->found, &t->cap, t->nfound + 1, sizeof(char *));
			t->found[t->nfound++] = child;
		}
		child = NULL;	/* the list or the queue has it */
	}
	free(shown);
	free(child);
}

/* A directory entry: where it is, and its lstat data once they are read. */
struct entry_stat {
	int dir_fd;
	const char *name;
	struct stat st;
	int have_st;
};

/* The file type of a directory entry: from readdir when it says, else from lstat (then
 * in es->st, and es->have_st set). 0 when the entry vanished. */
static mode_t entry_type(struct entry_stat *es, const struct dirent *e)
{
	es->have_st = 0;
	switch (e->d_type) {
	case DT_DIR: return S_IFDIR;
	case DT_REG: return S_IFREG;
	case DT_LNK: return S_IFLNK;
	case DT_UNKNOWN: break;
	default: return S_IFIFO;	/* a FIFO, socket or device: not a regular file */
	}
	if (fstatat(es->dir_fd, es->name, &es->st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	es->have_st = 1;
	return es->st.st_mode & S_IFMT;
}

/* A regular file: classified by name, then (only when still in) by lstat, and keyed from
 * the git index when its entry's stat data match. */
static void visit_file(const struct walk *w, struct file_list *out, size_t i,
		       const struct gitindex_entry *entry, struct entry_stat *es)
{
	struct file_entry *f = &out->files[i];
	struct stat *st = &es->st;
	if (!classify_name(out, i, w->opt)) {
		f->unsized = !es->have_st;
		return;
	}
	if (!es->have_st && fstatat(es->dir_fd, es->name, st, AT_SYMLINK_NOFOLLOW) < 0) {
		file_verdict_set(out, i, FILE_SKIPPED, CAUSE_CANNOT_STAT, strerror(errno));
		return;
	}
	if (!S_ISREG(st->st_mode)) {
		file_verdict_set(out, i, FILE_SKIPPED, CAUSE_NOT_REGULAR, NULL);
		return;
	}
	classify_stat(out, i, st, w->opt);
	if (!out->verdicts[i].given && entry)
		gitfilter_key(w->git, entry, f, &out->keys[i]);
}

/* A directory entry: queue a subdirectory, record anything else with its verdict. */
static void visit(struct walker *t, int dir_fd, const char *rel, const struct dirent *e)
{
	const struct walk *w = t->w;
	struct entry_stat es = { dir_fd, e->d_name, { 0 }, 0 };
	mode_t type = entry_type(&es, e);
	if (type == 0)
		return;	/* vanished since readdir */
	char *child = file_join_path(rel, e->d_name);
	if (type == S_IFDIR) {
		visit_dir(t, child, e->d_name);
		return;
	}
	const struct gitindex_entry *entry = w->git ? gitfilter_entry(w->git, child) : NULL;
	if (w->git && !entry && gitfilter_ignored(w->git, child)) {
		free(child);	/* ignored by git: not part of the tree */
		return;
	}
	size_t i = file_list_add(&t->out, w->root, w->arg, child);
	t->out.keys[i].git_checked = t->out.keys[i].in_git = w->git != NULL;
	if (type == S_IFREG)
		visit_file(w, &t->out, i, entry, &es);
	else if (classify_name(&t->out, i, w->opt))	/* -x, -l and the name first */
		file_verdict_set(&t->out, i, FILE_SKIPPED,
				 type == S_IFLNK ? CAUSE_SYMLINK : CAUSE_NOT_REGULAR, NULL);
}

/* Reads one directory; one that cannot be read is recorded as failed, with the cause. */
static void read_dir(struct walker *t, const char *rel)
{
	testpoint("discover.dir");
	const struct walk *w = t->w;
	int fd = fsguard_open_dir(w->list->root_fds[w->root], rel);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		char why[160];
		snprintf(why, sizeof(why), "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		size_t i = file_list_add(&t->out, w->root, w->arg, xstrdup(rel[0] ? rel : "."));
		file_verdict_set(&t->out, i, FILE_FAILED, CAUSE_CANNOT_READ_DIR, why);
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
	if (w->npending > 0 && !(w->opt->stop && *w->opt->stop)) {
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
	int root_ignored = 0;
	struct gitfilter *git = opt->no_git ? NULL
				: gitfilter_open(list->root_paths[root], &root_ignored);
	struct walk w = { git, list, root, arg, opt, PTHREAD_MUTEX_INITIALIZER,
			  PTHREAD_COND_INITIALIZER, NULL, 0, 0, 0 };
	struct walker t[WALK_THREADS];
	pthread_t helpers[WALK_THREADS];
	int started[WALK_THREADS] = { 0 };
	memset(t, 0, sizeof(t));
	if (root_ignored)
		log_event(LOG_WARNING, "git.ignored", arg, "git ignores this directory; every "
			  "file in it is analyzed, as with --no-git");
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
		file_list_take(list, &t[i].out);
		free(t[i].found);
	}
	for (size_t i = 0; i < w.npending; i++)
		free(w.pending[i]);	/* left by an interrupted walk */
	free(w.pending);
	pthread_mutex_destroy(&w.lock);
	pthread_cond_destroy(&w.changed);
	gitfilter_free(w.git);
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
	long root = file_list_root_for(list, dir);
	if (root < 0) {
		snprintf(err, errlen, "%s: cannot open its directory: %s", arg, strerror(errno));
		free(copy);
		return -1;
	}
	size_t i = file_list_add(list, (size_t)root, ".", xstrdup(name));
	list->files[i].path = xstrdup(arg);
	if (!S_ISREG(st->st_mode))
		file_verdict_set(list, i, FILE_SKIPPED, CAUSE_NOT_REGULAR, NULL);
	else if (classify_name(list, i, opt))
		classify_stat(list, i, st, opt);
	free(copy);
	return 0;
}

int discover(struct file_list *list, const char *const *paths, size_t npaths,
	     const struct discover_options *opt, char *err, size_t errlen)
{
	for (size_t i = 0; i < npaths && !(opt->stop && *opt->stop); i++) {
		const char *arg = paths[i];
		struct stat st;
		/* A path named on the command line is the user's choice: it may be a link; a
		 * directory on the way to it may not (files/pathwalk.h). */
		if (pathwalk_check(arg, err, errlen) < 0)
			return -1;
		if (stat(arg, &st) < 0) {
			snprintf(err, errlen, "%s: %s", arg, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (add_file_arg(list, arg, &st, opt, err, errlen) < 0)
				return -1;
			continue;
		}
		if (file_list_add_root(list, arg) < 0) {
			snprintf(err, errlen, "%s: cannot open directory: %s", arg, strerror(errno));
			return -1;
		}
		walk_root(list, list->nroots - 1, arg, opt);
	}
	/* Paths that overlap name a file once each: measured twice, its violations would
	 * count twice. */
	file_list_drop_same(list);
	file_list_sort(list);
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
