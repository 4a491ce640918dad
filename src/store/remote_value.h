/*
 * remote_value.h - what the remote cache (docs/SCALING.md) stores under a key: one
 * result, signed, and the checks a value passes before it is believed. No I/O and no
 * HTTP: store/remote_http.c moves the bytes, run/remote.c decides what to ask and keep.
 *
 * The key is the local cache's content key (blob id, language, engine id) hashed with
 * SHA-256 under a name of its own: the server sees PUT/GET URL/ac/<64 hex digits>.
 *
 * A value, little-endian:
 *   "ASSAYRV1", the 32-byte key it was written for, u8 language, u64 cost_us,
 *   u32 raw size, u32 packed length, the packed record (zlib, as a cache row),
 *   the signer's 32-byte public key, and its 64-byte Ed25519 signature (signing.h,
 *   context SIGNING_CONTEXT_REMOTE) of every byte before the signature.
 * The key is inside the signed bytes, so a value signed for one key is refused under
 * another (a server cannot answer a question with the right answer to a different one).
 */
#ifndef ASSAY_STORE_REMOTE_VALUE_H
#define ASSAY_STORE_REMOTE_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/record.h"
#include "store/cache.h"
#include "store/signing.h"

#define REMOTE_KEY_BYTES 32
#define REMOTE_KEY_HEX 65		/* 64 hex digits and a NUL */
#define REMOTE_VALUE_MAGIC "ASSAYRV1"
/* The largest value read or written: a transfer past it is aborted. */
#define REMOTE_VALUE_MAX (4u << 20)

/* A value checked by remote_value_open, pointing into its bytes. */
struct remote_value {
	enum lang_id lang;
	uint64_t cost_us;
	uint32_t raw_size;
	const uint8_t *packed;
	uint32_t packed_len;
	char key_id[SIGNING_KEY_ID_TEXT];	/* the signer's */
};

/* The remote key of a local cache key, and its hex spelling for the URL. */
void remote_key(const uint8_t oid[CACHE_OID_LEN], enum lang_id lang, uint64_t engine,
		uint8_t key[REMOTE_KEY_BYTES]);
void remote_key_hex(const uint8_t key[REMOTE_KEY_BYTES], char out[REMOTE_KEY_HEX]);
/* The signed value of a packed record (cache_row_pack) into out (reset first). 0, or -1
 * when out of memory or the record is over REMOTE_VALUE_MAX. */
int remote_value_encode(struct wbuf *out, const uint8_t key[REMOTE_KEY_BYTES], enum lang_id lang,
			uint64_t cost_us, const struct cache_row *row,
			const struct signing_secret *signer);
/* Checks bytes received for key: size, layout, the key inside, a trusted signer and its
 * signature, in that order, before anything is decoded. 0, or -1 with why (no URL: the
 * caller names it). */
int remote_value_open(const uint8_t *data, size_t len, const uint8_t key[REMOTE_KEY_BYTES],
		      const struct cache_trust *trust, struct remote_value *v, char *why,
		      size_t whylen);
/* Signed bytes as a value or a pack ends them: every byte but the last
 * SIGNING_SIGNATURE_BYTES is signed, under context; what names them in messages. */
struct remote_signed {
	const uint8_t *data;
	size_t len;
	const uint8_t *pub, *sig;
	const char *context, *what;
};
/* The end of a value or a pack at r: the signer's key and the signature into *pub and
 * *sig, nothing after them, and inside (the key the writer put in its header) equal to
 * key. 0; REMOTE_END_MALFORMED (truncated, bytes after the signature) or
 * REMOTE_END_OTHER_KEY. */
enum { REMOTE_END_MALFORMED = -1, REMOTE_END_OTHER_KEY = -2 };
int remote_signed_end(struct rbuf *r, const uint8_t *inside, const uint8_t key[REMOTE_KEY_BYTES],
		      const uint8_t **pub, const uint8_t **sig);
/* Checks that a trusted key signed s (its id into key_id). 0, or -1 with why. */
int remote_signed_check(const struct remote_signed *s, const struct cache_trust *trust,
			char key_id[SIGNING_KEY_ID_TEXT], char *why, size_t whylen);
/* 1 when key (SIGNING_PUBLIC_BYTES) is one of trust's keys. */
int remote_signer_trusted(const struct cache_trust *trust, const uint8_t *key);
/* The record of an opened value, decoded, of language lang. 0, or -1. */
int remote_value_record(const struct remote_value *v, enum lang_id lang, struct record *rec);

#endif
