/*
 * baseline.c - reading and applying .assay-baseline (see baseline.h; writing it:
 * baseline_write.c; entries whose function left a file still there: baseline_moved.c). The file
 * comes with the repository, so it is parsed as untrusted text: bounded lines, unknown
 * metrics ignored, anything malformed an error naming the line.
 */
#include "store/baseline.h"
#include "store/baseline_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/fsguard.h"
#include "util/alloc.h"

#define BASELINE_MAX_LINE 8192

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct baseline_entry *)a)->key, ((const struct baseline_entry *)b)->key);
}

/* "ccn=17,cognitive=22" into e->value; -1 when malformed. */
static int parse_values(char *list, struct baseline_entry *e)
{
	char *save = NULL;
	for (int m = 0; m < MET_COUNT; m++)
		e->value[m] = -1;
	for (char *kv = strtok_r(list, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq)
			return -1;
		*eq = '\0';
		char *end;
		if (strcmp(kv, "hash") == 0) {
			/* Decimal: an older assay reads it as an unknown metric and ignores it. */
			errno = 0;
			e->hash = strtoull(eq + 1, &end, 10);
			if (*end || errno || eq[1] < '0' || eq[1] > '9')
				return -1;
			e->has_hash = 1;
			continue;
		}
		errno = 0;
		long v = strtol(eq + 1, &end, 10);
		int m = metric_by_name(kv);
		/* Digits only (no sign or space), and no value past what a metric can be: an
		 * overflow read as LONG_MAX would excuse any score. */
		if (*end || errno || eq[1] < '0' || eq[1] > '9' || v > UINT32_MAX)
			return -1;
		if (m >= 0)
			e->value[m] = v;
	}
	return 0;
}

/* One "path TAB name TAB values" line into b; -1 when malformed, -2 past
 * BASELINE_MAX_ENTRIES. */
static int parse_line(struct baseline *b, char *line)
{
	char *tab1 = strchr(line, '\t');
	char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
	if (!tab2)
		return -1;
	*tab2 = '\0';
	struct baseline_entry e = { 0 };
	if (parse_values(tab2 + 1, &e) < 0)
		return -1;
	if (b->n >= BASELINE_MAX_ENTRIES)
		return -2;
	e.key = xstrdup(line);
	xgrow((void **)&b->v, &b->cap, b->n + 1, sizeof(*b->v));
	b->v[b->n++] = e;
	return 0;
}

#define FORMAT_PREFIX "# assay baseline "

/* Whether line 1 is no format header ("# assay baseline vN"), or v1's. */
static int format_known(const char *line)
{
	size_t n = strlen(FORMAT_PREFIX);
	return strncmp(line, FORMAT_PREFIX, n) != 0 || strcmp(line + n, "v1") == 0
	       || strncmp(line + n, "v1 ", 3) == 0 || line[n] != 'v';
}

/* One line (no newline; fits: it is not too long and holds no NUL) of a baseline into b:
 * 0, or -1 with err naming name:lineno. */
static int parse_one(struct baseline *b, const char *name, unsigned lineno, char *line, int fits,
		     char *err, size_t len)
{
	if (fits && lineno == 1 && !format_known(line)) {
		/* Another format's lines may not mean what this one's do. */
		snprintf(err, len, "%s:1: a baseline of format %.40s, which this assay does not "
			 "read (it reads v1): written by a newer assay?", name,
			 line + strlen(FORMAT_PREFIX));
		return -1;
	}
	int got = !fits ? -1 : line[0] != '#' && line[0] ? parse_line(b, line) : 0;
	if (got == -2)
		snprintf(err, len, "%s:%u: more than %u entries: not read (a baseline records the "
			 "functions over the limits, not every function)", name, lineno,
			 BASELINE_MAX_ENTRIES);
	else if (got < 0)
		snprintf(err, len, "%s:%u: not a baseline line (path TAB name TAB metric=N,...)",
			 name, lineno);
	return got < 0 ? -1 : 0;
}

