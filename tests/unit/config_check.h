/*
 * config_check.h - what the configuration unit tests share (test_config.c, test_settings.c):
 * the last error message, and applying a file's text to settings.
 */
#ifndef ASSAY_TESTS_CONFIG_CHECK_H
#define ASSAY_TESTS_CONFIG_CHECK_H

#include <stdio.h>
#include <string.h>

#include "config/settings.h"

static char err[1024];

/* Parses text as name and applies it from origin into s; 0 or -1 (err). */
static inline int apply(struct assay_settings *s, const char *name, const char *text,
		 enum config_origin origin)
{
	struct config *c = NULL;
	err[0] = '\0';
	if (config_parse(name, text, strlen(text), &c, err, sizeof(err)) < 0)
		return -1;
	int rc = settings_apply(s, c, origin, err, sizeof(err));
	config_free(c);
	return rc;
}

/* 1 when text from origin is refused with exactly expected, leaving the settings as
 * they were. */
static inline int apply_fails(const char *text, enum config_origin origin, const char *expected)
{
	struct assay_settings s;
	settings_init(&s);
	const char *name = origin == CONFIG_USER ? "user" : ".assay";
	int rc = apply(&s, name, text, origin);
	int untouched = s.excludes.count == 0 && s.noverrides == 0
			&& s.threshold_source[MET_CCN].origin == CONFIG_DEFAULT;
	settings_free(&s);
	if (rc == 0 || strcmp(err, expected) != 0 || !untouched) {
		printf("# got '%s', wanted '%s'%s\n", rc == 0 ? "(applied)" : err, expected,
		       untouched ? "" : " (settings changed)");
		return 0;
	}
	return 1;
}

#endif
