/*
 * cache_export.c - a portable file of cached results, and reading one back with every row
 * validated (see cache_export and cache_import in cache.h).
 */
#include "store/cache_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "common/proto.h"
#include "files/safewrite.h"
#include "util/testpoint.h"

#define EXPORT_MAGIC "ASSAYCACHE\n"
#define EXPORT_VERSION 1

/* ---- export and import -------------------------------------------------------------- */
/*
 * File: "ASSAYCACHE\n", u32 version, then rows, each u8 1, 20-byte oid, u8 lang,
 * u64 engine, u64 cost_us, u32 raw_size, u32 packed length, packed bytes; then u8 0,
 * u64 row count and u32 CRC-32 of everything before it. Little-endian.
 */

struct export_out {
	FILE *f;
	uLong crc;
};

static void out_put(struct export_out *o, const void *p, size_t n)
{
	fwrite(p, 1, n, o->f);
	o->crc = crc32(o->crc, p, (uInt)n);
}

static void out_le(struct export_out *o, uint64_t v, int width)
{
	uint8_t b[8];
	for (int i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	out_put(o, b, (size_t)width);
}

long cache_export(struct cache *c, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	cache_flush(c);
	if (sqlite3_prepare_v2(c->db, "SELECT oid, lang, engine, cost_us, raw_size, value FROM "
			       "results", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", c->path, sqlite3_errmsg(c->db));
		return -1;
	}
	struct safewrite w;
	if (safewrite_open(&w, path, 0666, 0, err, errlen) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	struct export_out o = { w.f, crc32(0, NULL, 0) };
	out_put(&o, EXPORT_MAGIC, strlen(EXPORT_MAGIC));
	out_le(&o, EXPORT_VERSION, 4);
	long rows = 0;
	while (!cache_stopped(c) && sqlite3_step(st) == SQLITE_ROW) {
		testpoint("cache.row");
		if (sqlite3_column_bytes(st, 0) != CACHE_OID_LEN)
			continue;
		out_le(&o, 1, 1);
		out_put(&o, sqlite3_column_blob(st, 0), CACHE_OID_LEN);
		out_le(&o, (uint64_t)sqlite3_column_int(st, 1), 1);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 2), 8);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 3), 8);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 4), 4);
		int n = sqlite3_column_bytes(st, 5);
		out_le(&o, (uint64_t)n, 4);
		out_put(&o, sqlite3_column_blob(st, 5), (size_t)n);
		rows++;
	}
	sqlite3_finalize(st);
	out_le(&o, 0, 1);
	out_le(&o, (uint64_t)rows, 8);
	uLong crc = o.crc;
	uint8_t b[4] = { (uint8_t)crc, (uint8_t)(crc >> 8), (uint8_t)(crc >> 16), (uint8_t)(crc >> 24) };
	fwrite(b, 1, 4, o.f);
	if (cache_stopped(c)) {
		snprintf(err, errlen, "%s: interrupted: not written", path);
		safewrite_abort(&w);
		return -1;
	}
	return safewrite_commit(&w, err, errlen) < 0 ? -1 : rows;
}

struct import_in {
	FILE *f;
	uLong crc;
};

static int in_get(struct import_in *in, void *p, size_t n)
{
	if (fread(p, 1, n, in->f) != n)
		return -1;
	in->crc = crc32(in->crc, p, (uInt)n);
	return 0;
}

static int in_le(struct import_in *in, uint64_t *v, int width)
{
	uint8_t b[8];
	if (in_get(in, b, (size_t)width) < 0)
		return -1;
	*v = 0;
	for (int i = 0; i < width; i++)
		*v |= (uint64_t)b[i] << (8 * i);
	return 0;
}

struct export_row {
	uint8_t oid[CACHE_OID_LEN];
	uint64_t lang, engine, cost, raw, plen;
};

/* The fixed part of a row; -1 when short or out of range. */
static int read_row_header(struct import_in *in, struct export_row *row)
{
	if (in_get(in, row->oid, sizeof(row->oid)) < 0 || in_le(in, &row->lang, 1) < 0
	    || in_le(in, &row->engine, 8) < 0 || in_le(in, &row->cost, 8) < 0
	    || in_le(in, &row->raw, 4) < 0 || in_le(in, &row->plen, 4) < 0)
		return -1;
	int valid = row->lang < LANG_COUNT && row->plen > 0
		    && row->plen <= PROTO_MAX_FRAME && row->engine <= INT64_MAX;
	return valid ? 0 : -1;
}

