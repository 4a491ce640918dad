/*
 * remote_pack.c - the remote cache's packs (see remote_pack.h).
 */
#include "store/remote_pack.h"

#include <string.h>

#include "store/cache_impl.h"

#define PACK_KEY_CONTEXT "assay-remote-pack-key-v1"
#define HEADER_KEY_CONTEXT "assay-remote-header-key-v1"
#define HEADER_BYTES (8 + REMOTE_KEY_BYTES + 4)
#define ENTRY_FIXED (CACHE_OID_LEN + 1 + 8 + 4 + 4 + 4)
#define TRAILER_BYTES (SIGNING_PUBLIC_BYTES + SIGNING_SIGNATURE_BYTES)

void remote_pack_key(const uint8_t *members, size_t n, uint8_t key[REMOTE_KEY_BYTES])
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)PACK_KEY_CONTEXT, sizeof(PACK_KEY_CONTEXT));
	crypto_hash_sha256_update(&st, members, n * REMOTE_KEY_BYTES);
	crypto_hash_sha256_final(&st, key);
}

void remote_header_key(const uint8_t oid[CACHE_OID_LEN], const uint64_t engines[LANG_COUNT],
		       uint8_t key[REMOTE_KEY_BYTES])
{
	struct wbuf b;
	wbuf_init(&b);
	wbuf_put(&b, HEADER_KEY_CONTEXT, sizeof(HEADER_KEY_CONTEXT));
	wbuf_put(&b, oid, CACHE_OID_LEN);
	wbuf_put_u64(&b, engines[LANG_C]);
	wbuf_put_u64(&b, engines[LANG_CPP]);
	wbuf_put_u64(&b, engines[LANG_OBJC]);
	crypto_hash_sha256(key, b.data, b.len);
	wbuf_free(&b);
}

void remote_pack_begin(struct remote_pack_build *b, const uint8_t key[REMOTE_KEY_BYTES])
{
	wbuf_init(&b->out);
	b->count = 0;
	wbuf_put(&b->out, REMOTE_PACK_MAGIC, 8);
	wbuf_put(&b->out, key, REMOTE_KEY_BYTES);
	wbuf_put_u32(&b->out, 0);	/* the count, patched by remote_pack_end */
}

int remote_pack_add(struct remote_pack_build *b, const uint8_t oid[CACHE_OID_LEN],
		    enum lang_id lang, uint64_t cost_us, const struct cache_row *row)
{
	size_t adds = ENTRY_FIXED + row->plen + row->summary.len;
	if (!row->packed || row->summary.failed || b->count >= REMOTE_PACK_ENTRIES_MAX
	    || b->out.len + adds + TRAILER_BYTES > REMOTE_PACK_MAX)
		return -1;
	wbuf_put(&b->out, oid, CACHE_OID_LEN);
	wbuf_put_u8(&b->out, (uint8_t)lang);
	wbuf_put_u64(&b->out, cost_us);
	wbuf_put_u32(&b->out, (uint32_t)row->raw_len);
	wbuf_put_u32(&b->out, (uint32_t)row->plen);
	wbuf_put(&b->out, row->packed, row->plen);
	wbuf_put_u32(&b->out, (uint32_t)row->summary.len);
	wbuf_put(&b->out, row->summary.data, row->summary.len);
	b->count++;
	return b->out.failed ? -1 : 0;
}

int remote_pack_end(struct remote_pack_build *b, const struct signing_secret *signer)
{
	if (b->out.failed)
		return -1;
	wbuf_patch_u32(&b->out, 8 + REMOTE_KEY_BYTES, b->count);
	struct signing_public pub;
	signing_public_of(signer, &pub);
	wbuf_put(&b->out, pub.key, SIGNING_PUBLIC_BYTES);
	struct signing_hash h;
	signing_start(&h, SIGNING_CONTEXT_REMOTE_PACK);
	signing_add(&h, b->out.data, b->out.len);
	uint8_t sig[SIGNING_SIGNATURE_BYTES];
	signing_sign(&h, signer, sig);
	wbuf_put(&b->out, sig, sizeof(sig));
	return b->out.failed ? -1 : 0;
}

