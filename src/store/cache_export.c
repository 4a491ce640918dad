/*
 * cache_export.c - a portable file of cached results, signed, and reading one back with
 * its signature checked before any row is stored (see cache_export and cache_import in
 * cache.h; the layout and its decoder are export_format.c).
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
#include "common/fdio.h"
#include "common/proto.h"
#include "files/safewrite.h"
#include "store/export_format.h"
#include "store/signing.h"
#include "util/testpoint.h"

/* ---- export ------------------------------------------------------------------------- */

/* Every byte written goes through out_put, into the CRC and the signature's digest. */
struct export_out {
	FILE *f;
	uLong crc;
	struct signing_hash hash;
};

static void out_put(struct export_out *o, const void *p, size_t n)
{
	fwrite(p, 1, n, o->f);
	o->crc = crc32(o->crc, p, (uInt)n);
	signing_add(&o->hash, p, n);
}

static void out_le(struct export_out *o, uint64_t v, int width)
{
	uint8_t b[8];
	for (int i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	out_put(o, b, (size_t)width);
}

/* The end of an export: the scheme and, with a key, the public key and the signature of
 * every byte before the signature. */
static void out_signature(struct export_out *o, const struct signing_secret *key)
{
	out_le(o, key ? EXPORT_ED25519 : EXPORT_UNSIGNED, 1);
	if (!key)
		return;
	struct signing_public pub;
	uint8_t sig[SIGNING_SIGNATURE_BYTES];
	signing_public_of(key, &pub);
	out_put(o, pub.key, sizeof(pub.key));
	signing_sign(&o->hash, key, sig);
	fwrite(sig, 1, sizeof(sig), o->f);
}

/* A row's digest flag, and the digest when column col holds one (exported() checked its
 * length). */
static void out_digest(struct export_out *o, sqlite3_stmt *st, int col)
{
	int has = sqlite3_column_type(st, col) != SQLITE_NULL;
	out_le(o, (uint64_t)has, 1);
	if (has)
		out_put(o, sqlite3_column_blob(st, col), CACHE_DIGEST_LEN);
}

/* Whether the row under st (oid, lang, engine, cost_us, raw_size, value, digest) is one
 * of the engines exported. */
static int wanted(const struct cache *c, sqlite3_stmt *st, int all_engines)
{
	int lang = sqlite3_column_int(st, 1);
	return all_engines || (lang >= 0 && lang < LANG_COUNT
			       && (uint64_t)sqlite3_column_int64(st, 2) == c->engines[lang]);
}

/* Whether the row under st is one an import accepts: its key and digest of their sizes
 * (a wrong digest never leaves as none), its fields within the format's bounds, its value
 * decoding to a record of its language. A row that is not is left out (and counted): one
 * bad row would void the whole signed file at import. */
static int importable(sqlite3_stmt *st)
{
	sqlite3_int64 lang = sqlite3_column_int64(st, 1), engine = sqlite3_column_int64(st, 2);
	sqlite3_int64 cost = sqlite3_column_int64(st, 3), raw = sqlite3_column_int64(st, 4);
	int n = sqlite3_column_bytes(st, 5);
	if (sqlite3_column_bytes(st, 0) != CACHE_OID_LEN
	    || (sqlite3_column_type(st, 6) != SQLITE_NULL
		&& sqlite3_column_bytes(st, 6) != CACHE_DIGEST_LEN)
	    || lang < 0 || lang >= LANG_COUNT || engine < 0 || cost < 0 || raw <= 0
	    || raw > UINT32_MAX)
		return 0;
	struct export_row row = { NULL, NULL, (enum lang_id)lang, (uint64_t)engine, (uint64_t)cost,
				  (uint32_t)raw, sqlite3_column_blob(st, 5), (uint32_t)n };
	struct record rec;
	if (!export_row_fits(&row) || export_row_record(&row, &rec) < 0)
		return 0;
	record_clear(&rec);
	return 1;
}

long cache_export(struct cache *c, const char *path, const struct signing_secret *key,
		  int all_engines, long *left_out, char *err, size_t errlen)
{
	*left_out = 0;
	sqlite3_stmt *st;
	cache_flush(c);
	if (sqlite3_prepare_v2(c->db, "SELECT oid, lang, engine, cost_us, raw_size, value, digest "
			       "FROM results", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", c->path, sqlite3_errmsg(c->db));
		return -1;
	}
	struct safewrite w;
	if (safewrite_open(&w, path, 0666, 0, err, errlen) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	struct export_out o = { w.f, crc32(0, NULL, 0), { 0 } };
	signing_start(&o.hash, SIGNING_CONTEXT_EXPORT);
	out_put(&o, EXPORT_MAGIC, strlen(EXPORT_MAGIC));
	out_le(&o, EXPORT_VERSION, 4);
	long rows = 0;
	int rc;
	while (!cache_stopped(c) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		testpoint("cache.row");
		/* A row that names no language or has no key of its size is damaged (a page
		 * read back as garbage): left out and counted, never skipped as another
		 * engine's. */
		int lang = sqlite3_column_int(st, 1);
		int sound = lang >= 0 && lang < LANG_COUNT && sqlite3_column_bytes(st, 0) == CACHE_OID_LEN;
		if (sound && !wanted(c, st, all_engines))
			continue;
		if (!sound || !importable(st)) {
			++*left_out;
			continue;
		}
		out_le(&o, 1, 1);
		out_put(&o, sqlite3_column_blob(st, 0), CACHE_OID_LEN);
		out_digest(&o, st, 6);
		out_le(&o, (uint64_t)sqlite3_column_int(st, 1), 1);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 2), 8);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 3), 8);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 4), 4);
		int n = sqlite3_column_bytes(st, 5);
		out_le(&o, (uint64_t)n, 4);
		out_put(&o, sqlite3_column_blob(st, 5), (size_t)n);
		rows++;
	}
	if (!cache_stopped(c) && rc != SQLITE_DONE) {
		/* A read that failed part-way (a damaged page): no export of what came before. */
		snprintf(err, errlen, "%s: reading the cache failed after %ld rows (%s): %s not "
			 "written", c->path, rows, sqlite3_errmsg(c->db), path);
		cache_note(c, rc);
		sqlite3_finalize(st);
		safewrite_abort(&w);
		return -1;
	}
	sqlite3_finalize(st);
	out_le(&o, 0, 1);
	out_le(&o, (uint64_t)rows, 8);
	out_le(&o, o.crc & 0xffffffffu, 4);
	out_signature(&o, key);
	if (cache_stopped(c)) {
		snprintf(err, errlen, "%s: interrupted: not written", path);
		safewrite_abort(&w);
		return -1;
	}
	return safewrite_commit(&w, err, errlen) < 0 ? -1 : rows;
}

