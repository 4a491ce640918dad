/*
 * index.h - a read-only view of a git index file, for the walk's git filter and the
 * cache keys.
 *
 * libgit2 reads an index by hashing all of it (SHA-1 with collision detection) and
 * allocating every entry: on a large tree that was a fifth of a warm run. git itself
 * does not verify the checksum when it reads the index, and neither does this reader;
 * it reads the file once and parses it with every length bounded, as the file comes
 * from the repository and is not trusted (tests/fuzz/fuzz_gitindex.c).
 *
 * Versions 2, 3 and 4 (path prefix compression) are read. An index that needs another
 * file to be complete (split index, "link") or holds sparse directory entries ("sdir"),
 * or has any other extension git calls mandatory, is refused: the caller then does
 * without index keys. Entries must be in git's order (path, then stage). The cache tree
 * (TREE) is read when present; a malformed one is ignored, not an error: it only lets
 * precommit skip the directories whose tree is the same as HEAD's.
 */
#ifndef ASSAY_GITINDEX_H
#define ASSAY_GITINDEX_H

#include <stddef.h>
#include <stdint.h>

struct gitindex_entry {
	const char *path;	/* NUL-terminated, relative to the work tree */
	uint32_t path_len;
	uint32_t mode;		/* 0100644, 0100755, 0120000 (link), 0160000 (submodule) */
	uint32_t size, ino;	/* as git keeps them: the low 32 bits */
	int64_t mtime_ns, ctime_ns;
	uint8_t oid[20];
	uint8_t stage;		/* 0, or 1-3 in a merge conflict */
	uint8_t extended;	/* intent-to-add or skip-worktree (v3 extended flags) */
};

/* A node of the cache tree (the TREE extension): a directory and the tree object the
 * index's entries under it would be written as. Nodes are in git's order (a directory,
 * then its subdirectories' nodes, depth first), so the children of node i are i + 1,
 * then each next child at the previous one's end, while below tree[i].end. */
struct gitindex_tree {
	const char *name;	/* its path component, not NUL-terminated ("" at the root) */
	uint32_t name_len;
	int32_t entries;	/* index entries it covers; -1 when invalidated (no oid) */
	size_t end;		/* the node after its whole subtree */
	uint8_t oid[20];
};

struct gitindex {
	struct gitindex_entry *v;
	size_t n;
	uint8_t *data;		/* the file's bytes (v2/v3 paths point into them) */
	char *paths;		/* v4: the expanded paths */
	int64_t mtime_ns;	/* of the index file: entries as new are racily clean */
	struct gitindex_tree *tree;	/* the cache tree; NULL when absent or malformed */
	size_t ntree;
};

/* Reads and parses the index file at path. Returns 0, or -1 with err (a missing file,
 * a malformed or unsupported index); ix is then empty. The same file unchanged since it
 * was last read (device, inode, size, times) is not read again: ix then shares the
 * buffers of that reading, which callers only read. */
int gitindex_open(struct gitindex *ix, const char *path, char *err, size_t errlen);
/* Parses len bytes (kept by ix: they must outlive it, and are freed by gitindex_close
 * when they came from gitindex_open). Returns 0, or -1 with err. */
int gitindex_parse(struct gitindex *ix, const uint8_t *data, size_t len, char *err,
		   size_t errlen);
void gitindex_close(struct gitindex *ix);
/* Frees what gitindex_parse allocated into ix and the data it was given (ix->data). */
void gitindex_close_parsed(struct gitindex *ix);
/* Frees the last index read, kept for the next gitindex_open of the same unchanged file,
 * when no one uses it. */
void gitindex_forget(void);
/* The entry for path at its lowest stage, or NULL when path is not in the index. */
const struct gitindex_entry *gitindex_find(const struct gitindex *ix, const char *path);
/* 1 when some entry's path starts with prefix (a directory with a trailing '/'). */
int gitindex_has_prefix(const struct gitindex *ix, const char *prefix);
/* The first entry at or after from whose path does not start with the plen bytes of
 * prefix, when the entries from `from` on that do are all in front (git's order). */
size_t gitindex_prefix_end(const struct gitindex *ix, size_t from, const char *prefix,
			   size_t plen);
/* The child of cache-tree node i called name (len bytes), or SIZE_MAX. */
size_t gitindex_tree_child(const struct gitindex *ix, size_t i, const char *name, size_t len);

#endif
