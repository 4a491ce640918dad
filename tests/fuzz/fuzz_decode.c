/*
 * fuzz_decode.c - libFuzzer target for the decoders of what a worker sends back
 * (src/common/proto.c, src/common/record.c): the supervisor treats every byte from a worker as hostile,
 * and the same record decoder reads rows from the cache. The input is a byte stream cut
 * into frames as the pool cuts a worker's pipe; each frame goes to the decoder of its
 * type, and a RESULT's record through record_decode. Every record that decodes must
 * survive a round trip: encoding it and decoding the encoding gives the same encoding.
 * The whole input is also decoded as a bare record (a cache row's value) and as
 * a cache summary (record_summary_decode); a record's summary, for a floor taken from
 * the input, must decode back to the same unit count, maxima and floor, keeping exactly
 * the units over the floor.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"
#include "common/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The summary s of r keeps each metric's largest value among r's units, and floor. */
static void check_maxima(const struct record *r, const struct record_summary *s,
			 const long floor[MET_COUNT])
{
	for (int m = 0; m < MET_COUNT; m++) {
		uint32_t max = 0;
		for (size_t i = 0; i < r->nunits; i++) {
			uint32_t v = unit_metric(&r->units[i], (enum metric)m);
			max = v > max ? v : max;
		}
		if (s->max[m] != max || s->floor[m] != floor[m])
			__builtin_trap();
	}
}

/* r's summary for a floor chosen by seed decodes back to what it summarizes. */
static void summary_round_trip(const struct record *r, uint8_t seed)
{
	long floor[MET_COUNT];
	for (int m = 0; m < MET_COUNT; m++)
		floor[m] = (seed >> (m % 8)) & 1 ? -1 : (long)(seed % 7) + m;
	struct wbuf b;
	wbuf_init(&b);
	record_summary_encode(r, floor, &b);
	struct record head;
	struct record_summary s;
	if (b.failed || record_summary_decode(b.data, b.len, &head, &s) < 0)
		__builtin_trap();
	size_t over = 0;	/* the units a summary keeps: over the floor, or naming an
				   unknown metric in a suppression (the run warns of it) */
	for (size_t i = 0; i < r->nunits; i++)
		over += unit_over(floor, &r->units[i]) != 0
			|| (r->units[i].flags & UNIT_SUPPRESS_UNKNOWN) != 0;
	if (s.nunits != r->nunits || head.nunits != over || head.lines != r->lines)
		__builtin_trap();
	check_maxima(r, &s, floor);
	record_clear(&head);
	wbuf_free(&b);
}

/* Decodes the input as a cache summary: accepted or refused, never a crash. */
static void summary_decode(const uint8_t *data, size_t size)
{
	struct record head;
	struct record_summary s;
	if (record_summary_decode(data, size, &head, &s) == 0) {
		if (head.nunits > s.nunits)
			__builtin_trap();
		record_clear(&head);
	}
}

/* Decodes a record; when it is valid, checks that encode(decode(encode(r))) is stable. */
static void record_round_trip(const uint8_t *data, size_t size)
{
	struct record r, again;
	if (record_decode(data, size, &r) < 0)
		return;
	struct wbuf first, second;
	wbuf_init(&first);
	wbuf_init(&second);
	record_encode(&r, &first);
	if (first.failed || record_decode(first.data, first.len, &again) < 0)
		__builtin_trap();	/* what we encode, we must read back */
	record_encode(&again, &second);
	if (second.failed || second.len != first.len
	    || memcmp(first.data, second.data, first.len) != 0)
		__builtin_trap();
	record_clear(&again);
	wbuf_free(&first);
	wbuf_free(&second);
	summary_round_trip(&r, size ? data[0] : 0);
	record_clear(&r);
}

/* proto_decode_withdraw's callback: nothing to check but that it is called safely. */
static void count_id(void *ctx, uint32_t id)
{
	*(uint32_t *)ctx += id;
}

/* A RESULT frame: its id as proto_answer_id reads it, its record round-tripped. */
static void decode_result(const struct proto_frame *f)
{
	struct proto_result result;
	uint32_t id = 0;
	if (proto_decode_result(f, &result) < 0)
		return;
	if (proto_answer_id(f, &id) < 0 || id != result.id)
		__builtin_trap();
	record_round_trip(result.record, result.record_len);
}

/* Any other frame type is decoded as an ERROR: refused, or with a known cause and id. */
static void decode_error(const struct proto_frame *f)
{
	struct proto_error error;
	uint32_t id = 0;
	if (proto_decode_error(f, &error) < 0)
		return;
	if (error.cause >= CAUSE_COUNT || proto_answer_id(f, &id) < 0 || id != error.id)
		__builtin_trap();
	free(error.detail);
}

static void decode_frame(const struct proto_frame *f)
{
	struct proto_hello hello;
	struct proto_file file;
	uint32_t id = 0;
	switch (f->type) {
	case PROTO_HELLO:
		if (proto_decode_hello(f, &hello) == 0)
			free(hello.detail);
		break;
	case PROTO_FILE:
		if (proto_decode_file(f, &file) == 0 && file.bytes + file.len != f->payload + f->len)
			__builtin_trap();	/* the file's bytes are the rest of the frame */
		break;
	case PROTO_RESULT:
		decode_result(f);
		break;
	case PROTO_WITHDRAW:
		proto_decode_withdraw(f, count_id, &id);
		break;
	case PROTO_WITHDRAWN:
		if (proto_answer_id(f, &id) < 0 && f->len >= 4)
			__builtin_trap();
		break;
	default:
		decode_error(f);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t at = 0;
	for (;;) {
		struct proto_frame f;
		size_t used = 0;
		int rc = proto_frame_parse(data + at, size - at, &f, &used);
		if (rc <= 0)
			break;
		if (used < PROTO_HEADER || used > size - at
		    || f.payload + f.len != data + at + used)
			__builtin_trap();	/* a frame lies inside the bytes it was cut from */
		decode_frame(&f);
		at += used;
	}
	record_round_trip(data, size);
	summary_decode(data, size);
	return 0;
}
