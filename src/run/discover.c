/*
 * discover.c - a run's first stage (see run_discover in run.h): the command-line paths
 * walked (files/discover.h), the configuration's selection applied (select.c), and the
 * verdicts of both taken as the files' results.
 */
#include "run/run.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "files/discover.h"
#include "git/attrs.h"
#include "run/exitcode.h"
#include "run/select.h"
#include "util/alloc.h"
#include "util/msg.h"

/* The work tree's attributes (then the index's), opened only when the walk met a
 * .gitattributes file or $GIT_DIR/info/attributes exists: a repository without any is
 * never asked about each path. */
static void open_attributes(struct run *r)
{
	int any = 0;
	for (size_t i = 0; i < r->list.nfiles && !any; i++) {
		const char *rel = r->list.files[i].relpath;
		const char *base = strrchr(rel, '/');
		any = strcmp(base ? base + 1 : rel, ".gitattributes") == 0;
	}
	if (r->p->no_git || !(r->attrs = git_attrs_open(r->p->root, ATTRS_WORK_TREE, NULL)))
		return;
	if (!any && !git_attrs_info_file(r->attrs)) {
		git_attrs_free(r->attrs);
		r->attrs = NULL;
	}
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
