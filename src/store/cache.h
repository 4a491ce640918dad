/*
 * cache.h - the content-addressed result cache: SQLite, owned by the supervisor alone.
 *
 * A result is keyed by the git blob id of the file's content, its language and its
 * language's engine id (record format, the shared walker's version, the tree-sitter
 * runtime, that language's grammar and rules versions, and the options that change
 * records; never thresholds or report formats). The value is the
 * record encoding as it is, and is decoded on the way back in by the same bounded
 * decoder as worker replies: a tampered or truncated row is a miss, never a crash.
 *
 * The cache never fails an analysis. A database that cannot be opened, is read-only, is
 * corrupt or fills the disk is moved aside, rebuilt or bypassed, and the user is told
 * (cache_warning). Results are committed in small batches as they arrive, so Ctrl-C, a
 * crash or kill -9 loses nothing already measured. Several assay processes may share one
 * cache (WAL, busy timeout, BEGIN IMMEDIATE for writes).
 */
#ifndef ASSAY_CACHE_H
#define ASSAY_CACHE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/languages.h"
#include "common/record.h"

#define CACHE_SCHEMA_VERSION 7
#define CACHE_OID_LEN 20
#define CACHE_DIGEST_LEN 32
#define CACHE_DEFAULT_CAP (1ull << 30)

struct cache;

/* What this run did with the cache, for the summary and `assay cache stats`. */
struct cache_counts {
	uint64_t hits[LANG_COUNT];
	uint64_t misses[LANG_COUNT];
	uint64_t saved_us;	/* worker time the hits would have cost */
	uint64_t stored;
};

/* The directory the cache lives in: --cache-dir, else $ASSAY_CACHE_DIR, else
 * $XDG_CACHE_HOME/assay, else ~/.cache/assay. A new string, or NULL without a home. */
char *cache_default_dir(const char *option);
/* When the cache in dir was last written, in nanoseconds since the epoch: the later of
 * its database's and its WAL's modification times (every run that opens it writes one of
 * them), 0 when neither is a regular file there. Nothing is opened or read. */
int64_t cache_written_ns(const char *dir);
/* Each language's engine id for a set of analysis flags (ANALYZE_*): a hash of what its
 * records depend on (record format, the shared walker, the runtime, its grammar's pinned
 * version and its rules' version, the flags), so a change to one language leaves the
 * others' rows valid. engines[LANG_NONE] is that of the verdicts on files of no language.
 * salt is what else the run's records depend on (its generated markers: run/lookup.c), 0
 * for nothing, which keeps the ids of every run without such settings. */
void cache_engine_ids(uint32_t analyze_flags, const uint32_t lang_flags[LANG_COUNT],
		      uint64_t salt, uint64_t engines[LANG_COUNT]);

/* Opens (creating, migrating or rebuilding as needed) dir/cache.db for a run with these
 * engines (cache_engine_ids). Returns NULL when no cache can be used at all; *warning
 * then says why (static or in buf). A cache that can be read but not written is returned
 * with writes off and a warning. */
struct cache *cache_open(const char *dir, const uint64_t engines[LANG_COUNT], char *warning,
			 size_t warning_len);
/* When a read or a write of this run met the database corrupt (SQLite said so after it
 * opened clean), closes it without writing and moves it aside as a corrupt one found at
 * open is (PATH.corrupt-TIME, no older one kept): 1 with note saying so, else 0. Call it
 * before cache_close, which then has nothing to write. */
int cache_set_aside_if_corrupt(struct cache *c, char *note, size_t len);
/* Commits what is pending, records this run's counts, marks a clean shutdown. */
void cache_close(struct cache *c);
/* Why the cache stopped writing during the run ("" when it did not). */
const char *cache_warning(const struct cache *c);
/* 1 when cache_open found the database corrupt (or holding what is not ours), moved it
 * aside and made a new one. */
int cache_recovered(const struct cache *c);
/* NULL when the cache is written to; else why not (it opened read-only, or a write
 * failed), in SQLite's and the system's words. */
const char *cache_unwritable(const struct cache *c);

enum { CACHE_HIT = 1, CACHE_HIT_SUMMARY = 2 };

