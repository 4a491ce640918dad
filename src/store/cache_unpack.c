/*
 * cache_unpack.c - a stored value back into a record (see cache_unpack in cache_impl.h):
 * inflated to exactly its recorded size, then decoded by the same bounded decoder as
 * worker replies. It touches no database, so the export decoder and its fuzz target
 * (tests/fuzz/fuzz_import.c) use it without SQLite.
 */
#include "store/cache_impl.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/proto.h"

int cache_unpack(const void *packed, int plen, sqlite3_int64 raw_size, struct record *rec)
{
	memset(rec, 0, sizeof(*rec));
	if (plen <= 0 || raw_size <= 0 || raw_size > PROTO_MAX_FRAME)
		return -1;
	uLongf n = (uLongf)raw_size;
	uint8_t *raw = core_malloc(n);
	if (!raw)
		return -1;
	int ok = uncompress(raw, &n, packed, (uLong)plen) == Z_OK && n == (uLongf)raw_size
		 && record_decode(raw, n, rec) == 0;
	free(raw);
	return ok ? 0 : -1;
}