/* ---- import ------------------------------------------------------------------------- */

/* An export is held whole while it is checked and stored; past this it is refused. */
#define IMPORT_MAX_BYTES ((size_t)4 << 30)

/* What makes an open export unfit to read (into *st); NULL when nothing does. */
static const char *export_file_problem(int fd, struct stat *st)
{
	if (fstat(fd, st) < 0)
		return strerror(errno);
	if (!S_ISREG(st->st_mode))
		return "not a regular file";
	if ((uint64_t)st->st_size > IMPORT_MAX_BYTES)
		return "larger than 4 GiB: not read";
	return NULL;
}

/* size bytes from fd, and then its end, into a new buffer; NULL with *why. */
static uint8_t *read_whole(int fd, size_t size, const char **why)
{
	uint8_t extra;
	uint8_t *data = malloc(size ? size : 1);
	if (!data) {
		*why = "out of memory";
	} else if (read_full(fd, data, size) < 0 || read(fd, &extra, 1) != 0) {
		*why = "could not be read whole (it changed while read, or an I/O error)";
		free(data);
		data = NULL;
	}
	return data;
}

/* The whole file at path, into a new buffer, so that the bytes whose signature is checked
 * are the bytes stored (a second read could see another file). NULL with err. */
static uint8_t *read_export(const char *path, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	const char *why = export_file_problem(fd, &st);
	char magic[sizeof(EXPORT_MAGIC) - 1];
	/* The magic before the whole: a large file that is no export is not read into memory. */
	if (!why && (pread(fd, magic, sizeof(magic), 0) != (ssize_t)sizeof(magic)
		     || memcmp(magic, EXPORT_MAGIC, sizeof(magic)) != 0))
		why = "not an assay cache export";
	uint8_t *data = why ? NULL : read_whole(fd, (size_t)st.st_size, &why);
	close(fd);
	if (!data)
		snprintf(err, errlen, "%s: %s", path, why);
	else
		*len = (size_t)st.st_size;
	return data;
}

