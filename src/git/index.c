/*
 * index.c - a read-only git index reader (see index.h). The format is git's
 * Documentation/gitformat-index.txt: a 12-byte header ("DIRC", version, entry count),
 * the entries, extensions, and a trailing checksum; integers are big-endian.
 */
#include "git/index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fdio.h"

#define HEADER_BYTES 12
#define TRAILER_BYTES 20	/* the checksum, not verified (git does not either) */
#define ENTRY_FIXED 62		/* stat data, mode, ids, size, object id, flags */
#define MAX_PATH_BYTES 4096
#define MAX_INDEX_BYTES (1ull << 31)

#define FLAG_EXTENDED 0x4000u
#define FLAG_NAME_MASK 0x0fffu
#define XFLAG_SKIP_WORKTREE 0x4000u
#define XFLAG_INTENT_TO_ADD 0x2000u
#define OID_BYTES 20
#define TREE_NODE_MIN 6u	/* "" NUL "-1 0\n": the least bytes a cache-tree node takes */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The parse in progress: the bytes left of the entries area, the v4 paths so far. */
struct parser {
	const uint8_t *data;
	size_t off, end;	/* end: where the checksum starts */
	uint32_t version;
	char *paths;		/* v4: every expanded path, NUL-terminated */
	size_t paths_len, paths_cap, paths_max;
	size_t prev_off, prev_len;	/* v4: the previous entry's path in paths */
	char *err;
	size_t errlen;
};

static int fail(struct parser *ps, const char *what)
{
	snprintf(ps->err, ps->errlen, "%s", what);
	return -1;
}

/* git's varint (varint.c): 7 bits a byte, each continuation adding one. */
static int get_varint(struct parser *ps, size_t *at, uint64_t *out)
{
	uint64_t v = 0;
	for (int k = 0; k < 10 && *at < ps->end; k++) {
		uint8_t c = ps->data[(*at)++];
		v = (v << 7) | (c & 127u);
		if (!(c & 128u)) {
			*out = v;
			return 0;
		}
		v++;
	}
	return -1;
}

/* Appends n bytes to the v4 path arena (bounded by paths_max). */
static int paths_put(struct parser *ps, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (n > ps->paths_max - ps->paths_len)
		return -1;
	if (ps->paths_len + n > ps->paths_cap) {
		size_t cap = ps->paths_cap ? ps->paths_cap : 4096;
		while (cap < ps->paths_len + n)
			cap *= 2;
		char *grown = realloc(ps->paths, cap);
		if (!grown)
			return -1;
		ps->paths = grown;
		ps->paths_cap = cap;
	}
	memcpy(ps->paths + ps->paths_len, p, n);
	ps->paths_len += n;
	return 0;
}

/* A v2/v3 path: NUL-terminated, the entry padded with NULs to a multiple of 8 bytes.
 * e->path points into the data; *size is the whole entry's. */
static int get_path_v2(struct parser *ps, size_t name_at, size_t fixed,
		       struct gitindex_entry *e, size_t *size)
{
	const uint8_t *name = ps->data + name_at;
	const uint8_t *nul = memchr(name, 0, ps->end - name_at);
	if (!nul)
		return fail(ps, "truncated entry");
	e->path = (const char *)name;
	e->path_len = (uint32_t)(nul - name);
	*size = (fixed + e->path_len + 8) & ~(size_t)7;
	return *size <= ps->end - ps->off ? 0 : fail(ps, "truncated entry");
}

/* A v4 path: the previous path less a varint count of bytes, then a NUL-terminated
 * suffix. e->path is set to an offset into the arena, made a pointer once it is done. */
