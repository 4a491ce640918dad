/*
 * hook.c - `assay hook install|uninstall`: the git pre-commit hook that runs
 * `assay precommit`. The hooks directory honours core.hooksPath; a hook assay did not
 * write (no marker line) is never replaced without --force, nor ever removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "util/msg.h"
#include "util/testpoint.h"

#define HOOK_MARKER "# written by assay hook install (assay-hook v1)"

/* The pre-commit hook's path: core.hooksPath (relative to the work tree) or .git/hooks. */
static int hook_path(char *out, size_t len, char *err, size_t errlen)
{
	git_repository *repo;
	if (git_open_repository(&repo, ".") != 0) {
		snprintf(err, errlen, "not in a git repository");
		return -1;
	}
	git_config *cfg = NULL;
	git_buf custom = { 0 };
	const char *wd = git_repository_workdir(repo);
	if (git_repository_config_snapshot(&cfg, repo) == 0
	    && git_config_get_string_buf(&custom, cfg, "core.hooksPath") == 0 && custom.size)
		snprintf(out, len, "%s%s%s/pre-commit", custom.ptr[0] == '/' || !wd ? "" : wd,
			 custom.ptr[0] == '/' || !wd ? "" : "", custom.ptr);
	else
		snprintf(out, len, "%shooks/pre-commit", git_repository_commondir(repo));
	git_buf_dispose(&custom);
	git_config_free(cfg);
	git_repository_free(repo);
	return 0;
}

/* 1 when the file at path is a hook assay wrote, 0 when it is someone else's, -1 when
 * there is none. */
static int ours(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[256];
	int found = 0;
	for (int i = 0; i < 5 && fgets(line, sizeof(line), f); i++)
		found |= strncmp(line, HOOK_MARKER, strlen(HOOK_MARKER)) == 0;
	fclose(f);
	return found;
}

/* The hook's text into tmp, executable; 0 or -1 with errno. */
static int write_hook(const char *tmp)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	snprintf(self + (n > 0 ? n : 0), sizeof(self) - (size_t)(n > 0 ? n : 0), "%s",
		 n > 0 ? "" : "assay");
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	int rc = fprintf(f, "#!/bin/sh\n%s\n# Gates the new and changed functions of the commit "
			 "(see assay precommit --help).\nexec '%s' precommit\n", HOOK_MARKER, self);
	if (fclose(f) != 0 || rc < 0)
		return -1;
	return chmod(tmp, 0755);
}

/* Writes the hook beside path and renames it into place, unless a signal came first. */
static int install(const char *path, int force, volatile sig_atomic_t *stop)
{
	int who = ours(path);
	if (who == 0 && !force) {
		error_msg("%s: a pre-commit hook assay did not write is there; not replacing it "
			  "(--force would)", path);
		return EXIT_USAGE;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		mkdir(dir, 0755);
	}
	char tmp[PATH_MAX + 16];
	snprintf(tmp, sizeof(tmp), "%s.assay-tmp", path);
	int rc = write_hook(tmp);
	testpoint("hook.write");
	if (rc == 0 && *stop) {
		unlink(tmp);
		error_msg("%s: interrupted: the hook was not installed", path);
		return EXIT_INTERNAL;
	}
	if (rc < 0 || rename(tmp, path) < 0) {
		error_msg("%s: cannot write the hook: %s", path, strerror(errno));
		unlink(tmp);
		return EXIT_INTERNAL;
	}
	printf("installed %s\n", path);
	return EXIT_CLEAN;
}

static int uninstall(const char *path)
{
	int who = ours(path);
	if (who < 0) {
		printf("no pre-commit hook at %s\n", path);
		return EXIT_CLEAN;
	}
	if (who == 0) {
		error_msg("%s: this pre-commit hook was not written by assay; leaving it", path);
		return EXIT_USAGE;
	}
	if (unlink(path) < 0) {
		error_msg("%s: %s", path, strerror(errno));
		return EXIT_INTERNAL;
	}
	printf("removed %s\n", path);
	return EXIT_CLEAN;
}

int cmd_hook(const struct run_params *p, struct run_signals sig)
{
	if (p->npaths != 1) {
		cli_usage(stderr, "hook");
		return EXIT_USAGE;
	}
	char path[PATH_MAX], err[256];
	int rc;
	if (hook_path(path, sizeof(path), err, sizeof(err)) < 0) {
		error_msg("%s", err);
		rc = EXIT_USAGE;
	} else if (strcmp(p->paths[0], "install") == 0) {
		rc = install(path, p->force, sig.stop);
	} else if (strcmp(p->paths[0], "uninstall") == 0) {
		rc = uninstall(path);
	} else {
		error_msg("unknown hook command '%s' (install, uninstall)", p->paths[0]);
		rc = EXIT_USAGE;
	}
	return exit_after(&sig, rc);
}
