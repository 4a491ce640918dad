/*
 * remote.c - the run's use of the remote cache (see remote.h).
 */
#include "run/remote.h"
#include "run/remote_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "git/keys.h"
#include "run/exitcode.h"
#include "run/settle.h"
#include "store/remote_http.h"
#include "store/signkey.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/msg.h"
#include "util/parallel.h"

/* The keys that verify values: --trusted-key and [cache] trustedKey, and with readwrite
 * the signing key's own public half. 0, or -1 after an error message. */
static int read_keys(struct remote_run *rr, const struct run_params *p)
{
	char err[600];
	rr->keys = xcalloc(p->ntrusted_keys + 1, sizeof(*rr->keys));
	for (size_t i = 0; i < p->ntrusted_keys; i++, rr->nkeys++)
		if (signkey_read_public(p->trusted_keys[i], &rr->keys[i], err, sizeof(err)) < 0) {
			error_msg("--remote-cache: %s (a trusted key)", err);
			return -1;
		}
	if (rr->write && !p->signing_key) {
		error_msg("--remote-cache-mode=readwrite needs a key to sign what it stores "
			  "(--signing-key, $ASSAY_SIGNING_KEY or [cache] signingKey)");
		return -1;
	}
	if (rr->write) {
		if (signkey_read_secret(p->signing_key, &rr->signer, err, sizeof(err)) < 0) {
			error_msg("--remote-cache: %s (the signing key)", err);
			return -1;
		}
		signing_public_of(&rr->signer, &rr->keys[rr->nkeys++]);
	}
	if (rr->nkeys == 0) {
		error_msg("--remote-cache %s: no key to verify its values with: name the writers' "
			  "public keys with --trusted-key or [cache] trustedKey", p->remote_url);
		return -1;
	}
	return 0;
}

int remote_open(struct run *r, const uint64_t engines[LANG_COUNT])
{
	const struct run_params *p = r->p;
	if (!p->remote_url || p->no_cache || r->analyze_flags)
		return 0;
	struct remote_run *rr = xcalloc(1, sizeof(*rr));
	r->remote = rr;
	rr->write = p->remote_write;
	char err[600];
	if (signing_init() < 0) {
		error_msg("--remote-cache %s: libsodium could not initialize", p->remote_url);
		return EXIT_USAGE;
	}
	rr->http = remote_http_open(p->remote_url, err, sizeof(err));
	if (!rr->http) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	if (read_keys(rr, p) < 0)
		return EXIT_USAGE;
	memcpy(rr->engines, engines, sizeof(rr->engines));
	return 0;
}

const struct remote_counts *remote_counts(const struct run *r)
{
	return r->remote && r->remote->http ? &r->remote->counts : NULL;
}

void remote_close(struct run *r)
{
	struct remote_run *rr = r->remote;
	if (!rr)
		return;
	for (size_t i = 0; i < rr->nputs; i++)
		free((void *)rr->puts[i].body);
	free(rr->puts);
	remote_group_free(rr);
	remote_http_close(rr->http);
	signing_forget(&rr->signer);
	free(rr->keys);
	free(rr);
	r->remote = NULL;
}

/* Whether file i is one to ask the server about: keyed by the id git's index holds for
 * it (a value has no digest to check bytes against: git/keys.h), of a language, still
 * pending. */
static int askable(const struct run *r, size_t i)
{
	return !r->state[i].done && keys_confirmed(&r->list.keys[i])
	       && !r->list.files[i].by_content && r->list.files[i].lang != LANG_NONE;
}

/* A value received, once opened: its record and cost, or why it was refused. */
struct opened {
	int ok;
	struct record rec;
	struct remote_value v;		/* the packed record verified (in the reply) */
	char why[300];
};

/* The record in a value received for file i: checked, then decoded. 0, or -1 with
 * o->why. Thread-safe: it reads the run and writes o alone. */
