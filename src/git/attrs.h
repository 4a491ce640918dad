/*
 * attrs.h - what a repository's .gitattributes say of a path for GitHub linguist's
 * linguist-generated and linguist-vendored, read through libgit2's attribute API (which
 * reads the attribute files and runs no program, unlike filters). Supervisor only.
 */
#ifndef ASSAY_GIT_ATTRS_H
#define ASSAY_GIT_ATTRS_H

#include <stddef.h>
#include <stdint.h>

/* An attribute as linguist reads it: set (or set to any value but "false") marks the path;
 * unset (-linguist-generated) or "false" un-marks it, whatever a folder or a marker says;
 * unspecified (or !linguist-generated) leaves it to assay's own rules. */
enum linguist_mark { LINGUIST_UNSPECIFIED, LINGUIST_TRUE, LINGUIST_FALSE };

struct linguist {
	uint8_t generated, vendored;	/* enum linguist_mark */
	uint8_t converts;	/* a filter or working-tree-encoding: the work tree's bytes
				   are not the blob's */
};

/* Where the attribute files are read from. */
enum attrs_source {
	ATTRS_WORK_TREE,	/* the work tree's (a plain run, diff to the work tree) */
	ATTRS_INDEX,		/* the index's only (precommit: what the commit will hold) */
	ATTRS_COMMIT		/* a commit's tree only (diff A B; --strict: the base revision) */
};

struct git_attrs;

/* The attributes of the repository at root (opened as git_open_repository does) from
 * source; commit (20 bytes) names the commit for ATTRS_COMMIT. ATTRS_WORK_TREE reads
 * files, the nfiles .gitattributes paths (from root) the caller found in the work tree,
 * and those the index lists that are still in the work tree (a run of a folder meets none
 * of its parents'; one deleted from the work tree is not read); when files is NULL, the
 * index's, each from the work tree when it is there, else its blob (as git: a
 * .gitattributes in the work tree alone is then not seen). NULL when root is no
 * repository's work tree, or (but for ATTRS_COMMIT) when no attribute file that applies
 * (those, $GIT_DIR/info/attributes, the user's core.attributesFile) mentions linguist,
 * filter or working-tree-encoding: no path need then be asked about. */
struct git_attrs *git_attrs_open(const char *root, enum attrs_source source,
				 const uint8_t *commit, const char *const *files, size_t nfiles);
/* What the attributes say of path (relative to the work tree); all unspecified when they
 * cannot be read. a may be NULL (nothing said). */
struct linguist git_attrs_linguist(struct git_attrs *a, const char *path);
void git_attrs_free(struct git_attrs *a);

#endif
