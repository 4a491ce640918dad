/*
 * filter.h - which files of a directory walk a git work tree would consider: tracked
 * files and untracked ones that are not ignored (nested .gitignore files,
 * .git/info/exclude, core.excludesFile), as `git ls-files -co --exclude-standard` lists
 * them. Ignored untracked directories are not even entered; submodules are reported as
 * skipped. Read only: libgit2 runs nothing for this. --no-git turns it off.
 *
 * Once open, a filter may be asked from several threads at once (the walk's).
 */
#ifndef ASSAY_GITFILTER_H
#define ASSAY_GITFILTER_H

struct file_entry;
struct file_key;
struct gitindex_entry;
struct gitfilter;

enum gitfilter_dir { GITFILTER_DESCEND, GITFILTER_IGNORED, GITFILTER_SUBMODULE };

/* The filter for a walk rooted at root_path, or NULL when it is not inside a git work
 * tree or when git ignores root_path itself (a directory the user named is what they asked
 * for: it is walked whole, as with --no-git); *root_ignored (when not NULL) tells which. */
struct gitfilter *gitfilter_open(const char *root_path, int *root_ignored);
void gitfilter_free(struct gitfilter *g);
/* What to do with the directory rel (relative to the walk's root). */
enum gitfilter_dir gitfilter_dir(struct gitfilter *g, const char *rel);
/* The index entry of the file rel, or NULL when it is untracked. */
const struct gitindex_entry *gitfilter_entry(struct gitfilter *g, const char *rel);
/* 1 when the untracked file rel is ignored. */
int gitfilter_ignored(struct gitfilter *g, const char *rel);
/* 1 with key set (oid, has_oid, from_index) when entry's stat data say f (its stat data
 * filled) is what the index recorded and the entry is not racily clean (as new as the
 * index file): the file need not be read to be keyed. */
int gitfilter_key(const struct gitfilter *g, const struct gitindex_entry *entry,
		  const struct file_entry *f, struct file_key *key);

#endif
