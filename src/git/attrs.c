/*
 * attrs.c - linguist-generated and linguist-vendored from .gitattributes (see attrs.h).
 *
 * libgit2 asked about a path of a work tree resolves it (realpath) and stats every
 * directory's .gitattributes on the way up, on every call: over a large tree that cost
 * more than the warm run itself. So the API is asked through a handle of no work tree
 * (and, unless $GIT_DIR/info/attributes or core.attributesFile need one, of no git
 * directory either) whose index is an in-memory one holding only the attribute files that
 * apply: the work tree's (their bytes kept in an in-memory object database, nothing
 * written to the repository), the index's, or none (a commit's are read from its tree).
 * What is left per path is libgit2's own work (see ask() for the one system call).
 */
#include "git/attrs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/cause.h"
#include "files/fsguard.h"
#include "git/index.h"
#include "git/libgit2.h"
#include "git/locate.h"
#include "git/view.h"
#include "util/alloc.h"
#include "util/log.h"

#define ATTR_FILE_MAX (1u << 20)	/* a larger .gitattributes is not read */

struct git_attrs {
	git_repository *repo;	/* of no work tree: the API resolves nothing in it */
	git_index *index;	/* in memory: the attribute files that apply */
	git_attr_options opts;
	git_oid commit;
	int linguist;		/* some attribute file that applies mentions an attribute
				   asked about (says_linguist) */
};

/* An attribute file's bytes: do they mention an attribute assay asks about (linguist's,
 * filter, working-tree-encoding), or define a macro of one (a macro names it too)? */
static int says_linguist(const void *data, size_t len)
{
	return data && (memmem(data, len, "linguist", 8) != NULL || memmem(data, len, "filter", 6)
			|| memmem(data, len, "working-tree-encoding", 21));
}

static void note_bytes(struct git_attrs *a, const void *data, size_t len)
{
	a->linguist |= says_linguist(data, len);
}

static int is_attr_file(const char *path)
{
	const char *base = strrchr(path, '/');
	return strcmp(base ? base + 1 : path, ".gitattributes") == 0;
}

/* 1 when root is the repository's work tree (not a directory inside another one's). */
static int is_work_tree(git_repository *repo, const char *root)
{
	const char *wd = git_repository_workdir(repo);
	char a[PATH_MAX], b[PATH_MAX];
	return wd && realpath(wd, a) && realpath(root, b) && strcmp(a, b) == 0;
}

/* The bytes of the file at path (the user's or the git folder's; a link only when follow
 * is set), at most ATTR_FILE_MAX, into out: 0, or -1 when there is none to read. */
static int read_file(const char *path, int follow, struct wbuf *out)
{
	char chunk[8192];
	int fd = open(path, O_RDONLY | (follow ? 0 : O_NOFOLLOW) | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > ATTR_FILE_MAX) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	wbuf_reset(out);
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			wbuf_put(out, chunk, (size_t)n);
	close(fd);
	return n < 0 || out->len > ATTR_FILE_MAX ? -1 : 0;
}

/* The bytes of the work tree's root/path (a path from the index or the walk) into out,
 * as a file to analyze is read (fsguard: no link anywhere on the way, nothing outside
 * root, a regular file of at most ATTR_FILE_MAX): 0, or -1 when there is none to read;
 * with say, a file there that is refused is said (git.not_read). */
static int read_work_file(const char *root, const char *path, int say, struct wbuf *out)
{
	struct cause_note why = { CAUSE_NONE, "" };
	char text[300];
	int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	enum fsguard_result r = dir < 0 ? FSGUARD_FAIL : fsguard_read(dir, path, ATTR_FILE_MAX, out, &why);
	if (dir >= 0)
		close(dir);
	if (r == FSGUARD_OK)
		return 0;
	if (say && why.cause != CAUSE_NONE && why.cause != CAUSE_CANNOT_OPEN)	/* or missing */
		log_event(LOG_WARNING, "git.not_read", path, "%s: not read for git",
			  cause_text(why.cause, why.detail, text, sizeof(text)));
	return -1;
}

