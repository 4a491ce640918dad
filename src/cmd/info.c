/*
 * info.c - the commands that only tell: `assay languages` (what is read, by extension and
 * #! line), `assay version` (the runtime, the grammars, the sandbox this machine gives)
 * and `assay help [COMMAND]`.
 */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <tree_sitter/api.h>

#include "common/languages.h"
#include "config.h"
#include "grammars/versions.h"
#include "run/exitcode.h"

int cmd_languages(const struct run_params *p, struct run_signals sig)
{
	(void)p;
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
		const struct language_info *li = language_info((enum lang_id)l);
		printf("%-11s", li->name);
		for (const char *const *e = li->extensions; *e; e++)
			printf(" .%s", *e);
		if (li->interpreters[0]) {
			printf("  (#!");
			for (const char *const *i = li->interpreters; *i; i++)
				printf("%s%s", i == li->interpreters ? "" : " ", *i);
			printf(")");
		}
		printf("\n");
	}
	return exit_after(&sig, EXIT_CLEAN);
}

/* The sandbox a worker gets here: one started, asked, and stopped. */
static void print_sandbox(const struct run_params *p)
{
	struct engine_params ep;
	printf("sandbox backend: %s\n", sandbox_backend());
	if (run_engine_params(p, 0, &ep) < 0)
		return;
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
	static const struct {
		const char *lang, *package, *version;
	} grammars[] = ASSAY_GRAMMAR_VERSIONS;
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
