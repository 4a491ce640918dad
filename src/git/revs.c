/*
 * revs.c - revisions as the gate names them (see view.h): the merge
 * base of a range `A...B`, and the base revision --strict checks a change's own excuses
 * against. Most CI checkouts are shallow clones, where a base branch or the history down
 * to the merge base is simply not there: those errors say so and what to fetch, instead
 * of libgit2's "object not found".
 */
#include "git/view.h"

#include <stdio.h>
#include <string.h>

#include "git/view_impl.h"

/* The commit rev names, into out: 0; 1 for a HEAD with no commit yet; -1 with err. */
static int commit_of(struct git_view *v, const char *rev, git_oid *out, char *err, size_t len)
{
	git_object *obj = NULL, *commit = NULL;
	int rc = git_revparse_single(&obj, v->repo, rev);
	if (rc == GIT_ENOTFOUND && strcmp(rev, "HEAD") == 0)
		return 1;
	if (rc == 0 && git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_cpy(out, git_object_id(commit));
	} else {
		say_missing(v, rev, "not a commit", err, len);
		rc = -1;
	}
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

/* The merge base of the commits a and b into out: 0; 1 when they share no history; -1
 * with err (in a shallow clone, any failure: the history is cut before it). */
static int merge_base_of(struct git_view *v, const git_oid *a, const git_oid *b,
			 const char *names, git_oid *out, char *err, size_t len)
{
	int rc = git_merge_base(out, v->repo, a, b);
	if (rc == 0)
		return 0;
	if (git_repository_is_shallow(v->repo) == 1) {
		snprintf(err, len, "no merge base of %s in the history this shallow clone has: %s",
			 names, FETCH_MORE);
		return -1;
	}
	if (rc == GIT_ENOTFOUND)
		return 1;
	char what[300];
	snprintf(what, sizeof(what), "cannot find the merge base of %s", names);
	say_git_error(err, len, what);
	return -1;
}

int git_view_merge_base(struct git_view *v, const char *a, const char *b, char *hex,
			size_t hexlen, char *err, size_t len)
{
	git_oid ca, cb, mb;
	char names[600];
	snprintf(names, sizeof(names), "%s and %s", a, b);
	int rc = commit_of(v, a, &ca, err, len);
	if (rc == 0)
		rc = commit_of(v, b, &cb, err, len);
	if (rc == 1)
		snprintf(err, len, "HEAD: no commit yet, so %s have no merge base", names);
	if (rc == 0)
		rc = merge_base_of(v, &ca, &cb, names, &mb, err, len);
	if (rc == 1)
		snprintf(err, len, "%s have no common history (no merge base): compare the two "
			 "trees with %s..%s", names, a, b);
	if (rc != 0)
		return -1;
	git_oid_tostr(hex, hexlen, &mb);
	return 0;
}

/* The commit the base revision is, into at: HEAD's, or the merge base of base and head.
 * 0; 1 when there is none; -1 with err. */
static int base_commit(struct git_view *v, const char *base, const char *head, git_oid *at,
		       char *err, size_t len)
{
	git_oid other, merge;
	int rc = commit_of(v, base ? base : "HEAD", at, err, len);
	if (rc != 0 || !base)
		return rc;
	rc = commit_of(v, head ? head : "HEAD", &other, err, len);
	if (rc != 0)
		return rc;
	char names[600];
	snprintf(names, sizeof(names), "%s and %s", base, head ? head : "HEAD");
	rc = merge_base_of(v, at, &other, names, &merge, err, len);
	if (rc == 0)
		git_oid_cpy(at, &merge);
	return rc;	/* 1: unrelated histories, no revision both share */
}

int git_view_base(struct git_view *v, const char *base, const char *head, char *name,
		  size_t namelen, char *err, size_t len)
{
	git_oid at;
	git_commit *commit = NULL;
	int rc = base_commit(v, base, head, &at, err, len);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (git_commit_lookup(&commit, v->repo, &at) != 0
	    || git_commit_tree(&v->base_tree, commit) != 0) {
		say_git_error(err, len, "cannot read the base revision's tree");
		git_commit_free(commit);
		return -1;
	}
	git_commit_free(commit);
	git_oid_cpy(&v->base_commit, &at);
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), &at);
	if (base)
		snprintf(name, namelen, "merge base of %s and %s (%.12s)", base, head ? head : "HEAD",
			 hex);
	else
		snprintf(name, namelen, "HEAD");
	return 1;
}

int git_view_base_file(struct git_view *v, const char *path, uint64_t max_size,
		       struct wbuf *out, struct cause_note *why)
{
	git_tree_entry *e = NULL;
	wbuf_reset(out);
	int rc = v->base_tree ? git_tree_entry_bypath(&e, v->base_tree, path) : GIT_ENOTFOUND;
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc != 0) {
		const git_error *ge = git_error_last();
		return cause_note(why, CAUSE_GIT_BLOB, "%s", ge && ge->message ? ge->message
									: "unknown error");
	}
	git_filemode_t mode = git_tree_entry_filemode(e);
	uint8_t oid[20];
	memcpy(oid, git_tree_entry_id(e)->id, 20);
	git_tree_entry_free(e);
	if (git_mode_refused(mode, why))
		return -1;	/* a link, a submodule: never read as the file */
	return git_view_load(v, oid, max_size, out, why) == 0 ? 0 : -1;
}

int git_view_base_commit(const struct git_view *v, uint8_t oid[20])
{
	if (v->base_tree)
		memcpy(oid, v->base_commit.id, 20);
	return v->base_tree != NULL;
}

int git_view_commit(struct git_view *v, const char *rev, uint8_t oid[20])
{
	git_oid at;
	char err[8];
	if (commit_of(v, rev, &at, err, sizeof(err)) != 0)
		return -1;
	memcpy(oid, at.id, 20);
	return 0;
}
