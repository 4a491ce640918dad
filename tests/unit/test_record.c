/*
 * test_record.c - unit tests of the record encoding (common/record.h) and its summary:
 * what is encoded decodes back, field by field; every truncation, a corrupted byte, a
 * count past what the bytes hold and parts that disagree are refused, never a crash; the
 * numbers' 1-to-5-byte form, one encoding each. One "ok"/"not ok" line per check, then "N passed, N
 * failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/cause.h"
#include "common/languages.h"
#include "common/record.h"
#include "tests/unit/check.h"

static void sample_record(struct record *r)
{
	memset(r, 0, sizeof(*r));
	r->status = FILE_PARTIAL;
	r->lang = LANG_C;
	r->cause = CAUSE_PARSE_TIMEOUT;
	r->detail = strdup("parse errors");
	r->lines = 10;
	r->code = 7;
	r->comment = 2;
	r->blank = 1;
	r->error_line = 4;
	r->hal = (struct halstead){ 5, 6, 20, 22 };
	r->mi = 71.25;
	r->nunits = 2;
	r->units = calloc(2, sizeof(struct unit));
	for (int i = 0; i < 2; i++) {
		struct unit *u = &r->units[i];
		u->name = strdup(i ? "bar" : "foo");
		u->qname = strdup(i ? "ns::bar" : "foo");
		u->line = 1 + 5 * (uint32_t)i;
		u->end_line = u->line + 3;
		u->ccn = 3 + (uint32_t)i;
		u->cognitive = 2;
		u->body_hash = 0x1122334455667788ull + (uint64_t)i;
		u->flags = (uint32_t)i;
	}
	r->nincrements = 1;
	r->increments = calloc(1, sizeof(struct increment));
	r->increments[0] = (struct increment){ 1, 7, 5, M_COGNITIVE, C_LOOP, 3, 2 };
}

/* Whether back holds sample_record's file-level fields, then its units and increments. */
static int sample_file_fields(const struct record *back)
{
	return back->status == FILE_PARTIAL && back->lang == LANG_C
	       && back->cause == CAUSE_PARSE_TIMEOUT && strcmp(back->detail, "parse errors") == 0
	       && back->lines == 10 && back->code == 7 && back->mi == 71.25;
}

static int sample_units(const struct record *back)
{
	return back->nunits == 2 && strcmp(back->units[1].qname, "ns::bar") == 0
	       && strcmp(back->units[1].name, "bar") == 0 && strcmp(back->units[0].name, "foo") == 0
	       && strcmp(back->units[0].qname, "foo") == 0
	       && back->units[1].end_line == back->units[1].line + 3
	       && back->units[1].body_hash == 0x1122334455667789ull && back->units[1].flags == 1
	       && back->nincrements == 1 && back->increments[0].amount == 3
	       && back->increments[0].unit == 1 && back->increments[0].column == 5;
}

/* Decodes a summary blob with the u32 at byte off set to v (off < 0: as it is); 1 when it
 * decodes, its kept units' count in *kept. */
static int summary_decodes(const struct wbuf *w, long off, uint32_t v, size_t *kept)
{
	uint8_t *copy = malloc(w->len);
	memcpy(copy, w->data, w->len);
	if (off >= 0)
		for (int i = 0; i < 4; i++)
			copy[off + i] = (uint8_t)(v >> (8 * i));
	struct record head;
	struct record_summary s;
	int ok = record_summary_decode(copy, w->len, &head, &s) == 0;
	*kept = ok ? head.nunits : 0;
	if (ok)
		record_clear(&head);
	free(copy);
	return ok;
}

/* A summary whose parts disagree (a damaged row) does not decode: the report of a cached
 * file would otherwise pass on a unit whose metric the damage lowered. */
static void test_summary_agrees(void)
{
	struct record r;
	sample_record(&r);	/* foo CCN 3, bar CCN 4 */
	long floor[MET_COUNT];
	for (int m = 0; m < MET_COUNT; m++)
		floor[m] = -1;
	floor[MET_CCN] = 3;
	struct wbuf w;
	wbuf_init(&w);
	record_summary_encode(&r, floor, &w);
	long max_ccn = 4 + 4 * MET_CCN, floor_ccn = 4 + 4 * MET_COUNT + 4 * MET_CCN;
	size_t kept;
	CHECK(summary_decodes(&w, -1, 0, &kept) && kept == 1, "summary: bar (CCN 4, over 3) kept");
	CHECK(!summary_decodes(&w, max_ccn, 9, &kept),
	      "summary: a maximum over the floor that no kept unit reaches is refused");
	CHECK(!summary_decodes(&w, max_ccn, 2, &kept), "summary: a kept unit over the maximum is refused");
	CHECK(!summary_decodes(&w, floor_ccn, 5, &kept),
	      "summary: a kept unit not over the floor is refused");
	wbuf_free(&w);
	record_clear(&r);
}

/* Decoding what record_encode wrote gives every field back; no truncation decodes. */
static void test_record(void)
{
	struct record r, back;
	struct wbuf w;
	sample_record(&r);
	wbuf_init(&w);
	record_encode(&r, &w);
	int ok = record_decode(w.data, w.len, &back) == 0;
	CHECK(ok && sample_file_fields(&back) && sample_units(&back),
	      "record: encode/decode round-trips every field");
	if (ok)
		record_clear(&back);

	int all_rejected = 1;
	for (size_t n = 0; n < w.len; n++)
		if (record_decode(w.data, n, &back) == 0) {
			all_rejected = 0;
			record_clear(&back);
		}
	CHECK(all_rejected, "record: every truncation is rejected");
	wbuf_free(&w);
	record_clear(&r);
}

