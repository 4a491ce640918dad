/*
 * open_place.h - where a file libgit2 opens lies (open_guard.c): in a work tree, among a
 * git folder's own files, or elsewhere; judged on the path as spelled before it is
 * opened, and on the file's real path once it is.
 */
#ifndef ASSAY_GIT_OPEN_PLACE_H
#define ASSAY_GIT_OPEN_PLACE_H

/* What a file libgit2 opens may be, by where it lies. */
enum place {
	TREE_FILE,	/* a work tree's tracked file, hashed while libgit2 compares the work
			   tree (keys_guard_hashing) */
	TREE_RULES,	/* a work tree's .gitignore, .gitattributes, .mailmap, .gitmodules */
	TREE_GIT_LINK,	/* a work tree's .git file (a submodule's): at most 1 MiB, as git has it */
	GIT_STORE,	/* objects, indexes, packed-refs, logs: large in large repositories */
	GIT_TEXT,	/* the rest: configuration and what it names, refs, info/ files, and
			   a work tree file outside a comparison (a configuration named it) */
};

/* The place of path as spelled, before it is opened, by the folders as libgit2 spells
 * them (no system call): only TREE_RULES (opened without following a link) is told from
 * the rest here. */
enum place place_spelled(const char *path);

/* The place of the file open on fd (opened as path), by its real path (/proc/self/fd):
 * ".." and links in a spelling decide nothing. */
enum place place_of_fd(int fd, const char *path);

#endif