struct baseline *baseline_parse(const char *name, const char *data, size_t size, char *err,
				size_t len)
{
	struct baseline *b = xcalloc(1, sizeof(*b));
	char line[BASELINE_MAX_LINE];
	unsigned lineno = 0;
	for (size_t at = 0; at < size;) {
		const char *nl = memchr(data + at, '\n', size - at);
		size_t n = (nl ? (size_t)(nl - data) : size) - at;
		lineno++;
		int fits = n < sizeof(line) && !memchr(data + at, '\0', n);
		if (fits) {
			memcpy(line, data + at, n);
			line[n - (n > 0 && line[n - 1] == '\r')] = '\0';
		}
		at += n + 1;
		if (parse_one(b, name, lineno, line, fits, err, len) < 0) {
			baseline_free(b);
			return NULL;
		}
	}
	if (b->n)	/* qsort and bsearch must not see the NULL of an empty one */
		qsort(b->v, b->n, sizeof(*b->v), by_key);
	return b;
}

struct baseline *baseline_read(const char *root, char *err, size_t len)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", root, BASELINE_NAME);
	err[0] = '\0';
	int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct wbuf data;
	struct cause_note why;
	wbuf_init(&data);
	enum fsguard_result got = dir < 0 ? FSGUARD_FAIL
				 : fsguard_read(dir, BASELINE_NAME, BASELINE_MAX_BYTES, &data, &why);
	if (dir < 0)
		cause_note(&why, CAUSE_READ_ERROR, "%s", strerror(errno));
	else
		close(dir);
	struct baseline *b = NULL;
	if (got == FSGUARD_OK) {
		b = baseline_parse(path, data.data ? (const char *)data.data : "", data.len, err, len);
		if (b)
			b->root = xstrdup(root);
	} else if (!(why.cause == CAUSE_CANNOT_OPEN && strcmp(why.detail, strerror(ENOENT)) == 0)) {
		char text[300];
		snprintf(err, len, "%s: %s: not used", path,
			 cause_text(why.cause, why.detail, text, sizeof(text)));
	}
	wbuf_free(&data);
	return b;
}

void baseline_free(struct baseline *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].key);
	free(b->v);
	free(b->root);
	free_strings(b->gone_paths, b->ngone_paths);
	free(b->gone);
	free(b->left);
	free(b);
}

/* The entry named path TAB qname, or NULL. */
static const struct baseline_entry *entry_named(const struct baseline *b, const char *path,
						const char *qname)
{
	char key[8192];
	snprintf(key, sizeof(key), "%s\t%s", path, qname);
	struct baseline_entry probe = { .key = key };
	return bsearch(&probe, b->v, b->n, sizeof(*b->v), by_key);
}

/* 1 when some unit of rec is named like entry e of the file at path (whose key starts
 * with path TAB). */
int baseline_entry_names_a_unit(const struct baseline_entry *e, size_t path_len,
				const struct record *rec)
{
	for (size_t k = 0; k < rec->nunits; k++)
		if (strcmp(e->key + path_len + 1, rec->units[k].qname) == 0)
			return 1;
	return 0;
}

/* The entry's path (its key up to the tab) into buf. */
const char *baseline_entry_path(const struct baseline_entry *e, char *buf, size_t len)
{
	const char *tab = strchr(e->key, '\t');
	snprintf(buf, len, "%.*s", (int)(tab ? tab - e->key : 0), e->key);
	return buf;
}

/* The file's entries [*lo, *hi): adjacent, from the first key not below "path TAB". */
void baseline_file_range(const struct baseline *b, const char *path, size_t *lo, size_t *hi)
{
	size_t len = strlen(path), l = 0, h = b->n;
	while (l < h) {
		size_t mid = l + (h - l) / 2;
		int c = strncmp(b->v[mid].key, path, len);
		if (c < 0 || (c == 0 && (unsigned char)b->v[mid].key[len] < '\t'))
			l = mid + 1;
		else
			h = mid;
	}
	*lo = h = l;
	while (h < b->n && strncmp(b->v[h].key, path, len) == 0 && b->v[h].key[len] == '\t')
		h++;
	*hi = h;
}

