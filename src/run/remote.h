/*
 * remote.h - the run's use of the remote cache (docs/SCALING.md): a second level behind
 * the local cache. Files the local cache did not answer are asked of the server in one
 * concurrent batch before any is read; a value is believed only once a trusted key's
 * signature over it and its key verifies (store/remote_value.h), and is then stored
 * locally too. With --remote-cache-mode=readwrite what the run measured is signed and
 * stored on the server in one batch once the analysis ends. The requests of a run take
 * at most --remote-cache-budget in all; a server that is slow, down or wrong costs
 * misses, never a result.
 */
#ifndef ASSAY_RUN_REMOTE_H
#define ASSAY_RUN_REMOTE_H

#include <stddef.h>
#include <stdint.h>

#include "run/run.h"

/* What the remote cache did this run (--stats, the JSON report, Prometheus). */
struct remote_counts {
	uint64_t hits;		/* values verified, decoded and used */
	uint64_t misses;	/* every lookup that gave no result (absent, rejected, failed,
				   not asked) */
	uint64_t rejected;	/* of the misses: a value that failed its checks */
	uint64_t errors;	/* of the misses and stores: requests that failed (transport,
				   HTTP status, oversized reply) */
	uint64_t stored;	/* values the server took */
	uint64_t bytes_in, bytes_out;
	double seconds;		/* time spent waiting for the server */
	uint64_t packs_asked;	/* packs (groups of files) asked for */
	uint64_t packs_found;	/* of them: verified and used */
	uint64_t packs_stored;	/* readwrite: packs the server took */
};

/* Opens the remote cache when the run has one (--remote-cache or [cache] remote, not
 * under --no-cache), for the run's engine ids (lookup_engines): its URL, the keys that
 * verify values (--trusted-key, and with readwrite the signing key's own) and the
 * signing key. 0, or EXIT_USAGE after an error naming the URL or key file and why. */
int remote_open(struct run *r, const uint64_t engines[LANG_COUNT]);
/* Asks the server for every keyed file still pending (after the local cache's
 * prepass), and settles the files it answers. */
void remote_lookup(struct run *r);
/* File i, keyed only once read (not from the git index: changed in the work tree, or
 * outside a repository) and missed by the local cache, asked alone. 1 when the server
 * settled it. */
int remote_lookup_one(struct run *r, size_t i);
/* readwrite: file i's result, packed in row (cache_row_pack), is signed and queued for
 * remote_store. */
void remote_queue(struct run *r, size_t i, const struct cache_row *row);
/* Stores the queued values on the server. */
void remote_store(struct run *r);
/* The counts, or NULL when the run has no remote cache. */
const struct remote_counts *remote_counts(const struct run *r);
/* Frees what remote_open made (lookup_close calls it). */
void remote_close(struct run *r);

#endif
