/*
 * discover.h - which files a run considers, and the list every later phase fills in.
 *
 * Paths from the command line are roots: a directory is walked (without following
 * symbolic links, regular files only, version-control directories passed over), a file
 * stands for itself. Every file met is kept in the list: the ones to analyze, and the
 * ones skipped with the cause, so reports can say what was not measured and why.
 * The list is sorted by path, which fixes the order of every report whatever -j is.
 */
#ifndef ASSAY_DISCOVER_H
#define ASSAY_DISCOVER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/languages.h"
#include "common/record.h"

struct thresholds;

struct file_entry {
	char *path;		/* for people: the root as given joined with relpath (the same
				   string as relpath when the root was ".") */
	char *relpath;		/* beneath the root's directory */
	size_t root;		/* index into file_list.root_fds */
	uint64_t size;
	enum lang_id lang;	/* LANG_NONE: decide by shebang when read */
	int done;		/* rec holds the final result */
	int has_oid;		/* oid is the git blob id of the content */
	int git_checked;	/* discovery looked its git index entry up already */
	int from_index;		/* oid came from the git index: the file was not read for it */
	int unsized;		/* skipped by its name alone, size not looked up yet */
	int worker_verdict;	/* rec came from (or was charged to) a worker: cacheable */
	int cache_checked;	/* the cache was already asked for it (a miss counts once) */
	uint8_t oid[20];
	int64_t mtime_ns, ctime_ns;	/* from discovery's lstat, for the git index */
	uint64_t ino, dev;
	uint64_t cost_us;	/* worker time spent on it, as the supervisor saw it */
	uint64_t parse_us;	/* the worker's own measure of its analysis */
	int pruned;		/* rec keeps only the units that violate (see model_prune) */
	struct thresholds *limits;	/* this file's limits ([threshold "GLOB"]), or NULL for
					   the run's; owned by the list */
	uint32_t units_total;	/* when pruned: how many units the file had */
	int units_subset;	/* rec.units is already a subset (from a cache summary), and
				   units_total their number */
	int from_git;		/* read from the git object oid, not from the work tree */
	int side;		/* assay precommit/diff: 0 the new version, 1 the old */
	long partner;		/* the other version's index in the list, or -1 */
	int priority;		/* dispatched first when higher (precommit: critical files) */
	uint32_t changed_lines;	/* precommit: lines the change adds to the file */
	struct record rec;	/* status skipped/failed + cause, or the analysis */
};

struct file_list {
	struct file_entry *files;
	size_t nfiles, cap;
	int *root_fds;
	char **root_paths;	/* as opened: the directory argument, or a file's directory */
	char **root_real;	/* their real paths when opened (NULL when unknown) */
	size_t nroots;
};

struct discover_options {
	const char *const *excludes;	/* -x globs (glob.h), matched against the path as
					   shown and the path below the root given */
	size_t nexcludes;
	atomic_uint *exclude_hits;	/* per glob: how many paths it excluded; may be NULL */
	uint64_t max_size;		/* larger files are skipped "too large" */
	uint32_t language_mask;		/* 1 << lang_id of languages to keep; 0 = all */
	int no_git;			/* walk plainly, even in a git work tree */
};

/* Walks the given paths into list. Returns 0, or -1 with err naming the path and the
 * cause when a command-line path cannot be used at all. */
int discover(struct file_list *list, const char *const *paths, size_t npaths,
	     const struct discover_options *opt, char *err, size_t errlen);
void file_list_free(struct file_list *list);
/* Frees what one entry owns. */
void file_entry_free(struct file_entry *f);
/* Looks up the size of the files skipped by name alone (for reports that list sizes). */
void discover_size_skipped(struct file_list *list);
/* Marks f finished as skipped or failed with cause and its detail (copied; may be NULL). */
void file_set_verdict(struct file_entry *f, enum file_status status, enum cause cause,
		      const char *detail);
/* Adds a file by hand (assay precommit, diff): path relative to root, shown as is. */
struct file_entry *discover_add(struct file_list *list, size_t root, const char *path);
/* Adds a root directory; returns 0, or -1 with errno. */
int discover_add_root(struct file_list *list, const char *dir);
/* Reads a pending file through fsguard into bytes and settles what only its content can
 * tell: the language of an extension-less script (#! line), binary, minified. Returns 1
 * when it is to be analyzed, 0 when f got a verdict (skipped or failed, with a cause). */
int discover_load(struct file_list *list, struct file_entry *f, uint64_t max_size,
		  struct wbuf *bytes);
/* The part of discover_load that reads: 1 when bytes hold the file, 0 when f got a
 * verdict (skipped or failed, with a cause). */
int discover_read(struct file_list *list, struct file_entry *f, uint64_t max_size,
		  struct wbuf *bytes);
/* The part of discover_load that looks at the bytes only (also for bytes from git). */
int discover_settle(struct file_entry *f, const struct wbuf *bytes);
/* 1 when path (as shown) or rel (below its root) matches one of the -x globs. */
int discover_excluded(const struct discover_options *opt, const char *path, const char *rel);
/* For each -x glob that excluded nothing but would have with '*' crossing '/' (lizard's
 * fnmatch reading), a warning saying so with the gitignore glob that would (event
 * exclude.unmatched). */
void discover_hint_unmatched(const struct discover_options *opt, const struct file_list *list);

#endif