/* Takes back a miss cache_get counted for lang: the file is asked again under another key
 * (its bytes', when the git index's id was not theirs). */
void cache_uncount_miss(struct cache *c, enum lang_id lang);

/* Looks a file up; 0 on a miss (a row that fails to decode is a miss). digest is that of
 * the bytes when the caller keyed them itself (keys_lookup), NULL when git's index gave
 * the key: a row stored with a digest answers a lookup with another one as a miss (two
 * contents with one SHA-1: git/keys.h). With limits (per
 * metric, -1 off), for a caller that needs only the units over them: when the row's
 * summary keeps them all, *rec is the record's file-level part with a subset of its units
 * that holds every one over limits, *s the summary, and the answer CACHE_HIT_SUMMARY,
 * without decoding anything. Otherwise (or with limits NULL) CACHE_HIT with the whole
 * record (*s unused); with limits, the summary is then stored again so that it keeps what
 * these limits need. *rec is zeroed first. */
int cache_get(struct cache *c, const uint8_t oid[CACHE_OID_LEN], const uint8_t *digest,
	      enum lang_id lang, const long *limits, struct record *rec, struct record_summary *s);
/* The whole record of a key whose lookup was counted a hit already (a summary answered
 * it, saving counted_cost, and proved not enough: run/run.h, run_summary_enough): 1, or 0
 * with that hit counted a miss instead (the row is gone: the file will be analyzed). */
int cache_get_whole(struct cache *c, const uint8_t oid[CACHE_OID_LEN], const uint8_t *digest,
		    enum lang_id lang, uint64_t counted_cost, struct record *rec);
/* A hit counted for lang (saving counted_cost) turned out to answer nothing (the row's
 * verdict does not apply, or its whole record is gone): a miss instead. */
void cache_take_back_hit(struct cache *c, enum lang_id lang, uint64_t counted_cost);
/* One lookup of cache_scan. */
struct cache_query {
	const uint8_t *oid;		/* in: the key, from git's index (a scan checks no digest) */
	enum lang_id lang;
	const long *limits;		/* in: as for cache_get (not NULL) */
	struct record *rec;		/* in: where the answer goes (zeroed first) */
	int answered;			/* out: *rec holds a CACHE_HIT_SUMMARY answer */
	uint32_t nunits;		/* out: the file's number of units */
	uint64_t cost_us;		/* out: the analysis its row saves */
	int64_t day;
};

/* Starts reading this engine's summaries on a thread of its own, for cache_scan, while
 * the caller walks the tree. Until cache_scan, cache_hold_reads, cache_get,
 * cache_put, cache_flush or cache_close (each stops it where it is and takes the
 * connection back), no other cache function may be called. */
void cache_prefetch(struct cache *c);
/* Answers, by one ordered scan of the summaries, the lookups a summary settles as
 * cache_get would with CACHE_HIT_SUMMARY (counted as hits); the others are left
 * for cache_get. Does nothing (returns 0) when point lookups would be cheaper: a few
 * lookups in a large cache. Returns the number answered. */
size_t cache_scan(struct cache *c, struct cache_query *q, size_t n);
/* Queues a record no worker generation is kept for (a verdict of the supervisor's, a
 * result of a worker that may not be found again), and its summary keeping the units
 * over floor (the run's limits; NULL none); commits every few hundred records or half
 * second. digest as for cache_get: stored with the row. */
void cache_put(struct cache *c, const uint8_t oid[CACHE_OID_LEN], const uint8_t *digest,
	       enum lang_id lang, const struct record *rec, uint64_t cost_us, const long *floor);
/* cache_put in two steps, for a result stored later than it arrives (once its worker
 * has ended well): the record packed now, as it is now (the run may prune it later).
 * worker is the generation of the worker that produced it (0: the supervisor's verdict),
 * kept in the row so that a worker's rows can be found again. */
struct cache_row {
	uint8_t *packed;		/* the encoded record (record_encode) */
	size_t plen, raw_len;
	struct wbuf summary;		/* its summary row */
	int has_digest;			/* digest is that of the bytes (cache_get) */
	uint8_t digest[CACHE_DIGEST_LEN];
};
int cache_row_pack(struct cache_row *row, const struct record *rec, const long *floor);
/* Sets a row's digest (NULL: none). */
void cache_row_digest(struct cache_row *row, const uint8_t *digest);
void cache_put_row(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
		   const struct cache_row *row, uint64_t cost_us, uint64_t worker);
