/*
 * baseline.c - `assay baseline write [PATH...]`: today's violators into .assay-baseline
 * at the repository root, so a team adopting the gate on an old code base fails only on
 * new violators, or on recorded ones that got worse (store/baseline.h). It records HEAD
 * (the index with --staged), read from git objects, so that nothing not yet committed is
 * whitelisted by accident, and says which work-tree files differ from what it recorded;
 * --prune only drops the entries that match nothing any more.
 */
#include "cmd/cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/languages.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "store/baseline.h"
#include "util/suggest.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/msg.h"

/* path with "." and ".." taken out, and no "//" or trailing "/" (an absolute path). */
static void normalize(char *path)
{
	char *out = path, *in = path;
	while (*in) {
		while (*in == '/')
			in++;
		size_t n = strcspn(in, "/");
		if (n == 0 || (n == 1 && in[0] == '.')) {
			in += n;
			continue;
		}
		if (n == 2 && in[0] == '.' && in[1] == '.') {
			while (out > path && *--out != '/')
				;
			in += n;
			continue;
		}
		*out++ = '/';
		memmove(out, in, n);
		out += n;
		in += n;
	}
	*out = '\0';
}

/* A path named on the command line, from the repository root ("" the root itself), or
 * NULL when it lies outside: resolved as the run resolves it (links, ".."), or, when it
 * is gone from the work tree (a file named as HEAD has it), lexically. */
static char *from_root(const char *root, const char *arg)
{
	char full[2 * PATH_MAX + 2], cwd[PATH_MAX];
	if (!realpath(arg, full)) {
		if (arg[0] != '/' && !getcwd(cwd, sizeof(cwd)))
			return NULL;
		snprintf(full, sizeof(full), "%s%s%s", arg[0] == '/' ? "" : cwd,
			 arg[0] == '/' ? "" : "/", arg);
		normalize(full);
		if (!full[0])
			snprintf(full, sizeof(full), "/");
	}
	size_t n = strlen(root);
	if (strcmp(full, root) == 0)
		return xstrdup("");
	if (strcmp(root, "/") == 0)
		return xstrdup(full + 1);
	if (strncmp(full, root, n) == 0 && full[n] == '/')
		return xstrdup(full + n + 1);
	return NULL;
}

/* Every file's violators, by its path from the repository root, into a new baseline,
 * with old's entries of files not measured (how many: *kept). A violator no baseline
 * line can hold is left out, with a warning. */
static int write_baseline(const struct run *r, const char *path, const struct baseline *old,
			  size_t *kept, char *err, size_t len)
{
	size_t n = r->list.nfiles;
	struct baseline_file *files = xcalloc(n + 1, sizeof(*files));
	char (*paths)[2 * PATH_MAX] = xcalloc(n + 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++) {
		const struct file_state *s = &r->state[i];
		files[i] = (struct baseline_file){ run_repo_path(r, i, paths[i], sizeof(paths[i])),
						   &s->rec, run_limits(r, i),
						   s->done && baseline_decides(&s->rec) };
	}
	/* Paths named: the entries of files outside them stay. */
	size_t nnamed = r->p->npaths - 1, ncovered = 0;
	char **covered = xcalloc(nnamed + 1, sizeof(*covered));
	for (size_t i = 0; i < nnamed; i++)
		if ((covered[ncovered] = from_root(r->p->root, r->p->paths[i + 1])))
			ncovered++;
	struct baseline_old keep = { old, r->p->root, nnamed == 0, (const char *const *)covered,
				     ncovered, 0, 0, NULL };
	int rc = baseline_write(path, files, n, &keep, err, len);
	*kept = keep.kept;
	if (rc >= 0 && keep.unwritable)
		warning_msg("%s: %zu function%s over the limits not recorded (they stay "
			    "violations): a baseline line cannot hold a path or name with a tab or "
			    "line break, or a path that starts with # (the first in %s)", path,
			    keep.unwritable, keep.unwritable == 1 ? "" : "s", keep.unwritable_sample);
	free_strings(covered, ncovered);
	free(paths);
	free(files);
	return rc;
}

