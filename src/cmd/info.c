/*
 * info.c - the commands that only tell: `assay languages` (what is read, by extension and
 * #! line), `assay version` (the runtime, the grammars, the sandbox this machine gives)
 * and `assay help [COMMAND]`.
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <tree_sitter/api.h>

#include "common/languages.h"
#include "config.h"
#include "engine/analyzer_lib.h"
#include "engine/proc.h"
#include "grammars/versions.h"
#include "report/formats.h"
#include "run/exitcode.h"
#include "util/msg.h"
#include "util/suggest.h"

static const struct {
	const char *lang, *package, *version;
} grammars[] = ASSAY_GRAMMAR_VERSIONS;

/* Languages assay does not measure yet that users ask for (lizard reads them, or issue
 * 15 names them), and why: docs/METRICS.md, "Languages not measured", says the same. */
static const struct {
	const char *name, *why;
} not_measured[] = {
	{ "erlang", "no grammar: tree-sitter-erlang is not published on npm" },
	{ "r", "no grammar: tree-sitter-r is not published on npm" },
	{ "fortran", "no grammar on npm" },
	{ "plsql", "no grammar: tree-sitter-sql (sql) reads no PL/SQL procedure" },
	{ "ttcn3", "no tree-sitter grammar exists" },
	{ "tnsdl", "no tree-sitter grammar exists" },
	{ "structured-text", "no tree-sitter grammar on npm (IEC 61131-3)" },
};

/* The column a wrapped list continues at, and the last column it may use. */
#define FILES_COLUMN 50
#define LAST_COLUMN 79

/* Prints word (after prefix) at *col, wrapping to FILES_COLUMN past LAST_COLUMN. */
static void print_word(int *col, const char *prefix, const char *word)
{
	int n = (int)(strlen(prefix) + strlen(word));
	if (*col > FILES_COLUMN && *col + 1 + n > LAST_COLUMN) {
		printf("\n%*s", FILES_COLUMN, "");
		*col = FILES_COLUMN;
	} else if (*col > FILES_COLUMN) {
		putchar(' ');
		(*col)++;
	}
	*col += printf("%s%s", prefix, word);
}

/* l's name and the grammar it is parsed with ("package version", or "-"), ending at
 * FILES_COLUMN. */
static void print_grammar(const struct language_info *li)
{
	char text[64] = "-";
	size_t n = 0;	/* a component: the languages of its scripts */
	for (const enum lang_id *e = language_embeds(li->id); *e != LANG_NONE && n < sizeof(text); e++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s", n ? ", " : "scripts: ",
				      language_info(*e)->name);
	for (size_t i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
		if (strcmp(grammars[i].lang, li->name) == 0)
			snprintf(text, sizeof(text), "%s %s", grammars[i].package,
				 grammars[i].version);
	int col = printf("%-12s%-38s", li->name, text);
	if (col > FILES_COLUMN)
		printf("\n%*s", FILES_COLUMN, "");
}

/* How files are known to be of l: extensions, whole names, #! interpreters. */
static void print_files(const struct language_info *li)
{
	int col = FILES_COLUMN;
	for (const char *const *e = li->extensions; *e; e++)
		print_word(&col, ".", *e);
	const char *file;
	enum lang_id of;
	for (size_t i = 0; (file = language_file_name(i, &of)) != NULL; i++)
		if (of == li->id)
			print_word(&col, "", file);
	for (const char *const *i = li->interpreters; *i; i++)
		print_word(&col, "#!", *i);
	putchar('\n');
}

int cmd_languages(const struct run_params *p, struct run_signals sig)
{
	(void)p;
	printf("%-12s%-38s%s\n", "LANGUAGE", "GRAMMAR (npm package, version)", "FILES");
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
		const struct language_info *li = language_info((enum lang_id)l);
		print_grammar(li);
		print_files(li);
	}
	printf("\nnot measured (docs/METRICS.md, \"Languages not measured\"):\n");
	for (size_t i = 0; i < sizeof(not_measured) / sizeof(not_measured[0]); i++)
		printf("%-16s%s\n", not_measured[i].name, not_measured[i].why);
	return exit_after(&sig, EXIT_CLEAN);
}

/* Where the in-process engine's core is (--allow-unsandboxed, when no worker starts:
 * engine/analyzer_lib.h). */
static void print_core(const struct engine_params *ep)
{
#ifdef ANALYZER_SHARED
	char *core = proc_find_libexec(ep->libexecdir, ANALYZER_LIB_NAME, R_OK);
	printf("in-process core: %s\n", core ? core : "not found (--allow-unsandboxed cannot analyze)");
	free(core);
#else
	(void)ep;
	printf("in-process core: linked into assay\n");
#endif
}

/* The sandbox a worker gets here: one started, asked, and stopped. */
static void print_sandbox(const struct run_params *p)
{
	struct engine_params ep;
	printf("sandbox backend: %s\n", sandbox_backend());
	if (run_engine_params(p, 0, &ep) < 0)
		return;
	printf("worker: %s\n", ep.worker_path);
	print_core(&ep);
	struct engine_stats es;
	if (engine_probe(&ep, &es) == 0)
		printf("sandbox level: %s (%s)\n", sandbox_level_name(es.level), es.detail);
	else
		printf("sandbox level: unavailable (%s)\n", es.why_unavailable);
	engine_stats_free(&es);
	free((char *)ep.worker_path);
}

