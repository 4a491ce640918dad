/*
 * discover.h - which files a run considers: the walk of the command-line paths.
 *
 * Paths from the command line are roots: a directory is walked (without following
 * symbolic links, regular files only, version-control directories passed over; in a git
 * work tree, git's view of it: tracked files and untracked ones not ignored), a file
 * stands for itself. Every file met is kept in the list: the ones to analyze, and the
 * ones skipped with the cause (the list's verdicts), so reports can say what was not
 * measured and why. Files whose git index entry still matches them get their key from
 * the index (the list's keys). The list is sorted by path.
 */
#ifndef ASSAY_FILES_DISCOVER_H
#define ASSAY_FILES_DISCOVER_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "files/filelist.h"

struct discover_options {
	const char *const *excludes;	/* -x globs (glob.h), matched against the path as
					   shown and the path below the root given */
	size_t nexcludes;
	atomic_uint *exclude_hits;	/* per glob: how many paths it excluded; may be NULL */
	uint64_t max_size;		/* larger files are skipped "too large" */
	uint64_t language_mask;		/* 1 << lang_id of languages to keep; 0 = all */
	int no_git;			/* walk plainly, even in a git work tree */
	volatile sig_atomic_t *stop;	/* set by a signal: the walk ends early; may be NULL */
};

/* Walks the given paths into list. Returns 0 (also when *opt->stop ended it early), or -1
 * with err naming the path and the cause when a command-line path cannot be used. */
int discover(struct file_list *list, const char *const *paths, size_t npaths,
	     const struct discover_options *opt, char *err, size_t errlen);
/* Looks up the size of the files skipped by name alone (for reports that list sizes). */
void discover_size_skipped(struct file_list *list);
/* 1 when -l (language_mask, 0: every language) wants file f's language: a .h whose
 * content decides (f->by_content) is wanted when C, C++ or Objective-C is. */
int discover_language_wanted(uint64_t language_mask, const struct file_entry *f);
/* 1 when path (as shown) or rel (below its root) matches one of the -x globs. */
int discover_excluded(const struct discover_options *opt, const char *path, const char *rel);
/* For each -x glob that excluded nothing but would have with '*' crossing '/' (lizard's
 * fnmatch reading), a warning saying so with the gitignore glob that would (event
 * exclude.unmatched). */
void discover_hint_unmatched(const struct discover_options *opt, const struct file_list *list);

#endif
