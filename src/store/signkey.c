/*
 * signkey.c - writing and reading the key files of signing.h (see signkey.h).
 *
 * Writing creates both files with O_CREAT | O_EXCL | O_NOFOLLOW before writing either, so
 * a key is never overwritten and never written through a link someone planted, and a
 * failure removes only what this call created. Reading opens without blocking (a FIFO
 * cannot hang the run), checks what fstat says about the file actually opened, reads at
 * most KEY_FILE_MAX bytes and decodes exactly one key.
 */
#include "store/signkey.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fdio.h"
#include "files/pathwalk.h"

#define SECRET_TAG "assay-ed25519-secret"
#define PUBLIC_TAG "assay-ed25519-public"
#define KEY_FILE_MAX 1024	/* a key line is under 120 bytes; anything larger is not one */
#define BASE64_KEY 45		/* 32 bytes in padded base64, and a NUL */
#define B64 sodium_base64_VARIANT_ORIGINAL

/* ---- writing ------------------------------------------------------------------------ */

/* A new file, mode as given (before the umask); the descriptor, or SIGNKEY_REFUSED (the
 * name is taken, if only by a link) or SIGNKEY_IO_ERROR, with err. */
static int create_new(const char *path, mode_t mode, char *err, size_t errlen)
{
	const char *last;
	int dir = pathwalk_parent(path, &last, err, errlen);	/* no link on the way */
	if (dir < 0)
		return errno == ELOOP ? SIGNKEY_REFUSED : SIGNKEY_IO_ERROR;
	int fd = openat(dir, last, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	int saved = errno;
	close(dir);
	errno = saved;
	if (fd >= 0)
		return fd;
	if (errno == EEXIST) {
		snprintf(err, errlen, "%s: already exists: a key is never overwritten (choose "
			 "another name with --output=PREFIX)", path);
		return SIGNKEY_REFUSED;
	}
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return SIGNKEY_IO_ERROR;
}

/* Writes one line to a new file and syncs it; 0, or -1 with err. */
static int write_line(int fd, const char *path, const char *line, char *err, size_t errlen)
{
	if (write_full(fd, line, strlen(line)) == 0 && fsync(fd) == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return -1;
}

/* The two lines of a pair: the seed's, the public key's with its key id. */
static void format_pair(const struct signing_secret *k, char *secret, size_t secret_len,
			char *public, size_t public_len)
{
	uint8_t seed[SIGNING_SEED_BYTES];
	struct signing_public pub;
	char b64[BASE64_KEY], id[SIGNING_KEY_ID_TEXT];
	signing_seed_of(k, seed);
	sodium_bin2base64(b64, sizeof(b64), seed, sizeof(seed), B64);
	snprintf(secret, secret_len, "%s %s\n", SECRET_TAG, b64);
	signing_public_of(k, &pub);
	sodium_bin2base64(b64, sizeof(b64), pub.key, sizeof(pub.key), B64);
	signing_key_id(pub.key, id);
	snprintf(public, public_len, "%s %s %s\n", PUBLIC_TAG, b64, id);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(b64, sizeof(b64));
}

/* Closes a file written so far with status rc; the status after closing it. */
static int close_new(int fd, const char *path, int rc, char *err, size_t errlen)
{
	if (close(fd) == 0 || rc != 0)
		return rc;
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return SIGNKEY_IO_ERROR;
}

/* Writes both lines and closes both files; 0, or SIGNKEY_IO_ERROR with err. */
static int fill_pair(int key_fd, const char *key_path, int pub_fd, const char *pub_path,
		     const struct signing_secret *k, char *err, size_t errlen)
{
	char secret[128], public[128];
	format_pair(k, secret, sizeof(secret), public, sizeof(public));
	int rc = write_line(key_fd, key_path, secret, err, errlen) == 0
		 && write_line(pub_fd, pub_path, public, err, errlen) == 0 ? 0 : SIGNKEY_IO_ERROR;
	sodium_memzero(secret, sizeof(secret));
	rc = close_new(key_fd, key_path, rc, err, errlen);
	return close_new(pub_fd, pub_path, rc, err, errlen);
}

int signkey_write_pair(const char *prefix, const struct signing_secret *k, char *err,
		       size_t errlen)
{
	char key_path[4096], pub_path[4096];
	if ((size_t)snprintf(key_path, sizeof(key_path), "%s.key", prefix) >= sizeof(key_path)
	    || (size_t)snprintf(pub_path, sizeof(pub_path), "%s.pub", prefix) >= sizeof(pub_path)) {
		snprintf(err, errlen, "%.200s...: the name is too long", prefix);
		return SIGNKEY_REFUSED;
	}
	int key_fd = create_new(key_path, 0600, err, errlen);
	if (key_fd < 0)
		return key_fd;
	int pub_fd = create_new(pub_path, 0644, err, errlen);
	int rc = pub_fd < 0 ? pub_fd : fill_pair(key_fd, key_path, pub_fd, pub_path, k, err, errlen);
	if (pub_fd < 0)
		close(key_fd);
	if (rc != 0) {	/* only what this call created */
		unlink(key_path);
		if (pub_fd >= 0)
			unlink(pub_path);
	}
	return rc;
}

int signkey_make_dir(const char *dir, char *err, size_t errlen)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s", dir) >= sizeof(path)) {
		snprintf(err, errlen, "%.200s...: the name is too long", dir);
		return -1;
	}
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		*p = saved;
		if (saved == '\0')
			return 0;
	}
}

