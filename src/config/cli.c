/*
 * cli.c - the command line read with getopt_long from the option table (options.c), and
 * what it says of itself: each command's --help (its own options, wrapped to 80 columns),
 * its usage lines after a missing or wrong verb, and the message for a refused option,
 * naming the word at fault and the nearest valid one.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/option_table.h"
#include "util/alloc.h"
#include "util/msg.h"
#include "util/suggest.h"

/* What each command's --help says before its options, and which options it shows. */
static const struct {
	const char *command;
	unsigned scope;
	const char *text;
} command_usage[] = {
	{ "precommit", SCOPE_GATE,
	  "usage: assay precommit [OPTIONS]\n"
	  "Gates the staged changes: the new and changed functions of the files in the\n"
	  "index, read from git objects, against HEAD.\n\n" },
	{ "diff", SCOPE_GATE,
	  "usage: assay diff [OPTIONS] BASE...HEAD | BASE..HEAD | BASE [HEAD]\n"
	  "Gates the new and changed functions between two revisions, read from git\n"
	  "objects: three dots diff from the merge base (a pull request's check); HEAD\n"
	  "omitted: the work tree.\n\n" },
	{ "baseline", SCOPE_BASELINE,
	  "usage: assay baseline write [--staged | --no-git] [--prune] [PATH...]\n"
	  "Records the functions over the limits in .assay-baseline, from HEAD (--staged:\n"
	  "the index; --no-git: the files), so that only new debt fails a run.\n\n" },
	{ "hook", SCOPE_HOOK,
	  "usage: assay hook install [--force] [--on-error=allow|block]\n"
	  "       assay hook uninstall [--force]\n"
	  "Writes (or removes) the git pre-commit hook that runs assay precommit. It finds\n"
	  "assay when it runs: the installing binary while it is there, else on PATH;\n"
	  "with no assay it lets the commit through (--on-error=block: refuses it). A hook\n"
	  "edited since assay wrote it is replaced or removed only with --force.\n\n" },
	{ "config", SCOPE_CONFIG,
	  "usage: assay config [-f json] [--staged] [--strict] [OPTIONS] [PATH]\n"
	  "Prints the effective configuration (command line > .assay of the repository >\n"
	  "~/.config/assay/config > defaults) and where each value came from; the\n"
	  "options of `assay --help` given here show their effect. -f json: as JSON;\n"
	  "--staged: the .assay precommit reads (the index's); --strict: what the\n"
	  "repository's file asks for and does not get.\n\n" },
	{ "cache", SCOPE_CACHE,
	  "usage: assay cache stats | gc | clear | verify | path | warm [REV]\n"
	  "       assay cache export [--signing-key=FILE] [--all-engines] FILE\n"
	  "       assay cache import [--trusted-key=FILE]... [--trust-unsigned] FILE\n"
	  "       assay cache keygen [--output=PREFIX]\n"
	  "       assay cache why [-m] [--units=POLICY] FILE\n"
	  "Looks after the result cache. Exports carry an Ed25519 signature; an import\n"
	  "stores one only when a trusted key signed it (docs/CACHE.md). why (or show)\n"
	  "says whether a run with these options finds FILE in the cache, and why not.\n\n" },
	{ "merge", SCOPE_MAIN,
	  "usage: assay merge [OPTIONS] SHARD.json...\n"
	  "Reports one run from the JSON reports of its shards (assay --shard=K/N -o\n"
	  "shard-K.json), as if one run had measured everything: run it in the same\n"
	  "checkout with the shards' options. A shard missing, given twice, or from\n"
	  "another tree, configuration or assay is an error (exit 2); --fail-on=incomplete\n"
	  "merges without missing shards, their files failed. Nothing is analyzed.\n\n" },
	{ "languages", SCOPE_INFO,
	  "usage: assay languages\n"
	  "Lists the languages assay reads: the grammar each is parsed with (npm package\n"
	  "and version) and the file names that select it.\n\n" },
	{ "version", SCOPE_INFO,
	  "usage: assay version (or assay --version)\n"
	  "Prints assay's version, the tree-sitter runtime and each grammar's version, and\n"
	  "the sandbox a worker gets here (one is started and asked).\n\n" },
	{ "help", SCOPE_INFO,
	  "usage: assay help [COMMAND] (or assay [COMMAND] --help)\n"
	  "Shows the options of assay, or of the command named.\n\n" },
	{ "explain", SCOPE_EXPLAIN,
	  "usage: assay explain [OPTIONS] FILE:LINE | FILE:FUNCTION\n"
	  "Shows every increment of a function's CCN and cognitive complexity.\n\n" },
	{ NULL, SCOPE_MAIN,
	  "usage: assay [OPTIONS] [PATH...]\n"
	  "       assay precommit | diff BASE...HEAD     gate new and changed functions\n"
	  "       assay baseline write                   accept today's violations\n"
	  "       assay explain FILE:FUNCTION            why a function scores what it does\n"
	  "       assay hook install | uninstall         the git pre-commit hook\n"
	  "       assay merge SHARD.json...              one report from --shard=K/N runs\n"
	  "       assay cache | config | languages | version | help\n\n"
	  "Measures functions' complexity and fails (exit 1) when one exceeds a limit.\n"
	  "`assay COMMAND --help` shows a command's own options.\n\n" },
};