/* One entry's layout at r; 0, or -1 when it runs past the end. */
static int get_entry(struct rbuf *r, struct remote_pack_entry *e)
{
	uint8_t lang;
	if (rbuf_get_bytes(r, CACHE_OID_LEN, &e->oid) < 0 || rbuf_get_u8(r, &lang) < 0
	    || rbuf_get_u64(r, &e->cost_us) < 0 || rbuf_get_u32(r, &e->raw_size) < 0
	    || rbuf_get_u32(r, &e->packed_len) < 0 || rbuf_get_bytes(r, e->packed_len, &e->packed) < 0
	    || rbuf_get_u32(r, &e->summary_len) < 0
	    || rbuf_get_bytes(r, e->summary_len, &e->summary) < 0)
		return -1;
	e->lang = (enum lang_id)lang;
	return 0;
}

/* The layout of data: header, entries, trailer; the entries, the signer's key and the
 * signature into p. 0, or -1 with why. */
static int parse_pack(const uint8_t *data, size_t len, const uint8_t key[REMOTE_KEY_BYTES],
		      struct remote_pack *p, char *why, size_t whylen)
{
	struct rbuf r;
	const uint8_t *magic, *inside;
	rbuf_init(&r, data, len);
	if (rbuf_get_bytes(&r, 8, &magic) < 0 || memcmp(magic, REMOTE_PACK_MAGIC, 8) != 0) {
		snprintf(why, whylen, "not an assay remote cache pack (no %s header)",
			 REMOTE_PACK_MAGIC);
		return -1;
	}
	const uint8_t *first = NULL;
	int ok = rbuf_get_bytes(&r, REMOTE_KEY_BYTES, &inside) == 0
		 && rbuf_get_u32(&r, &p->count) == 0 && p->count <= REMOTE_PACK_ENTRIES_MAX;
	if (ok)
		first = data + (len - rbuf_left(&r));
	for (uint32_t i = 0; ok && i < p->count; i++) {
		struct remote_pack_entry e;
		ok = get_entry(&r, &e) == 0;
	}
	size_t entries_len = ok ? (size_t)(data + (len - rbuf_left(&r)) - first) : 0;
	int end = ok ? remote_signed_end(&r, inside, key, &p->pub, &p->sig) : REMOTE_END_MALFORMED;
	if (end == REMOTE_END_MALFORMED) {
		snprintf(why, whylen, "a malformed pack (truncated, over %d entries, or bytes "
			 "after its signature)", REMOTE_PACK_ENTRIES_MAX);
		return -1;
	}
	if (end == REMOTE_END_OTHER_KEY) {
		snprintf(why, whylen, "a pack written for another group");
		return -1;
	}
	rbuf_init(&p->entries, first, entries_len);
	p->left = p->count;
	return 0;
}

int remote_pack_open(const uint8_t *data, size_t len, const uint8_t key[REMOTE_KEY_BYTES],
		     const struct cache_trust *trust, struct remote_pack *p, char *why,
		     size_t whylen)
{
	memset(p, 0, sizeof(*p));
	if (len > REMOTE_PACK_MAX) {
		snprintf(why, whylen, "a pack of %zu bytes, over the cap of %u", len, REMOTE_PACK_MAX);
		return -1;
	}
	if (parse_pack(data, len, key, p, why, whylen) < 0)
		return -1;
	struct remote_signed s = { data, len, p->pub, p->sig, SIGNING_CONTEXT_REMOTE_PACK, "pack" };
	if (remote_signed_check(&s, trust, p->key_id, why, whylen) == 0)
		return 0;
	p->left = 0;
	return -1;
}

int remote_pack_next(struct remote_pack *p, struct remote_pack_entry *e)
{
	if (p->left == 0 || get_entry(&p->entries, e) < 0)
		return 0;
	p->left--;
	return 1;
}

int remote_pack_record(const struct remote_pack_entry *e, struct record *rec)
{
	memset(rec, 0, sizeof(*rec));
	if (e->packed_len <= INT32_MAX
	    && cache_unpack(e->packed, (int)e->packed_len, (sqlite3_int64)e->raw_size, rec) == 0
	    && rec->lang == (uint8_t)e->lang)
		return 0;
	record_clear(rec);
	return -1;
}
