/*
 * export_format.c - decoding and judging a cache export held in memory (see
 * export_format.h).
 *
 * The file is untrusted until its signature verifies, and its records are untrusted even
 * then (a trusted job may have cached a hostile file's verdict), so every read goes
 * through a bounded struct rbuf and every length is checked before use. export_parse
 * walks the framing only; no record is decoded before export_authenticate has accepted
 * the file, so the record decoder never sees the bytes of an unknown writer
 * unless --trust-unsigned said to take them.
 */
#include "store/export_format.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "common/proto.h"
#include "store/cache_impl.h"
#include "store/signing.h"

#define MAGIC_LEN (sizeof(EXPORT_MAGIC) - 1)

/* The magic and the version; 0, or -1 with why. */
static int parse_header(struct rbuf *r, char *why, size_t whylen)
{
	const uint8_t *magic;
	uint32_t version;
	if (rbuf_get_bytes(r, MAGIC_LEN, &magic) < 0 || memcmp(magic, EXPORT_MAGIC, MAGIC_LEN) != 0
	    || rbuf_get_u32(r, &version) < 0) {
		snprintf(why, whylen, "not an assay cache export");
		return -1;
	}
	if (version != EXPORT_VERSION) {
		snprintf(why, whylen, "an export of format %lu; this assay reads format %d (export "
			 "again with this version)", (unsigned long)version, EXPORT_VERSION);
		return -1;
	}
	return 0;
}

void export_rows(const struct export_file *f, struct rbuf *cursor)
{
	rbuf_init(cursor, f->data, f->len);
	cursor->off = f->rows_at;
}

/* A row's digest flag, and its digest when the flag says 1; -1 when short or not a flag. */
static int read_digest(struct rbuf *r, struct export_row *row)
{
	uint8_t has_digest;
	row->digest = NULL;
	if (rbuf_get_u8(r, &has_digest) < 0 || has_digest > 1)
		return -1;
	return has_digest ? rbuf_get_bytes(r, CACHE_DIGEST_LEN, &row->digest) : 0;
}

/* The fixed part of a row after its marker; -1 when short or out of range. */
static int read_row_fields(struct rbuf *r, struct export_row *row)
{
	uint8_t lang;
	if (rbuf_get_bytes(r, CACHE_OID_LEN, &row->oid) < 0 || read_digest(r, row) < 0
	    || rbuf_get_u8(r, &lang) < 0
	    || rbuf_get_u64(r, &row->engine) < 0 || rbuf_get_u64(r, &row->cost_us) < 0
	    || rbuf_get_u32(r, &row->raw_size) < 0 || rbuf_get_u32(r, &row->packed_len) < 0)
		return -1;
	row->lang = (enum lang_id)lang;
	return export_row_fits(row) ? rbuf_get_bytes(r, row->packed_len, &row->packed) : -1;
}

int export_row_fits(const struct export_row *row)
{
	return (unsigned)row->lang < LANG_COUNT && row->engine <= INT64_MAX
	       && row->cost_us <= INT64_MAX && row->raw_size > 0 && row->raw_size <= PROTO_MAX_FRAME
	       && row->packed_len > 0 && row->packed_len <= PROTO_MAX_FRAME;
}

int export_next_row(struct rbuf *cursor, struct export_row *row)
{
	uint8_t marker;
	if (rbuf_get_u8(cursor, &marker) < 0 || marker > 1)
		return -1;
	if (marker == 0) {
		cursor->off--;	/* the end marker stays for the trailer */
		return 0;
	}
	return read_row_fields(cursor, row) < 0 ? -1 : 1;
}

/* Every row's framing, then the count and the CRC; 0, or -1 with why. */
static int parse_rows(struct export_file *f, struct rbuf *r, char *why, size_t whylen)
{
	struct export_row row;
	uint64_t count;
	uint32_t crc;
	uint8_t end;
	int more;
	f->rows = 0;
	while ((more = export_next_row(r, &row)) == 1)
		f->rows++;
	if (more < 0) {
		snprintf(why, whylen, "row %llu is malformed or cut short",
			 (unsigned long long)f->rows + 1);
		return -1;
	}
	f->crc_at = r->off + 1 + 8;
	if (rbuf_get_u8(r, &end) < 0 || rbuf_get_u64(r, &count) < 0 || rbuf_get_u32(r, &crc) < 0
	    || count != f->rows
	    || crc != (uint32_t)crc32_z(crc32_z(0, NULL, 0), f->data, f->crc_at)) {
		snprintf(why, whylen, "truncated or checksum mismatch");
		return -1;
	}
	return 0;
}