/* How many functions the old baseline knew only by their body hash (renamed, or moved to
 * another file): entries the new baseline carries under their new names or paths. */
static size_t rekeyed_entries(struct run *r, struct baseline *old)
{
	if (!old)
		return 0;
	run_baseline_old_moved(r, old);
	size_t n = baseline_moved_taken(old);
	for (size_t i = 0; i < r->list.nfiles; i++) {
		char path[2 * PATH_MAX];
		const struct file_state *s = &r->state[i];
		if (s->done && run_repo_path(r, i, path, sizeof(path)))
			n += baseline_rekeyed(old, path, &s->rec, run_limits(r, i));
	}
	return n;
}

/* Files measured: their violators replace their entries. */
static size_t measured_files(const struct run *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		n += r->state[i].done && r->state[i].rec.status <= FILE_PARTIAL;
	return n;
}

/* What baseline write records: "HEAD", "the index" or "the work tree". */
struct snapshot {
	const char *name;
	int git;		/* from git objects (else the work tree) */
};

/* The files of HEAD (or of the index with --staged) under p's paths, read from git
 * objects; outside a git repository (or with --no-git) the work tree's. 0 or an exit
 * status after an error message. */
static int open_snapshot(struct run *r, struct snapshot *snap)
{
	const struct run_params *p = r->p;
	const char *const *paths = (const char *const *)p->paths + 1;
	char err[PATH_MAX + 600];
	*snap = (struct snapshot){ "the work tree", 0 };
	/* The repository around the configuration's root: the one whose .assay was read. */
	if (p->no_git || git_view_open_at(&r->git, p->root, err, sizeof(err)) < 0) {
		if (p->staged) {
			error_msg("baseline write --staged: not in a git repository");
			return EXIT_USAGE;
		}
		return run_discover(r, paths, p->npaths - 1);
	}
	*snap = (struct snapshot){ p->staged ? "the index" : "HEAD", 1 };
	git_view_set_max_size(r->git, p->max_size);
	if (git_view_limit(r->git, paths, p->npaths - 1, err, sizeof(err)) < 0) {
		error_msg("%s", err);	/* a named path: the hint below is not about it */
		return EXIT_USAGE;
	}
	int rc = p->staged ? git_view_index_tree(r->git, err, sizeof(err))
			   : git_view_tree(r->git, "HEAD", err, sizeof(err));
	if (rc < 0) {
		error_msg("%s%s", err, p->staged ? "" : " (record the index with --staged)");
		return EXIT_USAGE;
	}
	return run_add_changes(r);
}

/* Collects what the work tree holds that the snapshot does not, source files and the
 * repository's .assay only. */
struct differing {
	size_t n;
	char sample[400];
};

static void note_differing(void *ctx, const char *path, const char *how)
{
	struct differing *d = ctx;
	/* .assay too: its limits decided what was recorded, from the snapshot's copy. */
	if (language_by_path(path) == LANG_NONE && strcmp(path, ".assay") != 0)
		return;
	size_t at = strlen(d->sample);
	if (d->n++ < 5 && at < sizeof(d->sample))
		snprintf(d->sample + at, sizeof(d->sample) - at, "%s%s (%s)", at ? ", " : "", path,
			 how);
}

/* Warns when source files (or .assay) of the work tree differ from what was recorded. */
static void warn_differing(struct run *r, const struct snapshot *snap)
{
	struct differing d = { 0, "" };
	char err[600];
	if (!snap->git || git_view_work_tree_differs(r->git, r->p->staged, note_differing, &d, err,
						     sizeof(err)) < 0 || !d.n)
		return;
	log_event(LOG_WARNING, "baseline.work_tree", BASELINE_NAME, "recorded %s; %zu source "
		  "files (or .assay) of the work tree differ from it and were not recorded as they "
		  "are: %s%s (commit them first%s)", snap->name, d.n, d.sample, d.n > 5 ? ", ..." : "",
		  r->p->staged ? ", or stage them" : ", or stage them and use --staged");
}

