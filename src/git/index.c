/*
 * index.c - a read-only git index reader (see index.h). The format is git's
 * Documentation/gitformat-index.txt: a 12-byte header ("DIRC", version, entry count),
 * the entries, extensions, and a trailing checksum; integers are big-endian.
 *
 * Every byte of the file is read through the bounded reader of common/buf.h (struct
 * rbuf: big-endian integers, git's varint, NUL-terminated strings), never by pointer
 * arithmetic here: a count or length the file claims can only make a getter fail.
 */
#include "git/index.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
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

/* The parse in progress: the reader over the file up to its checksum, the v4 paths so
 * far. */
struct parser {
	struct rbuf r;
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

/* A v2/v3 path: NUL-terminated, the entry (fixed bytes of it before the path) padded
 * with NULs to a multiple of 8 bytes. e->path points into the data. */
static int get_path_v2(struct parser *ps, size_t fixed, struct gitindex_entry *e)
{
	const uint8_t *name, *padding;
	size_t len;
	if (rbuf_get_until(&ps->r, 0, &name, &len) < 0 || len > UINT32_MAX)
		return fail(ps, "truncated entry");
	e->path = (const char *)name;
	e->path_len = (uint32_t)len;
	/* 1 to 8 NULs end the entry; the one after the path is read. */
	size_t pad = 7 - (fixed + len) % 8;
	return rbuf_get_bytes(&ps->r, pad, &padding) == 0 ? 0 : fail(ps, "truncated entry");
}

/* A v4 path: the previous path less a varint count of bytes, then a NUL-terminated
 * suffix. e->path is set to an offset into the arena, made a pointer once it is done. */
static int get_path_v4(struct parser *ps, struct gitindex_entry *e)
{
	uint64_t strip;
	const uint8_t *suffix;
	size_t slen;
	if (rbuf_get_varint(&ps->r, &strip) < 0 || strip > ps->prev_len)
		return fail(ps, "bad path compression");
	if (rbuf_get_until(&ps->r, 0, &suffix, &slen) < 0)
		return fail(ps, "truncated entry");
	size_t keep = ps->prev_len - (size_t)strip;
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
	return 0;
}

/* The stat data's ten 32-bit words, in the file's order. */
enum {
	STAT_CTIME_S, STAT_CTIME_NS, STAT_MTIME_S, STAT_MTIME_NS, STAT_DEV, STAT_INO, STAT_MODE,
	STAT_UID, STAT_GID, STAT_SIZE, STAT_WORDS
};

/* An entry's first ENTRY_FIXED bytes: stat data, object id, flags. */
static int get_stat_data(struct parser *ps, struct gitindex_entry *e, uint16_t *flags)
{
	uint32_t w[STAT_WORDS];
	const uint8_t *oid;
	for (int i = 0; i < STAT_WORDS; i++)
		if (rbuf_get_be32(&ps->r, &w[i]) < 0)
			return fail(ps, "truncated entry");
	if (rbuf_get_bytes(&ps->r, OID_BYTES, &oid) < 0 || rbuf_get_be16(&ps->r, flags) < 0)
		return fail(ps, "truncated entry");
	e->ctime_ns = (int64_t)w[STAT_CTIME_S] * 1000000000 + w[STAT_CTIME_NS];
	e->mtime_ns = (int64_t)w[STAT_MTIME_S] * 1000000000 + w[STAT_MTIME_NS];
	e->ino = w[STAT_INO];
	e->mode = w[STAT_MODE];
	e->size = w[STAT_SIZE];
	memcpy(e->oid, oid, OID_BYTES);
	e->stage = (uint8_t)((*flags >> 12) & 3u);
	return 0;
}

/* v3's extended flags, when flags say they follow; *fixed: the bytes before the path. */
static int get_extended_flags(struct parser *ps, struct gitindex_entry *e, uint16_t flags,
			      size_t *fixed)
{
	uint16_t xflags;
	*fixed = ENTRY_FIXED;
	if (!(flags & FLAG_EXTENDED))
		return 0;
	if (ps->version < 3 || rbuf_get_be16(&ps->r, &xflags) < 0)
		return fail(ps, "bad extended flags");
	e->extended = (xflags & (XFLAG_SKIP_WORKTREE | XFLAG_INTENT_TO_ADD)) != 0;
	*fixed += 2;
	return 0;
}

static int get_entry(struct parser *ps, struct gitindex_entry *e)
{
	uint16_t flags;
	size_t fixed;
	if (get_stat_data(ps, e, &flags) < 0 || get_extended_flags(ps, e, flags, &fixed) < 0)
		return -1;
	int rc = ps->version >= 4 ? get_path_v4(ps, e) : get_path_v2(ps, fixed, e);
	if (rc < 0)
		return -1;
	if (e->path_len == 0)	/* a split index's entries that replace shared ones */
		return fail(ps, "an entry without a path (split indexes are not read)");
	if ((flags & FLAG_NAME_MASK) != FLAG_NAME_MASK && (flags & FLAG_NAME_MASK) != e->path_len)
		return fail(ps, "bad path length");
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
	struct rbuf r;		/* the extension's bytes */
	struct gitindex_tree *t;
	size_t n, max;		/* max: a node takes at least TREE_NODE_MIN bytes */
	struct open_node *stack;
	size_t depth;
};

/* ASCII decimal up to stop, which is consumed; "-" and digits (an invalidated node's
 * count) give -1. At most ten digits, at most INT32_MAX. */
static int get_decimal(struct rbuf *r, uint8_t stop, int negative_ok, int64_t *out)
{
	const uint8_t *p;
	size_t n;
	if (rbuf_get_until(r, stop, &p, &n) < 0)
		return -1;
	int neg = negative_ok && n > 0 && p[0] == '-';
	int64_t v = 0;
	if (n == (size_t)neg || n - (size_t)neg > 10)
		return -1;
	for (size_t i = (size_t)neg; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	if (v > INT32_MAX)
		return -1;
	*out = neg ? -1 : v;
	return 0;
}

/* One node: name NUL, entry count, space, subtree count, newline, oid when valid. */
static int get_tree_node(struct rbuf *r, struct gitindex_tree *t, int64_t *subtrees)
{
	const uint8_t *name, *oid;
	size_t len;
	int64_t entries;
	if (rbuf_get_until(r, 0, &name, &len) < 0 || memchr(name, '/', len))
		return -1;
	t->name = (const char *)name;
	t->name_len = (uint32_t)len;
	if (get_decimal(r, ' ', 1, &entries) < 0 || get_decimal(r, '\n', 0, subtrees) < 0)
		return -1;
	t->entries = (int32_t)entries;
	if (entries >= 0) {
		if (rbuf_get_bytes(r, OID_BYTES, &oid) < 0)
			return -1;
		memcpy(t->oid, oid, OID_BYTES);
	}
	return 0;
}

/* Reads the next node as a child of the innermost open one; -1 when malformed. Only
 * the root has an empty name; no node has more subtrees than could fit. */
static int open_next(struct tree_reader *r)
{
	int64_t subtrees;
	if (r->n >= r->max || get_tree_node(&r->r, &r->t[r->n], &subtrees) < 0
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
	return rbuf_left(&r->r) == 0 ? 0 : -1;
}

/* Reads the TREE extension's size bytes at p into ix->tree; leaves ix without a cache
 * tree when they are malformed. */
static void read_cache_tree(struct gitindex *ix, const uint8_t *p, size_t size)
{
	struct tree_reader r = { .max = size / TREE_NODE_MIN };
	rbuf_init(&r.r, p, size);
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
	while (rbuf_left(&ps->r) > 0) {
		const uint8_t *signature, *body;
		uint32_t size;
		if (rbuf_get_bytes(&ps->r, 4, &signature) < 0 || rbuf_get_be32(&ps->r, &size) < 0)
			return fail(ps, "trailing bytes after the extensions");
		if (signature[0] < 'A' || signature[0] > 'Z')
			return fail(ps, "unsupported index extension (split or sparse index)");
		if (rbuf_get_bytes(&ps->r, size, &body) < 0)
			return fail(ps, "truncated extension");
		if (memcmp(signature, "TREE", 4) == 0 && !ix->tree)
			read_cache_tree(ix, body, size);
	}
	return 0;
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
	struct parser ps = { .err = err, .errlen = errlen };
	const uint8_t *signature;
	uint32_t count;
	memset(ix, 0, sizeof(*ix));
	/* The trailing checksum is left out of the reader: nothing reads it. */
	rbuf_init(&ps.r, data, len >= TRAILER_BYTES ? len - TRAILER_BYTES : 0);
	if (len < HEADER_BYTES + TRAILER_BYTES || rbuf_get_bytes(&ps.r, 4, &signature) < 0
	    || memcmp(signature, "DIRC", 4) != 0 || rbuf_get_be32(&ps.r, &ps.version) < 0
	    || rbuf_get_be32(&ps.r, &count) < 0)
		return fail(&ps, "not a git index");
	/* Expanded v4 paths are bounded by what such a file can honestly hold. */
	ps.paths_max = 8 * len + 65536;
	int rc;
	if (ps.version < 2 || ps.version > 4)
		rc = fail(&ps, "unsupported index version");
	else if (count > rbuf_left(&ps.r) / ENTRY_FIXED)
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

/* The last index read, kept for the next open of the same unchanged file: a run reads
 * the work tree's index to walk it, then again for the .gitattributes it lists (4 % of a
 * warm run of the kernel). Its buffers belong to the memo while it holds them; users
 * counts the gitindex structs sharing them. */
static struct {
	pthread_mutex_t lock;
	struct gitindex ix;
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t ctime_ns;
	size_t users;
	int held;
} memo = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int64_t ns_of(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int memo_matches(const struct stat *st)
{
	return memo.held && memo.dev == st->st_dev && memo.ino == st->st_ino
	       && memo.size == st->st_size && memo.ix.mtime_ns == ns_of(st->st_mtim)
	       && memo.ctime_ns == ns_of(st->st_ctim);
}

/* Answers ix from the memo when st is the file it holds; 1 then. */
static int memo_take(struct gitindex *ix, const struct stat *st)
{
	pthread_mutex_lock(&memo.lock);
	int hit = memo_matches(st);
	if (hit) {
		*ix = memo.ix;
		memo.users++;
	}
	pthread_mutex_unlock(&memo.lock);
	return hit;
}

/* Gives ix's buffers to the memo (sharing them with ix) when it holds none in use. */
static void memo_keep(struct gitindex *ix, const struct stat *st)
{
	pthread_mutex_lock(&memo.lock);
	if (memo.users == 0) {
		if (memo.held)
			gitindex_close_parsed(&memo.ix);
		memo.ix = *ix;
		memo.dev = st->st_dev;
		memo.ino = st->st_ino;
		memo.size = st->st_size;
		memo.ctime_ns = ns_of(st->st_ctim);
		memo.held = 1;
		memo.users = 1;
	}
	pthread_mutex_unlock(&memo.lock);
}

/* Whether the file open on fd, of size bytes, starts as an index does ("DIRC", a version
 * this reader takes) and is no larger than its entries and extensions can make it: read
 * before the whole file is, so that a sparse file of gigabytes planted as the index costs
 * nothing. */
static int header_plausible(int fd, uint64_t size)
{
	uint8_t h[12];
	if (size < sizeof(h) + 20 || pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h)
	    || memcmp(h, "DIRC", 4) != 0)
		return 0;
	uint32_t version = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | h[6] << 8 | h[7];
	uint64_t entries = (uint32_t)h[8] << 24 | (uint32_t)h[9] << 16 | h[10] << 8 | h[11];
	/* An entry is at most 62 bytes, its path (PATH_MAX) and padding; the extensions
	 * (cached tree, untracked cache, ...) are given 64 MiB besides. */
	return version >= 2 && version <= 4
	       && size <= 12 + entries * (62 + PATH_MAX + 8) + (64ull << 20) + 20;
}

/* The whole index open on fd (st its status), once its header is plausible; NULL with
 * err naming path and why. */
static uint8_t *read_index_bytes(int fd, const struct stat *st, const char *path, char *err,
				 size_t errlen)
{
	if (S_ISREG(st->st_mode) && !header_plausible(fd, (uint64_t)st->st_size)) {
		snprintf(err, errlen, "%s: not a git index (its header, or a size its entries "
			 "cannot have)", path);
		return NULL;
	}
	/* A count of entries a sparse file claims would be read whole, at its full size. */
	if (S_ISREG(st->st_mode) && fd_sparse(fd, (long long)st->st_size)) {
		snprintf(err, errlen, "%s: not a git index (a sparse file: git writes every byte "
			 "of it)", path);
		return NULL;
	}
	uint8_t *data = S_ISREG(st->st_mode) && (uint64_t)st->st_size <= MAX_INDEX_BYTES
				? malloc(st->st_size ? (size_t)st->st_size : 1) : NULL;
	if (data && read_full(fd, data, (size_t)st->st_size) == 0)
		return data;
	snprintf(err, errlen, "%s: not a readable regular file", path);
	free(data);
	return NULL;
}

int gitindex_open(struct gitindex *ix, const char *path, char *err, size_t errlen)
{
	memset(ix, 0, sizeof(*ix));
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, errno == ELOOP ? "a symbolic link: not read"
								   : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode) && memo_take(ix, &st)) {
		close(fd);
		return 0;
	}
	uint8_t *data = read_index_bytes(fd, &st, path, err, errlen);
	close(fd);
	if (!data)
		return -1;
	char why[128];
	if (gitindex_parse(ix, data, (size_t)st.st_size, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		free(data);
		return -1;
	}
	ix->data = data;
	ix->mtime_ns = ns_of(st.st_mtim);
	memo_keep(ix, &st);
	return 0;
}

void gitindex_close_parsed(struct gitindex *ix)
{
	free(ix->v);
	free(ix->tree);
	free(ix->paths);
	free(ix->data);
	memset(ix, 0, sizeof(*ix));
}

void gitindex_close(struct gitindex *ix)
{
	pthread_mutex_lock(&memo.lock);
	int shared = memo.held && ix->v == memo.ix.v && ix->data == memo.ix.data;
	if (shared)
		memo.users--;
	pthread_mutex_unlock(&memo.lock);
	if (shared)
		memset(ix, 0, sizeof(*ix));
	else
		gitindex_close_parsed(ix);
}

void gitindex_forget(void)
{
	pthread_mutex_lock(&memo.lock);
	if (memo.held && memo.users == 0) {
		gitindex_close_parsed(&memo.ix);
		memo.held = 0;
	}
	pthread_mutex_unlock(&memo.lock);
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
