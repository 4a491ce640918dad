/*
 * baseline_write.c - writing .assay-baseline (see baseline.h): today's violators, the old
 * baseline's entries of files not measured, or the old one without its unused entries.
 */
#include "store/baseline.h"
#include "store/baseline_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "files/safewrite.h"
#include "util/alloc.h"

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line per violator: the values of the metrics it violates. */
static char *violator_line(const char *path, const struct unit *u, uint32_t bits)
{
	struct wbuf b;
	wbuf_init(&b);
	wbuf_printf(&b, "%s\t%s\t", path, u->qname);
	const char *sep = "";
	for (int m = 0; m < MET_COUNT; m++)
		if (bits & (1u << m)) {
			wbuf_printf(&b, "%s%s=%u", sep, metric_info((enum metric)m)->name,
				    unit_metric(u, (enum metric)m));
			sep = ",";
		}
	wbuf_printf(&b, ",hash=%llu", (unsigned long long)u->body_hash);
	wbuf_put_u8(&b, 0);
	return (char *)b.data;
}

struct lines {
	char **v;
	size_t n, cap;
};

/* Whether a line can hold s: no tab or line break in it, and (a path) no `#` first,
 * which would make the line a comment, or the format's header. */
static int writable(const char *s, int first_hash_ok)
{
	return !strpbrk(s, "\t\n\r") && (first_hash_ok || s[0] != '#');
}

/* The baseline lines of one file's violators. Those a line cannot hold are left out and
 * counted in old (they stay violations, and baseline write says so). */
static void file_lines(struct lines *out, const struct baseline_file *f, struct baseline_old *old)
{
	int path_ok = writable(f->path, 0);
	for (size_t k = 0; k < f->rec->nunits; k++) {
		const struct unit *u = &f->rec->units[k];
		uint32_t bits = unit_violations(f->limits, u) | unit_baselined(f->limits, u);
		if (!bits)
			continue;
		if (!path_ok || !writable(u->qname, 1)) {
			if (!old->unwritable++)
				old->unwritable_sample = f->path;
			continue;
		}
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof(char *));
		out->v[out->n++] = violator_line(f->path, u, bits);
	}
}

/* An entry as its line (no newline): key, then its recorded values and hash. */
static char *entry_line(const struct baseline_entry *e)
{
	struct wbuf b;
	wbuf_init(&b);
	wbuf_printf(&b, "%s\t", e->key);
	const char *sep = "";
	for (int m = 0; m < MET_COUNT; m++)
		if (e->value[m] >= 0) {
			wbuf_printf(&b, "%s%s=%ld", sep, metric_info((enum metric)m)->name, e->value[m]);
			sep = ",";
		}
	if (e->has_hash)
		wbuf_printf(&b, "%shash=%llu", sep, (unsigned long long)e->hash);
	wbuf_put_u8(&b, 0);
	return (char *)b.data;
}

/* The paths of files, sorted; only those whose entries the run replaces when
 * replacing_only. */
static const char **sorted_paths(const struct baseline_file *files, size_t nfiles,
				 int replacing_only, size_t *n)
{
	const char **v = xcalloc(nfiles + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < nfiles; i++)
		if (files[i].path && (files[i].replaces || !replacing_only))
			v[(*n)++] = files[i].path;
	qsort(v, *n, sizeof(*v), by_string);
	return v;
}

/* Whether path (from the repository root) lies in what the run covered. */
static int covered(const struct baseline_old *old, const char *path)
{
	if (old->everything)
		return 1;
	for (size_t i = 0; i < old->ncovered; i++) {
		size_t n = strlen(old->covered[i]);
		if (n == 0 || (strncmp(path, old->covered[i], n) == 0
			       && (path[n] == '\0' || path[n] == '/')))
			return 1;
	}
	return 0;
}

/* The entries of old->b to keep (baseline_old), as lines onto out; returns how many. */
static size_t keep_unreplaced(struct lines *out, const struct baseline_old *old,
			      const struct baseline_file *files, size_t nfiles)
{
	size_t nlisted, nreplaced, kept = 0;
	const char **listed = sorted_paths(files, nfiles, 0, &nlisted);
	const char **replaced = sorted_paths(files, nfiles, 1, &nreplaced);
	for (size_t i = 0; old->b && i < old->b->n; i++) {
		char path[8192];
		const char *p = baseline_entry_path(&old->b->v[i], path, sizeof(path));
		int in_run = bsearch(&p, listed, nlisted, sizeof(*listed), by_string) != NULL;
		if (in_run ? bsearch(&p, replaced, nreplaced, sizeof(*replaced), by_string) != NULL
			   : covered(old, p) && baseline_file_gone(old->root, p))
			continue;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof(char *));
		out->v[out->n++] = entry_line(&old->b->v[i]);
		kept++;
	}
	free(listed);
	free(replaced);
	return kept;
}

int baseline_write(const char *path, const struct baseline_file *files, size_t nfiles,
		   struct baseline_old *old, char *err, size_t len)
{
	struct lines all = { NULL, 0, 0 };
	for (size_t i = 0; i < nfiles; i++)
		if (files[i].path && files[i].replaces)
			file_lines(&all, &files[i], old);
	size_t n = all.n;
	old->kept = keep_unreplaced(&all, old, files, nfiles);
	char **lines = all.v;
	qsort(lines, all.n, sizeof(char *), by_string);
	struct safewrite w;
	memset(&w, 0, sizeof(w));
	int rc = -1;
	if (all.n > BASELINE_MAX_ENTRIES)	/* no run would read it (baseline.c) */
		snprintf(err, len, "%s: not written: it would hold %zu entries, more than the %u a "
			 "run reads", path, all.n, BASELINE_MAX_ENTRIES);
	else
		rc = safewrite_open(&w, path, 0666, 0, err, len);
	if (rc == 0) {
		fprintf(w.f, "%s\n", BASELINE_HEADER);
		for (size_t i = 0; i < all.n; i++)
			fprintf(w.f, "%s\n", lines[i]);
		rc = safewrite_commit(&w, err, len);
	}
	for (size_t i = 0; i < all.n; i++)
		free(lines[i]);
	free(lines);
	return rc < 0 ? (w.refused ? -2 : -1) : (int)n;
}

long baseline_write_pruned(const char *path, const struct baseline *b, baseline_judged judged,
			   void *ctx, char *err, size_t len)
{
	struct safewrite w;
	long kept = 0;
	if (safewrite_open(&w, path, 0666, 0, err, len) < 0)
		return -1;
	fprintf(w.f, "%s\n", BASELINE_HEADER);
	for (size_t i = 0; b && i < b->n; i++)
		if (!baseline_entry_unused(&b->v[i], judged, ctx)) {
			char *line = entry_line(&b->v[i]);
			fprintf(w.f, "%s\n", line);
			free(line);
			kept++;
		}
	return safewrite_commit(&w, err, len) < 0 ? -1 : kept;
}
