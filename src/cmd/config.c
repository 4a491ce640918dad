/*
 * config.c - `assay config [PATH]`: the effective configuration (command line >
 * repository's .assay > user's file > defaults) and where each value came from; under
 * --strict, also what the repository's file asked for and does not get.
 */
#include "cmd/cmd.h"

#include <stdio.h>

#include "common/buf.h"
#include "config/text.h"
#include "run/exitcode.h"
#include "util/testpoint.h"

/* Under --strict: what the repository's file set and does not get (config/tighten.h). */
static void print_ignored(const struct run_params *p)
{
	for (size_t i = 0; i < p->ignored.count; i++) {
		const struct ignored_setting *e = &p->ignored.items[i];
		char key[1024], value[1024];
		text_printable(e->key, 300, key, sizeof(key));
		text_printable(e->value, 300, value, sizeof(value));
		printf("# ignored under --strict: %s = %s (.assay:%d): %s\n", key, value, e->line,
		       e->why);
	}
}

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
	print_ignored(p);
	return exit_after(&sig, EXIT_CLEAN);
}