int baseline_summary_enough(const struct baseline *b, const char *path, const struct record *rec)
{
	size_t lo, hi;
	if (!b || !b->n)
		return 1;
	baseline_file_range(b, path, &lo, &hi);
	uint8_t *taken = xcalloc(rec->nunits + 1, 1);
	int enough = 1;
	for (size_t i = lo; i < hi && enough; i++) {
		const struct baseline_entry *e = &b->v[i];
		enough = 0;
		for (size_t k = 0; e->has_hash && k < rec->nunits && !enough; k++)
			if (!taken[k] && rec->units[k].body_hash == e->hash
			    && strcmp(rec->units[k].qname, baseline_entry_name(e)) == 0)
				enough = taken[k] = 1;
	}
	free(taken);
	return enough;
}

/* 1 when e records at least one metric and u has exactly e's value of each. */
static int same_values(const struct baseline_entry *e, const struct unit *u)
{
	int any = 0;
	for (int m = 0; m < MET_COUNT; m++) {
		if (e->value[m] < 0)
			continue;
		if ((long)unit_metric(u, (enum metric)m) != e->value[m])
			return 0;
		any = 1;
	}
	return any;
}

/* 1 when no unit of rec but u has e's values and no entry of its own name. */
static int only_unit_like(const struct baseline *b, const char *path, const struct record *rec,
			  const struct baseline_entry *e, const struct unit *u)
{
	for (size_t k = 0; k < rec->nunits; k++) {
		const struct unit *v = &rec->units[k];
		if (v != u && same_values(e, v) && !entry_named(b, path, v->qname))
			return 0;
	}
	return 1;
}

/* Units of rec before u (in order) with u's body hash and no entry of their own name at
 * path, that skip(ctx, v) does not leave out: u's rank among the copies that may take an
 * entry by hash, so that each entry stands for one function, not every copy of it. */
static size_t copies_before(const struct baseline *b, const char *path, const struct record *rec,
			    const struct unit *u, int (*skip)(const void *, const struct unit *),
			    const void *ctx)
{
	size_t n = 0;
	for (size_t k = 0; k < rec->nunits && &rec->units[k] != u; k++) {
		const struct unit *v = &rec->units[k];
		n += v->body_hash == u->body_hash && !entry_named(b, path, v->qname)
		     && !(skip && skip(ctx, v));
	}
	return n;
}

/* The entry of the file at path that stands for u although its name is no unit's of rec
 * any more (new naming rules, or a rename that kept the body), or NULL: of the entries
 * with u's body hash, the one in u's place among the units that have it (one entry, one
 * function: a copy beside it is new); for an entry written before hashes were, the one
 * entry whose recorded values u has exactly, when u is the only nameless unit with them
 * (so a baseline from an older assay survives the renaming rules of this one). */
static const struct baseline_entry *entry_by_hash(const struct baseline *b, const char *path,
						  const struct record *rec, const struct unit *u)
{
	size_t lo, hi, len = strlen(path), rank = copies_before(b, path, rec, u, NULL, NULL);
	const struct baseline_entry *legacy = NULL;
	int nlegacy = 0;
	baseline_file_range(b, path, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct baseline_entry *e = &b->v[i];
		if (baseline_entry_names_a_unit(e, len, rec))
			continue;
		if (e->has_hash && e->hash == u->body_hash && rank-- == 0)
			return e;
		if (!e->has_hash && same_values(e, u)) {
			legacy = e;
			nlegacy++;
		}
	}
	return nlegacy == 1 && only_unit_like(b, path, rec, legacy, u) ? legacy : NULL;
}

/* The first unclaimed entry of [first, first + n) with v's body hash, or n. */
static size_t entry_with_hash(const struct baseline *b, size_t first, size_t n,
			      const struct unit *const *owner, const struct unit *v)
{
	for (size_t i = 0; i < n; i++)
		if (!owner[i] && b->v[first + i].has_hash && b->v[first + i].hash == v->body_hash)
			return i;
	return n;
}

/* Whether owner[0..n) holds v. */
static int owns(const struct unit *const *owner, size_t n, const struct unit *v)
{
	for (size_t i = 0; i < n; i++)
		if (owner[i] == v)
			return 1;
	return 0;
}

/* Each unit of rec named qname over a limit of t that owns no entry yet takes the first
 * one left (a unit under the limits needs none: it must not take one from a unit that
 * does, nor may a warm run, which sees only the units over the limits, decide otherwise). */
