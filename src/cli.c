/*
 * cli.c - the option table and its parser (see cli.h). Options follow lizard's where
 * lizard has one (-C, -L, -a, -T, -x, -l, -w, -m, -o) so a migrating user's command line
 * keeps working.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum {
	OPT_FORMAT = 'f', OPT_OUTPUT = 'o', OPT_JOBS = 'j', OPT_CCN = 'C', OPT_LENGTH = 'L',
	OPT_ARGS = 'a', OPT_THRESHOLD = 'T', OPT_EXCLUDE = 'x', OPT_LANGUAGE = 'l',
	OPT_WARNINGS = 'w', OPT_MODIFIED = 'm', OPT_VERBOSE = 'v', OPT_HELP = 'h',
	OPT_COGNITIVE = 256, OPT_NESTING, OPT_NLOC, OPT_MAX_SIZE, OPT_SANDBOX, OPT_TIMEOUT,
	OPT_COLOR, OPT_NO_COLOR,
};

struct cli_option {
	int id;
	const char *long_name;
	const char *arg;	/* NULL: takes no argument */
	const char *help;
};

static const struct cli_option options[] = {
	{ OPT_FORMAT, "format", "FMT", "report format on standard output: text, warnings, json" },
	{ OPT_OUTPUT, "output", "FILE", "also write a report to FILE (format from --format or "
					"the extension: .json, .txt, .warnings); repeatable" },
	{ OPT_WARNINGS, "warnings", NULL, "same as --format=warnings (lizard -w)" },
	{ OPT_JOBS, "jobs", "N", "worker processes (default: online CPUs)" },
	{ OPT_CCN, "ccn", "N", "CCN limit (default 15)" },
	{ OPT_COGNITIVE, "cognitive", "N", "cognitive complexity limit (default 15)" },
	{ OPT_NESTING, "nesting", "N", "nesting depth limit (default 5)" },
	{ OPT_ARGS, "arguments", "N", "parameter count limit (default 7)" },
	{ OPT_NLOC, "nloc", "N", "NLOC limit per function (default 200)" },
	{ OPT_LENGTH, "length", "N", "function length limit in lines (default off)" },
	{ OPT_THRESHOLD, "threshold", "METRIC=N", "any limit: ccn, cognitive, nesting, params, "
						  "nloc, length, tokens, exits (N or off)" },
	{ OPT_MODIFIED, "modified", NULL, "count a whole switch/match as 1 (lizard -m)" },
	{ OPT_EXCLUDE, "exclude", "GLOB", "skip paths matching GLOB; repeatable" },
	{ OPT_LANGUAGE, "language", "LANG", "analyze only LANG (see `assay languages`); "
					    "repeatable" },
	{ OPT_MAX_SIZE, "max-size", "BYTES", "skip files larger than this (default 8M; K, M "
					     "suffixes)" },
	{ OPT_SANDBOX, "sandbox", "MODE", "strict (refuse unless fully sandboxed), auto "
					  "(default), off" },
	{ OPT_TIMEOUT, "timeout", "SECONDS", "time a file may take, plus as much again per MiB "
					     "(default 10)" },
	{ OPT_COLOR, "color", "WHEN", "colour the text report: auto (default), always, never" },
	{ OPT_NO_COLOR, "no-color", NULL, "same as --color=never" },
	{ OPT_VERBOSE, "verbose", NULL, "text report: also list files parsed with errors" },
	{ OPT_HELP, "help", NULL, "show this help" },
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

void cli_usage(FILE *out, const char *command)
{
	if (command && strcmp(command, "explain") == 0)
		fputs("usage: assay explain [OPTIONS] FILE:LINE | FILE:FUNCTION\n"
		      "Shows every increment of a function's CCN and cognitive complexity.\n\n",
		      out);
	else
		fputs("usage: assay [OPTIONS] [PATH...]\n"
		      "       assay explain FILE:LINE | FILE:FUNCTION\n"
		      "       assay languages | version | help\n\n"
		      "Measures functions' complexity and fails (exit 1) when one exceeds a "
		      "limit.\n\n", out);
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct cli_option *o = &options[i];
		char left[64];
		if (o->id < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->id, o->long_name,
				 o->arg ? "=" : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->long_name, o->arg ? "=" : "",
				 o->arg ? o->arg : "");
		fprintf(out, "  %-26s %s\n", left, o->help);
	}
	fputs("\nExit status: 0 clean, 1 limits exceeded, 2 usage error, 4 internal error or "
	      "sandbox unavailable,\n130/143/129 interrupted. See assay(1).\n", out);
}

static int parse_count(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end != '\0' || v == 0 || v > (64ull << 20))
		return -1;
	*out = v;
	return 0;
}

static int usage_error(const char *command, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'assay %s--help'.\n", command ? "explain " : "");
	return -1;
}

