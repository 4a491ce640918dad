/*
 * remote_group.c - the remote cache's packs in a run (store/remote_pack.h): the keyed
 * files are grouped, each group's pack is asked for before any file alone, and with
 * readwrite the packs the server lacks are built from the local cache once the run ends.
 *
 * Groups: the files keyed from the git index and not settled by their names, in the
 * order of their paths from the repository's root (a .h, whose bytes decide its
 * language, by its blob alone; a file of no language by its name with the verdict that
 * its bytes name none either, so a fresh machine need not read the kernel's 6 000
 * Makefiles and Kconfigs to learn that). A group ends after a file whose path
 * hashes to 0 modulo GROUP_SPREAD (about that many files a group), or at GROUP_FILES_MAX
 * files or GROUP_BYTES_MAX bytes of source. The boundaries depend on paths alone and a
 * group's key on its files' content, so the same tree gives the same packs on every
 * machine, a file changed in a pull request costs its own group's pack and no other,
 * and a run on a subdirectory finds the packs inside it.
 */
#include <stdlib.h>
#include <string.h>

#include "run/remote_impl.h"
#include "run/settle.h"
#include "common/hash.h"
#include "store/cache.h"
#include "store/remote_pack.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/parallel.h"

#define GROUP_SPREAD 256
#define GROUP_FILES_MAX 1024
#define GROUP_BYTES_MAX (8u << 20)

struct group {
	size_t first, n;	/* its files: gs->file_of[first .. first + n), by path */
	uint8_t key[REMOTE_KEY_BYTES];
	uint8_t pending;	/* one of its files is still pending */
	uint8_t upload;		/* readwrite: the server lacks its pack */
};

struct remote_groups {
	size_t *file_of;	/* the grouped files, group by group */
	uint8_t *lang_of;	/* per file of the run: its language when grouped (LANG_NONE:
				   of none by its name) */
	struct group *g;
	size_t ng;
};

/* Whether file i joins a group: keyed from the index (so every machine with the tree
 * has its key before reading it), not settled by its name. */
static int groupable(const struct run *r, size_t i)
{
	return r->list.keys[i].has_oid && r->list.keys[i].from_index && !r->list.verdicts[i].given;
}

/* File i's key inside its group's: a .h's by its blob alone (its language is what the
 * pack says), any other's as its remote value's. */
static void member_key(const struct run *r, size_t i, uint8_t key[REMOTE_KEY_BYTES])
{
	const struct remote_run *rr = r->remote;
	const struct file_entry *f = &r->list.files[i];
	if (f->header)
		remote_header_key(r->list.keys[i].oid, rr->engines, key);
	else
		remote_key(r->list.keys[i].oid, f->lang, rr->engines[f->lang], key);
}

struct by_path {
	char *path;
	size_t i;
};

static int path_order(const void *a, const void *b)
{
	return strcmp(((const struct by_path *)a)->path, ((const struct by_path *)b)->path);
}

/* The groupable files in path order into *files, and whether each ends a group by its
 * path into *ends; their number. */
static size_t files_by_path(const struct run *r, size_t **files, uint8_t **ends)
{
	struct by_path *p = xmalloc((r->list.nfiles + 1) * sizeof(*p));
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		if (!groupable(r, i))
			continue;
		char buf[4096];
		p[n].path = xstrdup(run_stable_path(r, i, buf, sizeof(buf)));
		p[n++].i = i;
	}
	qsort(p, n, sizeof(*p), path_order);
	*files = xmalloc((n + 1) * sizeof(**files));
	*ends = xmalloc(n + 1);
	for (size_t k = 0; k < n; k++) {
		(*files)[k] = p[k].i;
		(*ends)[k] = hash_path(p[k].path) % GROUP_SPREAD == 0;
		free(p[k].path);
	}
	free(p);
	return n;
}