/* ---- reading ------------------------------------------------------------------------ */

/* What fstat says about a secret key file that makes it unfit; NULL when it is fit. */
static const char *secret_file_problem(const struct stat *st, char *why, size_t len)
{
	if (st->st_uid != geteuid()) {
		snprintf(why, len, "is owned by uid %lu, not by the user running assay (uid %lu)",
			 (unsigned long)st->st_uid, (unsigned long)geteuid());
		return why;
	}
	if (st->st_mode & 077) {
		snprintf(why, len, "is open to others (mode %03o): a secret key must be readable "
			 "by its owner alone (chmod 600)", (unsigned)(st->st_mode & 0777));
		return why;
	}
	return NULL;
}

/* 1 when gid is the private group of user uid, as Debian's ssh judges it: the user's
 * primary group, with no member but the user (umask 002 then lets a group write that only
 * the user is in). */
static int private_group(uid_t uid, gid_t gid)
{
	const struct passwd *pw = getpwuid(uid);
	if (!pw || pw->pw_gid != gid)
		return 0;
	const struct group *gr = getgrgid(gid);
	if (!gr)
		return 0;
	for (char **m = gr->gr_mem; *m; m++)
		if (strcmp(*m, pw->pw_name) != 0)
			return 0;
	return 1;
}

/* The uid an unmapped owner shows as inside a user namespace (unshare, bubblewrap,
 * Toolbox), or (uid_t)-1 outside one: there the system's own folders (/, /tmp) are the
 * outer root's and show as this uid, and are taken as root's. */
static uid_t namespace_root(void)
{
	static int known;
	static uid_t uid = (uid_t)-1;
	if (known)
		return uid;
	known = 1;
	FILE *f = fopen("/proc/self/uid_map", "re");
	unsigned long inside, outside, count;
	int identity = f && fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3 && inside == 0
		       && outside == 0 && count == 4294967295UL;
	if (f)
		fclose(f);
	FILE *o = identity || !f ? NULL : fopen("/proc/sys/kernel/overflowuid", "re");
	unsigned long overflow;
	if (o && fscanf(o, "%lu", &overflow) == 1)
		uid = (uid_t)overflow;
	if (o)
		fclose(o);
	return uid;
}

/* What makes a file or folder (what) on the way to a trusted key fit for someone else to
 * change, as ssh judges authorized_keys and the folders above it: owned by another user
 * than the one running assay or root, writable by others (a folder writable by others is
 * fine when sticky, as /tmp: nobody replaces another's file there), or by a group that is
 * not its owner's private group. NULL when nobody else can change it. */