static int get_path_v4(struct parser *ps, size_t name_at, struct gitindex_entry *e,
		       size_t *size)
{
	uint64_t strip;
	size_t at = name_at;
	if (get_varint(ps, &at, &strip) < 0 || strip > ps->prev_len)
		return fail(ps, "bad path compression");
	const uint8_t *suffix = ps->data + at;
	const uint8_t *nul = memchr(suffix, 0, ps->end - at);
	if (!nul)
		return fail(ps, "truncated entry");
	size_t keep = ps->prev_len - (size_t)strip, slen = (size_t)(nul - suffix);
	if (keep + slen > MAX_PATH_BYTES)
		return fail(ps, "path too long");
	size_t start = ps->paths_len;
	/* The kept part is copied through a bounce: the arena may move while growing. */
	char kept[MAX_PATH_BYTES];
	memcpy(kept, ps->paths ? ps->paths + ps->prev_off : "", keep);
	if (paths_put(ps, kept, keep) < 0 || paths_put(ps, suffix, slen) < 0
	    || paths_put(ps, "", 1) < 0)
		return fail(ps, "paths too large for the index's size");
	e->path = (const char *)(uintptr_t)start;
	e->path_len = (uint32_t)(keep + slen);
	ps->prev_off = start;
	ps->prev_len = keep + slen;
	*size = at - ps->off + slen + 1;
	return 0;
}

static int get_entry(struct parser *ps, struct gitindex_entry *e)
{
	const uint8_t *p = ps->data + ps->off;
	if (ps->end - ps->off < ENTRY_FIXED)
		return fail(ps, "truncated entry");
	e->ctime_ns = (int64_t)be32(p) * 1000000000 + be32(p + 4);
	e->mtime_ns = (int64_t)be32(p + 8) * 1000000000 + be32(p + 12);
	e->ino = be32(p + 20);
	e->mode = be32(p + 24);
	e->size = be32(p + 36);
	memcpy(e->oid, p + 40, 20);
	uint16_t flags = be16(p + 60);
	e->stage = (uint8_t)((flags >> 12) & 3u);
	size_t fixed = ENTRY_FIXED;
	if (flags & FLAG_EXTENDED) {
		if (ps->version < 3 || ps->end - ps->off < ENTRY_FIXED + 2)
			return fail(ps, "bad extended flags");
		e->extended = (be16(p + 62) & (XFLAG_SKIP_WORKTREE | XFLAG_INTENT_TO_ADD)) != 0;
		fixed += 2;
	}
	size_t size;
	int rc = ps->version >= 4 ? get_path_v4(ps, ps->off + fixed, e, &size)
				  : get_path_v2(ps, ps->off + fixed, fixed, e, &size);
	if (rc < 0)
		return -1;
	if (e->path_len == 0)	/* a split index's entries that replace shared ones */
		return fail(ps, "an entry without a path (split indexes are not read)");
	if ((flags & FLAG_NAME_MASK) != FLAG_NAME_MASK && (flags & FLAG_NAME_MASK) != e->path_len)
		return fail(ps, "bad path length");
	ps->off += size;
	return 0;
}

/* ---- the cache tree ---------------------------------------------------------------- */

/* The cache tree being read: the bytes left, the nodes so far, and a stack of the
 * nodes still open with the subtrees each has still to read. */
struct open_node {
	size_t node;
	int64_t left;
};

struct tree_reader {
	const uint8_t *p, *end;
	struct gitindex_tree *t;
	size_t n, max;		/* max: a node takes at least TREE_NODE_MIN bytes */
	struct open_node *stack;
	size_t depth;
};

/* ASCII decimal up to stop; "-" and digits (an invalidated node's count) give -1. */
static int get_decimal(struct tree_reader *r, uint8_t stop, int negative_ok, int64_t *out)
{
	int64_t v = 0;
	int neg = 0, digits = 0;
	if (negative_ok && r->p < r->end && *r->p == '-') {
		neg = 1;
		r->p++;
	}
	for (; r->p < r->end && *r->p >= '0' && *r->p <= '9'; r->p++, digits++) {
		if (digits >= 10)
			return -1;
		v = v * 10 + (*r->p - '0');
	}
	if (!digits || r->p >= r->end || *r->p != stop || v > INT32_MAX)
		return -1;
	r->p++;
	*out = neg ? -1 : v;
	return 0;
}

