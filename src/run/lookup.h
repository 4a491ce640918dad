/*
 * lookup.h - the run's use of the result cache (store/cache.h): opened for the run,
 * asked before any file is read (files keyed from the git index, most of them in one
 * scan of the summaries), asked again for each file once read and hashed, given every
 * worker's answer, and closed (kept under its size cap) after the reports.
 */
#ifndef ASSAY_RUN_LOOKUP_H
#define ASSAY_RUN_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "run/run.h"

/* What the run's records depend on besides the languages, for the cache's engine ids: its
 * [generated] markers (a file that carries one is skipped, so a record measured without
 * them must not answer a run with them) and strict mode (which may refuse a marker); 0
 * when no marker is set. */
uint64_t lookup_engine_salt(const struct run_params *p);
/* Says the warning cache_open gave as its event: cache.recovered (a corrupt or tampered
 * database was set aside), cache.readonly (c is read but not written) or cache.disabled
 * (no cache). */
void lookup_open_warning(const struct cache *c, const char *warning);
/* Each language's engine id for a run with p (-m, the unit policies, the salt above):
 * those whose rows it looks up and stores. */
void lookup_engines(const struct run_params *p, uint64_t engines[LANG_COUNT]);
/* Opens the cache unless --no-cache (a cache that cannot be used is a warning only), and
 * with prefetch starts reading its summaries on a thread while the tree is walked. */
void lookup_open(struct run *r, int prefetch);
/* The remote cache behind the local one, when the run has one (run/remote.h): 0, or
 * EXIT_USAGE after an error message. */
int lookup_open_remote(struct run *r);
/* Says what went wrong with the cache (and closes the remote cache), evicts past its
 * cap, closes it. */
void lookup_close(struct run *r);
/* Answers from the cache every file whose key came from the git index, before any file
 * is read; reads the extension-less ones its answers leave pending (scripts), whose #!
 * line may name a language the cache then answers. */
void lookup_prepass(struct run *r);
/* Opens the cache (lookup_open, no read-ahead) unless it is open or was tried. */
void lookup_need(struct run *r);
/* Opens it now when a file still pending has a key (from the git index): the lookups
 * before any file is read need it. Otherwise it waits for the first file read
 * (lookup_loaded), so that its opening overlaps the start of the worker that file most
 * likely needs (engine/pool.c, start_early). */
void lookup_open_for_keyed(struct run *r);
/* Whether the run has a cache, or will once it is asked (not tried yet). */
int lookup_will_have_cache(const struct run *r);
/* When the run's cache was last written before this run wrote to it (cache_written_ns,
 * taken as it opened, or now when it is not open yet), 0 with --no-cache, without a
 * cache directory or a cache there. */
int64_t lookup_cache_written_ns(const struct run *r);
/* File i's bytes are read: keyed (hashed, git/keys.h) and looked up. 1 when the cache
 * settled it. Without a cache, a shard's files are keyed all the same (their records
 * carry the key: cmd/merge.c). */
int lookup_loaded(struct run *r, size_t i, const uint8_t *data, size_t len);
/* File i's final result came from a worker: stored (verdicts on crashes and timeouts
 * too: a hostile file costs once). */
void lookup_store(struct run *r, size_t i);
/* 1 when file i's result is one to store (a cache, a key, a worker's result). */
int lookup_storable(const struct run *r, size_t i);
/* File i's result packed now, to be stored later by lookup_store_row with the worker
 * generation that gave it (see worker_ended in load.c). */
int lookup_pack(const struct run *r, size_t i, struct cache_row *row);
void lookup_store_row(struct run *r, size_t i, const struct cache_row *row, uint64_t worker);
/* File i, keyed but of no language by its name, turned out to be of none by its content
 * either: remembered, so the next run need not open it. */
void lookup_no_language(struct run *r, size_t i);
/* Stores file i's "skipped: generated" verdict under its key (the engine ids hash the
 * markers and --include-generated), so the next run need not read it again; not under
 * --strict, where the verdict also depends on the file's base version. */
void lookup_generated(struct run *r, size_t i);
/* A keyed .h whose bytes said C or C++ (load.c): remembered under LANG_NONE as a
 * no-language verdict whose detail names that language, so the next run finds the
 * language without reading the file (the content test is part of that engine's id). Its
 * bytes must not start with "#!": an extension-less twin of them is no language either. */
void lookup_header_language(struct run *r, size_t i, const uint8_t *data, size_t len);
/* Commits what is pending (on interruption, before reporting). */
void lookup_flush(struct run *r);

#endif
