/*
 * model.c - metrics table, thresholds and the run aggregate (see model.h).
 */
#include "report/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every limit the unit is over, suppressed or not. */
static uint32_t over_limits(const struct thresholds *t, const struct unit *u)
{
	return unit_over(t->limit, u);
}

void model_take_summary(struct file_entry *f, uint32_t nunits)
{
	f->units_total = nunits;
	f->units_subset = 1;
	f->done = 1;
}

uint32_t unit_violations(const struct thresholds *t, const struct unit *u)
{
	return over_limits(t, u) & ~u->suppressed & ~u->baselined;
}

uint32_t unit_baselined(const struct thresholds *t, const struct unit *u)
{
	return over_limits(t, u) & ~u->suppressed & u->baselined;
}

uint32_t unit_suppressed(const struct thresholds *t, const struct unit *u)
{
	return over_limits(t, u) & u->suppressed;
}

/* Worse = more metrics violated, then higher CCN, then higher cognitive. */
static int worse(const struct offender *a, const struct offender *b)
{
	int ca = __builtin_popcount(a->violations), cb = __builtin_popcount(b->violations);
	if (ca != cb)
		return ca > cb;
	if (a->unit->ccn != b->unit->ccn)
		return a->unit->ccn > b->unit->ccn;
	return a->unit->cognitive > b->unit->cognitive;
}

static void consider_offender(struct run_model *m, struct offender o)
{
	size_t i = m->nworst;
	if (i == MAX_OFFENDERS) {
		if (!worse(&o, &m->worst[MAX_OFFENDERS - 1]))
			return;
		i--;
	} else {
		m->nworst++;
	}
	while (i > 0 && worse(&o, &m->worst[i - 1])) {
		m->worst[i] = m->worst[i - 1];
		i--;
	}
	m->worst[i] = o;
}

void model_prune(struct file_entry *f, const struct thresholds *t)
{
	struct record *r = &f->rec;
	if (f->pruned || !f->done || r->status > FILE_FALLBACK)
		return;
	if (!f->units_subset)
		f->units_total = (uint32_t)r->nunits;
	size_t kept = 0;
	for (size_t i = 0; i < r->nunits; i++) {
		if (over_limits(t, &r->units[i]))
			r->units[kept++] = r->units[i];
		else
			record_unit_free(&r->units[i]);
	}
	r->nunits = kept;
	/* Give back the array too: across a large tree it is most of what pruning saves. */
	if (kept == 0) {
		free(r->units);
		r->units = NULL;
	} else {
		struct unit *smaller = realloc(r->units, kept * sizeof(*r->units));
		if (smaller)
			r->units = smaller;
	}
	free(r->increments);
	r->increments = NULL;
	r->nincrements = 0;
	f->pruned = 1;
}

size_t model_units_of(const struct file_entry *f)
{
	return f->pruned ? f->units_total : f->rec.nunits;
}

/* Counts one analyzed file's units and violations. */
static void add_file(struct run_model *m, const struct file_entry *f)
{
	m->files_by_lang[f->rec.lang]++;
	m->units += model_units_of(f);
	m->units_by_lang[f->rec.lang] += model_units_of(f);
	for (size_t k = 0; k < f->rec.nunits; k++) {
		const struct unit *u = &f->rec.units[k];
		uint32_t v = unit_violations(model_limits(m, f), u);
		uint32_t quiet = unit_suppressed(model_limits(m, f), u);
		m->baselined += (size_t)__builtin_popcount(unit_baselined(model_limits(m, f), u));
		m->suppressed_units += quiet != 0;
		m->suppressed += (size_t)__builtin_popcount(quiet);
		if (!v)
			continue;
		m->violating_units++;
		for (int b = 0; b < MET_COUNT; b++)
			if (v & (1u << b)) {
				m->violations++;
				m->by_metric[b]++;
			}
		consider_offender(m, (struct offender){ f, u, v });
	}
}

void model_build(struct run_model *m, const struct file_list *list,
		 const struct thresholds *thresholds)
{
	m->sort_metric = -1;
	m->list = list;
	m->thresholds = thresholds;
	for (size_t i = 0; i < list->nfiles; i++) {
		const struct file_entry *f = &list->files[i];
		if (!f->done)
			m->pending++;
		else
			m->by_status[f->rec.status]++;
		if (f->done && f->rec.status <= FILE_FALLBACK)
			add_file(m, f);
	}
}

int model_incomplete(const struct run_model *m)
{
	return m->interrupted || m->pending > 0 || m->by_status[FILE_FAILED] > 0;
}

void model_sandbox_text(const struct run_model *m, char *out, size_t len)
{
	if (m->pool && m->pool->inprocess)
		snprintf(out, len, "off (in-process, --allow-unsandboxed)");
	else if (m->sandbox_mode == SANDBOX_MODE_OFF)
		snprintf(out, len, "off (--sandbox=off)");
	else if (!m->pool || !m->pool->got_level)
		snprintf(out, len, "not used (no file needed a worker)");
	else
		snprintf(out, len, "%s (%s)", sandbox_level_name(m->pool->level), m->pool->detail);
}

void model_cache_totals(const struct run_model *m, uint64_t *hits, uint64_t *misses)
{
	*hits = *misses = 0;
	for (int l = 0; m->cache && l < LANG_COUNT; l++) {
		*hits += m->cache->hits[l];
		*misses += m->cache->misses[l];
	}
}

void model_cache_text(const struct run_model *m, char *out, size_t len)
{
	uint64_t hits, misses;
	if (!m->cache) {
		snprintf(out, len, "%s", m->cache_note && m->cache_note[0] ? m->cache_note : "off");
		return;
	}
	model_cache_totals(m, &hits, &misses);
	snprintf(out, len, "%llu hits, %llu misses (%.1f s of analysis saved)",
		 (unsigned long long)hits, (unsigned long long)misses, m->cache->saved_us / 1e6);
}

const char *phase_name(enum phase p)
{
	static const char *const names[PHASE_COUNT] = { "discover", "key", "cache", "analyze",
							 "report" };
	return (unsigned)p < PHASE_COUNT ? names[p] : "unknown";
}

/* qsort has no context argument in POSIX; the metric being sorted by is held here. */
static int sort_by;

static int by_metric_desc(const void *a, const void *b)
{
	const struct offender *x = a, *y = b;
	uint32_t vx = unit_metric(x->unit, (enum metric)sort_by);
	uint32_t vy = unit_metric(y->unit, (enum metric)sort_by);
	if (vx != vy)
		return vx > vy ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

struct offender *model_violators(const struct run_model *m, size_t *n)
{
	struct offender *v = malloc((m->violating_units ? m->violating_units : 1) * sizeof(*v));
	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < m->list->nfiles; i++) {
		const struct file_entry *f = &m->list->files[i];
		if (!f->done || f->rec.status > FILE_FALLBACK)
			continue;
		for (size_t k = 0; k < f->rec.nunits && *n < m->violating_units; k++) {
			uint32_t bits = unit_violations(model_limits(m, f), &f->rec.units[k]);
			if (bits)
				v[(*n)++] = (struct offender){ f, &f->rec.units[k], bits };
		}
	}
	if (m->sort_metric >= 0) {
		sort_by = m->sort_metric;
		qsort(v, *n, sizeof(*v), by_metric_desc);
	}
	return v;
}
