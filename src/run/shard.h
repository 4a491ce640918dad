/*
 * shard.h - a run split over CI jobs (`--shard=K/N`) and put back together (`assay merge`).
 *
 * The files a shard measures are the run's files still pending after discovery and the
 * configuration's verdicts (every shard walks the whole tree and agrees on them). Each
 * is placed by a hash of its path, so a file keeps its shard when unrelated files come
 * and go; the few files large enough to unbalance the bins by themselves (over an eighth
 * of a bin's share of the bytes) are placed instead, largest first, in the lightest bin.
 * A shard's JSON report carries its files' records (shard_json.c), and the digests that
 * let `assay merge` refuse shards of another tree or configuration.
 */
#ifndef ASSAY_RUN_SHARD_H
#define ASSAY_RUN_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "run/run.h"

#define SHARD_DIGEST_HEX 65	/* a SHA-256 in hexadecimal, with its NUL */

/* What every shard of a run agrees on, and where this one sits. */
struct shard_plan {
	unsigned index, total;		/* K (from 1) and N */
	size_t files;			/* the files the shards share out */
	char files_digest[SHARD_DIGEST_HEX];	/* their paths and sizes */
	char config_digest[SHARD_DIGEST_HEX];	/* the engines' ids and the limits */
	uint32_t *bin;			/* per file of the run: its shard (from 1), 0 for a
					   file settled before sharing out */
};

/* The plan for r's files (discovered, verdicts taken) into total shards. */
void shard_plan_make(const struct run *r, unsigned total, struct shard_plan *plan);
/* 1 when path is one a shard may be given: relative, and no ".." component (a merge walks
 * the shards' paths in its own checkout, where nothing else names the same files). */
int shard_path_inside(const char *path);
void shard_plan_free(struct shard_plan *plan);

/* precommit, diff: each old version goes with its new one (r->changes). */
void shard_plan_pairs(const struct run *r, struct shard_plan *plan);
/* Keeps of r's pending files those of shard plan->index; the plan's bins follow. */
void shard_keep_own(struct run *r, struct shard_plan *plan);

#endif
