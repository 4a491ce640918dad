/*
 * runconfig.h - a run's configuration: the user's file (~/.config/assay/config), the
 * repository's (.assay at its root, untrusted: see configfile.h for what it may not set)
 * and the command line, merged in that order of strength, and applied to the files found.
 */
#ifndef ASSAY_RUNCONFIG_H
#define ASSAY_RUNCONFIG_H

#include <limits.h>

#include "config/options.h"
#include "config/settings.h"
#include "files/discover.h"

struct run_config {
	struct assay_settings settings;
	char root[PATH_MAX];		/* the repository root globs are relative to */
	char repo_file[PATH_MAX + 8];	/* its .assay, or "" when there is none */
	char user_file[PATH_MAX + 32];	/* the user's file, or "" */
};

/* Loads both files and the command line into rc, then writes the effective thresholds,
 * cache and sandbox settings back into opt. Returns 0, or -1 after an error message that
 * names the file and line (a usage error: exit 2). */
int runconfig_load(struct run_config *rc, struct cli_options *opt);
void runconfig_free(struct run_config *rc);
/* [include]/[exclude], [language] and per-path [threshold "GLOB"] on discovered files. */
void runconfig_apply(const struct run_config *rc, struct file_list *list);
/* f's path relative to the repository root (into buf), or NULL when outside it. */
const char *runconfig_repo_path(const struct run_config *rc, const struct file_list *list,
				const struct file_entry *f, char *buf, size_t len);
/* 1 when the bytes' head holds one of the [generated] markers. */
int runconfig_generated(const struct run_config *rc, const uint8_t *data, size_t len);

#endif
