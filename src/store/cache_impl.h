/*
 * cache_impl.h - what the files of the SQLite result cache share (store/cache*.c): the
 * state of an open cache and the helpers more than one of them calls. Not for use outside
 * store/; the interface is store/cache.h.
 */
#ifndef ASSAY_STORE_CACHE_IMPL_H
#define ASSAY_STORE_CACHE_IMPL_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "store/cache.h"

#define BATCH_ROWS 256
#define BATCH_SECONDS 0.5

/* A summaries row read ahead: its oid and summary in the arena, one after the other. */
struct prefetch_row {
	size_t off, len;	/* the oid at off, the summary (len bytes) after it */
	enum lang_id lang;
	uint64_t cost_us;
	int64_t day;
};

struct prefetch {
	pthread_t thread;
	int running;		/* the thread has the connection */
	atomic_int stop;	/* the caller wants the connection back now */
	int complete;		/* every row of the engine was read */
	struct prefetch_row *rows;
	size_t nrows, cap;
	uint8_t *arena;
	size_t arena_len, arena_cap;
};

/* Results a run may store and leave in the WAL; from this many on, its close brings the
 * WAL into the database (cache_open.c, checkpoint_at_close). */
#define CHECKPOINT_ROWS 64

struct cache {
	sqlite3 *db;
	struct prefetch pf;
	char *dir;
	char *path;
	uint64_t engines[LANG_COUNT];	/* each language's engine id (cache_engine_ids) */
	int writable;
	int dirty;		/* this process marked the cache open for writing (meta clean=0) */
	int closing;		/* cache_close: what is left to commit is the run's last */
	int found_open;		/* meta said clean=0 at open (a run that did not end; its
				 * quick_check passed): this run's close marks the cache clean */
	int wal_pages;		/* frames in the WAL after this process' last commit */
	int rows_written;	/* results stored (from CHECKPOINT_ROWS on, the WAL is emptied
				 * at close: cache_open.c) */
	int bring_in;		/* an import or a schema made: the WAL is emptied at close */
	int in_batch;
	int bulk;		/* cache_bulk: one transaction until it ends */
	int reading;		/* a read transaction is open (cache_hold_reads) */
	int batch_rows;
	double batch_started;
	uint32_t today;
	sqlite3_stmt *get, *put, *touch, *get_summary, *put_summary, *touch_summary;
	struct cache_counts counts;
	char warning[512];
	char failure[200];		/* why it is not written (opening read-write or a write
					 * failed): SQLite's and the system's words */
	int recovered;			/* a corrupt database was moved aside at open, a new one made */
	int corrupt;		/* the SQLite code of a read or write that met the database
				 * corrupt (0 none): it is set aside at the run's end */
	volatile sig_atomic_t *stop;	/* cache_watch: end maintenance early when set */
	char error[4400];		/* why the last maintenance failed, when known */
	int finishing;		/* ending a transaction: not to be interrupted */
};

/* 1 when maintenance is to end early (cache_watch); SQLite's progress handler asks too. */
int cache_stopped(const struct cache *c);
/* Runs sql (COMMIT, ROLLBACK) even once stopped; an SQLite code. */
int cache_finish(struct cache *c, const char *sql);

/* Runs sql; an SQLite code. */
int cache_exec(sqlite3 *db, const char *sql);
/* PRAGMA quick_check: SQLITE_OK when it says ok, SQLITE_CORRUPT when it finds damage, or
 * the code that kept it from running (SQLITE_INTERRUPT, SQLITE_BUSY, an I/O error). */
int cache_quick_check(sqlite3 *db);
/* How many objects sqlite_schema holds besides the cache's own tables, named (up to len)
 * in found; -1 when it cannot be read. */
int cache_foreign_objects(sqlite3 *db, char *found, size_t len);
/* Records a clean (1) or open (0) state in meta. */
int cache_set_clean(sqlite3 *db, int clean);
/* Marks the cache open for writing (meta clean=0) in the transaction open, if any: called
 * before each commit that is not the run's last (cache_flush), and by the maintenance
 * that writes in place. A run that writes nothing, or all in its last transaction, leaves
 * the mark as it was. */
void cache_mark_dirty(struct cache *c);
/* Opens c->path read-write, rebuilt when corrupt, else read-only (warning says so). */
int cache_open_any(struct cache *c, char *warning, size_t len);
/* 1 when an SQLite code says the database is corrupt (or no database at all). */
int cache_is_corruption(int rc);
/* Notes rc, what a step or a commit returned: a corrupt database is remembered
 * (cache_set_aside_if_corrupt). Returns rc. */