static const char *changeable_by_others(const struct stat *st, const char *what, char *why,
					size_t len)
{
	int sticky_dir = S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX);
	int root = st->st_uid == 0 || (S_ISDIR(st->st_mode) && st->st_uid == namespace_root());
	if (st->st_uid != geteuid() && !root)
		snprintf(why, len, "%s is owned by uid %lu, neither the user running assay (uid "
			 "%lu) nor root: it is not to be trusted", what, (unsigned long)st->st_uid,
			 (unsigned long)geteuid());
	else if ((st->st_mode & S_IWOTH) && !sticky_dir)
		snprintf(why, len, "%s can be written by anyone (mode %03o): it is not to be "
			 "trusted (chmod o-w)", what, (unsigned)(st->st_mode & 0777));
	else if ((st->st_mode & S_IWGRP) && !sticky_dir && !private_group(st->st_uid, st->st_gid))
		snprintf(why, len, "%s can be written by group %lu, not only its owner's "
			 "(mode %03o): it is not to be trusted (chmod g-w)", what,
			 (unsigned long)st->st_gid, (unsigned)(st->st_mode & 0777));
	else
		return NULL;
	return why;
}

/* What makes a folder (real: no link in it) or any folder above it fit for someone else
 * to change; NULL when none is. real is changed. */
static const char *folders_problem(char *real, char *why, size_t len)
{
	for (;;) {
		struct stat ds;
		char what[PATH_MAX + 16];
		snprintf(what, sizeof(what), "its folder %s", real);
		if (lstat(real, &ds) < 0) {
			snprintf(why, len, "%s: %s", what, strerror(errno));
			return why;
		}
		if (changeable_by_others(&ds, what, why, len))
			return why;
		char *slash = strrchr(real, '/');
		if (!slash || strcmp(real, "/") == 0)
			return NULL;
		slash[slash == real] = '\0';	/* the parent; "/" stays "/" */
	}
}

/* What makes the link at prefix (of a path as given) replaceable: the folder holding it,
 * where that folder really is, or any above, fit for someone else to change. */
static const char *link_folder_problem(const char *prefix, char *why, size_t len)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(prefix, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - prefix) + (slash == prefix), prefix);
	if (!realpath(dir, real)) {
		snprintf(why, len, "the folder of its link %s: %s", prefix, strerror(errno));
		return why;
	}
	return folders_problem(real, why, len);
}

/* What makes a link on the way to path (as given) replaceable: whoever can change the
 * folder holding one can point it elsewhere. NULL when none is. */
static const char *links_problem(const char *path, char *why, size_t len)
{
	char prefix[PATH_MAX];
	size_t n = strlen(path);
	if (n >= sizeof(prefix))
		return NULL;	/* realpath would have failed before */
	for (size_t i = 1; i <= n; i++) {
		if (i < n && path[i] != '/')
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)i, path);
		struct stat ls;
		if (lstat(prefix, &ls) == 0 && S_ISLNK(ls.st_mode)
		    && link_folder_problem(prefix, why, len))
			return why;
	}
	return NULL;
}

/* What makes the public key file open at fd (named path) unfit: the file, any folder
 * above where it really is (up to /), or a folder holding a link on the way to it; NULL
 * when it is fit. */
static const char *public_file_problem(const char *path, const struct stat *st, char *why,
				       size_t len)
{
	if (changeable_by_others(st, "the file", why, len))
		return why;
	char real[PATH_MAX];
	struct stat rs;
	if (!realpath(path, real) || stat(real, &rs) < 0) {
		snprintf(why, len, "cannot be resolved: %s", strerror(errno));
		return why;
	}
	if (rs.st_dev != st->st_dev || rs.st_ino != st->st_ino) {
		snprintf(why, len, "changed while it was read: it is not to be trusted");
		return why;
	}
	char *slash = strrchr(real, '/');
	slash[slash == real] = '\0';	/* its folder */
	if (folders_problem(real, why, len))
		return why;
	return links_problem(path, why, len);
}

/* Opens a key file under the checks for its kind; the descriptor, or -1 with err. */
static int open_key_file(const char *path, int secret, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (secret ? O_NOFOLLOW : 0));
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path,
			 errno == ELOOP ? "is a symbolic link: a secret key is read only from the "
					  "file itself" : strerror(errno));
		return -1;
	}
	struct stat st;
	char why[PATH_MAX + 300];
	const char *problem = fstat(fd, &st) < 0 ? strerror(errno)
			      : !S_ISREG(st.st_mode) ? "is not a regular file"
			      : secret ? secret_file_problem(&st, why, sizeof(why))
				       : public_file_problem(path, &st, why, sizeof(why));
	if (problem) {
		snprintf(err, errlen, "%s: %s", path, problem);
		close(fd);
		return -1;
	}
	return fd;
}

