/*
 * option_table.h - the command line's option table (options.c: rows and handlers), read
 * by its parser, help and error messages (cli.c). Not for other files: they use options.h.
 */
#ifndef ASSAY_CONFIG_OPTION_TABLE_H
#define ASSAY_CONFIG_OPTION_TABLE_H

#include <stddef.h>

#include "config/options.h"

/* An option's handler gets the option being set and its argument (NULL when it takes
 * none); it returns 0, or -1 with a message in err. */
struct cli_option;
typedef int (*cli_handler)(struct cli_options *opt, const struct cli_option *o, const char *arg,
			   char *err, size_t errlen);

struct cli_option {
	int short_name;		/* 0: long only */
	const char *long_name;
	const char *arg;	/* NULL: takes no argument */
	const char *help;
	cli_handler apply;
	int value;		/* handler-specific: a metric, a mode, ... */
	unsigned scope;		/* the commands whose --help shows it; 0: SCOPE_RUN */
};

/* Which commands' --help shows an option. They accept every option but those marked
 * SCOPE_ONLY, refused outside their scope (cli.c), -f and -o, which only those that write
 * reports take (cmd/info.c), and hook, which takes only its own. */
enum {
	SCOPE_MAIN = 1 << 0,	/* assay [PATH...] */
	SCOPE_GATE = 1 << 1,	/* precommit, diff */
	SCOPE_BASELINE = 1 << 2,
	SCOPE_EXPLAIN = 1 << 3,
	SCOPE_HOOK = 1 << 4,
	SCOPE_CACHE = 1 << 5,
	SCOPE_CONFIG = 1 << 6,
	SCOPE_INFO = 1 << 7,	/* languages, version, help */
	SCOPE_RUN = SCOPE_MAIN | SCOPE_GATE | SCOPE_BASELINE,	/* what measures */
	SCOPE_REPORTS = SCOPE_MAIN | SCOPE_GATE,	/* what writes reports (-f, -o) */
	SCOPE_LIMITS = SCOPE_RUN | SCOPE_EXPLAIN,
	SCOPE_EVERY = 0xff,
	/* The option belongs to the commands of its scope: any other refuses it (a plain run
	 * given --gate or --staged, precommit given --max-modules), where an option that does
	 * nothing there would let the user believe it did. */
	SCOPE_ONLY = 1 << 8,
};

/* The handlers of the report options (options_output.c): --format and the switches naming a
 * format, -o FILE / FORMAT:FILE, --metrics-file. */
int cli_set_format(struct cli_options *opt, const struct cli_option *o, const char *arg,
		   char *err, size_t errlen);
int cli_add_output(struct cli_options *opt, const struct cli_option *o, const char *arg,
		   char *err, size_t errlen);
int cli_add_metrics_file(struct cli_options *opt, const struct cli_option *o, const char *arg,
			 char *err, size_t errlen);

extern const struct cli_option cli_option_table[];
extern const size_t cli_noptions;

/* getopt values of options without a short name start here. */
#define LONG_ONLY_BASE 256

/* The row of a getopt value; NULL when none. */
const struct cli_option *cli_option_for(int val);
/* The option a word names: "--name", "--name=value", or the first letter of "-xyz"; its
 * row, or NULL for a word that is no option of ours. */
const struct cli_option *cli_option_of_word(const char *w);
/* An option's help text, with what the tables add (formats, defaults, metric names). */
const char *cli_option_help(const struct cli_option *o, char *buf, size_t len);
/* The options' defaults, before the command line is read. */
void cli_defaults(struct cli_options *opt);
/* A bound on the table's rows, for getopt's tables on the stack (options.c asserts it). */
#define CLI_MAX_OPTIONS 96

#endif