/* Cuts the files into groups and keys each. */
static void make_groups(const struct run *r, struct remote_groups *gs)
{
	uint8_t *ends;
	size_t n = files_by_path(r, &gs->file_of, &ends);
	uint8_t *keys = xmalloc((n + 1) * REMOTE_KEY_BYTES);
	gs->lang_of = xcalloc(r->list.nfiles + 1, 1);
	for (size_t k = 0; k < n; k++) {
		member_key(r, gs->file_of[k], keys + k * REMOTE_KEY_BYTES);
		gs->lang_of[gs->file_of[k]] = (uint8_t)r->list.files[gs->file_of[k]].lang;
	}
	gs->g = xmalloc((n + 1) * sizeof(*gs->g));
	gs->ng = 0;
	size_t first = 0;
	uint64_t bytes = 0;
	for (size_t k = 0; k < n; k++) {
		bytes += r->list.files[gs->file_of[k]].size;
		if (!ends[k] && k + 1 < n && k + 1 - first < GROUP_FILES_MAX && bytes < GROUP_BYTES_MAX)
			continue;
		struct group *g = &gs->g[gs->ng++];
		memset(g, 0, sizeof(*g));
		g->first = first;
		g->n = k + 1 - first;
		remote_pack_key(keys + first * REMOTE_KEY_BYTES, g->n, g->key);
		for (size_t m = first; m <= k; m++)
			g->pending |= !r->state[gs->file_of[m]].done;
		first = k + 1;
		bytes = 0;
	}
	free(keys);
	free(ends);
}

void remote_group_free(struct remote_run *rr)
{
	if (!rr->groups)
		return;
	free(rr->groups->file_of);
	free(rr->groups->lang_of);
	free(rr->groups->g);
	free(rr->groups);
	rr->groups = NULL;
}

/* ---- reading ------------------------------------------------------------------------ */

/* The files of group g ordered by blob id, into order (g->n entries). */
static const struct run *sort_run;

static int oid_order(const void *a, const void *b)
{
	const struct file_key *k = sort_run->list.keys;
	return memcmp(k[*(const size_t *)a].oid, k[*(const size_t *)b].oid, CACHE_OID_LEN);
}

static void by_oid(const struct run *r, const struct remote_groups *gs, const struct group *g,
		   size_t *order)
{
	memcpy(order, gs->file_of + g->first, g->n * sizeof(*order));
	sort_run = r;
	qsort(order, g->n, sizeof(*order), oid_order);
}