void cache_row_free(struct cache_row *row);
/* The stored row of a key as it is (its packed record, summary and digest; a summary made
 * from the record when the row has none), for a remote cache pack: 1 with *row filled (free
 * it with cache_row_free) and its cost, 0 when there is none. Not counted as a hit. */
int cache_get_row(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
		  struct cache_row *row, uint64_t *cost_us);
/* Stores, under (oid, LANG_NONE), the memo that the blob's bytes are of language lang (a
 * .h's C, C++ or Objective-C): a verdict of no language whose detail names it. */
void cache_put_language_memo(struct cache *c, const uint8_t oid[CACHE_OID_LEN],
			     const uint8_t *digest, enum lang_id lang);
/* Around a run of lookups: one read transaction, so the WAL's read lock is taken once
 * rather than per lookup. A write in between ends it. */
void cache_hold_reads(struct cache *c);
void cache_release_reads(struct cache *c);
/* Between cache_bulk(c, 1) and cache_bulk(c, 0), what is stored is committed in one
 * transaction at the end rather than in batches: for rows that came together (a remote
 * cache's packs, a worker generation's held results), where one transaction writes each
 * page once. Returns whether it was on before (a caller nested in another's bulk leaves
 * it on). */
int cache_bulk(struct cache *c, int on);
/* Commits the open batch now (on interruption, before reporting). */
void cache_flush(struct cache *c);
const struct cache_counts *cache_counts(const struct cache *c);

/* Maintenance. gc and clear take an fcntl lock on dir/maintenance.lock, so that two
 * processes never evict at once (gc then does nothing); the rest runs under SQLite's own
 * locking.
 *
 * Once *stop is set (by a signal handler) after cache_watch, the operation in progress
 * (verify, gc, clear, export, import, totals) ends early, the cache left consistent: what
 * was committed stays (gc's batches, verify's deletions), what was not is rolled back
 * (clear, import), an unfinished export file is removed. It then fails (-1, err saying
 * "interrupted") and cache_interrupted() says why. */
void cache_watch(struct cache *c, volatile sig_atomic_t *stop);
int cache_interrupted(const struct cache *c);
/* Why the last maintenance operation failed, naming the path and the cause ("" when
 * SQLite's own words are all there is: cache_unwritable). */
const char *cache_error(const struct cache *c);
struct cache_totals {
	uint64_t entries, bytes;
	uint64_t entries_by_lang[LANG_COUNT], bytes_by_lang[LANG_COUNT];
	uint64_t hits[LANG_COUNT], misses[LANG_COUNT], saved_us;
	uint64_t file_bytes;
};
int cache_totals(struct cache *c, struct cache_totals *t);
/* The size of the database file (pages in use): at least the bytes of stored values. */
uint64_t cache_file_bytes(struct cache *c);
/* Evicts least recently (or, with lfu, least often) used entries, one by one in that order
 * (ties by key), until the stored bytes are at most cap: no more than that, so what stays
 * is just under the cap. Returns the number evicted, -1 on failure, or CACHE_GC_LOCKED
 * when another process holds the maintenance lock (nothing evicted). */
#define CACHE_GC_LOCKED (-2)
long cache_gc(struct cache *c, uint64_t cap, int lfu);
/* Removes every stored result, summary and count: 0, -1 on failure (cache_error: the
 * maintenance lock could not be taken at all), or CACHE_GC_LOCKED when another process
 * held the maintenance lock for the 10 s it waits (nothing removed). */
int cache_clear(struct cache *c);
/* Removes the databases moved aside as corrupt (cache.db.corrupt-TIME) but the newest;
 * the number removed, or -1. */
long cache_prune_corrupt(struct cache *c);
/* Decodes every row; returns the number of bad rows, or -1. Rows of another version of
 * assay (records this one cannot read: cache_value_of_other_version) are not bad, and
 * counted in *other. Both kinds are deleted, *removed says how many (a cache that cannot
 * be written keeps them: cache_unwritable says why). A database that fails its integrity
 * check is noted corrupt: set it aside with cache_set_aside_if_corrupt. */