static int open_value(const struct run *r, size_t i, const struct remote_request *q,
		      struct opened *o)
{
	struct cache_trust trust = { r->remote->keys, r->remote->nkeys, 0 };
	enum lang_id lang = r->list.files[i].lang;
	uint8_t key[REMOTE_KEY_BYTES];
	remote_key(r->list.keys[i].oid, lang, r->remote->engines[lang], key);
	if (remote_value_open(q->reply.data, q->reply.len, key, &trust, &o->v, o->why,
			      sizeof(o->why)) < 0)
		return -1;
	if (remote_value_record(&o->v, lang, &o->rec) == 0)
		return 0;
	snprintf(o->why, sizeof(o->why), "a value signed by %s that is not a valid record of %s",
		 o->v.key_id, language_info(lang)->name);
	return -1;
}

/* The values of a batch are checked on the online CPUs, 64 at a time: an Ed25519
 * verification costs 70 to 140 us here, and the kernel has 78 000 files. */
struct checks {
	const struct run *r;
	const struct remote_request *q;
	const size_t *file_of;
	struct opened *out;
};

static void check_one(void *ctx, size_t k)
{
	struct checks *c = ctx;
	if (c->q[k].outcome == REMOTE_FOUND)
		c->out[k].ok = open_value(c->r, c->file_of[k], &c->q[k], &c->out[k]) == 0;
}

/* File i's value, verified, into the local cache: the packed bytes that were verified
 * (not packed again), with the summary of their record. */
static void keep_locally(struct run *r, size_t i, const struct opened *o)
{
	if (!r->cache)
		return;
	struct cache_row row = { .packed = (uint8_t *)o->v.packed, .plen = o->v.packed_len,
				 .raw_len = o->v.raw_size };
	wbuf_init(&row.summary);
	record_summary_encode(&o->rec, NULL, &row.summary);
	if (!row.summary.failed)
		cache_put_row(r->cache, r->list.keys[i].oid, r->list.files[i].lang, &row,
			      o->v.cost_us, 0);
	wbuf_free(&row.summary);
}

enum { TAKE_HIT, TAKE_MISS, TAKE_REJECTED };

/* File i's value, opened: kept locally and settled (TAKE_HIT), refused with an event
 * (TAKE_REJECTED), or a verdict made under other conditions (TAKE_MISS). */
static int take_value(struct run *r, size_t i, const struct remote_request *q,
		      struct opened *o)
{
	char url[1200];
	if (!o->ok) {
		remote_http_url(r->remote->http, q->key_hex, url, sizeof(url));
		log_event(LOG_WARNING, "remote_cache.rejected", r->list.files[i].path,
			  "%s: %s: a miss, not trusted", url, o->why);
		return TAKE_REJECTED;
	}
	if (!settle_applies(r, i, &o->rec)) {
		record_clear(&o->rec);
		return TAKE_MISS;
	}
	keep_locally(r, i, o);
	struct file_state *st = &r->state[i];
	record_clear(&st->rec);
	st->rec = o->rec;
	st->done = 1;
	settle_file(r, i);
	return TAKE_HIT;
}

/* The batch's answers: hits settle their files; everything else is a miss. */
static void take_answers(struct run *r, struct remote_request *q, const size_t *file_of,
			 size_t n)
{
	struct remote_run *rr = r->remote;
	struct checks c = { .r = r, .q = q, .file_of = file_of };
	c.out = xcalloc(n, sizeof(*c.out));
	parallel_for(n, 64, check_one, &c);
	for (size_t k = 0; k < n; k++) {
		int took = q[k].outcome == REMOTE_FOUND ? take_value(r, file_of[k], &q[k], &c.out[k])
							 : TAKE_MISS;
		rr->counts.hits += took == TAKE_HIT;
		rr->counts.misses += took != TAKE_HIT;
		rr->counts.rejected += took == TAKE_REJECTED;
		wbuf_free(&q[k].reply);
	}
	free(c.out);
}

