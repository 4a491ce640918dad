/*
 * cmd.h - the commands, one file each under cmd/, and what main (src/main.c) gives them.
 *
 * main finds the command word (options may come before or after it), parses the options,
 * resolves the run's parameters (reading the configuration files when the command needs
 * them) and calls the command with them; the command returns the exit status
 * (run/exitcode.h).
 */
#ifndef ASSAY_CMD_CMD_H
#define ASSAY_CMD_CMD_H

#include "config/params.h"
#include "run/run.h"

/* What a command needs main to set up before it runs. */
#define CMD_NEEDS_CONFIG 0x1u	/* the configuration files (and a repository root) */
#define CMD_TREE_MUST_EXIST 0x2u	/* its tree word, when given, must name something */
#define CMD_TREE_IS_SPEC 0x4u	/* its tree word is explain's FILE:WHAT: the FILE */
#define CMD_REPORTS 0x8u	/* it writes reports: -f FORMAT, -o FILE; others print text
				   and refuse them */
#define CMD_JSON 0x10u		/* it also prints -f json (config) */
#define CMD_OUTPUT_PREFIX 0x20u	/* -o is a word of its own (cache keygen's PREFIX) */

struct command {
	const char *name;
	int (*run)(const struct run_params *p, struct run_signals sig);
	unsigned needs;
	int tree_word;		/* which word names the tree whose configuration applies:
				   an index into the words, or -1 for the current directory */
	int max_words;		/* the most words it takes after its name; -1: any (it checks) */
};

struct cli_options;

/* The path whose tree's configuration cmd reads, or NULL when it reads none; *owned is
 * what the caller frees (explain's FILE, cut from its FILE:WHAT). */
const char *command_tree(const struct command *cmd, const struct cli_options *cli,
			 char **owned);
/* Whether word, which names no command, is no path either but a command mistyped: then
 * says so on standard error ("did you mean `assay precommit`?"), a usage error. */
int command_mistyped(const char *word, const struct command *commands, size_t n);
/* A usage error for words cmd does not take, said on standard error: a word too many, a
 * tree that is not there (assay config PATH), a command help does not know (commands[0..n)
 * are the commands); 1 when said. */
int command_words_refused(const struct command *cmd, const struct cli_options *cli,
			  const struct command *commands, size_t n);

/* assay [PATH...] */
int cmd_analyze(const struct run_params *p, struct run_signals sig);
/* assay precommit; assay diff BASE [HEAD] */
int cmd_precommit(const struct run_params *p, struct run_signals sig);
int cmd_diff(const struct run_params *p, struct run_signals sig);
/* assay baseline write [PATH...] */
int cmd_baseline(const struct run_params *p, struct run_signals sig);
/* assay cache stats|gc|clear|verify|path|export FILE|import FILE|keygen|warm [REV] */
int cmd_cache(const struct run_params *p, struct run_signals sig);
/* assay cache why|show FILE (cache_why.c): one file's key and why a run hits or misses it. */
int cache_why(const struct run_params *p);
/* assay merge SHARD.json... (merge.c) */
int cmd_merge(const struct run_params *p, struct run_signals sig);
/* assay config [PATH] */
int cmd_config(const struct run_params *p, struct run_signals sig);
/* assay explain FILE:LINE | FILE:FUNCTION */
int cmd_explain(const struct run_params *p, struct run_signals sig);
/* The FILE of explain's FILE:WHAT (WHAT may hold colons: ns::f), a new string; NULL when
 * the word has no colon. */
char *explain_spec_file(const char *word);
/* assay hook install [--force] | uninstall */
int cmd_hook(const struct run_params *p, struct run_signals sig);
/* assay languages; assay version; assay help [COMMAND] */
int cmd_languages(const struct run_params *p, struct run_signals sig);
int cmd_version(const struct run_params *p, struct run_signals sig);
int cmd_help(const struct run_params *p, struct run_signals sig);

#endif
