/*
 * fuzz_remote.c - libFuzzer target for the remote cache's values and packs
 * (src/store/remote_value.c, src/store/remote_pack.c): they come from an HTTP server, so
 * their bytes are hostile until a trusted key's signature holds, and their records and
 * summaries are decoded even then. Each input is tried four ways: as a whole
 * value and as a whole pack (the key asked for is the one it names, so mutations get past
 * that check; the trusted key is the corpus's), and as the packed row of a value, and as
 * the row and summary of a pack's entry, that this target signs with the corpus's key, so
 * that arbitrary rows reach the decoding behind the signature. A promise
 * broken (a value accepted for another key or signer, a record of another language, more
 * entries than a pack may hold) aborts, so that the fuzzer reports it. Built with clang
 * -fsanitize=fuzzer, or with tests/fuzz/run_corpus.c where libFuzzer is missing. The seeds
 * are rows of a real cache and packs a real run wrote (make_remote_corpus.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/cache.h"
#include "store/remote_pack.h"
#include "store/remote_value.h"
#include "store/signing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void corpus_key(struct signing_secret *k, struct signing_public *pub)
{
	uint8_t seed[SIGNING_SEED_BYTES];
	for (size_t i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(i + 1);
	signing_from_seed(k, seed);
	signing_public_of(k, pub);
}

/* A value opened: its record decodes as its language's, or is refused cleanly. */
static void open_value(const uint8_t *v, size_t len, const uint8_t key[REMOTE_KEY_BYTES],
		       const struct cache_trust *trust, enum lang_id lang)
{
	struct remote_value rv;
	struct record rec;
	char why[256];
	if (remote_value_open(v, len, key, trust, &rv, why, sizeof(why)) < 0)
		return;
	if (remote_value_record(&rv, lang, &rec) == 0) {
		if (rec.lang != lang)
			abort();
		record_clear(&rec);
	}
}

/* A pack opened: each entry's record and summary decode as its language's, or are
 * refused cleanly. */
static void open_pack(const uint8_t *v, size_t len, const uint8_t key[REMOTE_KEY_BYTES],
		      const struct cache_trust *trust)
{
	struct remote_pack p;
	struct remote_pack_entry e;
	char why[256];
	if (remote_pack_open(v, len, key, trust, &p, why, sizeof(why)) < 0)
		return;
	uint32_t seen = 0;
	while (remote_pack_next(&p, &e)) {
		if (++seen > REMOTE_PACK_ENTRIES_MAX || e.packed_len > len || e.summary_len > len)
			abort();
		struct record rec;
		struct record_summary s;
		if (remote_pack_record(&e, &rec) == 0 && rec.lang != e.lang)
			abort();
		record_clear(&rec);
		if (record_summary_decode(e.summary, e.summary_len, &rec, &s) == 0)
			record_clear(&rec);
	}
	if (seen != p.count)
		abort();
}

/* The input as the row (first half) and summary (second half) of a pack's one entry,
 * signed, then opened. */
static void signed_pack(const uint8_t *data, size_t size, const uint8_t key[REMOTE_KEY_BYTES],
			const struct signing_secret *k, const struct cache_trust *trust)
{
	struct cache_row row = { 0 };
	row.packed = (uint8_t *)data + 2;
	row.plen = (size - 2) / 2;
	row.raw_len = (size_t)data[0] << 8 | data[1];
	wbuf_init(&row.summary);
	wbuf_put(&row.summary, data + 2 + row.plen, size - 2 - row.plen);
	struct remote_pack_build b;
	remote_pack_begin(&b, key);
	if (remote_pack_add(&b, key, LANG_C, 0, &row) == 0 && remote_pack_end(&b, k) == 0)
		open_pack(b.out.data, b.out.len, key, trust);
	wbuf_free(&b.out);
	wbuf_free(&row.summary);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct signing_secret k;
	static struct signing_public pub;
	static int ready;
	if (!ready) {
		signing_init();
		corpus_key(&k, &pub);
		ready = 1;
	}
	struct cache_trust trust = { &pub, 1, 0 };
	uint8_t key[REMOTE_KEY_BYTES] = { 0 };
	if (size >= 8 + REMOTE_KEY_BYTES)
		memcpy(key, data + 8, REMOTE_KEY_BYTES);
	enum lang_id lang = size > 8 + REMOTE_KEY_BYTES ? (enum lang_id)(data[8 + REMOTE_KEY_BYTES] % LANG_COUNT)
							: LANG_C;
	open_value(data, size, key, &trust, lang);
	open_pack(data, size, key, &trust);

	/* The input as a raw size (its first two bytes) and a packed row, signed. */
	if (size < 2)
		return 0;
	struct cache_row row = { 0 };
	row.packed = (uint8_t *)data + 2;
	row.plen = size - 2;
	row.raw_len = (size_t)data[0] << 8 | data[1];
	struct wbuf v;
	wbuf_init(&v);
	if (remote_value_encode(&v, key, LANG_C, 0, &row, &k) == 0)
		open_value(v.data, v.len, key, &trust, LANG_C);
	wbuf_free(&v);
	signed_pack(data, size, key, &k, &trust);
	return 0;
}
