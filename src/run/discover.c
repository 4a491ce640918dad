/*
 * discover.c - a run's first stage (see run_discover in run.h): the command-line paths
 * walked (files/discover.h), the configuration's selection applied (select.c), and the
 * verdicts of both taken as the files' results.
 */
#include "run/run.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "files/discover.h"
#include "git/attrs.h"
#include "run/exitcode.h"
#include "run/select.h"
#include "util/alloc.h"
#include "util/msg.h"

/* The work tree's attributes, from the .gitattributes files the walk met (git/attrs.h:
 * when none mentions linguist, no path is asked about). Under --strict a plain run has
 * no base revision to read them from: none count. */
static void open_attributes(struct run *r)
{
	char **files = NULL;
	size_t n = 0, cap = 0;
	char buf[2 * PATH_MAX];
	int wanted = !r->p->no_git && !r->p->strict;
	for (size_t i = 0; i < r->list.nfiles && wanted; i++) {
		const char *rel = r->list.files[i].relpath;
		const char *slash = strrchr(rel, '/');
		if (strcmp(slash ? slash + 1 : rel, ".gitattributes") != 0)
			continue;
		const char *path = run_repo_path(r, i, buf, sizeof(buf));
		if (!path)
			continue;
		xgrow((void **)&files, &cap, n + 1, sizeof(*files));
		files[n++] = xstrdup(path);
	}
	/* The files the walk met (and the index's still in the work tree), none too: not
	 * NULL, which would read the index's blobs of files deleted from the work tree. */
	static const char *const none[1];
	if (wanted)
		r->attrs = git_attrs_open(r->p->root, ATTRS_WORK_TREE, NULL,
					  files ? (const char *const *)files : none, n);
	for (size_t k = 0; k < n; k++)
		free(files[k]);
	free(files);
}

int run_discover(struct run *r, const char *const *paths, size_t npaths)
{
	static const char *const here[] = { "." };
	const struct run_params *p = r->p;
	if (npaths == 0) {
		paths = here;
		npaths = 1;
	}
	atomic_uint *hits = xcalloc(p->nexcludes + 1, sizeof(*hits));
	struct discover_options dopt = { (const char *const *)p->excludes, p->nexcludes, hits,
					 p->max_size, p->language_mask, p->no_git,
					 r->sig.stop };
	char err[512];
	int rc = discover(&r->list, paths, npaths, &dopt, err, sizeof(err));
	if (rc == 0 && !*r->sig.stop)
		discover_hint_unmatched(&dopt, &r->list);
	free(hits);
	if (rc < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	run_sync_files(r);
	open_attributes(r);
	select_files(r);
	run_take_verdicts(r);
	return 0;
}