/* Prints text from column col, wrapping at column 80 to column indent. */
static void print_wrapped(FILE *out, const char *text, int col, int indent)
{
	for (int first = 1; *text; first = 0) {
		int n = (int)strcspn(text, " ");
		if (!first && col + 1 + n > 80) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", n, text);
		col += n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

/* One option's line(s) of --help: its names, then its help from column 28. */
static void print_option(FILE *out, const struct cli_option *o)
{
	char left[64], name[8] = "    ", help[320];
	if (o->short_name)
		snprintf(name, sizeof(name), "-%c, ", o->short_name);
	snprintf(left, sizeof(left), "%s--%s%s%s", name, o->long_name, o->arg ? "=" : "",
		 o->arg ? o->arg : "");
	int col = fprintf(out, "  %-26s", left);
	if (col > 28) {
		fprintf(out, "\n%28s", "");
		col = 28;
	}
	print_wrapped(out, cli_option_help(o, help, sizeof(help)), col, 28);
}

/* command's row of command_usage: the plain run's (the last) for NULL or a word that is
 * no command (a path). */
static size_t usage_of(const char *command)
{
	size_t c = 0;
	while (command_usage[c].command
	       && !(command && strcmp(command, command_usage[c].command) == 0))
		c++;
	return c;
}

void cli_usage(FILE *out, const char *command)
{
	size_t c = usage_of(command);
	fputs(command_usage[c].text, out);
	/* config takes every option but the reports' (it shows their effect): it lists
	 * them. */
	int config = command_usage[c].scope == SCOPE_CONFIG;
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_option_table[i];
		unsigned scope = o->scope ? o->scope : SCOPE_RUN;
		if (!o->help || (config ? scope == SCOPE_REPORTS : !(scope & command_usage[c].scope)))
			continue;
		print_option(out, o);
	}
	fputs("\nExit status: 0 clean, 1 limits exceeded, 2 usage error, 3 incomplete analysis\n"
	      "(with --fail-on or --strict), 4 internal error or sandbox unavailable,\n"
	      "130/143/129 interrupted. See assay(1).\n", out);
}

int cli_usage_error(const char *command)
{
	size_t c = usage_of(command);
	/* The lines that start "usage:" and those that continue them (indented). */
	const char *t = command_usage[c].text;
	while (strncmp(t, "usage: ", 7) == 0 || strncmp(t, "       ", 7) == 0) {
		size_t n = strcspn(t, "\n");
		fprintf(stderr, "%.*s\n", (int)n, t);
		t += n + (t[n] == '\n');
	}
	fprintf(stderr, "Try 'assay %s --help'.\n", command);
	return 2;
}

/* For a long option that is the start of several (--c): lists them in err and returns 1;
 * for the start of one shown in --help, suggests it; else 0. */
static int ambiguous_prefix(const char *prefix, char *err, size_t errlen)
{
	size_t n = strlen(prefix), used = 0, count = 0;
	const char *only = NULL;
	char list[200] = "";
	for (size_t i = 0; i < cli_noptions; i++) {
		if (!cli_option_table[i].help || strncmp(cli_option_table[i].long_name, prefix, n) != 0)
			continue;
		only = cli_option_table[i].long_name;
		if (count++ < 6 && used < sizeof(list))
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s--%s",
						 count > 1 ? ", " : "", only);
	}
	if (count == 1)
		snprintf(err, errlen, "unknown option --%s (did you mean --%s?)", prefix, only);
	else if (count > 1)
		snprintf(err, errlen, "option --%s is ambiguous: %s%s", prefix, list,
			 count > 6 ? ", ..." : "");
	return count > 0;
}

