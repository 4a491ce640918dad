/*
 * export_format.h - the cache export file (docs/CACHE.md): its layout, a bounded decoder
 * over the file's bytes in memory, and the decision whether to trust it. No SQLite and no
 * I/O: cache_export.c writes and stores, and tests/fuzz/fuzz_import.c feeds this decoder
 * hostile bytes.
 *
 * Layout, little-endian:
 *   "ASSAYCACHE\n", u32 version (4)
 *   per row: u8 1, 20-byte oid, u8 digest flag (0 none, 1: the 32-byte digest follows),
 *            u8 language, u64 engine, u64 cost_us, u32 raw size, u32 packed length, the
 *            packed record (zlib). The digest is the cache row's (cache_open.c): the
 *            SHA-256 of the blob of a row keyed by assay's own SHA-1, none for a row
 *            keyed by an id git computed. Format 3's digests were BLAKE2b-256 of the
 *            bytes, and format 2 had no digest flag.
 *   u8 0, u64 row count, u32 CRC-32 of every byte before it
 *   u8 scheme: 0 unsigned; 1 Ed25519, followed by the 32-byte public key and the 64-byte
 *   signature (signing.h, context SIGNING_CONTEXT_EXPORT) of every byte before the
 *   signature, the scheme and the key included; then the end of the file.
 * The CRC catches damage; only the signature says who wrote the file.
 */
#ifndef ASSAY_STORE_EXPORT_FORMAT_H
#define ASSAY_STORE_EXPORT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/record.h"
#include "store/cache.h"

#define EXPORT_MAGIC "ASSAYCACHE\n"
#define EXPORT_VERSION 4
enum export_scheme { EXPORT_UNSIGNED = 0, EXPORT_ED25519 = 1 };

/* One row, pointing into the file's bytes. */
struct export_row {
	const uint8_t *oid;		/* CACHE_OID_LEN bytes */
	const uint8_t *digest;		/* CACHE_DIGEST_LEN bytes, or NULL */
	enum lang_id lang;
	uint64_t engine, cost_us;
	uint32_t raw_size;
	const uint8_t *packed;
	uint32_t packed_len;
};

/* A parsed export: where its parts are in the bytes (which it does not own). */
struct export_file {
	const uint8_t *data;
	size_t len;
	size_t rows_at;			/* the first row's offset */
	uint64_t rows;
	size_t crc_at;			/* the CRC's offset; 0 when the rows were not walked */
	enum export_scheme scheme;
	const uint8_t *public_key;	/* EXPORT_ED25519: the signer's key and signature */
	const uint8_t *signature;
	size_t signed_len;		/* the bytes the signature covers */
};

/* Checks the whole layout (every row's framing and bounds, the count, the CRC, the
 * signature block, nothing after it) without decoding any record. 0, or -1 with why
 * (no path: the caller names the file); f->crc_at is set once the rows are walked, even
 * when the count or the CRC is then wrong. */
int export_parse(struct export_file *f, const uint8_t *data, size_t len, char *why,
		 size_t whylen);
/* Decides whether a parsed export may be stored: signed by a trusted key; or, with
 * trust_unsigned, unsigned or signed by a key not trusted. A signature that does not
 * verify is refused in every case. 0 with *signer filled, or -1 with why. */
int export_authenticate(const struct export_file *f, const struct cache_trust *trust,
			struct cache_signer *signer, char *why, size_t whylen);
/* The rows of a parsed export, in order: export_rows sets a cursor on the first,
 * export_next_row gives the next (1), or says there are no more (0) or that the bytes
 * are not a row (-1; not after export_parse accepted them). */
void export_rows(const struct export_file *f, struct rbuf *cursor);
int export_next_row(struct rbuf *cursor, struct export_row *row);
/* A row's record, decoded, and of the row's language. 0, or -1. */
int export_row_record(const struct export_row *row, struct record *rec);
/* Whether row's fields are within what the format carries and an import accepts (the
 * language known, sizes above 0 and within a frame, numbers within int64): what the
 * reader checks of every row, and the writer of every row it writes. */
int export_row_fits(const struct export_row *row);

#endif
