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
 *
 * A file read for its key is keyed by assay's own SHA-1 blob id (sha1.c), which equals
 * git's for every content but a collision attack's: git and libgit2 hash with SHA1DC,
 * which refuses an attack's messages, and loading libgit2 for it cost a one-file run more
 * than everything else it did. Whenever the bytes are read (for their key, or, keyed from
 * the index, for their analysis), the key gets a digest no collision attack reaches, the
 * SHA-256 of the same blob (sha256.h; computed in the pass that computes the SHA-1),
 * stored with the cache row they give: such a row answers a lookup whose bytes have
 * another digest as a miss, so two contents built to share a SHA-1 never answer for each
 * other. Even where the index holds the same id for the path: the index is the
 * repository's, and a hostile one could claim for one half of a crafted SHA-1 collision
 * the id git would never have computed for it (SHA1DC refuses both halves); stored
 * without a digest, that half's result would answer the other half anywhere later.
 * A lookup keyed from the index has no bytes to compare, and needs none: a row stored
 * under id K answers it, and git computed K from bytes SHA1DC found no attack in, whose
 * SHA-1 no other content shares short of a generic collision (2^80) -- SHA1DC detects
 * every published attack from either of its two messages. Rows with no digest (from
 * before schema 6, or stored before the bytes of index-keyed files were digested) answer
 * every lookup, as they did. The remote cache's values have no digest: it is asked and
 * given only results whose id the index holds for the path (keys_confirmed;
 * run/remote.c).
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
/* open_guard.c: the calls libgit2 (loaded as handle) makes to open(2) refuse FIFOs,
 * devices, sparse or oversized git files, and links or more than 1 MiB for ignore and
 * attribute files. */
void keys_guard_library(void *handle);
/* open_guard.c: the work tree (NULL: bare), git folder and common folder of a repository
 * libgit2 opened (as libgit2 spells them): the work tree's .gitignore, .gitattributes,
 * .mailmap and .gitmodules files are then read as git reads them, and the git folders'
 * files as git's own wherever they lie. */
void keys_guard_repository(const char *workdir, const char *gitdir, const char *commondir);
/* open_guard.c: 1 before libgit2 compares a work tree (and finds its renames), 0 after:
 * in between, it may read the work tree's tracked files whole, to hash them; out of it,
 * a work tree file it opens is one a configuration names, and is held to what git's own
 * files are (no hole, at most 16 MiB). */
void keys_guard_hashing(int on);
/* open_guard.c: a file a repository's configuration names to be read whole
 * (core.excludesFile, core.attributesFile), held to what configuration is wherever it
 * lies. */
void keys_guard_config_file(const char *path);
/* Sets the key of every file of list not yet settled whose git index entry matches its
 * stat data, except those discovery looked up already (git_checked). Returns the number
 * keyed this way. */
size_t keys_from_git_index(struct file_list *list);
/* A key from the index (from_index) is checked once against the bytes when they are read:
 * KEYS_INDEX_OK when they hash to it (or the key is not the index's, or was checked),
 * KEYS_INDEX_DIFFERS when they do not (the file changed as it was read, or the index was
 * altered to give it another content's id), KEYS_INDEX_CRLF when they do once each CRLF
 * is made LF (a text file git checked out with CRLF: core.autocrlf, eol=crlf; the index
 * holds the id of its LF blob). Unless OK, the key is then the bytes' own (as
 * keys_lookup gives it), the index's id kept as unconfirmed. Without this, an altered
 * index could store a file's result under any other content's id, for every later run of
 * the user's to find. */
enum { KEYS_INDEX_OK, KEYS_INDEX_DIFFERS, KEYS_INDEX_CRLF };
int keys_check_index(const uint8_t *data, size_t len, struct file_key *key);
/* Keys len bytes read for a lookup: key->oid is their blob id, with their digest
 * (key->has_digest). */
void keys_lookup(const uint8_t *data, size_t len, struct file_key *key);
/* Forgets a key taken from the index (the file is keyed by its bytes when read, and not
 * looked up in the index again): its work-tree bytes are not its blob's (a filter, a
 * working-tree-encoding), so the blob's cached result is not the file's. */
void keys_distrust_index(struct file_key *key);
/* Whether key's id is the one git's index holds for the path (read from it, or the bytes
 * hashed to it): what the remote cache, whose values carry no digest, may be asked. */
int keys_confirmed(const struct file_key *key);

#endif