/* Path's entry in the in-memory index, with the blob oid. */
static void add_entry(struct git_attrs *a, const char *path, const git_oid *oid)
{
	git_index_entry e;
	memset(&e, 0, sizeof(e));
	e.mode = GIT_FILEMODE_BLOB;
	e.path = path;
	git_oid_cpy(&e.id, oid);
	git_index_add(a->index, &e);
}

/* The work tree's root/path as an attribute file: its bytes into the in-memory object
 * database. 0, or -1 when it cannot be read. */
static int add_work_file(struct git_attrs *a, const char *root, const char *path)
{
	struct wbuf bytes;
	git_oid oid;
	wbuf_init(&bytes);
	static const uint8_t none[1];
	int rc = read_work_file(root, path, 1, &bytes) == 0
		 && git_blob_create_from_buffer(&oid, a->repo, bytes.data ? bytes.data : none,
						bytes.len) == 0 ? 0 : -1;
	if (rc == 0) {
		add_entry(a, path, &oid);
		note_bytes(a, bytes.data, bytes.len);
	}
	wbuf_free(&bytes);
	return rc;
}

/* The blob oid names, as an attribute file (unreadable: assumed to mention linguist). */
static void note_blob(struct git_attrs *a, const git_oid *oid)
{
	git_blob *blob;
	if (git_blob_lookup(&blob, a->repo, oid) != 0) {
		a->linguist = 1;
		return;
	}
	note_bytes(a, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
}

/* Whether the blob oid names (the index's path) is at most ATTR_FILE_MAX, as a work tree
 * file must be: a larger one is not read (a 300 MB blob packs into a few KB), said once. */
static int blob_small(struct git_attrs *a, const git_oid *oid, const char *path)
{
	git_odb *odb;
	size_t len = 0;
	git_object_t type;
	if (git_repository_odb(&odb, a->repo) != 0)
		return 1;	/* then the lookup fails too, and says so (note_blob) */
	int known = git_odb_read_header(&len, &type, odb, oid) == 0;
	git_odb_free(odb);
	if (!known || len <= ATTR_FILE_MAX)
		return 1;
	log_event(LOG_WARNING, "git.not_read", path, "larger than 1 MiB (%zu bytes in the "
		  "index): not read for git", len);
	return 0;
}

/* The file at path (a NULL path: none) as an attribute file the API reads by itself. */
static void note_file(struct git_attrs *a, const char *path)
{
	struct wbuf bytes;
	struct stat st;
	if (!path || (stat(path, &st) < 0 && errno == ENOENT))
		return;
	wbuf_init(&bytes);
	if (read_file(path, 1, &bytes) < 0)
		a->linguist = 1;
	else
		note_bytes(a, bytes.data, bytes.len);
	wbuf_free(&bytes);
}

/* The attribute files outside the repository's trees libgit2 reads too: the user's
 * (core.attributesFile, else $XDG_CONFIG_HOME/git/attributes or
 * ~/.config/git/attributes) and $GIT_DIR/info/attributes. */
static void note_other_files(struct git_attrs *a, git_repository *wt)
{
	char path[PATH_MAX + 32];
	git_config *cfg = NULL;
	git_buf set = { NULL, 0, 0 };
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (git_repository_config_snapshot(&cfg, wt) == 0
	    && git_config_get_path(&set, cfg, "core.attributesFile") == 0)
		note_file(a, set.ptr);
	else if (xdg && xdg[0])
		note_file(a, (snprintf(path, sizeof(path), "%s/git/attributes", xdg), path));
	else if (home && home[0])
		note_file(a, (snprintf(path, sizeof(path), "%s/.config/git/attributes", home), path));
	git_buf_dispose(&set);
	git_config_free(cfg);
	snprintf(path, sizeof(path), "%sinfo/attributes", git_repository_commondir(wt));
	note_file(a, path);
}

/* Whether path is one of files[0..n). */
static int listed(const char *const *files, size_t n, const char *path)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(files[k], path) == 0)
			return 1;
	return 0;
}

/* Whether the index's attribute file at path is to be read (from the work tree at root)
 * beside the walked files[0..n): not one of them, and still in the work tree. */
static int beside_walked(const char *root, const char *path, const char *const *files, size_t n)
{
	char full[PATH_MAX * 2];
	struct stat st;
	snprintf(full, sizeof(full), "%s%s%s", root, root[0] ? "/" : "", path);
	return !listed(files, n, path) && lstat(full, &st) == 0;
}