/* The summary row of an imported record, inside the import's transaction. */
static int import_summary(struct cache *c, const struct export_row *row, const struct record *rec)
{
	struct wbuf b;
	wbuf_init(&b);
	record_summary_encode(rec, NULL, &b);
	cache_bind_key(c->put_summary, row->oid, (enum lang_id)row->lang, row->engine);
	sqlite3_bind_blob(c->put_summary, 4, b.data, (int)b.len, SQLITE_STATIC);
	sqlite3_bind_int64(c->put_summary, 5, (sqlite3_int64)row->cost);
	sqlite3_bind_int64(c->put_summary, 6, c->today);
	int rc = b.failed ? SQLITE_NOMEM : sqlite3_step(c->put_summary);
	sqlite3_reset(c->put_summary);
	wbuf_free(&b);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One row of an export file, validated (its record must decode) and stored. */
static int import_row(struct cache *c, struct import_in *in, sqlite3_stmt *put)
{
	struct export_row row;
	if (read_row_header(in, &row) < 0)
		return -1;
	uint8_t *packed = malloc(row.plen);
	struct record rec = { 0 };
	int ok = packed && in_get(in, packed, row.plen) == 0
		 && cache_unpack(packed, (int)row.plen, (sqlite3_int64)row.raw, &rec) == 0;
	if (ok)
		ok = rec.lang == row.lang;
	if (ok) {
		cache_bind_key(put, row.oid, (enum lang_id)row.lang, row.engine);
		sqlite3_bind_blob(put, 4, packed, (int)row.plen, SQLITE_STATIC);
		sqlite3_bind_int64(put, 5, (sqlite3_int64)row.raw);
		sqlite3_bind_int64(put, 6, (sqlite3_int64)row.cost);
		sqlite3_bind_int64(put, 7, c->today);
		ok = sqlite3_step(put) == SQLITE_DONE;
		sqlite3_reset(put);
	}
	if (ok)
		ok = import_summary(c, &row, &rec) == 0;
	record_clear(&rec);
	free(packed);
	return ok ? 0 : -1;
}

/* The end of an export: row count and CRC-32 of everything before it, then nothing. */
static int check_trailer(struct import_in *in, uint64_t rows)
{
	uint64_t count, stored_crc;
	struct import_in tail = { in->f, 0 };
	if (in_le(in, &count, 8) < 0 || count != rows || in_le(&tail, &stored_crc, 4) < 0)
		return -1;
	return stored_crc == (uint64_t)(in->crc & 0xffffffffu) && fgetc(in->f) == EOF ? 0 : -1;
}

static int check_magic(struct import_in *in)
{
	char magic[sizeof(EXPORT_MAGIC) - 1];
	uint64_t version;
	if (in_get(in, magic, sizeof(magic)) < 0 || memcmp(magic, EXPORT_MAGIC, sizeof(magic)) != 0
	    || in_le(in, &version, 4) < 0)
		return -1;
	return version == EXPORT_VERSION ? 0 : -1;
}

/* The rows and the trailer, inside the import's transaction; 0, or -1 with err. */
static int import_rows(struct cache *c, struct import_in *in, const char *path, uint64_t *rows,
		       char *err, size_t errlen)
{
	uint64_t more = 0;
	int rc = 0;
	while (rc == 0 && !cache_stopped(c) && in_le(in, &more, 1) == 0 && more == 1) {
		testpoint("cache.row");
		rc = import_row(c, in, c->put);
		*rows += rc == 0;
	}
	if (cache_stopped(c))
		snprintf(err, errlen, "%s: interrupted: nothing imported", path);
	else if (rc < 0)
		snprintf(err, errlen, "%s: row %llu is invalid", path, (unsigned long long)*rows + 1);
	else if (more != 0 || check_trailer(in, *rows) < 0)
		snprintf(err, errlen, "%s: truncated or checksum mismatch", path);
	else
		return 0;
	return -1;
}

long cache_import(struct cache *c, const char *path, char *err, size_t errlen)
{
	if (!c->writable) {
		snprintf(err, errlen, "%s: the cache is read-only", c->path);
		return -1;
	}
	struct import_in in = { fopen(path, "rb"), crc32(0, NULL, 0) };
	if (!in.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	cache_flush(c);
	if (check_magic(&in) < 0) {
		snprintf(err, errlen, "%s: not an assay cache export (or another version)", path);
		fclose(in.f);
		return -1;
	}
	if (cache_exec(c->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot write: %s", c->path, sqlite3_errmsg(c->db));
		fclose(in.f);
		return -1;
	}
	uint64_t rows = 0;
	int rc = import_rows(c, &in, path, &rows, err, errlen);
	if (rc == 0 && cache_finish(c, "COMMIT") != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot store the rows: %s", c->path, sqlite3_errmsg(c->db));
		rc = -1;
	}
	if (rc < 0)
		cache_finish(c, "ROLLBACK");
	fclose(in.f);
	return rc == 0 ? (long)rows : -1;
}