static void assign_in_order(const struct unit **owner, size_t n, const struct record *rec,
			    const char *qname, const struct thresholds *t)
{
	size_t next = 0;
	for (size_t k = 0; k < rec->nunits; k++) {
		const struct unit *v = &rec->units[k];
		if (strcmp(v->qname, qname) != 0 || owns(owner, n, v) || !unit_violations(t, v))
			continue;
		while (next < n && owner[next])
			next++;
		if (next < n)
			owner[next] = v;
	}
}

/* Entries [first, last) share one name, as the units of rec with it do (a getter and a
 * setter, overloads): each unit takes the entry with its body hash, then the others over
 * a limit of t take the entries left in order. u's entry, or NULL when there are more
 * such units than entries. */
static const struct baseline_entry *entry_among(const struct baseline *b, size_t first,
						size_t last, const struct record *rec,
						const struct unit *u, const struct thresholds *t)
{
	size_t n = last - first;
	const struct unit **owner = xcalloc(n, sizeof(*owner));
	for (size_t k = 0; k < rec->nunits; k++) {
		size_t i = strcmp(rec->units[k].qname, u->qname) == 0
				   ? entry_with_hash(b, first, n, owner, &rec->units[k]) : n;
		if (i < n)
			owner[i] = &rec->units[k];
	}
	assign_in_order(owner, n, rec, u->qname, t);
	const struct baseline_entry *e = NULL;
	for (size_t i = 0; i < n && !e; i++)
		if (owner[i] == u)
			e = &b->v[first + i];
	free(owner);
	return e;
}

/* u's entry by its name (entry_among when several entries or units have it), or NULL. */
static const struct baseline_entry *entry_of_name(const struct baseline *b, const char *path,
						  const struct record *rec, const struct unit *u,
						  const struct thresholds *t)
{
	const struct baseline_entry *e = entry_named(b, path, u->qname);
	if (!e || !rec)
		return e;
	size_t first = (size_t)(e - b->v), last = first + 1;
	while (first > 0 && strcmp(b->v[first - 1].key, e->key) == 0)
		first--;
	while (last < b->n && strcmp(b->v[last].key, e->key) == 0)
		last++;
	/* One entry to one unit, also when a single entry has a name several units share. */
	size_t named = 0;
	for (size_t k = 0; k < rec->nunits && named < 2; k++)
		named += strcmp(rec->units[k].qname, u->qname) == 0;
	return last - first == 1 && named < 2 ? e : entry_among(b, first, last, rec, u, t);
}

int baseline_by_hash(const void *a, const void *b)
{
	const struct baseline_entry *p = *(const struct baseline_entry *const *)a;
	const struct baseline_entry *q = *(const struct baseline_entry *const *)b;
	if (p->hash != q->hash)
		return (p->hash > q->hash) - (p->hash < q->hash);
	return strcmp(p->key, q->key);
}

/* Whether the file at path is gone: from the list a gate gave, else from b's work tree. */
static int file_gone(const struct baseline *b, const char *path)
{
	if (b->gone_given)
		return bsearch(&path, b->gone_paths, b->ngone_paths, sizeof(*b->gone_paths),
			       by_string) != NULL;
	return baseline_file_gone(b->root, path);	/* one lstat */
}

/* Lists, sorted by body hash, the entries with a hash of the files gone (b->gone). */
static void find_gone(struct baseline *b)
{
	b->gone_found = 1;
	if (!b->root && !b->gone_given)
		return;
	b->gone = xcalloc(b->n + 1, sizeof(*b->gone));
	for (size_t i = 0; i < b->n;) {
		char path[8192];
		size_t lo, hi;
		baseline_file_range(b, baseline_entry_path(&b->v[i], path, sizeof(path)), &lo, &hi);
		if (hi <= i)	/* a key without its path's range: cannot be, but never loop */
			hi = i + 1;
		int gone = file_gone(b, path);
		for (size_t k = i; k < hi && gone; k++)
			if (b->v[k].has_hash)
				b->gone[b->ngone++] = &b->v[k];
		i = hi;
	}
	qsort(b->gone, b->ngone, sizeof(*b->gone), baseline_by_hash);
}