int cache_note(struct cache *c, int rc);
/* Moves the database (with its -wal and -shm) aside to PATH.corrupt-TIME, named in
 * moved, keeping no older one. Returns 0, or -1 with errno when the database itself could
 * not be moved. */
int cache_move_aside(const struct cache *c, char *moved, size_t len);
/* Why a write of db failed with rc, in SQLite's words and the system's: SQLite records no
 * errno for a full disk (its unix layer maps ENOSPC and short writes to SQLITE_FULL), so
 * that one is named here. */
void cache_describe_failure(sqlite3 *db, int rc, char *out, size_t len);
/* Removes the databases moved aside as corrupt (cache.db.corrupt-TIME, with their -wal and
 * -shm) but the one of time keep (-1: the newest); the number of databases removed, or -1
 * when the directory cannot be read. */
long cache_prune_aside(const struct cache *c, long keep);
/* Finalizes the statements and closes the database. */
void cache_close_db(struct cache *c);
/* Binds (oid, lang, engine) as parameters 1-3; lang as the fixed id of the language
 * table, never a position that may move. */
void cache_bind_key(sqlite3_stmt *st, const uint8_t *oid, enum lang_id lang, uint64_t engine);
/* Opens the write batch when none is; 0 when writing has stopped. */
int cache_begin_batch(struct cache *c);
/* Runs a bound write statement inside the batch; commits the batch when it is due. */
void cache_batch_step(struct cache *c, sqlite3_stmt *st);
/* Queues the summary row of a record, with the digest of its row (NULL: none). */
void cache_put_summary(struct cache *c, const uint8_t *oid, enum lang_id lang,
		       const struct record *rec, const long *floor, uint64_t cost_us,
		       const uint8_t *digest);
/* Binds a digest (NULL: SQL NULL) as parameter param. */
void cache_bind_digest(sqlite3_stmt *st, int param, const uint8_t *digest);
/* Decodes a stored value; -1 when it is not a valid record (cache_unpack.c:
 * no SQLite call, for the export decoder's fuzz target). */
int cache_unpack(const void *packed, int plen, sqlite3_int64 raw_size, struct record *rec);
/* Whether a stored value that does not decode is the record of another version of assay
 * (a deflated one of version 4 or before, or a later version's): not damage, but nothing
 * this version can read. */
int cache_value_of_other_version(const void *packed, int plen, sqlite3_int64 raw_size);
/* The same for a summaries row's summary (which holds the file-level record). */
int cache_summary_of_other_version(const void *summary, int len);
/* Counts a hit, and refreshes the entry's recency once a day. */
void cache_count_hit(struct cache *c, const uint8_t *oid, enum lang_id lang, uint64_t cost,
		     sqlite3_int64 day);
/* A summaries row, as read by a scan (from SQLite, or from the prefetch). */
/* A summary is about 100 bytes (its violating units besides); one larger than this is a
 * damaged or planted row, never read into memory (cache_row_of, the point lookup). */
#define SUMMARY_MAX_BYTES ((size_t)16 << 20)
/* The same in SQL, where a larger one is selected as NULL: SQLite reads a value it selects
 * whole, but length() only from the row's header. */
#define SUMMARY_COLUMN "CASE WHEN length(summary) <= 16777216 THEN summary END"

struct summary_row {
	const uint8_t *oid;	/* CACHE_OID_LEN bytes */
	enum lang_id lang;
	const void *summary;
	size_t len;
	uint64_t cost_us;
	int64_t day;
};

/* The row under a statement of cache_engine_summaries_sql (oid, lang, summary, cost_us,
 * used_day); -1 when its oid is malformed. */
int cache_row_of(sqlite3_stmt *st, struct summary_row *row);
extern const char cache_engine_summaries_sql[];
/* 1 when no language before l has l's engine id: the engines to scan, each once. */
int cache_first_of_engine(const struct cache *c, int l);
/* 1 when a row read from engine's range is of a language whose engine this is. */
int cache_row_current(const struct cache *c, const struct summary_row *row, uint64_t engine);

/* Ends the read-ahead (cache_prefetch): the connection is the caller's again. */
void cache_prefetch_join(struct cache *c);
/* Frees what the read-ahead kept. */
void cache_prefetch_free(struct prefetch *pf);

#endif