static int apply(struct cli_options *opt, int id, const char *arg, const char *command)
{
	char err[256];
	long v;
	int metric = -1;
	switch (id) {
	case OPT_FORMAT:
		opt->format = report_format_by_name(arg);
		if (!opt->format)
			return usage_error(command, "unknown format '%s' (text, warnings, json)", arg);
		return 0;
	case OPT_WARNINGS:
		opt->format = report_format_by_name("warnings");
		return 0;
	case OPT_OUTPUT:
		opt->outputs = xrealloc(opt->outputs, (opt->noutputs + 1) * sizeof(*opt->outputs));
		opt->outputs[opt->noutputs].format = NULL;
		opt->outputs[opt->noutputs++].path = xstrdup(arg);
		return 0;
	case OPT_JOBS:
		if (parse_count(arg, 256, &v) < 0 || v < 1)
			return usage_error(command, "--jobs takes a number from 1 to 256, not '%s'", arg);
		opt->jobs = (int)v;
		return 0;
	case OPT_CCN: metric = MET_CCN; break;
	case OPT_COGNITIVE: metric = MET_COGNITIVE; break;
	case OPT_NESTING: metric = MET_NESTING; break;
	case OPT_ARGS: metric = MET_PARAMS; break;
	case OPT_NLOC: metric = MET_NLOC; break;
	case OPT_LENGTH: metric = MET_LENGTH; break;
	case OPT_THRESHOLD:
		if (thresholds_parse(&opt->thresholds, arg, err, sizeof(err)) < 0)
			return usage_error(command, "%s", err);
		return 0;
	case OPT_MODIFIED:
		opt->modified = 1;
		return 0;
	case OPT_EXCLUDE:
		opt->excludes = xrealloc(opt->excludes, (opt->nexcludes + 1) * sizeof(char *));
		opt->excludes[opt->nexcludes++] = xstrdup(arg);
		return 0;
	case OPT_LANGUAGE: {
		enum lang_id l = language_by_name(arg);
		if (l == LANG_NONE)
			return usage_error(command, "unknown language '%s' (see `assay languages`)", arg);
		opt->language_mask |= 1u << l;
		return 0;
	}
	case OPT_MAX_SIZE:
		if (parse_size(arg, &opt->max_size) < 0)
			return usage_error(command, "--max-size takes a size from 1 to 64M, not '%s'", arg);
		return 0;
	case OPT_SANDBOX:
		if (strcmp(arg, "strict") == 0)
			opt->sandbox = SANDBOX_MODE_STRICT;
		else if (strcmp(arg, "auto") == 0)
			opt->sandbox = SANDBOX_MODE_AUTO;
		else if (strcmp(arg, "off") == 0)
			opt->sandbox = SANDBOX_MODE_OFF;
		else
			return usage_error(command, "--sandbox is strict, auto or off, not '%s'", arg);
		return 0;
	case OPT_TIMEOUT:
		if (parse_count(arg, 86400, &v) < 0 || v < 1)
			return usage_error(command, "--timeout takes seconds from 1 to 86400, not '%s'", arg);
		opt->timeout = (double)v;
		return 0;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			opt->color = -1;
		else if (strcmp(arg, "always") == 0)
			opt->color = 1;
		else if (strcmp(arg, "never") == 0)
			opt->color = 0;
		else
			return usage_error(command, "--color is auto, always or never, not '%s'", arg);
		return 0;
	case OPT_NO_COLOR:
		opt->color = 0;
		return 0;
	case OPT_VERBOSE:
		opt->verbose = 1;
		return 0;
	default:
		return -1;
	}
	if (strcmp(arg, "off") == 0) {
		opt->thresholds.limit[metric] = -1;
		return 0;
	}
	if (parse_count(arg, 1000000000L, &v) < 0)
		return usage_error(command, "a limit is a number >= 0 or 'off', not '%s'", arg);
	opt->thresholds.limit[metric] = v;
	return 0;
}

int cli_parse(struct cli_options *opt, int argc, char **argv, const char *command)
{
	struct option longopts[NOPTIONS + 1];
	char shortopts[NOPTIONS * 2 + 2];
	size_t ns = 0;
	memset(opt, 0, sizeof(*opt));
	thresholds_default(&opt->thresholds);
	opt->color = -1;
	opt->sandbox = SANDBOX_MODE_AUTO;
	opt->timeout = 10;
	opt->max_size = 8u << 20;
	opt->format = report_format_by_name("text");
	for (size_t i = 0; i < NOPTIONS; i++) {
		longopts[i].name = options[i].long_name;
		longopts[i].has_arg = options[i].arg ? required_argument : no_argument;
		longopts[i].flag = NULL;
		longopts[i].val = options[i].id;
		if (options[i].id < 256) {
			shortopts[ns++] = (char)options[i].id;
			if (options[i].arg)
				shortopts[ns++] = ':';
		}
	}
	memset(&longopts[NOPTIONS], 0, sizeof(longopts[0]));
	shortopts[ns] = '\0';
	optind = 1;
	opterr = 0;
	for (;;) {
		int longindex = -1;
		int c = getopt_long(argc, argv, shortopts, longopts, &longindex);
		if (c == -1)
			break;
		if (c == OPT_HELP) {
			cli_usage(stdout, command);
			return 1;
		}
		if (c == '?' || c == ':') {
			char bad[64];
			if (optopt && optopt < 256)
				snprintf(bad, sizeof(bad), "-%c", optopt);
			else
				snprintf(bad, sizeof(bad), "%s", argv[optind - 1]);
			return usage_error(command, c == ':' ? "option %s needs an argument"
							       : "unknown option %s", bad);
		}
		if (apply(opt, c, optarg, command) < 0)
			return -1;
	}
	for (int i = optind; i < argc; i++) {
		opt->paths = xrealloc(opt->paths, (opt->npaths + 1) * sizeof(char *));
		opt->paths[opt->npaths++] = xstrdup(argv[i]);
	}
	for (size_t i = 0; i < opt->noutputs; i++) {
		struct cli_output *o = &opt->outputs[i];
		o->format = report_format_by_path(o->path);
		if (!o->format)
			o->format = opt->format;
	}
	return 0;
}

void cli_free(struct cli_options *opt)
{
	for (size_t i = 0; i < opt->noutputs; i++)
		free(opt->outputs[i].path);
	free(opt->outputs);
	for (size_t i = 0; i < opt->nexcludes; i++)
		free(opt->excludes[i]);
	free(opt->excludes);
	for (size_t i = 0; i < opt->npaths; i++)
		free(opt->paths[i]);
	free(opt->paths);
	memset(opt, 0, sizeof(*opt));
}