void baseline_set_gone(struct baseline *b, const char *const *paths, size_t n)
{
	if (!b || b->root || b->gone_given)
		return;
	b->gone_paths = xcalloc(n + 1, sizeof(*b->gone_paths));
	for (size_t i = 0; i < n; i++)
		b->gone_paths[i] = xstrdup(paths[i]);
	b->ngone_paths = n;
	if (n)
		qsort(b->gone_paths, n, sizeof(*b->gone_paths), by_string);
	b->gone_given = 1;
}

size_t baseline_first_with_hash(const struct baseline_entry *const *v, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid]->hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The gone entries with hash h: [*first, return). */
static size_t gone_with_hash(const struct baseline *b, uint64_t h, size_t *first)
{
	size_t hi = *first = baseline_first_with_hash(b->gone, b->ngone, h);
	while (hi < b->ngone && b->gone[hi]->hash == h)
		hi++;
	return hi;
}

const char *baseline_entry_name(const struct baseline_entry *e)
{
	const char *tab = strchr(e->key, '\t');
	return tab ? tab + 1 : "";
}

/* The gone entries [first, last) (of one hash) and whether one has v's name. */
struct gone_run {
	const struct baseline *b;
	size_t first, last;
};

static int gone_named(const void *ctx, const struct unit *v)
{
	const struct gone_run *g = ctx;
	for (size_t i = g->first; i < g->last; i++)
		if (strcmp(baseline_entry_name(g->b->gone[i]), v->qname) == 0)
			return 1;
	return 0;
}

/* The entry of a file gone from the work tree with u's body hash (u moved, or its file was
 * renamed): the one with u's name among them, else, of those no unit of rec with the hash
 * is named like, the one in u's place among the units of rec with the hash and no such
 * name (one entry, one function: a copy beside it in the file is new); NULL when none is
 * left. (Copies in two files each take the entry: a file is judged alone.) */
static const struct baseline_entry *entry_moved(const struct baseline *b, const char *path,
						const struct record *rec, const struct unit *u)
{
	struct baseline *w = (struct baseline *)b;	/* the list is found once, at first need */
	if (!w->gone_found)
		find_gone(w);
	struct gone_run g = { b, 0, 0 };
	g.last = gone_with_hash(b, u->body_hash, &g.first);
	for (size_t i = g.first; i < g.last; i++)
		if (strcmp(baseline_entry_name(b->gone[i]), u->qname) == 0)
			return b->gone[i];
	size_t rank = copies_before(b, path, rec, u, gone_named, &g);
	for (size_t i = g.first; i < g.last; i++) {
		int named = 0;
		for (size_t k = 0; k < rec->nunits && !named; k++)
			named = rec->units[k].body_hash == u->body_hash
				&& strcmp(rec->units[k].qname, baseline_entry_name(b->gone[i])) == 0;
		if (!named && rank-- == 0)
			return b->gone[i];
	}
	return NULL;
}

/* u's entry: by its name, else (when rec is given) by its body hash in its own file, then
 * in a file gone from the work tree; *rekeyed says it was by hash. */
static const struct baseline_entry *entry_for(const struct baseline *b, const char *path,
					      const struct record *rec, const struct unit *u,
					      const struct thresholds *t, int *rekeyed)
{
	*rekeyed = 0;
	const struct baseline_entry *e = entry_of_name(b, path, rec, u, t);
	if (e || !rec || entry_named(b, path, u->qname))
		return e;
	e = entry_by_hash(b, path, rec, u);
	if (!e)
		e = entry_moved(b, path, rec, u);
	*rekeyed = e != NULL;
	return e;
}

uint32_t baseline_entry_accepts(const struct baseline_entry *e, const struct unit *u,
				uint32_t over)
{
	uint32_t accepted = 0;
	for (int m = 0; e && m < MET_COUNT; m++)
		if ((over & (1u << m)) && e->value[m] >= 0
		    && (long)unit_metric(u, (enum metric)m) <= e->value[m])
			accepted |= 1u << m;	/* recorded, and no worse */
	return accepted;
}