/* lizard's options that assay does not take, and what to use instead. */
static const struct {
	int short_name;
	const char *long_name, *instead;
} lizard_only[] = {
	{ 'E', "extension", "lizard's extensions (-E) are not supported: nesting depth is built "
			    "in (--nesting), and no plugins run" },
	{ 'X', "xml", "lizard's XML report (-X) is not supported: use --format=checkstyle or "
		      "--format=sarif" },
	{ 'W', "whitelist", "lizard's whitelist (-W) is not supported: use `assay: ignore` "
			    "comments or -x GLOB" },
	{ 0, "input_file", "lizard's --input_file is not supported: pass the paths as arguments "
			   "(xargs assay < LIST)" },
	{ 0, "warning-msvc", "lizard's --warning-msvc is not supported: -w writes the form "
			     "editors match (file:line:col)" },
};

/* What lizard's option name (--long, or -c) is replaced by; NULL when it is no lizard
 * option assay refuses. */
static const char *lizard_instead(const char *name, int is_long)
{
	for (size_t i = 0; i < sizeof(lizard_only) / sizeof(lizard_only[0]); i++)
		if (is_long ? strcmp(name + 2, lizard_only[i].long_name) == 0
			    : name[1] == lizard_only[i].short_name)
			return lizard_only[i].instead;
	return NULL;
}

/* The long option shown in --help nearest to name (without its dashes); NULL when none is
 * near. */
static const char *nearest_option(const char *name)
{
	struct suggest s;
	suggest_init(&s, name);
	for (size_t i = 0; i < cli_noptions; i++)
		if (cli_option_table[i].help)
			suggest_offer(&s, cli_option_table[i].long_name);
	return suggest_best(&s);
}

/* The message for an option that is none of ours: name (--long or -c). */
static void unknown_option(const char *name, int is_long, char *err, size_t errlen)
{
	const char *instead = lizard_instead(name, is_long);
	const char *best = is_long ? nearest_option(name + 2) : NULL;
	if (instead)
		snprintf(err, errlen, "unknown option %s: %s", name, instead);
	else if (is_long && ambiguous_prefix(name + 2, err, errlen))
		return;
	else if (best)
		snprintf(err, errlen, "unknown option %s (did you mean --%s?)", name, best);
	else
		snprintf(err, errlen, "unknown option %s", name);
}

/* The message for an option getopt refused. An unknown short option is optopt (its word may
 * be a cluster, -vZq, not yet consumed); an unknown long one (optopt 0) is the word. An
 * option missing its argument ended its word, which is consumed. */
static void option_error(int c, int optopt, const char *word, char *err, size_t errlen)
{
	int is_long = c == ':' ? word[0] == '-' && word[1] == '-' : optopt == 0;
	char name[80];
	if (is_long)
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(word, "="), word);
	else
		snprintf(name, sizeof(name), "-%c", optopt);
	if (c == ':') {
		const struct cli_option *o = is_long ? cli_option_of_word(name) : cli_option_for(optopt);
		snprintf(err, errlen, "option %s needs an argument (%s)", name,
			 o && o->arg ? o->arg : "a value");
		return;
	}
	const struct cli_option *flag = word[0] == '-' && word[1] == '-' && strchr(word, '=')
					? cli_option_of_word(word) : NULL;
	if (flag && !flag->arg) {	/* getopt's optopt is then the option's value */
		snprintf(err, errlen, "option --%s takes no value (given %s)", flag->long_name, word);
		return;
	}
	unknown_option(name, is_long, err, errlen);
}

