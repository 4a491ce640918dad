/*
 * cache_unpack.c - a stored value back into a record (see cache_unpack in cache_impl.h):
 * the record as the worker encoded it (record version 5 on; before, deflated), decoded by
 * the same bounded decoder as worker replies; and, for one that does not decode, whether
 * it is another version's record rather than damage (cache verify, import). It touches
 * no database, so the export decoder and its fuzz target (tests/fuzz/fuzz_import.c) use
 * it without SQLite.
 */
#include "store/cache_impl.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/proto.h"

int cache_unpack(const void *packed, int plen, sqlite3_int64 raw_size, struct record *rec)
{
	memset(rec, 0, sizeof(*rec));
	/* A value is stored as it is, so its recorded size is its length; a deflated value
	 * (record version 4 and before, of another engine id) is not read again. */
	if (plen <= 0 || raw_size != plen || raw_size > PROTO_MAX_FRAME)
		return -1;
	return record_decode(packed, (size_t)plen, rec);
}

/* Whether a value is an older version's deflated record: it inflates to exactly its
 * recorded size, and that starts with an older version. */
static int deflated_older(const uint8_t *packed, int plen, sqlite3_int64 raw_size)
{
	if (packed[0] != 0x78 || raw_size <= 0 || raw_size > PROTO_MAX_FRAME)
		return 0;	/* 0x78: a zlib stream with deflate's 32 KiB window */
	uLongf n = (uLongf)raw_size;
	uint8_t *raw = core_malloc(n);
	if (!raw)
		return 0;
	int older = uncompress(raw, &n, packed, (uLong)plen) == Z_OK && n == (uLongf)raw_size
		    && raw[0] >= 1 && raw[0] < RECORD_VERSION;
	free(raw);
	return older;
}

int cache_value_of_other_version(const void *packed, int plen, sqlite3_int64 raw_size)
{
	const uint8_t *b = packed;
	if (plen < 2)
		return 0;
	if (raw_size != plen)
		return deflated_older(b, plen, raw_size);
	return b[0] > RECORD_VERSION && b[0] < 32;	/* a later version's, stored as it is */
}

int cache_summary_of_other_version(const void *summary, int len)
{
	int version = len > 0 ? record_summary_version(summary, (size_t)len) : -1;
	return version >= 1 && version < 32 && version != RECORD_VERSION;
}
