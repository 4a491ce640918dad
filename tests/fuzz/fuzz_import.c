/*
 * fuzz_import.c - libFuzzer target for the cache export decoder (src/store/export_format.c):
 * an export may come from an untrusted CI job, so its bytes are hostile until a trusted
 * key's signature holds, and its records are decoded even then. Each input is parsed;
 * when its layout is accepted it is judged as cache_import would (trusting nobody, the
 * corpus's key, and --trust-unsigned) and every row's record is decoded;
 * an input refused for its CRC is tried again with the CRC fixed, so that mutations get
 * past it. The decoder's promises are checked, aborting on a broken one so that the
 * fuzzer reports it. Built with clang -fsanitize=fuzzer, or with tests/fuzz/run_corpus.c where libFuzzer
 * is missing. The seeds are real exports: tests/fuzz/make_import_corpus.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "store/export_format.h"
#include "store/signing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The key the signed seeds are signed with: the seed bytes 1, 2, ..., 32 (see
 * make_import_corpus.sh), so that a seed verifies and its mutations reach the checks
 * after the signature's. */
static void corpus_key(struct signing_public *pub)
{
	uint8_t seed[SIGNING_SEED_BYTES];
	struct signing_secret k;
	for (size_t i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(i + 1);
	signing_from_seed(&k, seed);
	signing_public_of(&k, pub);
}

/* 1 when [p, p + n) lies inside the input. */
static int inside(const struct export_file *f, const uint8_t *p, size_t n)
{
	return p >= f->data && n <= f->len && (size_t)(p - f->data) <= f->len - n;
}

/* Every row lies inside the input, there are as many as the count says, and each record
 * decodes or is refused cleanly. */
static void check_rows(const struct export_file *f)
{
	struct rbuf cursor;
	struct export_row row;
	uint64_t n = 0;
	int more;
	export_rows(f, &cursor);
	while ((more = export_next_row(&cursor, &row)) == 1) {
		if (!inside(f, row.oid, 20) || !inside(f, row.packed, row.packed_len))
			abort();
		struct record rec;
		if (export_row_record(&row, &rec) == 0) {
			if (rec.lang != row.lang)
				abort();
			record_clear(&rec);
		}
		n++;
	}
	if (more != 0 || n != f->rows)
		abort();
}

/* The judgement keeps its promises: nobody trusted and no --trust-unsigned accepts
 * nothing; an acceptance by a trusted key names that key; a refusal says why. */
static void check_trust(const struct export_file *f, const struct signing_public *key)
{
	struct cache_trust none = { NULL, 0, 0 }, corpus = { key, 1, 0 }, any = { NULL, 0, 1 };
	struct cache_signer signer;
	char why[400];
	if (export_authenticate(f, &none, &signer, why, sizeof(why)) == 0 || why[0] == '\0')
		abort();
	if (export_authenticate(f, &corpus, &signer, why, sizeof(why)) == 0
	    && (signer.kind != CACHE_SIGNED_TRUSTED || f->scheme != EXPORT_ED25519
		|| memcmp(f->public_key, key->key, SIGNING_PUBLIC_BYTES) != 0))
		abort();
	why[0] = '\0';
	if (export_authenticate(f, &any, &signer, why, sizeof(why)) < 0
	    && (why[0] == '\0' || f->scheme != EXPORT_ED25519))
		abort();
}

/* Parses and, once accepted, checks; 0, or -1 when the layout was refused. */
static int parse_and_check(uint8_t *copy, size_t size, const struct signing_public *key,
			   struct export_file *f)
{
	char why[400] = "";
	if (export_parse(f, copy, size, why, sizeof(why)) < 0) {
		if (why[0] == '\0')
			abort();	/* a refusal always says why */
		return -1;
	}
	if (f->scheme == EXPORT_ED25519 && (!inside(f, f->signature, SIGNING_SIGNATURE_BYTES)
					    || f->signed_len + SIGNING_SIGNATURE_BYTES != size))
		abort();
	check_trust(f, key);
	check_rows(f);
	return 0;
}

/* Stores the CRC-32 of the bytes before it at f->crc_at (when it fits), as a writer would. */
static void fix_crc(uint8_t *copy, size_t size, const struct export_file *f)
{
	if (f->crc_at == 0 || f->crc_at > size || size - f->crc_at < 4)
		return;
	uint32_t crc = (uint32_t)crc32_z(crc32_z(0, NULL, 0), copy, f->crc_at);
	for (int i = 0; i < 4; i++)
		copy[f->crc_at + (size_t)i] = (uint8_t)(crc >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct signing_public key;
	static int have_key;
	if (!have_key) {
		corpus_key(&key);
		have_key = 1;
	}
	/* The decoder reads the bytes in place: a copy of exactly size bytes, so that ASan
	 * sees any read past the end. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct export_file f;
	if (parse_and_check(copy, size, &key, &f) < 0 && f.crc_at) {
		/* Mutations rarely keep the CRC right: again with it fixed, so that they also
		 * reach the signature, the trust and the records. */
		fix_crc(copy, size, &f);
		(void)parse_and_check(copy, size, &key, &f);
	}
	free(copy);
	return 0;
}