/* The index's entry e as an attribute file, from its blob (not one too large to read). */
static void add_index_blob(struct git_attrs *a, const struct gitindex_entry *e)
{
	git_oid id;
	git_oid_fromraw(&id, e->oid);
	if (!blob_small(a, &id, e->path))
		return;
	add_entry(a, e->path, &id);
	note_blob(a, &id);
}

/* The attribute files of the repository's index (wt, its work-tree handle): the index's
 * blobs, or (from_work_tree) each work tree file, the index's blob when it is gone; or,
 * with walked files (not NULL), only those still in the work tree that are not among
 * them (a run of a folder walks to none of its parents'). The index is read by assay's
 * own reader (git/index.c): libgit2's parse of a large index cost more than the rest of
 * a warm run's discovery, to find what is mostly nothing. */
static void add_index_files(struct git_attrs *a, git_repository *wt, int from_work_tree,
			    const char *const *walked, size_t nwalked)
{
	char index_path[PATH_MAX];
	char err[256];
	struct gitindex ix;
	const char *root = git_repository_workdir(wt);
	git_index_file(wt, index_path, sizeof(index_path));
	if (gitindex_open(&ix, index_path, err, sizeof(err)) < 0)
		return;
	for (size_t k = 0; k < ix.n; k++) {
		const struct gitindex_entry *e = &ix.v[k];
		if (e->stage != 0 || !is_attr_file(e->path))
			continue;
		if (walked) {
			if (root && beside_walked(root, e->path, walked, nwalked))
				add_work_file(a, root, e->path);
			continue;
		}
		if (!from_work_tree || add_work_file(a, root, e->path) != 0)
			add_index_blob(a, e);
	}
	gitindex_close(&ix);
}

/* 1 when the API must read attribute files of wt's directories by itself:
 * $GIT_DIR/info/attributes exists, or core.attributesFile is set (the repository's own
 * config may set it). */
static int needs_git_dir(git_repository *wt)
{
	char path[PATH_MAX + 32];
	struct stat st;
	git_config *cfg = NULL;
	git_buf set = { NULL, 0, 0 };
	snprintf(path, sizeof(path), "%sinfo/attributes", git_repository_commondir(wt));
	int needs = stat(path, &st) == 0
		    || (git_repository_config_snapshot(&cfg, wt) == 0
			&& git_config_get_path(&set, cfg, "core.attributesFile") == 0);
	git_buf_dispose(&set);
	git_config_free(cfg);
	return needs;
}

/* The handle the API is asked through, over wt's object database with an in-memory one
 * in front, and an in-memory index: a repository of no directory (git_repository_new),
 * so no call looks for $GIT_DIR/info/attributes, unless it is needed (then a bare handle
 * of wt's). 0, or -1. */
static int open_handle(struct git_attrs *a, git_repository *wt)
{
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	int own = needs_git_dir(wt);
	int rc = (own ? git_repository_open_bare(&a->repo, git_repository_path(wt))
		      : git_repository_new(&a->repo)) == 0
		 && git_repository_odb(&odb, own ? a->repo : wt) == 0 && git_mempack_new(&mem) == 0
		 && git_odb_add_backend(odb, mem, 1000) == 0 && git_index_new(&a->index) == 0
		 ? 0 : -1;
	git_config *cfg = NULL;
	if (rc == 0 && !own)
		git_repository_set_odb(a->repo, odb);
	/* Its configuration is loaded now, with every level (see ask()). */
	if (rc == 0 && git_repository_config(&cfg, a->repo) == 0)
		git_config_free(cfg);
	if (rc == 0)
		git_repository_set_index(a->repo, a->index);
	git_odb_free(odb);
	return rc;
}

/* The in-memory index filled from source; 1 when some attribute file applies. */
static int fill(struct git_attrs *a, git_repository *wt, enum attrs_source source,
		const char *const *files, size_t nfiles)
{
	if (source == ATTRS_WORK_TREE && files) {
		for (size_t k = 0; k < nfiles; k++)
			add_work_file(a, git_repository_workdir(wt), files[k]);
		add_index_files(a, wt, 1, files, nfiles);
	} else if (source != ATTRS_COMMIT) {
		add_index_files(a, wt, source == ATTRS_WORK_TREE, NULL, 0);
	}
	if (source == ATTRS_COMMIT)
		return 1;	/* asked about a few changes only: not worth a look first */
	note_other_files(a, wt);
	return a->linguist;
}

