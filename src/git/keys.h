/*
 * keys.h - the cache key of a file's content: its git blob id (SHA-1 of
 * "blob <len>\0<bytes>").
 *
 * In a git work tree the id of a file whose index entry's stat data still match it comes
 * from the index without reading the file, which is what lets an unchanged repository
 * cost about what `git status` costs. An entry written in the same second as the index
 * ("racily clean") is not trusted: that file is read and hashed like any other.
 * Everything here runs in the supervisor; the repository is only read (libgit2 runs no
 * hooks, filters or fsmonitor for this).
 */
#ifndef ASSAY_KEYS_H
#define ASSAY_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "files/filelist.h"

/* At the end of a run: the index kept for keys, and libgit2 when it was loaded. */
void keys_shutdown(void);
/* While on, libgit2's initialisation loads no CA certificates (tls_skip.c). */
void keys_skip_certificates(int on);
/* Sets the key of every file of list not yet settled whose git index entry matches its
 * stat data, except those discovery looked up already (git_checked). Returns the number
 * keyed this way. */
size_t keys_from_git_index(struct file_list *list);
/* The blob id of len bytes. */
void keys_hash(const uint8_t *data, size_t len, uint8_t oid[20]);

#endif
