/*
 * groups.c - the figures per file and per directory (see groups.h).
 */
#include "report/groups.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* The key of f's row: its path, or the directory part of it. */
static char *row_key(const struct report_file *f, enum group_by by)
{
	if (by == GROUP_FILE)
		return xstrdup(f->path);
	const char *slash = strrchr(f->path, '/');
	if (!slash)
		return xstrdup(".");
	char *dir = xstrdup(f->path);
	dir[slash - f->path ? slash - f->path : 1] = '\0';	/* "/a.c" keeps "/" */
	return dir;
}

static void add_units(struct group_row *g, const struct report_file *f)
{
	const struct record *r = f->rec;
	for (size_t j = 0; j < r->nunits; j++) {
		const struct unit *u = &r->units[j];
		g->ccn_sum += u->ccn;
		g->cognitive_sum += u->cognitive;
		if (u->ccn > g->ccn_max)
			g->ccn_max = u->ccn;
		if (u->cognitive > g->cognitive_max)
			g->cognitive_max = u->cognitive;
		g->violating += unit_violations(f->limits, u) != 0;
	}
	g->functions += r->nunits;
	g->files++;
	g->mi_sum += r->mi * (double)r->code;
	g->code += r->code;
	g->nloc += r->code;	/* the file's: a sum of its functions' counts nested ones twice */
	g->volume += halstead_volume(&r->hal);
}

/* A measured file and the key of its row. */
struct keyed_file {
	char *key;
	const struct report_file *file;
};

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct keyed_file *)a)->key, ((const struct keyed_file *)b)->key);
}

/* The files sorted by key, then one row per run of equal keys: n log n, whatever the
 * order of the files (a directory's files are not all together in path order). */
struct group_row *group_build(const struct run_model *m, enum group_by by, size_t *n)
{
	struct keyed_file *kf = xcalloc(m->nfiles + 1, sizeof(*kf));
	size_t nk = 0;
	for (size_t i = 0; by != GROUP_NONE && i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (f->done && f->rec->status <= FILE_FALLBACK)
			kf[nk++] = (struct keyed_file){ row_key(f, by), f };
	}
	qsort(kf, nk, sizeof(*kf), by_key);
	struct group_row *rows = xcalloc(nk + 1, sizeof(*rows));
	*n = 0;
	for (size_t k = 0; k < nk; k++) {
		if (*n == 0 || strcmp(rows[*n - 1].path, kf[k].key) != 0)
			rows[(*n)++].path = kf[k].key;
		else
			free(kf[k].key);
		add_units(&rows[*n - 1], kf[k].file);
	}
	free(kf);
	return rows;
}

void group_free(struct group_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].path);
	free(rows);
}

double group_ccn_mean(const struct group_row *g)
{
	return g->functions ? (double)g->ccn_sum / (double)g->functions : 0;
}

double group_cognitive_mean(const struct group_row *g)
{
	return g->functions ? (double)g->cognitive_sum / (double)g->functions : 0;
}

double group_mi(const struct group_row *g)
{
	return g->code ? g->mi_sum / (double)g->code : 100;
}

int group_by_name(const char *word)
{
	if (strcmp(word, "file") == 0)
		return GROUP_FILE;
	if (strcmp(word, "dir") == 0)
		return GROUP_DIR;
	return -1;
}