/* The scheme and, when signed, the key and the signature, then the end of the file. */
static int parse_signature(struct export_file *f, struct rbuf *r, char *why, size_t whylen)
{
	uint8_t scheme;
	int ok = rbuf_get_u8(r, &scheme) == 0 && scheme <= EXPORT_ED25519;
	f->scheme = ok ? (enum export_scheme)scheme : EXPORT_UNSIGNED;
	if (ok && f->scheme == EXPORT_ED25519) {
		ok = rbuf_get_bytes(r, SIGNING_PUBLIC_BYTES, &f->public_key) == 0;
		f->signed_len = r->off;
		ok = ok && rbuf_get_bytes(r, SIGNING_SIGNATURE_BYTES, &f->signature) == 0;
	}
	if (ok && rbuf_left(r) == 0)
		return 0;
	snprintf(why, whylen, "the signature block is malformed (or bytes follow it)");
	return -1;
}

int export_parse(struct export_file *f, const uint8_t *data, size_t len, char *why,
		 size_t whylen)
{
	struct rbuf r;
	memset(f, 0, sizeof(*f));
	f->data = data;
	f->len = len;
	rbuf_init(&r, data, len);
	if (parse_header(&r, why, whylen) < 0)
		return -1;
	f->rows_at = r.off;
	if (parse_rows(f, &r, why, whylen) < 0)
		return -1;
	return parse_signature(f, &r, why, whylen);
}

/* 1 when key is one of the trusted keys. */
static int is_trusted(const struct cache_trust *trust, const uint8_t *key)
{
	for (size_t i = 0; i < trust->nkeys; i++)
		if (sodium_memcmp(trust->keys[i].key, key, SIGNING_PUBLIC_BYTES) == 0)
			return 1;
	return 0;
}

/* 0 when the export's signature is its key's signature of the bytes before it. */
static int signature_holds(const struct export_file *f)
{
	struct signing_hash h;
	signing_start(&h, SIGNING_CONTEXT_EXPORT);
	signing_add(&h, f->data, f->signed_len);
	return signing_verify(&h, f->public_key, f->signature);
}

int export_authenticate(const struct export_file *f, const struct cache_trust *trust,
			struct cache_signer *signer, char *why, size_t whylen)
{
	memset(signer, 0, sizeof(*signer));
	signer->kind = CACHE_UNSIGNED;
	if (f->scheme == EXPORT_UNSIGNED) {
		if (trust->trust_unsigned)
			return 0;
		snprintf(why, whylen, "is not signed: refused (sign exports with --signing-key, "
			 "or accept unsigned ones with --trust-unsigned)");
		return -1;
	}
	signing_key_id(f->public_key, signer->key_id);
	if (signature_holds(f) < 0) {
		snprintf(why, whylen, "the signature of key %s does not verify: the file was "
			 "altered after it was signed", signer->key_id);
		return -1;
	}
	signer->kind = is_trusted(trust, f->public_key) ? CACHE_SIGNED_TRUSTED : CACHE_SIGNED_UNKNOWN;
	if (signer->kind == CACHE_SIGNED_TRUSTED || trust->trust_unsigned)
		return 0;
	snprintf(why, whylen, "is signed by key %s, which is not trusted (--trusted-key, or "
		 "[cache] trustedKey in your configuration)", signer->key_id);
	return -1;
}

int export_row_record(const struct export_row *row, struct record *rec)
{
	if (cache_unpack(row->packed, (int)row->packed_len, (sqlite3_int64)row->raw_size, rec) == 0
	    && rec->lang == row->lang)
		return 0;
	record_clear(rec);
	return -1;
}