/* Corrupted encodings: refused where a check can tell, never a crash. */
static void test_record_corrupt(void)
{
	struct record r, back;
	struct wbuf w;
	sample_record(&r);
	wbuf_init(&w);
	record_encode(&r, &w);
	uint8_t *copy = malloc(w.len + 1);
	memcpy(copy, w.data, w.len);
	copy[w.len] = 0;
	CHECK(record_decode(copy, w.len + 1, &back) == -1, "record: trailing bytes are rejected");
	copy[0] = RECORD_VERSION + 1;
	CHECK(record_decode(copy, w.len, &back) == -1, "record: another version is rejected");
	memcpy(copy, w.data, w.len);
	copy[1] = FILE_STATUS_COUNT;
	CHECK(record_decode(copy, w.len, &back) == -1, "record: an unknown status is rejected");
	struct wbuf odd;
	wbuf_init(&odd);
	r.code += 1;	/* code lines no longer add up to lines */
	record_encode(&r, &odd);
	r.code -= 1;
	CHECK(record_decode(odd.data, odd.len, &back) == -1,
	      "record: line counts that do not add up are rejected");
	wbuf_free(&odd);
	/* Flip every byte in turn: decoding must never crash (ASan/valgrind watch this). */
	int decoded = 0;
	for (size_t i = 0; i < w.len; i++) {
		memcpy(copy, w.data, w.len);
		copy[i] ^= 0xff;
		if (record_decode(copy, w.len, &back) == 0) {
			decoded++;
			record_clear(&back);
		}
	}
	CHECK(decoded < (int)w.len, "record: corrupted bytes are mostly rejected, never crash");
	free(copy);
	wbuf_free(&w);
	record_clear(&r);
}

/* The fields of a record with no units before its unit count. */
static void put_empty_head(struct wbuf *h)
{
	wbuf_put_u8(h, RECORD_VERSION);
	wbuf_put_u8(h, FILE_OK);
	wbuf_put_u8(h, LANG_C);
	wbuf_put_u8(h, 0);			/* cause */
	wbuf_put_vu32(h, 0);			/* detail: "" */
	for (int i = 0; i < 5 + 4; i++)		/* line counts, error line, halstead */
		wbuf_put_vu32(h, 0);
	wbuf_put_f64(h, 100.0);
}

/* A unit count far beyond what the bytes could hold fails before allocating; the same
 * head with no units and no increments decodes. */
static void test_record_huge_count(void)
{
	struct record back;
	struct wbuf h;
	wbuf_init(&h);
	put_empty_head(&h);
	wbuf_put_vu32(&h, 0);
	wbuf_put_vu32(&h, 0);
	int empty_ok = record_decode(h.data, h.len, &back) == 0;
	CHECK(empty_ok && back.nunits == 0 && back.mi == 100.0,
	      "record: a hand-made record with no units decodes");
	if (empty_ok)
		record_clear(&back);
	wbuf_reset(&h);
	put_empty_head(&h);
	wbuf_put_vu32(&h, 999999);
	wbuf_put_vu32(&h, 0);
	CHECK(record_decode(h.data, h.len, &back) == -1,
	      "record: a unit count larger than the payload is rejected");
	wbuf_free(&h);
}

/* Numbers take 1 to 5 bytes, as few as they need. */
static void test_vu32(void)
{
	static const uint32_t values[] = { 0, 1, 127, 128, 16383, 16384, 0x0fffffffu,
					   0x10000000u, UINT32_MAX };
	struct wbuf w;
	wbuf_init(&w);
	int ok = 1;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		wbuf_reset(&w);
		wbuf_put_vu32(&w, values[i]);
		struct rbuf r;
		uint32_t v = 7;
		rbuf_init(&r, w.data, w.len);
		size_t want = values[i] < 128 ? 1 : values[i] < 16384 ? 2
			      : values[i] < 0x10000000u ? 4 - (values[i] < 0x200000u) : 5;
		ok &= rbuf_get_vu32(&r, &v) == 0 && v == values[i] && r.off == want
		      && w.len == want;
	}
	CHECK(ok, "vu32: every value comes back, in as few bytes as it needs");
	wbuf_free(&w);
}

/* What the encoder never writes is refused, the reader left where it was. */
static void test_vu32_refused(void)
{
	static const uint8_t too_long[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
	static const uint8_t too_big[] = { 0xff, 0xff, 0xff, 0xff, 0x1f };
	static const uint8_t cut[] = { 0x80, 0x80 };
	struct rbuf r;
	uint32_t v = 7;
	rbuf_init(&r, too_long, sizeof(too_long));
	int refused = rbuf_get_vu32(&r, &v) < 0 && r.off == 0;
	rbuf_init(&r, too_big, sizeof(too_big));
	refused &= rbuf_get_vu32(&r, &v) < 0 && r.off == 0;
	rbuf_init(&r, cut, sizeof(cut));
	refused &= rbuf_get_vu32(&r, &v) < 0 && r.off == 0 && v == 7;
	CHECK(refused, "vu32: six bytes, a value past 32 bits and a cut value are refused");
	static const uint8_t long_zero[] = { 0x80, 0x00 }, long_one[] = { 0x81, 0x80, 0x80, 0x00 };
	rbuf_init(&r, long_zero, sizeof(long_zero));
	refused = rbuf_get_vu32(&r, &v) < 0 && r.off == 0;
	rbuf_init(&r, long_one, sizeof(long_one));
	refused &= rbuf_get_vu32(&r, &v) < 0 && r.off == 0 && v == 7;
	CHECK(refused, "vu32: a value in a longer form than its shortest is refused (one encoding)");
}

int main(void)
{
	test_record();
	test_record_corrupt();
	test_record_huge_count();
	test_vu32();
	test_vu32_refused();
	test_summary_agrees();
	return check_summary();
}