/* The file's text, NUL-terminated, into line (KEY_FILE_MAX + 1 bytes); 0, or -1. */
static int read_key_text(int fd, const char *path, char *line, char *err, size_t errlen)
{
	size_t n = 0;
	for (;;) {
		ssize_t got = read(fd, line + n, KEY_FILE_MAX + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		n += (size_t)got;
		if (got == 0 || n > KEY_FILE_MAX)
			break;
	}
	if (n > KEY_FILE_MAX || memchr(line, '\0', n)) {
		snprintf(err, errlen, "%s: not a key file (too large, or binary)", path);
		return -1;
	}
	line[n] = '\0';
	return 0;
}

/* Decodes "TAG BASE64[ COMMENT]\n" into 32 bytes. 0; -1 for another tag (*other set when
 * it is the other kind of key); -2 when the key itself is malformed. */
static int parse_key_line(const char *line, const char *tag, const char *other_tag,
			  int comment_allowed, uint8_t out[32], int *other)
{
	size_t tag_len = strlen(tag);
	*other = strncmp(line, other_tag, strlen(other_tag)) == 0;
	if (strncmp(line, tag, tag_len) != 0 || line[tag_len] != ' ')
		return -1;
	const char *b64 = line + tag_len + 1;
	size_t b64_len = strcspn(b64, " \n");
	const char *rest = b64 + b64_len;
	size_t len = 0;
	const char *end = NULL;
	if (sodium_base642bin(out, 32, b64, b64_len, NULL, &len, &end, B64) != 0 || len != 32
	    || end != rest)
		return -2;
	if (*rest == ' ' && comment_allowed)
		rest += strcspn(rest, "\n");
	if (*rest == '\n')
		rest++;
	return *rest == '\0' ? 0 : -2;
}

/* The message for a key line parse_key_line refused (rc -1 or -2). */
static void key_line_error(const char *path, int secret, int rc, int other, char *err,
			   size_t errlen)
{
	if (rc == -2)
		snprintf(err, errlen, "%s: the key is malformed (not 32 bytes of base64)", path);
	else if (other)
		snprintf(err, errlen, "%s: is a %s key; %s", path, secret ? "public" : "secret",
			 secret ? "signing takes the secret key (PREFIX.key)"
				: "trust takes the public key (PREFIX.pub): keep the secret key "
				  "out of the jobs that import");
	else
		snprintf(err, errlen, "%s: not an assay %s key (a line '%s BASE64')", path,
			 secret ? "secret" : "public", secret ? SECRET_TAG : PUBLIC_TAG);
}

/* Reads and decodes one key file of either kind; 0, or -1 with err. */
static int read_key(const char *path, int secret, uint8_t out[32], char *err, size_t errlen)
{
	char line[KEY_FILE_MAX + 1];
	int fd = open_key_file(path, secret, err, errlen);
	if (fd < 0)
		return -1;
	int rc = read_key_text(fd, path, line, err, errlen);
	close(fd);
	if (rc < 0)
		return -1;
	int other = 0;
	rc = parse_key_line(line, secret ? SECRET_TAG : PUBLIC_TAG,
			    secret ? PUBLIC_TAG : SECRET_TAG, !secret, out, &other);
	sodium_memzero(line, sizeof(line));
	if (rc < 0)
		key_line_error(path, secret, rc, other, err, errlen);
	return rc < 0 ? -1 : 0;
}

int signkey_read_secret(const char *path, struct signing_secret *k, char *err, size_t errlen)
{
	uint8_t seed[SIGNING_SEED_BYTES];
	if (read_key(path, 1, seed, err, errlen) < 0)
		return -1;
	signing_from_seed(k, seed);
	sodium_memzero(seed, sizeof(seed));
	return 0;
}

int signkey_read_public(const char *path, struct signing_public *k, char *err, size_t errlen)
{
	return read_key(path, 0, k->key, err, errlen);
}
