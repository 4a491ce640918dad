/*
 * filelist.h - the files a run considers: each file's identity, and what discovery found
 * out about it, in arrays beside it.
 *
 * An entry is a file's identity only: where it is (its root and path), its size, its
 * language and the stat data the git index is compared with. What each stage learns
 * about a file is kept by that stage, in arrays indexed like the entries: discovery's
 * verdicts (why a file will not be analyzed) and content keys (the git blob id, from the
 * index) live here beside the entries; the run's results live in the run (run/run.h).
 * The list is sorted by path, which fixes the order of every report whatever -j is.
 */
#ifndef ASSAY_FILES_FILELIST_H
#define ASSAY_FILES_FILELIST_H

#include <stddef.h>
#include <stdint.h>

#include "common/cause.h"
#include "common/languages.h"
#include "common/record.h"

struct file_entry {
	char *path;		/* for people: the root as given joined with relpath (the same
				   string as relpath when the root was ".") */
	char *relpath;		/* beneath the root's directory */
	size_t root;		/* index into file_list.root_fds */
	uint64_t size;
	enum lang_id lang;	/* LANG_NONE: decided by its content (#! line) when read */
	int64_t mtime_ns, ctime_ns;	/* from discovery's lstat, for the git index */
	uint64_t ino, dev;
	uint8_t unsized;	/* skipped by its name alone, size not looked up yet */
	uint8_t from_git;	/* its bytes are the git object keys[i].oid (precommit, diff) */
	uint8_t by_content;	/* a .h: lang (C) is a guess until its bytes decide C or C++
				   (content_header_language; not when [language] maps it) */
	uint8_t header;		/* was by_content, and stays set once the bytes have decided (the
				   remote cache's packs key such a file by its blob alone) */
};

/* Why a file will not be analyzed, when discovery (or the configuration) decided it. */
struct file_verdict {
	uint8_t given;		/* 1: the file is settled (status, cause, detail) */
	uint8_t status;		/* FILE_SKIPPED or FILE_FAILED */
	uint8_t cause;		/* enum cause */
	char *detail;		/* may be NULL */
};

/* A file's content key: the git blob id of its bytes, when known. */
struct file_key {
	uint8_t oid[20];
	uint8_t has_oid;	/* oid is the blob id of the content */
	uint8_t from_index;	/* from the git index: the file was not read for it */
	uint8_t git_checked;	/* discovery looked its index entry up already */
	uint8_t in_git;		/* a git work tree holds it (its index entry was looked up) */
	uint8_t bytes_checked;	/* from_index, and the bytes were read and hashed to oid */
	uint8_t has_digest;	/* the bytes were read: digest is theirs, stored with their
				 * result and compared by lookups (git/keys.h) */
	uint8_t has_index_oid;	/* index_oid is the id git's index holds for the path, whose
				 * stat data did not let it key the file */
	uint8_t index_same_size; /* has_index_oid, and the entry's size is the file's */
	uint8_t digest[32];
	uint8_t index_oid[20];
};

struct file_list {
	struct file_entry *files;
	struct file_verdict *verdicts;	/* one per file */
	struct file_key *keys;		/* one per file */
	size_t nfiles, cap;
	int *root_fds;
	char **root_paths;	/* as opened: the directory argument, or a file's directory */
	char **root_real;	/* their real paths when opened (NULL when unknown) */
	size_t nroots;
};

/* "a/b", or b alone when a is empty: a new string. */
char *file_join_path(const char *a, const char *b);
/* Adds a file under root: rel (taken over) beneath it, shown joined to arg ("." shows rel
 * alone). Returns its index; its verdict and key start empty. */
size_t file_list_add(struct file_list *list, size_t root, const char *arg, char *rel);
/* Adds a root directory, opened; returns 0, or -1 with errno. */
int file_list_add_root(struct file_list *list, const char *dir);
/* The root for dir as written: an existing one (file arguments of one directory share
 * it, and its descriptor), else a new one. Its index, or -1 with errno. */
long file_list_root_for(struct file_list *list, const char *dir);
/* Moves the files of from (a thread's share of a walk) to the end of list. */
void file_list_take(struct file_list *list, struct file_list *from);
/* Drops the files found twice under one real name (`assay a.c ./a.c`, `assay src
 * src/lib`, a folder and a link to it), keeping the first found; how many. Hard links are
 * files of their own names (two tracked paths). */
size_t file_list_drop_same(struct file_list *list);
/* Sorts the files by path, their verdicts and keys with them. */
void file_list_sort(struct file_list *list);
/* Frees what entry i owns. */
void file_list_free_entry(struct file_list *list, size_t i);
void file_list_free(struct file_list *list);

/* Settles file i: it will not be analyzed, for cause (detail copied; may be NULL). */
void file_verdict_set(struct file_list *list, size_t i, enum file_status status,
		      enum cause cause, const char *detail);
void file_verdict_clear(struct file_verdict *v);

/* The path shown for rel under a root given as arg ("." shows rel alone); a new string. */
char *file_display_path(const char *arg, const char *rel);

#endif
