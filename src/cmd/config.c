/*
 * config.c - `assay config [PATH]`: the effective configuration (command line >
 * repository's .assay > user's file > defaults) and where each value came from, as text or
 * (-f json) as one JSON object; under --strict, also what the repository's file asked for
 * and does not get.
 */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "config/text.h"
#include "report/formats.h"
#include "run/exitcode.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/msg.h"
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

static void print_text(const struct run_params *p)
{
	struct wbuf b;
	wbuf_init(&b);
	settings_format(&p->settings, &b);
	/* --staged reads the index's copy, which is there or not whatever the work tree has. */
	const char *repo_note = p->staged ? (p->repo_file_read ? " (the index)" : " (not in the index)")
					  : (p->repo_file_read ? "" : " (not there)");
	printf("# repository root: %s\n# user file: %s%s\n# repository file: %s%s\n", p->root,
	       p->user_file[0] ? p->user_file : "(none)",
	       p->user_file[0] && !p->user_file_read ? " (not there)" : "", p->repo_file,
	       repo_note);
	fwrite(b.data ? (const char *)b.data : "", 1, b.len, stdout);
	wbuf_free(&b);
	print_ignored(p);
}

/* A JSON string, or null for NULL. */
static void json_str_or_null(struct wbuf *b, const char *s)
{
	if (s)
		json_str(b, s);
	else
		wbuf_printf(b, "null");
}

/* One setting as a JSON object, after a comma but for the first. */
static void json_setting(void *ctx, const struct setting_line *l)
{
	static const char *const origins[] = { [CONFIG_DEFAULT] = "default",
					       [CONFIG_USER] = "user",
					       [CONFIG_REPOSITORY] = "repository",
					       [CONFIG_ENVIRONMENT] = "environment",
					       [CONFIG_COMMAND_LINE] = "command line" };
	struct wbuf *b = ctx;
	size_t len = strlen(l->section) + (l->subsection ? strlen(l->subsection) : 0)
		     + strlen(l->key) + 3;
	char *name = xmalloc(len);
	snprintf(name, len, "%s.%s%s%s", l->section, l->subsection ? l->subsection : "",
		 l->subsection ? "." : "", l->key);
	wbuf_printf(b, "%s{\"name\":", b->len && b->data[b->len - 1] != '[' ? "," : "");
	json_str(b, name);
	free(name);
	wbuf_printf(b, ",\"section\":");
	json_str(b, l->section);
	wbuf_printf(b, ",\"subsection\":");
	json_str_or_null(b, l->subsection);
	wbuf_printf(b, ",\"key\":");
	json_str(b, l->key);
	wbuf_printf(b, ",\"value\":");
	json_str_or_null(b, l->value);
	wbuf_printf(b, ",\"origin\":\"%s\",\"file\":", origins[l->source->origin]);
	int in_file = l->source->origin == CONFIG_USER || l->source->origin == CONFIG_REPOSITORY;
	json_str_or_null(b, in_file ? l->source->file : NULL);
	wbuf_printf(b, ",\"line\":");
	if (l->source->line > 0)
		wbuf_printf(b, "%d", l->source->line);
	else
		wbuf_printf(b, "null");
	if (l->not_applied) {
		wbuf_printf(b, ",\"not_applied\":");
		json_str(b, l->not_applied);
	}
	wbuf_printf(b, "}");
}

/* The same as one JSON object: the files, every setting, what --strict ignored. */
static void print_json(const struct run_params *p)
{
	struct wbuf b;
	wbuf_init(&b);
	wbuf_printf(&b, "{\"root\":");
	json_str(&b, p->root);
	wbuf_printf(&b, ",\"user_file\":");
	json_str_or_null(&b, p->user_file[0] ? p->user_file : NULL);
	wbuf_printf(&b, ",\"user_file_read\":%s,\"repository_file\":",
		    p->user_file_read ? "true" : "false");
	json_str(&b, p->repo_file);
	wbuf_printf(&b, ",\"repository_file_read\":%s", p->repo_file_read ? "true" : "false");
	wbuf_printf(&b, ",\"settings\":[");
	settings_each(&p->settings, json_setting, &b);
	wbuf_printf(&b, "],\"ignored\":[");
	for (size_t i = 0; i < p->ignored.count; i++) {
		const struct ignored_setting *e = &p->ignored.items[i];
		wbuf_printf(&b, "%s{\"name\":", i ? "," : "");
		json_str(&b, e->key);
		wbuf_printf(&b, ",\"value\":");
		json_str(&b, e->value);
		wbuf_printf(&b, ",\"line\":%d,\"why\":", e->line);
		json_str(&b, e->why);
		wbuf_printf(&b, "}");
	}
	wbuf_printf(&b, "]}\n");
	fwrite(b.data, 1, b.len, stdout);
	wbuf_free(&b);
}

int cmd_config(const struct run_params *p, struct run_signals sig)
{
	testpoint("config.print");	/* -f and -o: command_words_refused */
	if (p->format && strcmp(p->format->name, "json") == 0)
		print_json(p);
	else
		print_text(p);
	return exit_after(&sig, EXIT_CLEAN);
}
