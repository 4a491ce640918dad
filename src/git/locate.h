/*
 * locate.h - the git repository around a path, found without libgit2 when it is the
 * plain case: a .git directory in the path's folder or one above it, with nothing in
 * the configuration that moves the work tree. That is what most runs meet, and it lets
 * them leave libgit2 unloaded (libgit2.c). Anything else is left to libgit2, which then
 * answers exactly as before: GIT_DIR or GIT_WORK_TREE set, a .git file (a linked work
 * tree, a submodule), a "commondir", a configuration that names a work tree, includes
 * other files, declares extensions or makes the repository bare, a folder on the way
 * that could itself be a repository (it has a HEAD), a file that cannot be read plainly
 * (a link, a FIFO, too large). The search stops at a file system boundary, as libgit2's
 * does (every open of ours leaves out GIT_REPOSITORY_OPEN_CROSS_FS): none found below
 * it, there is certainly none.
 *
 * Only the supervisor calls it; nothing is written, no link is followed in the
 * repository (the user's own configuration files may be links, as for git).
 */
#ifndef ASSAY_GIT_LOCATE_H
#define ASSAY_GIT_LOCATE_H

#include <limits.h>

struct git_location {
	char workdir[PATH_MAX + 2];	/* absolute, ending in '/' */
	char gitdir[PATH_MAX + 16];	/* absolute, ending in '/' */
	char index[PATH_MAX + 32];	/* GIT_INDEX_FILE when set, else gitdir's index */
};

enum git_located {
	GIT_LOCATE_ASK = -1,	/* not the plain case: ask libgit2 */
	GIT_LOCATE_NONE = 0,	/* certainly no repository around the path */
	GIT_LOCATE_FOUND = 1	/* *loc filled */
};

/* The repository around path (a file or a folder, relative or absolute). */
enum git_located git_locate(const char *path, struct git_location *loc);

/* Words the git configuration files a repository at gitdir reads (its own, the user's,
 * the system's) may hold, as flags: */
#define GIT_CONFIG_MOVES 0x1u		/* worktree, include, extensions, bare but "false" */
#define GIT_CONFIG_ATTRIBUTES 0x2u	/* core.attributesFile */
#define GIT_CONFIG_UNREADABLE 0x4u	/* a file that is there but could not be read plainly */
/* Which of those the configuration mentions (a coarse look at the words, case
 * insensitive: a mention anywhere counts, so 0 is certain). The files are read once for
 * the same gitdir in a row. */
unsigned git_config_mentions(const char *gitdir);

#endif