/* msg (it may quote a word of the command line, escaped here) and where help is. */
static int usage_error(const char *command, const char *msg)
{
	fprintf(stderr, "%s: ", progname);
	msg_put_escaped(stderr, msg);
	fprintf(stderr, "\nTry 'assay %s%s--help'.\n", command ? command : "", command ? " " : "");
	return -1;
}

/* getopt_long's tables from ours. */
static void build_getopt(struct option *longopts, char *shortopts)
{
	size_t ns = 0;
	shortopts[ns++] = ':';	/* a missing argument is ':', not '?' */
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_option_table[i];
		int val = o->short_name ? o->short_name : LONG_ONLY_BASE + (int)i;
		longopts[i] = (struct option){ o->long_name,
					       o->arg ? required_argument : no_argument, NULL, val };
		if (o->short_name) {
			shortopts[ns++] = (char)o->short_name;
			if (o->arg)
				shortopts[ns++] = ':';
		}
	}
	memset(&longopts[cli_noptions], 0, sizeof(longopts[0]));
	shortopts[ns] = '\0';
}

/* Long options abbreviated are written out whole (cli_option_of_word), so that a prefix
 * of one option shown in --help is that option even where it also starts a hidden alias
 * (--lang: --language, not lizard's --languages), which getopt_long calls ambiguous. The
 * words are kept for the process's life (argv points at them). */
static int takes_next_word(const char *w);

static void expand_abbreviations(int argc, char **argv)
{
	static char *made[64];
	size_t nmade = 0;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *w = argv[i];
		const struct cli_option *o = w[0] == '-' && w[1] == '-' ? cli_option_of_word(w) : NULL;
		size_t n = strcspn(w + 2, "=");
		if (o && (strlen(o->long_name) != n || strncmp(o->long_name, w + 2, n) != 0)
		    && nmade < sizeof(made) / sizeof(made[0])) {
			size_t len = strlen(o->long_name) + strlen(w + 2 + n) + 3;
			char *whole = made[nmade++] = xmalloc(len);
			snprintf(whole, len, "--%s%s", o->long_name, w + 2 + n);
			argv[i] = whole;
		}
		if (argv[i][0] == '-' && takes_next_word(argv[i]))
			i++;	/* a plain word (js, go) is a path, not a cluster of options */
	}
}

/* Options hook takes beside its own: how it speaks, not what the hook does; and those
 * of reports, which cmd/info.c refuses in their own words (hook prints text). */
static const char *const hook_also[] = { "log-format", "log-level", "color", "no-color",
					 "format", "output", "warnings", "csv", "checkstyle",
					 "html", "output_file", "warnings_only", "trace",
					 "metrics-file", NULL };

/* 0 when command takes o; else -1 with err. config takes every option (it shows their
 * effect); an option marked SCOPE_ONLY belongs to the commands of its scope; hook takes
 * only its own, since the hook it writes runs `assay precommit` as .assay configures it. */
static int option_refused(const struct cli_option *o, const char *command, char *err,
			  size_t errlen)
{
	unsigned scope = command_usage[usage_of(command)].scope;
	if (scope == SCOPE_CONFIG || (o->scope & scope))
		return 0;
	if (scope == SCOPE_HOOK) {
		for (size_t i = 0; hook_also[i]; i++)
			if (strcmp(o->long_name, hook_also[i]) == 0)
				return 0;
		snprintf(err, errlen, "hook does not take --%s: the hook it writes runs `assay "
			 "precommit`, which reads the limits and the gate from .assay (and takes "
			 "--force and --on-error only)", o->long_name);
		return -1;
	}
	if (!(o->scope & SCOPE_ONLY))
		return 0;
	snprintf(err, errlen, "%s does not take --%s", command ? command : "a run (assay PATH...)",
		 o->long_name);
	return -1;
}

/* The options; returns 0, 1 after --help, CLI_VERSION at --version, -1 after a usage
 * error. The first of --help and --version is answered, as GNU programs do. */
