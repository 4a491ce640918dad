/*
 * config.c - `assay config [PATH]`: the effective configuration (command line >
 * repository's .assay > user's file > defaults) and where each value came from.
 */
#include "cmd/cmd.h"

#include <stdio.h>

#include "common/buf.h"
#include "run/exitcode.h"
#include "util/testpoint.h"

int cmd_config(const struct run_params *p, struct run_signals sig)
{
	struct wbuf b;
	wbuf_init(&b);
	settings_format(&p->settings, &b);
	testpoint("config.print");
	printf("# repository root: %s\n# user file: %s\n# repository file: %s\n", p->root,
	       p->user_file[0] ? p->user_file : "(none)", p->repo_file);
	fwrite(b.data ? (const char *)b.data : "", 1, b.len, stdout);
	wbuf_free(&b);
	return exit_after(&sig, EXIT_CLEAN);
}