/* Asks the server about files file_of[0..n) and settles those it answers. */
static void ask(struct run *r, const size_t *file_of, size_t n)
{
	struct remote_run *rr = r->remote;
	struct remote_request *q = xcalloc(n, sizeof(*q));
	for (size_t k = 0; k < n; k++) {
		size_t i = file_of[k];
		uint8_t key[REMOTE_KEY_BYTES];
		remote_key(r->list.keys[i].oid, r->list.files[i].lang,
			   rr->engines[r->list.files[i].lang], key);
		remote_key_hex(key, q[k].key_hex);
	}
	struct remote_traffic t = { 0 };
	struct remote_limits lim = remote_limits_now(r);
	remote_http_run(rr->http, q, n, REMOTE_GET, &lim, &t);
	remote_say_failures(rr, q, n, &t, "lookups");
	take_answers(r, q, file_of, n);
	rr->counts.bytes_in += t.bytes_in;
	rr->counts.seconds += t.seconds;
	free(q);
}

#define VALUE_BATCH 8192

void remote_lookup(struct run *r)
{
	if (!r->remote || !r->remote->http || *r->sig.stop)
		return;
	remote_group_lookup(r);
	if (*r->sig.stop)
		return;
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		n += askable(r, i);
	if (n == 0)
		return;
	size_t *file_of = xmalloc(n * sizeof(*file_of));
	n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		if (askable(r, i))
			file_of[n++] = i;
	/* In batches, each one's values used and freed before the next is asked for. */
	for (size_t k = 0; k < n && !*r->sig.stop; k += VALUE_BATCH)
		ask(r, file_of + k, n - k < VALUE_BATCH ? n - k : VALUE_BATCH);
	free(file_of);
}

int remote_lookup_one(struct run *r, size_t i)
{
	if (!r->remote || !r->remote->http || *r->sig.stop || !askable(r, i))
		return 0;
	ask(r, &i, 1);
	return r->state[i].done;
}

void remote_queue(struct run *r, size_t i, const struct cache_row *row)
{
	struct remote_run *rr = r->remote;
	if (!rr || !rr->http || !rr->write || !keys_confirmed(&r->list.keys[i]))
		return;	/* a value has no digest to keep (git/keys.h) */
	enum lang_id lang = r->list.files[i].lang;
	uint8_t key[REMOTE_KEY_BYTES];
	remote_key(r->list.keys[i].oid, lang, rr->engines[lang], key);
	struct wbuf value;
	wbuf_init(&value);
	if (remote_value_encode(&value, key, lang, r->state[i].cost_us, row, &rr->signer) == 0) {
		xgrow((void **)&rr->puts, &rr->putcap, rr->nputs + 1, sizeof(*rr->puts));
		struct remote_request *q = &rr->puts[rr->nputs++];
		memset(q, 0, sizeof(*q));
		remote_key_hex(key, q->key_hex);
		q->body = value.data;
		q->body_len = value.len;
	} else {
		wbuf_free(&value);
	}
}

void remote_store(struct run *r)
{
	struct remote_run *rr = r->remote;
	remote_group_store(r);
	if (!rr || !rr->http || rr->nputs == 0 || *r->sig.stop)
		return;
	struct remote_traffic t = { 0 };
	struct remote_limits lim = remote_limits_now(r);
	remote_http_run(rr->http, rr->puts, rr->nputs, REMOTE_PUT, &lim, &t);
	remote_say_failures(rr, rr->puts, rr->nputs, &t, "stores");
	for (size_t k = 0; k < rr->nputs; k++) {
		rr->counts.stored += rr->puts[k].outcome == REMOTE_STORED;
		free((void *)rr->puts[k].body);
	}
	rr->nputs = 0;
	rr->counts.bytes_out += t.bytes_out;
	rr->counts.bytes_in += t.bytes_in;
	rr->counts.seconds += t.seconds;
}