/* 1 when path (or what it names) exists, or when that cannot be told. */
static int may_exist(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 || errno != ENOENT;
}

/* Whether the attribute file mentions linguist: root/path of a work tree (read_work_file,
 * quietly), or with root "" the file at path (a link only when follow is set): 1 or 0;
 * -1 when it cannot be read (missing too). */
static int mentions_linguist(const char *root, const char *path, int follow)
{
	struct wbuf bytes;
	wbuf_init(&bytes);
	int got = root[0] ? read_work_file(root, path, 0, &bytes) : read_file(path, follow, &bytes);
	int rc = got < 0 ? -1 : says_linguist(bytes.data, bytes.len);
	wbuf_free(&bytes);
	return rc;
}

/* 0 when none of the attribute files the index at index_path lists mentions linguist,
 * each read from the work tree at root (from_work_tree); -1 when one does, cannot be read
 * there, or is to be read from its blob (libgit2 then reads it). */
static int index_files_silent(const char *root, const char *index_path, int from_work_tree,
			      const char *const *walked, size_t nwalked)
{
	char err[256];
	struct gitindex ix;
	int rc = 0;
	if (gitindex_open(&ix, index_path, err, sizeof(err)) < 0)
		return may_exist(index_path) ? -1 : 0;
	for (size_t k = 0; k < ix.n && rc == 0; k++) {
		const char *path = ix.v[k].path;
		if (ix.v[k].stage != 0 || !is_attr_file(path)
		    || (walked && !beside_walked(root, path, walked, nwalked)))
			continue;
		rc = from_work_tree && mentions_linguist(root, path, 0) == 0 ? 0 : -1;
	}
	gitindex_close(&ix);
	return rc;
}

/* 0 when none of the tree's attribute files mentions linguist: files (nfiles) when
 * given and the index's beside them (add_index_files), read from the work tree at root,
 * else the index's (index_files_silent). */
static int tree_files_silent(const char *root, const char *index_path, int from_work_tree,
			     const char *const *files, size_t nfiles)
{
	if (!files)
		return index_files_silent(root, index_path, from_work_tree, NULL, 0);
	for (size_t k = 0; k < nfiles; k++)
		if (mentions_linguist(root, files[k], 0) != 0)
			return -1;
	return index_files_silent(root, index_path, 1, files, nfiles);
}

/* 0 when the attribute file at path (a link only when follow is set: the user's) is
 * missing or does not mention linguist; -1 otherwise. */
static int other_file_silent(const char *path, int follow)
{
	return !may_exist(path) || mentions_linguist("", path, follow) == 0 ? 0 : -1;
}

/* 1 when it is certain, without libgit2, that no attribute file a run of root's work
 * tree reads from source mentions linguist (what fill() finds out with it): there is no
 * repository around root at all (locate.c), or it is plain and no tree attribute file
 * mentions it (fill()'s files, or the index's, read from the work tree); nor
 * $GIT_DIR/info/attributes, nor the user's attribute file where git looks by default;
 * and no configuration names another (core.attributesFile). libgit2 is then not even
 * loaded. */