int cmd_version(const struct run_params *p, struct run_signals sig)
{
	printf("assay %s\n", PACKAGE_VERSION);
	printf("tree-sitter: runtime %s (loads grammar ABI %d to %d)\n", ASSAY_TREE_SITTER_RUNTIME,
	       TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION);
	for (size_t i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
		printf("grammar %-11s %s %s\n", grammars[i].lang, grammars[i].package,
		       grammars[i].version);
	print_sandbox(p);
	return exit_after(&sig, EXIT_CLEAN);
}

int cmd_help(const struct run_params *p, struct run_signals sig)
{
	cli_usage(stdout, p->npaths ? p->paths[0] : NULL);
	return exit_after(&sig, EXIT_CLEAN);
}

/* Whether word, which is no command, is no path either but a command mistyped: then says
 * so ("did you mean"), as a usage error. */
int command_mistyped(const char *word, const struct command *commands, size_t n)
{
	struct stat st;
	if (lstat(word, &st) == 0 || errno != ENOENT)
		return 0;
	struct suggest s;
	suggest_init(&s, word);
	for (size_t i = 0; i < n; i++)
		suggest_offer(&s, commands[i].name);
	const char *best = suggest_best(&s);
	if (!best)
		return 0;
	fprintf(stderr, "%s: '", progname);
	msg_put_escaped(stderr, word);
	fprintf(stderr, "' is neither a command nor a file (did you mean `assay %s`?)\n"
		"Try 'assay --help'.\n", best);
	return 1;
}

/* Whether commands[0..n) has one named name. */
static int command_in(const struct command *commands, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(commands[i].name, name) == 0)
			return 1;
	return 0;
}

/* Says so and returns 1 when cmd was given more words than it takes (assay precommit
 * src/ gates what is staged, not src/). */
static int too_many_words(const struct command *cmd, const struct cli_options *cli)
{
	static const char *const most[] = { "no word after it", "one word at most",
					     "two words at most" };
	if (cmd->max_words < 0 || cli->npaths <= (size_t)cmd->max_words)
		return 0;
	error_msg("%s takes %s: '%s' is one word too many (%s)", cmd->name, most[cmd->max_words],
		  cli->paths[cmd->max_words], cmd->run == cmd_precommit ? "it gates what is "
		  "staged; the pre-commit framework's hook needs pass_filenames: false"
		  : "see its --help");
	return 1;
}

/* The first output given as --metrics-file, or NULL: any of them (after an -o, one was
 * said to be a second -o). */
static const struct cli_output *metrics_output(const struct cli_options *cli)
{
	for (size_t i = 0; i < cli->noutputs; i++)
		if (cli->outputs[i].metrics_file)
			return &cli->outputs[i];
	return NULL;
}

/* Says so and returns 1 when cmd, which prints text (or JSON) on standard output, is given
 * a report file or another format: taken and ignored, they would leave the user waiting
 * for a file that never comes. */
static int report_options_refused(const struct command *cmd, const struct cli_options *cli)
{
	const char *name = cmd->name ? cmd->name : "assay";
	const char *format = cli->format ? cli->format->name : "text";
	int json = (cmd->needs & CMD_JSON) && strcmp(format, "json") == 0;
	if (cmd->needs & CMD_REPORTS)
		return 0;
	const struct cli_output *metrics = metrics_output(cli);
	if (cli->trace_path)
		error_msg("%s writes no trace (only a run, precommit, diff and merge do): --trace "
			  "%s is not taken", name, cli->trace_path);
	else if (metrics)
		error_msg("%s writes no Prometheus metrics (only a run, precommit, diff and merge "
			  "do): --metrics-file %s is not taken", name, metrics->path);
	else if (cli->noutputs && !(cmd->needs & CMD_OUTPUT_PREFIX))
		error_msg("%s prints to standard output: -o %s is not taken (redirect it)", name,
			  cli->outputs[0].path);
	else if (strcmp(format, "text") != 0 && !json)
		error_msg("%s prints text%s, not %s", name, cmd->needs & CMD_JSON ? " or json" : "",
			  format);
	else
		return 0;
	return 1;
}

const char *command_tree(const struct command *cmd, const struct cli_options *cli,
			   char **owned)
{
	*owned = NULL;
	if (!(cmd->needs & CMD_NEEDS_CONFIG))
		return NULL;
	if (cmd->tree_word < 0 || (size_t)cmd->tree_word >= cli->npaths)
		return ".";
	const char *word = cli->paths[cmd->tree_word];
	if (cmd->needs & CMD_TREE_IS_SPEC)
		word = *owned = explain_spec_file(word);
	return word ? word : ".";
}

int command_words_refused(const struct command *cmd, const struct cli_options *cli,
			  const struct command *commands, size_t n)
{
	struct stat st;
	const char *tree = cmd->tree_word >= 0 && (size_t)cmd->tree_word < cli->npaths
				   ? cli->paths[cmd->tree_word] : NULL;
	if (too_many_words(cmd, cli) || report_options_refused(cmd, cli))
		return 1;
	if ((cmd->needs & CMD_TREE_MUST_EXIST) && tree && stat(tree, &st) != 0)
		error_msg("%s: %s", tree, strerror(errno));
	else if (cmd->run == cmd_help && cli->npaths && !command_in(commands, n, cli->paths[0]))
		error_msg("help: no command '%s' (assay --help lists them)", cli->paths[0]);
	else
		return 0;
	return 1;
}
