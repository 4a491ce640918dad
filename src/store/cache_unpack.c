/*
 * cache_unpack.c - a stored value back into a record (see cache_unpack in cache_impl.h):
 * the record as the worker encoded it (record version 5 on; before, deflated), decoded by
 * the same bounded decoder as worker replies. It touches no database, so the export
 * decoder and its fuzz target (tests/fuzz/fuzz_import.c) use it without SQLite.
 */
#include "store/cache_impl.h"

#include <string.h>

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
