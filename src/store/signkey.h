/*
 * signkey.h - the key files of signing.h: a new pair written without ever replacing a
 * file, and keys read back with the checks a secret deserves.
 *
 * One line each, base64 (RFC 4648, padded):
 *   PREFIX.key  "assay-ed25519-secret SEED"            the 32-byte seed, mode 0600
 *   PREFIX.pub  "assay-ed25519-public KEY [COMMENT]"   the 32-byte public key
 * keygen writes the key id (signing_key_id) as the public key's comment; a reader ignores
 * the comment. A secret key is read only from a regular file that is not a symbolic link,
 * is owned by the user running assay and that nobody else may read or write, as ssh
 * treats its private keys: a key others can read may already be someone else's. A public
 * key file must be a regular file that others cannot write.
 */
#ifndef ASSAY_STORE_SIGNKEY_H
#define ASSAY_STORE_SIGNKEY_H

#include <stddef.h>

#include "store/signing.h"

/* What signkey_write_pair's failures mean for the caller's exit status. */
enum { SIGNKEY_REFUSED = -1, SIGNKEY_IO_ERROR = -2 };

/* Writes prefix.key and prefix.pub for k. Neither may exist, not even as a dangling
 * link (O_EXCL | O_NOFOLLOW): nothing is ever overwritten. On failure nothing is left
 * behind; SIGNKEY_REFUSED when a file is in the way, SIGNKEY_IO_ERROR otherwise, with err
 * naming the path and the cause. */
int signkey_write_pair(const char *prefix, const struct signing_secret *k, char *err,
		       size_t errlen);
/* Creates dir and its missing parents, mode 0700 (for the default key's directory). 0,
 * or -1 with err. */
int signkey_make_dir(const char *dir, char *err, size_t errlen);
/* Reads a secret key file under the checks above. 0, or -1 with err naming the path and
 * what is wrong with it. */
int signkey_read_secret(const char *path, struct signing_secret *k, char *err, size_t errlen);
/* Reads a public key file. 0, or -1 with err. */
int signkey_read_public(const char *path, struct signing_public *k, char *err, size_t errlen);

#endif
