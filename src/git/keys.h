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
 * A file read and hashed is looked up with its plain SHA-1 blob id (sha1.c) until libgit2
 * is loaded, and a result is stored only under the hardened id (libgit2's SHA1DC, as git
 * computes it), taken when the worker's answer is in (libgit2 loads on a thread while
 * it parses). Why a plain id may find but never key a result: every stored key is the
 * hardened id of bytes libgit2 or git found no attack in (both refuse to hash an
 * attack), which is their plain SHA-1; so a plain lookup of
 * bytes A finds a result for bytes B only when SHA-1(A) = SHA-1(B), that is A = B or a
 * collision SHA1DC does not detect in B (it detects every published attack from either
 * of its two messages, and a generic one costs 2^80). Rows from a signed export or a
 * remote cache were stored the same way by a run the user trusts.
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
/* The hardened blob id of len bytes: 0, or -1 when libgit2 finds them to be part of a
 * SHA-1 collision attack (no id then). Loads libgit2. */
int keys_hash(const uint8_t *data, size_t len, uint8_t oid[20]);
/* Keys len bytes read for a lookup: the hardened id once libgit2 is loaded, else the
 * plain one (key->plain set: keys_harden must run before anything is stored under it).
 * 0, or -1 for a collision attack (key not set). */
int keys_lookup(const uint8_t *data, size_t len, struct file_key *key);
/* Replaces a plain key with the hardened id of the same bytes (nothing when not plain):
 * 0, or -1 for a collision attack (the key is then unset: nothing is stored under it). */
int keys_harden(const uint8_t *data, size_t len, struct file_key *key);
/* Starts loading libgit2 on a thread, so that keys_harden finds it loaded (a miss: the
 * worker's parse hides the load). Once per run; keys_shutdown waits for it. */
void keys_prepare_hardening(void);

#endif
