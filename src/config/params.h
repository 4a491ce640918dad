/*
 * params.h - a run's parameters, resolved once: the command line over the repository's
 * `.assay` over the user's ~/.config/assay/config over defaults, into one struct nothing
 * writes afterwards. The parsed command line (config/options.h) is consumed by it and
 * never read again, so no value is looked up in two places.
 */
#ifndef ASSAY_CONFIG_PARAMS_H
#define ASSAY_CONFIG_PARAMS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "common/metrics.h"
#include "config/options.h"
#include "config/settings.h"
#include "config/tighten.h"
#include "sandbox/sandbox.h"

struct run_params {
	const char *command;			/* "precommit", "diff", ...; NULL: analyze */

	/* What is measured. */
	char **paths;				/* the words after the options */
	size_t npaths;
	char **excludes;			/* -x */
	size_t nexcludes;
	uint64_t language_mask;			/* -l: 1 << lang_id; 0 all */
	uint64_t max_size;
	int no_git;
	int modified;				/* -m */
	uint8_t units[LANG_COUNT];		/* --units, [units]: enum unit_policy; 0 the
						   language's default */
	struct thresholds thresholds;		/* for paths no [threshold "GLOB"] matches, its
						   CCN capped by rank_max[RANK_ABSOLUTE] */
	char rank_max[RANK_LIMITS];		/* xenon's limits (--max-absolute, ..., [rank]):
						   'A'..'F', 0 none */

	/* How. */
	int jobs;				/* 0: online CPUs */
	enum sandbox_mode sandbox;
	double timeout;				/* seconds per file (plus the same per MiB) */
	int retries;				/* a file that killed a worker, retried alone */
	double retry_delay;			/* seconds before the first retry, doubled */
	uint64_t memory;			/* supervisor and workers together; 0 none */
	unsigned shard_index, shard_total;	/* --shard=K/N (run/shard.h); 0/0 none */
	int allow_unsandboxed;

	/* The cache. */
	int no_cache;
	char *cache_dir;			/* NULL: cache_default_dir() */
	uint64_t cache_max;			/* evict down to this after a run */
	int cache_lfu;
	/* Cache exports: what an import trusts, what an export signs with (never from the
	 * repository's .assay). */
	char **trusted_keys;			/* --trusted-key, then [cache] trustedKey */
	size_t ntrusted_keys;
	int trust_unsigned;			/* --trust-unsigned */
	int all_engines;			/* cache export --all-engines */
	char *signing_key;			/* --signing-key, else $ASSAY_SIGNING_KEY, else
						   [cache] signingKey; NULL none */
	/* The remote cache (run/remote.h): --remote-cache, else [cache] remote; NULL none. */
	char *remote_url;
	int remote_write;			/* --remote-cache-mode=readwrite */
	double remote_timeout, remote_budget;	/* seconds: a request, all of them */

	/* The reports and the outcome. */
	const struct report_format *format;	/* of standard output */
	struct cli_output *outputs;
	size_t noutputs;
	int color;				/* -1 auto, 0 never, 1 always */
	int verbose;
	int quiet;				/* text: nothing on a pass */
	int show_rank;				/* --show-rank: ranks in the text report */
	int by;					/* --by: report/groups.h enum group_by */
	int allow_empty;			/* --allow-empty */
	int include_generated;			/* --include-generated: markers skip nothing */
	int include_vendored;			/* --include-vendored: vendor folders skip nothing */
	char *project;				/* --project; NULL: the repository's name */
	char *source_url;			/* --source-url (report.sourceurl); NULL: none */
	int staged, prune;			/* baseline write: the index; drop unused */
	int stats;
	int progress;				/* -1 auto (a terminal), 0 never, 1 always */
	int log_json;
	int log_level;
	char *trace_path;
	long ignore_warnings;			/* -1 off */
	int sort_metric;			/* -1 off */
	uint32_t fail_on;			/* FAIL_ON_* */

	/* The gate (precommit, diff) and the hook. */
	int gate_all;
	enum gate_mode gate_mode;		/* --gate, else [gate] mode (worse) */
	double budget;				/* seconds for the whole run; 0 none */
	int on_error_block;
	int on_error_set;			/* --on-error was given (hook install) */
	int force;
	/* --strict or the user's [gate] strict: fail closed. The repository's .assay only
	 * tightens (what it asked for and did not get is in ignored); a file not fully
	 * measured fails the run; the repository's baseline, suppression comments and
	 * generated markers count only when the base revision has them (run/strict.h). */
	int strict;
	struct ignored_settings ignored;

	/* The configuration files, for what applies per path (config/settings.h). */
	struct assay_settings settings;
	char root[PATH_MAX];			/* the repository root globs are relative to */
	char repo_file[PATH_MAX + 8];		/* its .assay */
	char user_file[PATH_MAX + 32];		/* the user's file, or "" */
	int repo_file_read, user_file_read;	/* whether each was there and read */
};

/* Resolves cli (consumed: it is left empty) into p. With a tree (a path), the user's and
 * the repository's configuration files are read too, the repository being the git work
 * tree around that path (else the path's directory); commands that need no configuration
 * pass NULL. Returns 0, or -1 after an error message naming the file and line (a usage
 * error: exit 2). */
int params_resolve(struct run_params *p, struct cli_options *cli, const char *tree);
void params_free(struct run_params *p);

#endif
