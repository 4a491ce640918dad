/*
 * attrs.h - what a repository's .gitattributes say of a path for GitHub linguist's
 * linguist-generated and linguist-vendored, read through libgit2's attribute API (which
 * reads the attribute files and runs no program, unlike filters). Supervisor only.
 */
#ifndef ASSAY_GIT_ATTRS_H
#define ASSAY_GIT_ATTRS_H

#include <stdint.h>

/* An attribute as linguist reads it: set (or set to any value but "false") marks the path;
 * unset (-linguist-generated) or "false" un-marks it, whatever a folder or a marker says;
 * unspecified (or !linguist-generated) leaves it to assay's own rules. */
enum linguist_mark { LINGUIST_UNSPECIFIED, LINGUIST_TRUE, LINGUIST_FALSE };

struct linguist {
	uint8_t generated, vendored;	/* enum linguist_mark */
};

/* Where the attribute files are read from. */
enum attrs_source {
	ATTRS_WORK_TREE,	/* the work tree's (a plain run, diff to the work tree) */
	ATTRS_INDEX,		/* the index's only (precommit: what the commit will hold) */
	ATTRS_COMMIT		/* a commit's tree only (diff A B; --strict: the base revision) */
};

struct git_attrs;

/* The attributes of the repository at root (opened as git_open_repository does) from
 * source; commit (20 bytes) names the commit for ATTRS_COMMIT. NULL when there is no
 * repository there, or (ATTRS_INDEX) when neither the index nor $GIT_DIR/info/attributes
 * holds any attribute file, so no path need be asked about. */
struct git_attrs *git_attrs_open(const char *root, enum attrs_source source,
				 const uint8_t *commit);
/* 1 when $GIT_DIR/info/attributes exists in the repository at root. */
int git_attrs_info_file(const struct git_attrs *a);
/* What the attributes say of path (relative to the work tree); all unspecified when they
 * cannot be read. a may be NULL (nothing said). */
struct linguist git_attrs_linguist(struct git_attrs *a, const char *path);
void git_attrs_free(struct git_attrs *a);

#endif