static int parse_options(struct cli_options *opt, int argc, char **argv, const char *command)
{
	struct option longopts[CLI_MAX_OPTIONS + 1];
	char shortopts[2 * (sizeof(longopts) / sizeof(longopts[0])) + 2];
	build_getopt(longopts, shortopts);
	expand_abbreviations(argc, argv);
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct cli_option *o = cli_option_for(c);
		char err[320];
		if (c == '?' || c == ':' || !o) {
			option_error(c, optopt, argv[optind - 1], err, sizeof(err));
			return usage_error(command, err);
		}
		if (!o->apply && o->short_name != 'h')
			return CLI_VERSION;
		if (!o->apply) {
			cli_usage(stdout, command);
			return 1;
		}
		if (option_refused(o, command, err, sizeof(err)) < 0
		    || o->apply(opt, o, o->arg ? optarg : NULL, err, sizeof(err)) < 0)
			return usage_error(command, err);
	}
	return 0;
}

int cli_parse(struct cli_options *opt, int argc, char **argv, const char *command)
{
	cli_defaults(opt);
	opt->command = command;
	int rc = parse_options(opt, argc, argv, command);
	if (rc != 0)
		return rc;
	for (int i = optind; i < argc; i++) {
		opt->paths = xrealloc(opt->paths, (opt->npaths + 1) * sizeof(char *));
		opt->paths[opt->npaths++] = xstrdup(argv[i]);
	}
	for (size_t i = 0; i < opt->noutputs; i++) {
		struct cli_output *o = &opt->outputs[i];
		if (!o->format)
			o->format = report_format_by_path(o->path);
		if (!o->format)
			o->format = opt->format;
	}
	return 0;
}

/* Whether the option word w takes the next word as its argument: an option with an
 * argument not joined to it (--name value, -j 2; not --name=value or -j2, and in a
 * cluster such as -vj 2 only when the argument-taking letter ends it). */
static int takes_next_word(const char *w)
{
	if (w[0] == '-' && w[1] == '-') {
		const struct cli_option *o = cli_option_of_word(w);
		return o && o->arg && !strchr(w, '=');
	}
	for (size_t k = 1; w[k]; k++) {
		const struct cli_option *o = cli_option_for((unsigned char)w[k]);
		if (!o)
			return 0;
		if (o->arg)
			return w[k + 1] == '\0';
	}
	return 0;
}

int cli_first_word(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		if (strcmp(w, "--") == 0)
			return 0;
		if (w[0] != '-' || w[1] == '\0')
			return i;
		if (takes_next_word(w))
			i++;
	}
	return 0;
}

/* The option the first n bytes of a long option's name abbreviate, as GNU's getopt_long
 * takes them: the one shown in --help that starts so, else the one hidden alias (lizard's
 * spellings) that does; NULL when none or several do. */
static const struct cli_option *abbreviated(const char *name, size_t n)
{
	const struct cli_option *shown = NULL, *hidden = NULL;
	size_t nshown = 0, nhidden = 0;
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_option_table[i];
		if (strncmp(o->long_name, name, n) != 0)
			continue;
		if (o->help)
			shown = o, nshown++;
		else
			hidden = o, nhidden++;
	}
	return nshown == 1 ? shown : nshown == 0 && nhidden == 1 ? hidden : NULL;
}

/* The option a word names: "--name", "--name=value" (name abbreviated or whole), or the
 * first letter of "-xyz"; its table row, or NULL for a word that is no option of ours. */
const struct cli_option *cli_option_of_word(const char *w)
{
	if (w[0] == '-' && w[1] == '-') {
		size_t n = strcspn(w + 2, "=");
		for (size_t i = 0; i < cli_noptions; i++)
			if (strlen(cli_option_table[i].long_name) == n
			    && strncmp(cli_option_table[i].long_name, w + 2, n) == 0)
				return &cli_option_table[i];
		return n ? abbreviated(w + 2, n) : NULL;
	}
	return w[0] == '-' && w[1] ? cli_option_for((unsigned char)w[1]) : NULL;
}