/* The summary row of an imported record, inside the import's transaction. */
static int import_summary(struct cache *c, const struct export_row *row, const struct record *rec)
{
	struct wbuf b;
	wbuf_init(&b);
	record_summary_encode(rec, NULL, &b);
	cache_bind_key(c->put_summary, row->oid, row->lang, row->engine);
	sqlite3_bind_blob(c->put_summary, 4, b.data, (int)b.len, SQLITE_STATIC);
	sqlite3_bind_int64(c->put_summary, 5, (sqlite3_int64)row->cost_us);
	sqlite3_bind_int64(c->put_summary, 6, c->today);
	cache_bind_digest(c->put_summary, 7, row->digest);
	int rc = b.failed ? SQLITE_NOMEM : sqlite3_step(c->put_summary);
	sqlite3_reset(c->put_summary);
	wbuf_free(&b);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One row, validated (its record must decode, in its language) and stored. */
static int import_row(struct cache *c, const struct export_row *row)
{
	struct record rec;
	if (export_row_record(row, &rec) < 0)
		return -1;
	cache_bind_key(c->put, row->oid, row->lang, row->engine);
	sqlite3_bind_blob(c->put, 4, row->packed, (int)row->packed_len, SQLITE_STATIC);
	sqlite3_bind_int64(c->put, 5, (sqlite3_int64)row->raw_size);
	sqlite3_bind_int64(c->put, 6, (sqlite3_int64)row->cost_us);
	sqlite3_bind_int64(c->put, 7, c->today);
	sqlite3_bind_int64(c->put, 9, (sqlite3_int64)time(NULL));
	cache_bind_digest(c->put, 10, row->digest);
	int ok = sqlite3_step(c->put) == SQLITE_DONE;
	sqlite3_reset(c->put);
	ok = ok && import_summary(c, row, &rec) == 0;
	record_clear(&rec);
	return ok ? 0 : -1;
}

/* Every row of an accepted export, inside the import's transaction; 0, or -1 with err. */
static int import_rows(struct cache *c, const struct export_file *f, const char *path,
		       char *err, size_t errlen)
{
	struct rbuf cursor;
	struct export_row row;
	uint64_t done = 0;
	int rc = 0;
	export_rows(f, &cursor);
	while (rc == 0 && !cache_stopped(c) && export_next_row(&cursor, &row) == 1) {
		testpoint("cache.row");
		rc = import_row(c, &row);
		done += rc == 0;
	}
	if (cache_stopped(c))
		snprintf(err, errlen, "%s: interrupted: nothing imported", path);
	else if (rc < 0 && cache_value_of_other_version(row.packed, (int)row.packed_len,
							(sqlite3_int64)row.raw_size))
		snprintf(err, errlen, "%s: row %llu holds a record of another version of assay, "
			 "which this one cannot read (export again with this version): nothing "
			 "imported", path, (unsigned long long)done + 1);
	else if (rc < 0)
		snprintf(err, errlen, "%s: row %llu is invalid: nothing imported", path,
			 (unsigned long long)done + 1);
	return cache_stopped(c) || rc < 0 ? -1 : 0;
}

/* Stores an accepted export's rows in one transaction; 0, or -1 with err. */
static int store_export(struct cache *c, const struct export_file *f, const char *path,
			char *err, size_t errlen)
{
	cache_flush(c);
	if (cache_exec(c->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot write: %s", c->path, sqlite3_errmsg(c->db));
		return -2;
	}
	cache_mark_dirty(c);
	c->bring_in = 1;	/* an import goes into the database at close */
	int rc = import_rows(c, f, path, err, errlen);
	if (rc < 0 && cache_stopped(c))
		rc = -2;	/* interrupted: not the file's fault */
	if (rc == 0 && cache_finish(c, "COMMIT") != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot store the rows: %s", c->path, sqlite3_errmsg(c->db));
		rc = -2;
	}
	if (rc < 0)
		cache_finish(c, "ROLLBACK");
	return rc;
}

long cache_import(struct cache *c, const char *path, const struct cache_trust *trust,
		  struct cache_signer *signer, char *err, size_t errlen)
{
	if (!c->writable) {
		snprintf(err, errlen, "%s: the cache is read-only", c->path);
		return -2;
	}
	size_t len;
	uint8_t *data = read_export(path, &len, err, errlen);
	if (!data)
		return -1;
	struct export_file f;
	char why[400];
	int rc = export_parse(&f, data, len, why, sizeof(why)) == 0
			 && export_authenticate(&f, trust, signer, why, sizeof(why)) == 0 ? 0 : -1;
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, why);
	else
		rc = store_export(c, &f, path, err, errlen);
	free(data);
	return rc == 0 ? (long)f.rows : rc;
}
