/*
 * baseline.c - `assay baseline write [PATH...]`: today's violators into .assay-baseline
 * at the repository root, so a team adopting the gate on an old code base fails only on
 * new violators, or on recorded ones that got worse (store/baseline.h).
 */
#include "cmd/cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/exitcode.h"
#include "run/lookup.h"
#include "store/baseline.h"
#include "util/alloc.h"
#include "util/msg.h"

/* Every file's violators, by its path from the repository root, into a new baseline. */
static int write_baseline(const struct run *r, const char *path, char *err, size_t len)
{
	size_t n = r->list.nfiles;
	struct baseline_file *files = xcalloc(n + 1, sizeof(*files));
	char (*paths)[2 * PATH_MAX] = xcalloc(n + 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++) {
		const struct file_state *s = &r->state[i];
		files[i] = (struct baseline_file){ s->done ? run_repo_path(r, i, paths[i],
									   sizeof(paths[i]))
							   : NULL,
						   &s->rec, run_limits(r, i) };
	}
	int rc = baseline_write(path, files, n, err, len);
	free(paths);
	free(files);
	return rc;
}

/* How many functions the old baseline at the repository root (if any, and usable) knew
 * only by their body hash: entries the new baseline carries under the functions' new
 * names. */
static size_t rekeyed_entries(const struct run *r)
{
	char err[600];
	struct baseline *old = baseline_read(r->p->root, err, sizeof(err));
	size_t n = 0;
	for (size_t i = 0; old && i < r->list.nfiles; i++) {
		char path[2 * PATH_MAX];
		const struct file_state *s = &r->state[i];
		if (s->done && run_repo_path(r, i, path, sizeof(path)))
			n += baseline_rekeyed(old, path, &s->rec, run_limits(r, i));
	}
	baseline_free(old);
	return n;
}

/* The analysis of r's files into the baseline at the repository root; the exit status. */
static int analyze_into_baseline(struct run *r)
{
	int engine_rc = run_analyze(r);
	char path[PATH_MAX + 32], err[600];
	snprintf(path, sizeof(path), "%s/%s", r->p->root, BASELINE_NAME);
	if (engine_rc < 0) {
		error_msg("%s: not written: the analysis could not run", path);
		return EXIT_INTERNAL;
	}
	if (*r->sig.stop) {
		error_msg("%s: not written: interrupted before every file was measured", path);
		return EXIT_INTERNAL;	/* exit_after makes it 128 + the signal */
	}
	size_t rekeyed = rekeyed_entries(r);
	int n = write_baseline(r, path, err, sizeof(err));
	if (n < 0) {
		error_msg("%s", err);
		return EXIT_INTERNAL;
	}
	printf("wrote %s: %d functions over the limits\n", path, n);
	if (rekeyed)
		printf("%zu entries of the old baseline now carry the new names of their functions "
		       "(matched by body hash)\n", rekeyed);
	return EXIT_CLEAN;
}

int cmd_baseline(const struct run_params *p, struct run_signals sig)
{
	if (p->npaths < 1 || strcmp(p->paths[0], "write") != 0) {
		error_msg("usage: assay baseline write [PATH...]");
		return EXIT_USAGE;
	}
	struct run r;
	run_init(&r, p, sig);	/* no baseline read: the new one accepts nothing from it */
	int code = run_discover(&r, (const char *const *)p->paths + 1, p->npaths - 1);
	if (code == 0)
		code = exit_after(&sig, analyze_into_baseline(&r));
	lookup_close(&r);
	run_free(&r);
	return code;
}
