/*
 * run.c - a run's state (see run.h): the per-file arrays beside the file list, what
 * applies to each file, and the baseline.
 */
#include "run/run.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/attrs.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "store/baseline.h"
#include "store/cache.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/msg.h"

void run_init(struct run *r, const struct run_params *p, struct run_signals sig)
{
	memset(r, 0, sizeof(*r));
	r->p = p;
	r->sig = sig;
	r->t.start = now_seconds();
}

void run_sync_files(struct run *r)
{
	size_t n = r->list.nfiles;
	if (n <= r->cap)
		return;
	size_t cap = r->cap;
	if (cap == 0) {
		/* The first call, after discovery, has every file: exactly that, zeroed by the
		 * system (the kernel's 78 000 files' state is 10 MB). */
		cap = n;
		r->state = xcalloc(cap, sizeof(*r->state));
		r->limits = xcalloc(cap, sizeof(*r->limits));
	} else {
		while (cap < n)
			cap *= 2;
		r->state = xrealloc(r->state, cap * sizeof(*r->state));
		r->limits = xrealloc(r->limits, cap * sizeof(*r->limits));
		memset(r->state + r->cap, 0, (cap - r->cap) * sizeof(*r->state));
		memset(r->limits + r->cap, 0, (cap - r->cap) * sizeof(*r->limits));
	}
	if (r->changes) {
		r->changes = xrealloc(r->changes, cap * sizeof(*r->changes));
		for (size_t i = r->cap; i < cap; i++)
			r->changes[i] = (struct file_change){ .partner = -1 };
	}
	r->cap = cap;
}

void run_keep_files(struct run *r, const uint8_t *keep)
{
	struct file_list *l = &r->list;
	size_t k = 0;
	long *moved = r->changes ? xmalloc((l->nfiles + 1) * sizeof(*moved)) : NULL;
	for (size_t i = 0; i < l->nfiles && moved; i++)
		moved[i] = keep[i] ? (long)k++ : -1;
	k = 0;
	for (size_t i = 0; i < l->nfiles; i++) {
		if (!keep[i]) {
			file_list_free_entry(l, i);
			record_clear(&r->state[i].rec);
			free(r->limits[i]);
			continue;
		}
		l->files[k] = l->files[i];
		l->verdicts[k] = l->verdicts[i];
		l->keys[k] = l->keys[i];
		r->state[k] = r->state[i];
		r->limits[k] = r->limits[i];
		if (r->changes) {
			r->changes[k] = r->changes[i];
			if (r->changes[k].partner >= 0)
				r->changes[k].partner = moved[r->changes[k].partner];
		}
		k++;
	}
	l->nfiles = k;
	free(moved);
}

void run_free(struct run *r)
{
	for (size_t i = 0; i < r->list.nfiles && i < r->cap; i++) {
		record_clear(&r->state[i].rec);
		free(r->limits[i]);
	}
	free(r->state);
	free(r->limits);
	free(r->changes);
	for (size_t i = 0; i < r->nheld; i++)
		cache_row_free(&r->held[i].row);
	free(r->held);
	file_list_free(&r->list);
	engine_stats_free(&r->engine);
	git_view_free(r->git);
	git_attrs_free(r->attrs);
	baseline_free(r->baseline);
	baseline_free(r->baseline_refused);
	memset(r, 0, sizeof(*r));
}

const struct thresholds *run_limits(const struct run *r, size_t i)
{
	return r->limits[i] ? r->limits[i] : &r->p->thresholds;
}

int run_summary_enough(const struct run *r, size_t i, const struct record *rec)
{
	char buf[2 * PATH_MAX];
	const char *path;
	/* Under --strict the baseline is refused, and still matched (to say so). */
	const struct baseline *b = r->baseline ? r->baseline : r->baseline_refused;
	return !b || !(path = run_repo_path(r, i, buf, sizeof(buf)))
	       || baseline_summary_enough(b, path, rec);
}

const char *run_repo_path(const struct run *r, size_t i, char *buf, size_t len)
{
	const struct file_entry *f = &r->list.files[i];
	const char *real = r->list.root_real[f->root];
	if (!real)
		return NULL;
	size_t n = strlen(r->p->root);
	if (strncmp(real, r->p->root, n) != 0 || (real[n] && real[n] != '/'))
		return NULL;
	const char *inside = real[n] ? real + n + 1 : "";
	/* Called for every file of a walk, some twice: copies, not snprintf (a tenth of a
	 * warm run's instructions went to formatting these). */
	size_t a = strlen(inside), b = strlen(f->relpath), sep = a > 0;
	if (a + sep + b >= len)
		return NULL;
	memcpy(buf, inside, a);
	buf[a] = '/';
	memcpy(buf + a + sep, f->relpath, b + 1);
	return buf;
}

const char *run_stable_path(const struct run *r, size_t i, char *buf, size_t len)
{
	const char *p = run_repo_path(r, i, buf, len);
	return p ? p : r->list.files[i].path;
}

void run_verdict(struct run *r, size_t i, enum file_status status, enum cause cause,
		 const char *detail)
{
	struct file_state *s = &r->state[i];
	record_clear(&s->rec);
	s->rec.status = (uint8_t)status;
	s->rec.lang = (uint8_t)r->list.files[i].lang;
	s->rec.cause = (uint8_t)cause;
	s->rec.detail = detail && detail[0] ? xstrdup(detail) : NULL;
	s->done = 1;
}

void run_take_verdicts(struct run *r)
{
	for (size_t i = 0; i < r->list.nfiles; i++) {
		const struct file_verdict *v = &r->list.verdicts[i];
		if (v->given)
			run_verdict(r, i, (enum file_status)v->status, (enum cause)v->cause,
				    v->detail);
	}
}

int run_read_baseline(struct run *r)
{
	char err[PATH_MAX + 600];
	struct baseline *b = baseline_read(r->p->root, err, sizeof(err));
	if (r->p->strict)
		r->baseline_refused = b;	/* the change's own: it excuses nothing */
	else
		r->baseline = b;
	if (err[0]) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	return 0;
}