/* One node: name NUL, entry count, space, subtree count, newline, oid when valid. */
static int get_tree_node(struct tree_reader *r, struct gitindex_tree *t, int64_t *subtrees)
{
	const uint8_t *nul = memchr(r->p, 0, (size_t)(r->end - r->p));
	int64_t entries;
	if (!nul || memchr(r->p, '/', (size_t)(nul - r->p)))
		return -1;
	t->name = (const char *)r->p;
	t->name_len = (uint32_t)(nul - r->p);
	r->p = nul + 1;
	if (get_decimal(r, ' ', 1, &entries) < 0 || get_decimal(r, '\n', 0, subtrees) < 0)
		return -1;
	t->entries = (int32_t)entries;
	if (entries >= 0) {
		if (r->end - r->p < OID_BYTES)
			return -1;
		memcpy(t->oid, r->p, OID_BYTES);
		r->p += OID_BYTES;
	}
	return 0;
}

/* Reads the next node as a child of the innermost open one; -1 when malformed. Only
 * the root has an empty name; no node has more subtrees than could fit. */
static int open_next(struct tree_reader *r)
{
	int64_t subtrees;
	if (r->n >= r->max || get_tree_node(r, &r->t[r->n], &subtrees) < 0
	    || (r->n == 0) != (r->t[r->n].name_len == 0) || (uint64_t)subtrees > r->max)
		return -1;
	if (r->depth > 0)
		r->stack[r->depth - 1].left--;
	r->stack[r->depth++] = (struct open_node){ r->n++, subtrees };
	return 0;
}

/* The root and, depth first, every node below it; -1 when malformed. */
static int read_nodes(struct tree_reader *r)
{
	if (open_next(r) < 0)
		return -1;
	while (r->depth > 0) {
		struct open_node *top = &r->stack[r->depth - 1];
		if (top->left == 0) {
			r->t[top->node].end = r->n;
			r->depth--;
		} else if (open_next(r) < 0) {
			return -1;
		}
	}
	return r->p == r->end ? 0 : -1;
}

/* Reads the TREE extension's size bytes at p into ix->tree; leaves ix without a cache
 * tree when they are malformed. */
static void read_cache_tree(struct gitindex *ix, const uint8_t *p, size_t size)
{
	struct tree_reader r = { .p = p, .end = p + size, .max = size / TREE_NODE_MIN };
	r.t = calloc(r.max ? r.max : 1, sizeof(*r.t));
	r.stack = calloc(r.max ? r.max : 1, sizeof(*r.stack));
	if (r.t && r.stack && read_nodes(&r) == 0) {
		ix->tree = r.t;
		ix->ntree = r.n;
		r.t = NULL;
	}
	free(r.t);
	free(r.stack);
}

/* Extensions: optional ones (an upper-case first letter) are passed over, but for the
 * cache tree; a mandatory one (split index, sparse directories, anything newer) means
 * the entries are not the whole story. */
static int check_extensions(struct parser *ps, struct gitindex *ix)
{
	while (ps->end - ps->off >= 8) {
		const uint8_t *p = ps->data + ps->off;
		uint32_t size = be32(p + 4);
		if (p[0] < 'A' || p[0] > 'Z')
			return fail(ps, "unsupported index extension (split or sparse index)");
		if (size > ps->end - ps->off - 8)
			return fail(ps, "truncated extension");
		if (memcmp(p, "TREE", 4) == 0 && !ix->tree)
			read_cache_tree(ix, p + 8, size);
		ps->off += 8 + (size_t)size;
	}
	return ps->off == ps->end ? 0 : fail(ps, "trailing bytes after the extensions");
}

/* Entries are sorted by path (bytes, unsigned), then stage. */
static int in_order(const struct gitindex_entry *a, const struct gitindex_entry *b)
{
	int c = strcmp(a->path, b->path);
	return c < 0 || (c == 0 && a->stage < b->stage);
}

/* v4 paths were arena offsets until the arena stopped moving. */
static void fix_paths(struct gitindex *ix, struct parser *ps)
{
	ix->paths = ps->paths;
	if (ps->version < 4)
		return;
	for (size_t i = 0; i < ix->n; i++)
		ix->v[i].path = ps->paths + (uintptr_t)ix->v[i].path;
}