/* --prune: the old baseline without the entries that match nothing any more. */
static int prune_baseline(struct run *r, const char *path)
{
	char err[PATH_MAX + 600];
	struct baseline *old = baseline_read(r->p->root, err, sizeof(err));
	if (!old) {
		error_msg("%s", err[0] ? err : "no .assay-baseline to prune");
		return EXIT_USAGE;
	}
	struct baseline_judge j;
	char sample[600];
	run_baseline_old_moved(r, old);	/* an entry whose function moved is used */
	run_baseline_judge(r, old, &j);
	size_t gone = baseline_unused(old, run_baseline_judged, &j, sample, sizeof(sample));
	long kept = baseline_write_pruned(path, old, run_baseline_judged, &j, err, sizeof(err));
	run_baseline_judge_free(&j);
	baseline_free(old);
	if (kept < 0) {
		error_msg("%s", err);
		return EXIT_INTERNAL;
	}
	printf("pruned %s: %zu entries removed%s%s%s, %ld kept\n", path, gone, gone ? " (" : "",
	       sample, gone ? (gone > 3 ? ", ...)" : ")") : "", kept);
	return EXIT_CLEAN;
}

/* How many files hold a violator. */
static size_t violating_files(const struct run *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		const struct file_state *s = &r->state[i];
		for (size_t k = 0; s->done && k < s->rec.nunits; k++)
			if (unit_over(run_limits(r, i)->limit, &s->rec.units[k])) {
				n++;
				break;
			}
	}
	return n;
}

/* The analysis of r's files into the baseline at the repository root; the exit status. */
static int analyze_into_baseline(struct run *r, const struct snapshot *snap)
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
	if (r->p->prune)
		return prune_baseline(r, path);
	/* The old baseline at the repository root (if any, and usable). */
	struct baseline *old = baseline_read(r->p->root, err, sizeof(err));
	struct stat st;
	int regular = lstat(path, &st) == 0 && S_ISREG(st.st_mode);	/* else write_baseline says */
	if (!old && err[0] && regular) {	/* its entries for files not measured now would be lost */
		error_msg("%s; not written over: a new baseline keeps the old one's entries for "
			  "files not measured now (fix it, or remove it to start anew)", err);
		return EXIT_USAGE;
	}
	size_t rekeyed = rekeyed_entries(r, old), kept = 0;
	int n = write_baseline(r, path, old, &kept, err, sizeof(err));
	baseline_free(old);
	if (n == -2) {	/* the repository's to fix: assay writes no other name */
		error_msg("%s (remove it: baseline write puts a new regular file there)", err);
		return EXIT_USAGE;
	}
	if (n < 0) {
		error_msg("%s", err);
		return EXIT_INTERNAL;
	}
	printf("wrote %s from %s: %d functions over the limits in %zu files (of %zu measured)\n",
	       path, snap->name, n, violating_files(r), measured_files(r));
	if (rekeyed)
		printf("%zu entries of the old baseline now carry the new names or paths of their "
		       "functions (matched by body hash)\n", rekeyed);
	if (kept)
		printf("%zu entries of the old baseline kept as they were: their files were not "
		       "named, or not measured this time (failed, counted by lines only, left out "
		       "by -l, -x or --max-size)\n", kept);
	warn_differing(r, snap);
	return EXIT_CLEAN;
}

int cmd_baseline(const struct run_params *p, struct run_signals sig)
{
	static const char *const words[] = { "write", NULL };
	if (p->npaths < 1 || strcmp(p->paths[0], "write") != 0) {
		char hint[64];
		if (p->npaths >= 1)
			error_msg("unknown baseline command '%s' (%swrite)", p->paths[0],
				  suggest_hint(hint, sizeof(hint), "assay baseline", p->paths[0],
					       words));
		return cli_usage_error("baseline");
	}
	struct run r;
	struct snapshot snap;
	run_init(&r, p, sig);	/* no baseline read: the new one accepts nothing from it */
	int code = open_snapshot(&r, &snap);
	if (code == 0)
		code = exit_after(&sig, analyze_into_baseline(&r, &snap));
	lookup_close(&r);
	run_free(&r);
	return code;
}