long cache_verify(struct cache *c, long *removed, long *other);
struct signing_secret;
struct signing_public;

/* A portable, versioned, checksummed file of the results rows of the engines the cache
 * was opened with (cache_open's engines: those a run with the same options looks up),
 * or with all_engines of every engine (an import stores whatever the file holds), signed
 * with key (store/signing.h) or, when key is NULL, unsigned. Returns the rows, or -1 with
 * err. A row an import would refuse (fields out of bounds, a value that does not decode:
 * a damaged or tampered row) is left out, counted in *left_out. */
long cache_export(struct cache *c, const char *path, const struct signing_secret *key,
		  int all_engines, long *left_out, char *err, size_t errlen);

/* Whose exports cache_import stores. */
struct cache_trust {
	const struct signing_public *keys;	/* --trusted-key, [cache] trustedKey */
	size_t nkeys;
	int trust_unsigned;			/* also unsigned exports and unknown keys */
};

/* Who vouched for an imported export. */
enum cache_signer_kind { CACHE_SIGNED_TRUSTED, CACHE_UNSIGNED, CACHE_SIGNED_UNKNOWN };
struct cache_signer {
	enum cache_signer_kind kind;
	char key_id[17];			/* the signer's key id; "" when unsigned */
};

/* Imports such a file: read whole into memory (so the bytes checked are the bytes
 * stored), its layout and signature checked against trust before any record is decoded
 * or any row stored, then every row validated and stored in one transaction. Returns
 * the rows imported with *signer filled, or with err naming the file and why (nothing
 * stored): -1 when the file is refused (malformed, not trusted, a bad row), -2 when the
 * cache is the cause (read-only, locked, a failed write, interrupted). */
long cache_import(struct cache *c, const char *path, const struct cache_trust *trust,
		  struct cache_signer *signer, char *err, size_t errlen);
const char *cache_path(const struct cache *c);

/* ---- inspection (`assay cache why`: store/cache_inspect.c) ---- */

/* Opens dir/cache.db read-only, to look at: nothing is created, migrated or written (not
 * even the clean mark), and cache_close writes nothing. NULL with err (naming the file
 * and why) when there is no database or it cannot be read. */
struct cache *cache_open_inspect(const char *dir, const uint64_t engines[LANG_COUNT], char *err,
				 size_t errlen);
/* The engine ids the cache was opened with. */
const uint64_t *cache_engines(const struct cache *c);
/* A row stored for a content, as `assay cache why` shows it. */
struct cache_entry {
	enum lang_id lang;
	uint64_t engine;
	int has_result;		/* a results row (else its summary alone is left) */
	int has_summary;
	int decodes;		/* the results row decodes to a record of lang: a run's hit */
	int other_bytes;	/* its digest is not that of the bytes asked about */
	int64_t stored_at;	/* seconds since the epoch; 0 unknown (stored before schema 5) */
	int64_t used_day;	/* days since the epoch */
	uint64_t uses, bytes, worker;
};
/* The rows stored for oid, of every language and engine (results rows first), up to max
 * into e, each judged against the digest of the bytes (cache_get). Returns how many there
 * are (more than max: the rest left out), or -1 with err. */
long cache_entries_of(struct cache *c, const uint8_t oid[CACHE_OID_LEN],
		      const uint8_t digest[CACHE_DIGEST_LEN], struct cache_entry *e, size_t max,
		      char *err, size_t errlen);
/* Why a results row went, as the cache notes it (cache_open.c, table evicted). */
enum cache_removal { CACHE_REMOVED_EVICTED = 0, CACHE_REMOVED_DAMAGED = 1 };
struct cache_removal_note {
	enum lang_id lang;
	uint64_t engine;
	int64_t day;		/* days since the epoch */
	enum cache_removal why;
	int other;		/* the row was another engine's or language's */
};
/* The last removal noted of the results row of oid, lang and engine, else the newest of
 * any results row of oid (r->other set): 1 with it in *r, 0 when none is noted (or the
 * cache, of an older schema, notes none). */
int cache_removal_of(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
		     uint64_t engine, struct cache_removal_note *r);

#endif