static int certainly_none(const char *root, enum attrs_source source, const char *const *files,
			  size_t nfiles)
{
	struct git_location loc;
	char path[PATH_MAX + 32], top[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (source == ATTRS_COMMIT)
		return 0;
	switch (git_locate(root, &loc)) {
	case GIT_LOCATE_NONE:
		return 1;	/* no repository: libgit2 would find none either */
	case GIT_LOCATE_ASK:
		return 0;
	default:
		break;
	}
	size_t n = strlen(loc.workdir);
	if (!realpath(root, top))
		return 0;
	if (n == 1 ? strcmp(top, "/") != 0 : strncmp(top, loc.workdir, n - 1) != 0 || top[n - 1])
		return 1;	/* root is not the work tree itself: git_attrs_open says NULL */
	if (tree_files_silent(top, loc.index, source == ATTRS_WORK_TREE, files, nfiles) < 0)
		return 0;
	snprintf(path, sizeof(path), "%sinfo/attributes", loc.gitdir);
	if (other_file_silent(path, 0) < 0)
		return 0;
	if (xdg && xdg[0])
		snprintf(path, sizeof(path), "%s/git/attributes", xdg);
	else
		snprintf(path, sizeof(path), "%s/.config/git/attributes", home ? home : "");
	return other_file_silent(path, 1) == 0
	       && !(git_config_mentions(loc.gitdir) & (GIT_CONFIG_ATTRIBUTES | GIT_CONFIG_UNREADABLE));
}

struct git_attrs *git_attrs_open(const char *root, enum attrs_source source,
				 const uint8_t *commit, const char *const *files, size_t nfiles)
{
	if (certainly_none(root, source, files, nfiles))
		return NULL;
	struct git_attrs *a = xcalloc(1, sizeof(*a));
	git_repository *wt = NULL;
	a->opts.version = GIT_ATTR_OPTIONS_VERSION;
	/* The system's gitattributes are no part of the repository. */
	a->opts.flags = GIT_ATTR_CHECK_NO_SYSTEM | GIT_ATTR_CHECK_INDEX_ONLY;
	if (source == ATTRS_COMMIT) {
		memcpy(a->commit.id, commit, 20);
		a->opts.flags |= GIT_ATTR_CHECK_INCLUDE_COMMIT;
		a->opts.commit_id = &a->commit;
	}
	int ok = git_open_repository(&wt, root) == 0 && is_work_tree(wt, root)
		 && open_handle(a, wt) == 0 && fill(a, wt, source, files, nfiles);
	if (wt)
		git_repository_free(wt);
	if (!ok) {
		git_attrs_free(a);
		return NULL;
	}
	return a;
}

/* An attribute's value as linguist reads it. */
static enum linguist_mark mark_of(const char *value)
{
	switch (git_attr_value(value)) {
	case GIT_ATTR_VALUE_TRUE:
		return LINGUIST_TRUE;
	case GIT_ATTR_VALUE_FALSE:
		return LINGUIST_FALSE;
	case GIT_ATTR_VALUE_STRING:
		return strcmp(value, "false") == 0 ? LINGUIST_FALSE : LINGUIST_TRUE;
	default:
		return LINGUIST_UNSPECIFIED;
	}
}

/* libgit2 looks for /etc/gitattributes on every call (an access()), even with
 * GIT_ATTR_CHECK_NO_SYSTEM: over a large tree that system call was two thirds of the
 * cost. So the system search path is emptied for the call and put back after (the
 * supervisor asks from one thread; the handle's configuration was loaded at open). */
static int ask(struct git_attrs *a, const char *path, const char **values)
{
	static const char *names[] = { "linguist-generated", "linguist-vendored", "filter",
				       "working-tree-encoding" };
	git_buf saved = { NULL, 0, 0 };
	int swapped = git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM,
				       &saved) == 0
		      && git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "") == 0;
	int rc = git_attr_get_many_ext(values, a->repo, &a->opts, path, 4, names);
	if (swapped)
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, saved.ptr);
	git_buf_dispose(&saved);
	return rc;
}

struct linguist git_attrs_linguist(struct git_attrs *a, const char *path)
{
	const char *values[4] = { NULL, NULL, NULL, NULL };
	struct linguist l = { LINGUIST_UNSPECIFIED, LINGUIST_UNSPECIFIED, 0 };
	if (!a || ask(a, path, values) != 0)
		return l;
	l.generated = (uint8_t)mark_of(values[0]);
	l.vendored = (uint8_t)mark_of(values[1]);
	/* filter=NAME (a driver) or working-tree-encoding=NAME: a value; -filter unsets. */
	for (int k = 2; k < 4; k++)
		l.converts |= git_attr_value(values[k]) == GIT_ATTR_VALUE_STRING;
	return l;
}

void git_attrs_free(struct git_attrs *a)
{
	if (!a)
		return;
	git_index_free(a->index);
	git_repository_free(a->repo);
	free(a);
}
