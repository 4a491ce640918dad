/*
 * remote_value.c - the remote cache's keys and signed values (see remote_value.h).
 */
#include "store/remote_value.h"

#include <string.h>

#include "store/cache_impl.h"

#define KEY_CONTEXT "assay-remote-key-v1"
#define HEADER_BYTES (8 + REMOTE_KEY_BYTES + 1 + 8 + 4 + 4)
#define TRAILER_BYTES (SIGNING_PUBLIC_BYTES + SIGNING_SIGNATURE_BYTES)

void remote_key(const uint8_t oid[CACHE_OID_LEN], enum lang_id lang, uint64_t engine,
		uint8_t key[REMOTE_KEY_BYTES])
{
	struct wbuf b;
	wbuf_init(&b);
	wbuf_put(&b, KEY_CONTEXT, sizeof(KEY_CONTEXT));
	wbuf_put(&b, oid, CACHE_OID_LEN);
	wbuf_put_u8(&b, (uint8_t)lang);
	wbuf_put_u64(&b, engine);
	crypto_hash_sha256(key, b.data, b.len);
	wbuf_free(&b);
}

void remote_key_hex(const uint8_t key[REMOTE_KEY_BYTES], char out[REMOTE_KEY_HEX])
{
	sodium_bin2hex(out, REMOTE_KEY_HEX, key, REMOTE_KEY_BYTES);
}

int remote_value_encode(struct wbuf *out, const uint8_t key[REMOTE_KEY_BYTES], enum lang_id lang,
			uint64_t cost_us, const struct cache_row *row,
			const struct signing_secret *signer)
{
	if (!row->packed || HEADER_BYTES + row->plen + TRAILER_BYTES > REMOTE_VALUE_MAX)
		return -1;
	wbuf_reset(out);
	wbuf_put(out, REMOTE_VALUE_MAGIC, 8);
	wbuf_put(out, key, REMOTE_KEY_BYTES);
	wbuf_put_u8(out, (uint8_t)lang);
	wbuf_put_u64(out, cost_us);
	wbuf_put_u32(out, (uint32_t)row->raw_len);
	wbuf_put_u32(out, (uint32_t)row->plen);
	wbuf_put(out, row->packed, row->plen);
	struct signing_public pub;
	signing_public_of(signer, &pub);
	wbuf_put(out, pub.key, SIGNING_PUBLIC_BYTES);
	if (out->failed)
		return -1;
	struct signing_hash h;
	signing_start(&h, SIGNING_CONTEXT_REMOTE);
	signing_add(&h, out->data, out->len);
	uint8_t sig[SIGNING_SIGNATURE_BYTES];
	signing_sign(&h, signer, sig);
	wbuf_put(out, sig, sizeof(sig));
	return out->failed ? -1 : 0;
}

/* The layout of data into v; the signer's key and signature at *pub and *sig. */
static int parse_value(struct rbuf *r, const uint8_t key[REMOTE_KEY_BYTES], struct remote_value *v,
		       const uint8_t **pub, const uint8_t **sig, char *why, size_t whylen)
{
	const uint8_t *magic, *inside;
	uint8_t lang;
	if (rbuf_get_bytes(r, 8, &magic) < 0 || memcmp(magic, REMOTE_VALUE_MAGIC, 8) != 0) {
		snprintf(why, whylen, "not an assay remote cache value (no %s header)",
			 REMOTE_VALUE_MAGIC);
		return -1;
	}
	int ok = rbuf_get_bytes(r, REMOTE_KEY_BYTES, &inside) == 0 && rbuf_get_u8(r, &lang) == 0
		 && rbuf_get_u64(r, &v->cost_us) == 0 && rbuf_get_u32(r, &v->raw_size) == 0
		 && rbuf_get_u32(r, &v->packed_len) == 0
		 && rbuf_get_bytes(r, v->packed_len, &v->packed) == 0;
	int end = ok ? remote_signed_end(r, inside, key, pub, sig) : REMOTE_END_MALFORMED;
	if (end == REMOTE_END_MALFORMED) {
		snprintf(why, whylen, "a malformed value (truncated, or bytes after its signature)");
		return -1;
	}
	if (end == REMOTE_END_OTHER_KEY) {
		snprintf(why, whylen, "a value written for another key");
		return -1;
	}
	v->lang = (enum lang_id)lang;
	return 0;
}

int remote_signed_end(struct rbuf *r, const uint8_t *inside, const uint8_t key[REMOTE_KEY_BYTES],
		      const uint8_t **pub, const uint8_t **sig)
{
	if (rbuf_get_bytes(r, SIGNING_PUBLIC_BYTES, pub) < 0
	    || rbuf_get_bytes(r, SIGNING_SIGNATURE_BYTES, sig) < 0 || rbuf_left(r) != 0)
		return REMOTE_END_MALFORMED;
	return sodium_memcmp(inside, key, REMOTE_KEY_BYTES) == 0 ? 0 : REMOTE_END_OTHER_KEY;
}

int remote_signer_trusted(const struct cache_trust *trust, const uint8_t *key)
{
	for (size_t i = 0; i < trust->nkeys; i++)
		if (sodium_memcmp(trust->keys[i].key, key, SIGNING_PUBLIC_BYTES) == 0)
			return 1;
	return 0;
}

int remote_value_open(const uint8_t *data, size_t len, const uint8_t key[REMOTE_KEY_BYTES],
		      const struct cache_trust *trust, struct remote_value *v, char *why,
		      size_t whylen)
{
	memset(v, 0, sizeof(*v));
	if (len > REMOTE_VALUE_MAX) {
		snprintf(why, whylen, "a value of %zu bytes, over the cap of %u", len, REMOTE_VALUE_MAX);
		return -1;
	}
	struct rbuf r;
	const uint8_t *pub, *sig;
	rbuf_init(&r, data, len);
	if (parse_value(&r, key, v, &pub, &sig, why, whylen) < 0)
		return -1;
	struct remote_signed s = { data, len, pub, sig, SIGNING_CONTEXT_REMOTE, "value" };
	return remote_signed_check(&s, trust, v->key_id, why, whylen);
}

int remote_signed_check(const struct remote_signed *s, const struct cache_trust *trust,
			char key_id[SIGNING_KEY_ID_TEXT], char *why, size_t whylen)
{
	signing_key_id(s->pub, key_id);
	if (!remote_signer_trusted(trust, s->pub)) {
		snprintf(why, whylen, "signed by key %s, which is not trusted (--trusted-key, or "
			 "[cache] trustedKey in your configuration)", key_id);
		return -1;
	}
	struct signing_hash h;
	signing_start(&h, s->context);
	signing_add(&h, s->data, s->len - SIGNING_SIGNATURE_BYTES);
	if (signing_verify(&h, s->pub, s->sig) < 0) {
		snprintf(why, whylen, "the signature of key %s does not verify: the %s was "
			 "altered after it was signed", key_id, s->what);
		return -1;
	}
	return 0;
}

int remote_value_record(const struct remote_value *v, enum lang_id lang, struct record *rec)
{
	if (v->lang == lang && v->packed_len <= INT32_MAX
	    && cache_unpack(v->packed, (int)v->packed_len, (sqlite3_int64)v->raw_size, rec) == 0
	    && rec->lang == lang)
		return 0;
	record_clear(rec);
	return -1;
}