/* The first of order[0..n) (by blob id) whose blob is oid, or n. */
static size_t first_of(const struct run *r, const size_t *order, size_t n, const uint8_t *oid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (memcmp(r->list.keys[order[mid]].oid, oid, CACHE_OID_LEN) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int is_header_language(enum lang_id l)
{
	return l == LANG_C || l == LANG_CPP || l == LANG_OBJC;
}

/* File i's record from entry e: its summary when that settles it (a report of violations
 * only, the summary keeping every unit over i's limits), else the whole record. 1 with
 * *rec (and *s, *summary), 0 when neither decodes as e's language. */
static int entry_record(const struct run *r, size_t i, const struct remote_pack_entry *e,
			struct record *rec, struct record_summary *s, int *summary)
{
	memset(rec, 0, sizeof(*rec));
	*summary = r->prune && record_summary_decode(e->summary, e->summary_len, rec, s) == 0
		   && rec->lang == (uint8_t)e->lang
		   && record_summary_covers(s, run_limits(r, i)->limit)
		   && run_summary_enough(r, i, rec);
	if (*summary)
		return 1;
	record_clear(rec);
	return remote_pack_record(e, rec) == 0;
}

/* Entry e's row into the local cache as it came (the bytes the signature covered). */
static void keep_row(struct run *r, size_t i, const struct remote_pack_entry *e)
{
	if (!r->cache)
		return;
	struct cache_row row = { .packed = (uint8_t *)e->packed, .plen = e->packed_len,
				 .raw_len = e->raw_size };
	row.summary.data = (uint8_t *)e->summary;
	row.summary.len = e->summary_len;
	cache_put_row(r->cache, r->list.keys[i].oid, e->lang, &row, e->cost_us, 0);
}

/* File i (pending, of e's blob) answered by entry e: 1 when it settled it. */
static int take_entry(struct run *r, size_t i, const struct remote_pack_entry *e)
{
	struct file_entry *f = &r->list.files[i];
	if (f->by_content ? !is_header_language(e->lang) : e->lang != f->lang)
		return 0;
	struct record rec;
	struct record_summary s;
	int summary;
	if (!entry_record(r, i, e, &rec, &s, &summary))
		return 0;
	if (!settle_applies(r, i, &rec)) {	/* a verdict of other conditions: a miss */
		record_clear(&rec);
		return 0;
	}
	keep_row(r, i, e);
	if (f->by_content) {
		f->lang = e->lang;
		f->by_content = 0;
		cache_put_language_memo(r->cache, r->list.keys[i].oid, NULL, f->lang);
		if (r->p->language_mask && !(r->p->language_mask & (UINT64_C(1) << f->lang))) {
			record_clear(&rec);
			run_verdict(r, i, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
			return 0;
		}
	}
	if (f->lang == LANG_NONE && rec.cause == CAUSE_UNKNOWN_LANGUAGE) {
		/* As from the local cache (run/lookup.c): the row may be a .h's memo. */
		free(rec.detail);
		rec.detail = NULL;
	}
	struct file_state *st = &r->state[i];
	record_clear(&st->rec);
	st->rec = rec;
	if (summary) {
		settle_summary(r, i, s.nunits);
	} else {
		st->done = 1;
		settle_file(r, i);
	}
	return 1;
}

/* A pending file and the entry of a pack that answers it. */
struct answer {
	size_t i;
	struct remote_pack_entry e;
};

struct answers {
	struct answer *a;
	size_t n, cap;
};

/* A pack received, checked (on the online CPUs: its signature covers some 170 KB). */
struct opened_pack {
	int ok;
	struct remote_pack p;
	char why[300];
};

struct pack_checks {
	const struct run *r;
	const struct remote_request *q;
	const size_t *group_of;
	struct opened_pack *out;
};

static void check_pack(void *ctx, size_t k)
{
	struct pack_checks *c = ctx;
	const struct remote_run *rr = c->r->remote;
	struct cache_trust trust = { rr->keys, rr->nkeys, 0 };
	if (c->q[k].outcome == REMOTE_FOUND)
		c->out[k].ok = remote_pack_open(c->q[k].reply.data, c->q[k].reply.len,
						rr->groups->g[c->group_of[k]].key, &trust,
						&c->out[k].p, c->out[k].why, sizeof(c->out[k].why)) == 0;
}

/* Group g's pack, received in q and checked into o: an answer for every pending file of
 * it that it has an entry for. 0, or -1 when it was refused (an event says why). */
static int open_pack(const struct run *r, const struct remote_groups *gs, const struct group *g,
		     const struct remote_request *q, struct opened_pack *o, struct answers *out)
{
	struct remote_run *rr = r->remote;
	if (!o->ok) {
		char url[1200];
		remote_http_url(rr->http, q->key_hex, url, sizeof(url));
		log_event(LOG_WARNING, "remote_cache.rejected", NULL, "%s: %s: a pack of %zu files, "
			  "asked for one by one instead", url, o->why, g->n);
		return -1;
	}
	struct remote_pack p = o->p;
	size_t *order = xmalloc(g->n * sizeof(*order));
	by_oid(r, gs, g, order);
	struct remote_pack_entry e;
	while (remote_pack_next(&p, &e))
		for (size_t k = first_of(r, order, g->n, e.oid);
		     k < g->n && memcmp(r->list.keys[order[k]].oid, e.oid, CACHE_OID_LEN) == 0; k++) {
			if (r->state[order[k]].done)
				continue;
			xgrow((void **)&out->a, &out->cap, out->n + 1, sizeof(*out->a));
			out->a[out->n++] = (struct answer){ order[k], e };
		}
	free(order);
	return 0;
}

static int answer_order(const void *a, const void *b)
{
	const struct answer *x = a, *y = b;
	int c = memcmp(x->e.oid, y->e.oid, CACHE_OID_LEN);
	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* The answers settle their files in the order of their blob ids, their rows stored in
 * that order (within a batch: each page of the cache is written about once). */
static void take_answers(struct run *r, struct answers *as)
{
	qsort(as->a, as->n, sizeof(*as->a), answer_order);
	for (size_t k = 0; k < as->n && !*r->sig.stop; k++)
		if (!r->state[as->a[k].i].done && take_entry(r, as->a[k].i, &as->a[k].e))
			/* A verdict of no language is not a result (nor a local cache hit). */
			r->remote->counts.hits += as->a[k].e.lang != LANG_NONE;
}

/* The requests for the groups with want(g): GET for those with a pending file, HEAD
 * (readwrite) for the others. Their number; group_of[k] is request k's group. */
static size_t requests(const struct remote_groups *gs, enum remote_method m,
		       struct remote_request *q, size_t *group_of)
{
	size_t n = 0;
	for (size_t k = 0; k < gs->ng; k++) {
		if (gs->g[k].pending != (m == REMOTE_GET))
			continue;
		memset(&q[n], 0, sizeof(q[n]));
		remote_key_hex(gs->g[k].key, q[n].key_hex);
		q[n].max = REMOTE_PACK_MAX;
		group_of[n++] = k;
	}
	return n;
}

/* One batch of pack requests with method m, and what their answers say. */
/* One batch of pack requests q[0..n) with method m, and what their answers say. */
static void ask_batch(struct run *r, enum remote_method m, struct remote_request *q,
		      const size_t *group_of, size_t n)
{
	struct remote_run *rr = r->remote;
	struct remote_groups *gs = rr->groups;
	struct remote_traffic t = { 0 };
	struct remote_limits lim = remote_limits_now(r);
	remote_http_run(rr->http, q, n, m, &lim, &t);
	remote_say_failures(rr, q, n, &t, m == REMOTE_GET ? "pack lookups" : "pack checks");
	struct pack_checks c = { r, q, group_of, xcalloc(n + 1, sizeof(*c.out)) };
	if (m == REMOTE_GET)
		parallel_for(n, 1, check_pack, &c);
	struct answers as = { 0 };
	for (size_t k = 0; k < n; k++) {
		struct group *g = &gs->g[group_of[k]];
		int found = q[k].outcome == REMOTE_FOUND;
		if (m == REMOTE_GET) {
			rr->counts.packs_asked++;
			found = found && open_pack(r, gs, g, &q[k], &c.out[k], &as) == 0;
			rr->counts.packs_found += (uint64_t)found;
		}
		g->upload = rr->write && !found && q[k].outcome != REMOTE_NOT_ASKED;
	}
	take_answers(r, &as);
	free(as.a);
	free(c.out);
	for (size_t k = 0; k < n; k++)
		wbuf_free(&q[k].reply);
	rr->counts.bytes_in += t.bytes_in;
	rr->counts.seconds += t.seconds;
}

/* The packs asked for with method m, PACK_BATCH at a time: what a batch received is used
 * and freed before the next is asked for, so a tree many times the kernel's does not
 * hold all its packs at once. Their rows go to the local cache in one transaction. */
#define PACK_BATCH 128

static void ask_packs(struct run *r, enum remote_method m)
{
	struct remote_groups *gs = r->remote->groups;
	struct remote_request *q = xcalloc(gs->ng + 1, sizeof(*q));
	size_t *group_of = xmalloc((gs->ng + 1) * sizeof(*group_of));
	size_t n = requests(gs, m, q, group_of);
	cache_bulk(r->cache, m == REMOTE_GET);
	for (size_t k = 0; k < n && !*r->sig.stop; k += PACK_BATCH)
		ask_batch(r, m, q + k, group_of + k, n - k < PACK_BATCH ? n - k : PACK_BATCH);
	if (m == REMOTE_GET)
		cache_bulk(r->cache, 0);
	free(q);
	free(group_of);
}

void remote_group_lookup(struct run *r)
{
	struct remote_run *rr = r->remote;
	/* A shard holds part of every group: its groups would be keyed differently from a
	 * whole run's, never found, and its packs never asked for. It uses values. */
	if (!rr || !rr->http || *r->sig.stop || r->shard)
		return;
	rr->groups = xcalloc(1, sizeof(*rr->groups));
	make_groups(r, rr->groups);
	ask_packs(r, REMOTE_GET);
	if (rr->write && !*r->sig.stop)
		ask_packs(r, REMOTE_HEAD);
}

/* ---- writing ------------------------------------------------------------------------ */

/* The language of file i's entry in its group's pack, LANG_NONE for none: a .h's once
 * its bytes said it; a file of no language by its name only while its bytes said none
 * either (a script's language is not what its member key promised); any other's own. */
static int entry_lang(const struct run *r, const struct remote_groups *gs, size_t i,
		      enum lang_id *lang)
{
	const struct file_entry *f = &r->list.files[i];
	*lang = f->lang;
	if (f->header)
		return !f->by_content && is_header_language(f->lang);
	return gs->lang_of[i] == f->lang;
}

/* Group g's pack from the local cache's rows of its files (each blob and language once)
 * into *q's body. 0, or -1 when it has none. */
static int build_pack(struct run *r, const struct remote_groups *gs, const struct group *g,
		      struct remote_request *q)
{
	struct remote_run *rr = r->remote;
	size_t *order = xmalloc(g->n * sizeof(*order));
	by_oid(r, gs, g, order);
	struct remote_pack_build b;
	remote_pack_begin(&b, g->key);
	for (size_t k = 0; k < g->n; k++) {
		size_t i = order[k];
		enum lang_id lang;
		if (!entry_lang(r, gs, i, &lang))
			continue;
		int twin = 0;	/* the same blob and language as a file before it */
		for (size_t j = k; j > 0 && !twin
		     && memcmp(r->list.keys[order[j - 1]].oid, r->list.keys[i].oid, CACHE_OID_LEN) == 0; j--) {
			enum lang_id other;
			twin = entry_lang(r, gs, order[j - 1], &other) && other == lang;
		}
		struct cache_row row;
		uint64_t cost = 0;
		if (twin || !cache_get_row(r->cache, r->list.keys[i].oid, lang, &row, &cost))
			continue;
		remote_pack_add(&b, r->list.keys[i].oid, lang, cost, &row);
		cache_row_free(&row);
	}
	free(order);
	if (b.count == 0 || remote_pack_end(&b, &rr->signer) < 0) {
		wbuf_free(&b.out);
		return -1;
	}
	remote_key_hex(g->key, q->key_hex);
	q->body = b.out.data;
	q->body_len = b.out.len;
	return 0;
}

void remote_group_store(struct run *r)
{
	struct remote_run *rr = r->remote;
	if (!rr || !rr->http || !rr->write || !rr->groups || !r->cache || *r->sig.stop)
		return;
	struct remote_groups *gs = rr->groups;
	struct remote_request *q = xcalloc(gs->ng + 1, sizeof(*q));
	size_t n = 0;
	for (size_t k = 0; k < gs->ng; k++)
		if (gs->g[k].upload && build_pack(r, gs, &gs->g[k], &q[n]) == 0)
			n++;
	struct remote_traffic t = { 0 };
	if (n > 0) {
		struct remote_limits lim = remote_limits_now(r);
		remote_http_run(rr->http, q, n, REMOTE_PUT, &lim, &t);
		remote_say_failures(rr, q, n, &t, "pack stores");
	}
	for (size_t k = 0; k < n; k++) {
		rr->counts.packs_stored += q[k].outcome == REMOTE_STORED;
		free((void *)q[k].body);
	}
	rr->counts.bytes_out += t.bytes_out;
	rr->counts.bytes_in += t.bytes_in;
	rr->counts.seconds += t.seconds;
	free(q);
}