static int parse_entries(struct gitindex *ix, struct parser *ps, uint32_t count)
{
	ix->v = calloc(count ? count : 1, sizeof(*ix->v));
	if (!ix->v)
		return fail(ps, "out of memory");
	for (ix->n = 0; ix->n < count; ix->n++)
		if (get_entry(ps, &ix->v[ix->n]) < 0)
			return -1;
	fix_paths(ix, ps);
	for (size_t i = 1; i < ix->n; i++)
		if (!in_order(&ix->v[i - 1], &ix->v[i]))
			return fail(ps, "entries out of order");
	return check_extensions(ps, ix);
}

int gitindex_parse(struct gitindex *ix, const uint8_t *data, size_t len, char *err,
		   size_t errlen)
{
	struct parser ps = { .data = data, .err = err, .errlen = errlen };
	memset(ix, 0, sizeof(*ix));
	if (len < HEADER_BYTES + TRAILER_BYTES || memcmp(data, "DIRC", 4) != 0)
		return fail(&ps, "not a git index");
	ps.version = be32(data + 4);
	uint32_t count = be32(data + 8);
	ps.off = HEADER_BYTES;
	ps.end = len - TRAILER_BYTES;
	/* Expanded v4 paths are bounded by what such a file can honestly hold. */
	ps.paths_max = 8 * len + 65536;
	int rc;
	if (ps.version < 2 || ps.version > 4)
		rc = fail(&ps, "unsupported index version");
	else if (count > (ps.end - ps.off) / ENTRY_FIXED)
		rc = fail(&ps, "more entries than the file holds");
	else
		rc = parse_entries(ix, &ps, count);
	if (rc < 0) {
		free(ix->v);
		free(ix->tree);
		free(ps.paths);
		memset(ix, 0, sizeof(*ix));
	}
	return rc;
}

int gitindex_open(struct gitindex *ix, const char *path, char *err, size_t errlen)
{
	memset(ix, 0, sizeof(*ix));
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	uint8_t *data = S_ISREG(st.st_mode) && (uint64_t)st.st_size <= MAX_INDEX_BYTES
				? malloc(st.st_size ? (size_t)st.st_size : 1) : NULL;
	int rc = data && read_full(fd, data, (size_t)st.st_size) == 0 ? 0 : -1;
	close(fd);
	if (rc < 0) {
		snprintf(err, errlen, "%s: not a readable regular file", path);
		free(data);
		return -1;
	}
	char why[128];
	if (gitindex_parse(ix, data, (size_t)st.st_size, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		free(data);
		return -1;
	}
	ix->data = data;
	ix->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	return 0;
}

void gitindex_close(struct gitindex *ix)
{
	free(ix->v);
	free(ix->tree);
	free(ix->paths);
	free(ix->data);
	memset(ix, 0, sizeof(*ix));
}

/* The first entry whose path is not less than path. */
static size_t lower_bound(const struct gitindex *ix, const char *path)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->v[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct gitindex_entry *gitindex_find(const struct gitindex *ix, const char *path)
{
	size_t i = lower_bound(ix, path);
	return i < ix->n && strcmp(ix->v[i].path, path) == 0 ? &ix->v[i] : NULL;
}

int gitindex_has_prefix(const struct gitindex *ix, const char *prefix)
{
	size_t i = lower_bound(ix, prefix);
	return i < ix->n && strncmp(ix->v[i].path, prefix, strlen(prefix)) == 0;
}

size_t gitindex_prefix_end(const struct gitindex *ix, size_t from, const char *prefix,
			   size_t plen)
{
	size_t lo = from, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strncmp(ix->v[mid].path, prefix, plen) == 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t gitindex_tree_child(const struct gitindex *ix, size_t i, const char *name, size_t len)
{
	/* Each node's end lies past it (read_nodes), so c only grows. */
	for (size_t c = i + 1, end = ix->tree[i].end; c < end; c = ix->tree[c].end)
		if (ix->tree[c].name_len == len && memcmp(ix->tree[c].name, name, len) == 0)
			return c;
	return SIZE_MAX;
}