/* u's accepted violations, and whether an entry stands for it (*entered). */
static uint32_t accepts(const struct baseline *b, const char *path, const struct record *rec,
			const struct unit *u, const struct thresholds *t, int *entered)
{
	/* An empty baseline's array is NULL, which bsearch must not see. */
	uint32_t over = b && b->n ? unit_violations(t, u) : 0;
	*entered = 0;
	if (!over)
		return 0;
	int rekeyed;
	const struct baseline_entry *e = entry_for(b, path, rec, u, t, &rekeyed);
	*entered = e != NULL;
	return baseline_entry_accepts(e, u, over);
}

int baseline_has_entry(const struct baseline *b, const char *path, const struct record *rec,
		       const struct unit *u, const struct thresholds *t)
{
	int rekeyed;
	return b && b->n && entry_for(b, path, rec, u, t, &rekeyed) != NULL;
}

uint32_t baseline_accepts(const struct baseline *b, const char *path, const struct record *rec,
			  const struct unit *u, const struct thresholds *t)
{
	int entered;
	return accepts(b, path, rec, u, t, &entered);
}

void baseline_apply(const struct baseline *b, const char *path, struct record *rec,
		    const struct thresholds *t)
{
	for (size_t i = 0; b && i < rec->nunits; i++) {
		struct unit *u = &rec->units[i];
		int entered;
		u->baselined |= accepts(b, path, rec, u, t, &entered);
		/* Over a limit with no entry: one whose function left its file may stand for
		 * it, once every file is settled (baseline_moved.c). */
		u->unentered = b->n && !entered && unit_violations(t, u);
	}
}

size_t baseline_rekeyed(const struct baseline *b, const char *path, const struct record *rec,
			const struct thresholds *t)
{
	size_t n = 0;
	for (size_t i = 0; b && b->n && i < rec->nunits; i++) {
		int rekeyed;
		if (unit_violations(t, &rec->units[i])
		    && entry_for(b, path, rec, &rec->units[i], t, &rekeyed) && rekeyed)
			n++;
	}
	return n;
}

int baseline_decides(const struct record *rec)
{
	if (rec->status == FILE_OK || rec->status == FILE_PARTIAL)
		return 1;
	if (rec->status != FILE_SKIPPED)
		return 0;
	switch ((enum cause)rec->cause) {
	case CAUSE_GENERATED:
	case CAUSE_VENDORED:
	case CAUSE_BINARY:
	case CAUSE_MINIFIED:
	case CAUSE_LFS_POINTER:
	case CAUSE_SYMLINK:
	case CAUSE_NOT_REGULAR:
	case CAUSE_SUBMODULE:
		return 1;
	default:
		return 0;
	}
}

int baseline_file_gone(const char *root, const char *path)
{
	char full[2 * 8192 + 2];
	struct stat st;
	snprintf(full, sizeof(full), "%s/%s", root, path);
	return lstat(full, &st) < 0 && errno == ENOENT;
}

void baseline_mark_used(struct baseline *b, const char *path, const struct record *rec,
			const struct thresholds *t)
{
	for (size_t i = 0; b && b->n && i < rec->nunits; i++) {
		int rekeyed;
		const struct unit *u = &rec->units[i];
		const struct baseline_entry *e = unit_over(t->limit, u)
							 ? entry_for(b, path, rec, u, t, &rekeyed)
							 : NULL;
		if (e)
			b->v[e - b->v].used = 1;
	}
}

int baseline_entry_unused(const struct baseline_entry *e, baseline_judged judged, void *ctx)
{
	char path[8192];
	return !e->used && judged(ctx, baseline_entry_path(e, path, sizeof(path)));
}

size_t baseline_unused(const struct baseline *b, baseline_judged judged, void *ctx,
		       char *sample, size_t len)
{
	size_t n = 0, at = 0;
	if (len)
		sample[0] = '\0';
	for (size_t i = 0; b && i < b->n; i++) {
		if (!baseline_entry_unused(&b->v[i], judged, ctx))
			continue;
		const char *tab = strchr(b->v[i].key, '\t');
		if (n < 3 && at < len) {
			int w = snprintf(sample + at, len - at, "%s%.*s %s", n ? ", " : "",
					 (int)(tab - b->v[i].key), b->v[i].key, tab + 1);
			at += w > 0 ? (size_t)w : 0;
		}
		n++;
	}
	return n;
}
