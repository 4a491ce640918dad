/*
 * options.h - command-line options: one table declares every option (short and long name,
 * argument, help), from which getopt_long's array and the --help text are built. What is
 * parsed here is the command line alone; config/params.h resolves it with the
 * configuration files into a run's parameters.
 */
#ifndef ASSAY_CONFIG_OPTIONS_H
#define ASSAY_CONFIG_OPTIONS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/metrics.h"
#include "report/formats.h"
#include "sandbox/sandbox.h"

struct cli_output {
	const struct report_format *format;	/* NULL: from --format or the extension */
	char *path;
	int metrics_file;			/* given as --metrics-file */
};

/* --fail-on: events that fail an otherwise clean run (exit 3, or 4 for the sandbox). */
#define CLI_SHARD_MAX 1000		/* --shard=K/N: N at most */

#define FAIL_ON_INCOMPLETE 0x1u		/* a file failed or was not reached */
#define FAIL_ON_PARTIAL 0x2u		/* a file parsed with errors */
#define FAIL_ON_SKIPPED 0x4u		/* a file was skipped for a reason worth a line */
#define FAIL_ON_DEGRADED 0x8u		/* the sandbox was less than full (exit 4) */
#define FAIL_ON_VIOLATION 0x10u		/* a worker was killed by the sandbox (exit 4) */

/* -i -1 (lizard: a negative N never fails on violations). */
#define IGNORE_ALL_WARNINGS LONG_MAX

/* --max-average=off and the like: off, over the configuration's rank limit. */
#define RANK_OFF '-'

struct cli_options {
	const char *command;			/* the command word (static), or NULL */
	const struct report_format *format;	/* of standard output */
	struct cli_output *outputs;
	size_t noutputs;
	int jobs;				/* 0: online CPUs */
	struct thresholds thresholds;
	char **excludes;
	size_t nexcludes;
	uint64_t language_mask;
	uint64_t max_size;
	enum sandbox_mode sandbox;
	double timeout;				/* seconds per file (plus the same per MiB) */
	int retries;				/* --retries */
	double retry_delay;			/* --retry-delay */
	uint64_t memory;			/* --memory; 0 none */
	unsigned shard_index, shard_total;	/* --shard=K/N; 0/0 none */
	int modified;
	int units;				/* --units: enum unit_policy, 0 unset */
	int color;				/* -1 auto, 0 never, 1 always */
	int verbose;
	int quiet;
	int staged, prune;			/* baseline write --staged, --prune */
	int stats;			/* --stats on standard error */
	int allow_unsandboxed;		/* in-process analysis when no worker starts */
	int no_cache;
	char *cache_dir;			/* NULL: cache_default_dir() */
	uint64_t cache_max;			/* evict down to this after a run */
	int cache_lfu;				/* evict least often used instead of least recently */
	uint32_t fail_on;			/* FAIL_ON_* events that fail the run */
	int log_json;				/* --log-format=json */
	int log_level;				/* enum log_level */
	char *trace_path;			/* --trace FILE */
	int progress;				/* -1 auto (a terminal), 0 never, 1 always */
	int allow_empty;			/* --allow-empty: measuring nothing passes */
	int include_generated;			/* --include-generated */
	int include_vendored;			/* --include-vendored */
	char *project;				/* --project NAME */
	char *source_url;			/* --source-url TEMPLATE */
	long ignore_warnings;			/* -i N: at most N violations still exit 0; -1 off;
						   IGNORE_ALL_WARNINGS: -i with a negative N */
	int sort_metric;			/* -s METRIC: violations largest first; -1 off */
	int gate_all;				/* precommit/diff --all: unchanged functions too */
	int gate_mode;				/* --gate: enum gate_mode, 0 unset */
	double budget;				/* --budget seconds (precommit, diff); -1 unset */
	int on_error_block, on_error_set;	/* precommit --on-error=block|allow */
	int force;				/* hook install --force */
	int no_git;				/* walk plainly, ignoring git */
	char **trusted_keys;			/* cache import --trusted-key FILE */
	size_t ntrusted_keys;
	char *signing_key;			/* cache export --signing-key FILE */
	int trust_unsigned;			/* cache import --trust-unsigned */
	int all_engines;			/* cache export --all-engines */
	char *remote_cache;			/* --remote-cache URL */
	int remote_mode;			/* 0 unset, 1 read, 2 readwrite */
	double remote_timeout, remote_budget;	/* seconds; -1 unset */
	int strict;				/* --strict: fail closed (config/strict.h) */
	char rank_max[RANK_LIMITS];		/* --max-absolute, --max-modules, --max-average:
						   'A'..'F', RANK_OFF, 0 unset */
	int show_rank;				/* --show-rank: ranks in the text report */
	int by;					/* --by: report/groups.h enum group_by */
	/* What the command line set explicitly: it wins over the configuration files. */
	uint32_t explicit_limits;		/* 1 << metric */
	int explicit_sandbox, explicit_cache_dir, explicit_cache_max, explicit_eviction;
	char **paths;
	size_t npaths;
};

/* Parses argv (the program name first, the command word already taken out) for command
 * (NULL: analyze; a static string). Returns 0; 1 when --help was printed (exit 0);
 * CLI_VERSION at --version (the options before it parsed, the rest not); -1 after
 * printing a usage error (exit 2). */
#define CLI_VERSION 2
int cli_parse(struct cli_options *opt, int argc, char **argv, const char *command);
/* The index in argv of the first word that is not an option or an option's argument,
 * before any "--" (argv[0], the program, is not looked at); 0 when there is none.
 * Options may then come before or after a command word alike. */
int cli_first_word(int argc, char **argv);
void cli_free(struct cli_options *opt);
/* A command's --help (command NULL: assay's own). */
void cli_usage(FILE *out, const char *command);
/* A command's usage lines and "Try 'assay COMMAND --help'." on standard error, for a
 * command word missing its verb or given a wrong one; returns 2 (a usage error). */
int cli_usage_error(const char *command);

#endif
