/*
 * model.c - the run's aggregate over its files (see model.h).
 */
#include "report/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double model_over_score(const struct thresholds *t, const struct unit *u, uint32_t bits)
{
	double score = 0;
	for (int k = 0; k < MET_COUNT; k++) {
		if (!(bits & (1u << k)))
			continue;
		long limit = t->limit[k];
		double s = (double)unit_metric(u, (enum metric)k) / (double)(limit > 0 ? limit : 1);
		if (s > score)
			score = s;
	}
	return score;
}

static double over_score(const struct offender *o)
{
	return model_over_score(o->file->limits, o->unit, o->violations);
}

/* Worse = further over a limit (over_score), then more metrics violated, then higher CCN,
 * then higher cognitive. */
static int worse(const struct offender *a, const struct offender *b)
{
	double sa = over_score(a), sb = over_score(b);
	if (sa != sb)
		return sa > sb;
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

/* Counts one analyzed file's units and violations. */
static void add_file(struct run_model *m, const struct report_file *f)
{
	m->files_by_lang[f->rec->lang]++;
	m->units += f->units;
	m->units_by_lang[f->rec->lang] += f->units;
	for (size_t k = 0; k < f->rec->nunits; k++) {
		const struct unit *u = &f->rec->units[k];
		uint32_t v = unit_violations(f->limits, u);
		uint32_t quiet = unit_suppressed(f->limits, u);
		m->baselined += (size_t)__builtin_popcount(unit_baselined(f->limits, u));
		m->not_worse += (size_t)__builtin_popcount(unit_not_worse(f->limits, u));
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

/* The counts by status of a file the run got to: skipped ones by cause, failed ones as
 * sandbox violations. */
static void count_status(struct run_model *m, const struct record *rec)
{
	m->by_status[rec->status]++;
	if (rec->status == FILE_FAILED && rec->cause == CAUSE_SANDBOX_VIOLATION)
		m->sandbox_violations++;
	if (rec->status != FILE_SKIPPED)
		return;
	if (cause_is_not_source((enum cause)rec->cause))
		m->not_source++;
	else if (rec->cause < CAUSE_COUNT)
		m->skipped_by_cause[rec->cause]++;
}

void model_build(struct run_model *m, const struct report_file *files, size_t nfiles,
		 const struct thresholds *thresholds)
{
	m->sort_metric = -1;
	m->files = files;
	m->nfiles = nfiles;
	m->thresholds = thresholds;
	for (size_t i = 0; i < nfiles; i++) {
		const struct report_file *f = &files[i];
		if (!f->done) {
			m->pending++;
			continue;
		}
		count_status(m, f->rec);
		if (f->rec->status <= FILE_FALLBACK)
			add_file(m, f);
	}
}

size_t model_skipped(const struct run_model *m)
{
	return m->by_status[FILE_SKIPPED] - m->not_source;
}

int model_incomplete(const struct run_model *m)
{
	return m->interrupted || m->out_of_memory || m->pending > 0 || m->by_status[FILE_FAILED] > 0
	       || m->by_status[FILE_FALLBACK] > 0;
}

int model_file_unmeasured(const struct report_file *f)
{
	if (!f->done)
		return 1;
	enum cause c = (enum cause)f->rec->cause;
	switch ((enum file_status)f->rec->status) {
	case FILE_FAILED:
	case FILE_FALLBACK:
		return 1;
	case FILE_SKIPPED:
		/* What a file's own bytes decide: padding past the cap, one long line, a NUL. */
		return c == CAUSE_TOO_LARGE || c == CAUSE_MINIFIED || c == CAUSE_BINARY;
	default:
		return 0;
	}
}

int model_file_notable_skip(const struct report_file *f)
{
	return f->done && f->rec->status == FILE_SKIPPED
	       && !cause_is_routine((enum cause)f->rec->cause);
}

int model_file_graded(const struct run_model *m, const struct report_file *f)
{
	return model_file_unmeasured(f) || (m->fails_skipped && model_file_notable_skip(f));
}

enum model_gravity model_unmeasured_gravity(const struct run_model *m,
					    const struct report_file *f)
{
	int skipped = f->done && f->rec->status == FILE_SKIPPED;
	if (m->strict || (skipped ? m->fails_skipped : m->fails_incomplete))
		return GRAVITY_FAILS_RUN;
	return skipped ? GRAVITY_SKIPPED : GRAVITY_INCOMPLETE;
}

size_t model_unmeasured(const struct run_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nfiles; i++)
		n += (size_t)model_file_unmeasured(&m->files[i]);
	return n;
}

void model_unmeasured_text(const struct report_file *f, char *out, size_t len)
{
	char why[RECORD_MAX_DETAIL + 64];
	if (!f->done) {
		snprintf(out, len, "not reached: the run ended before it (a time budget, a signal, "
			 "or memory)");
		return;
	}
	record_reason(f->rec, why, sizeof(why));
	snprintf(out, len, "%s: %s", f->rec->status == FILE_FALLBACK ? "line counts only"
				     : "not measured", why);
}

void model_sandbox_text(const struct run_model *m, char *out, size_t len)
{
	if (m->engine && m->engine->inprocess)
		snprintf(out, len, "off (in-process, --allow-unsandboxed)");
	else if (m->engine && m->engine->unavailable)	/* no worker ran, whatever the mode */
		snprintf(out, len, "unavailable (%s)", m->engine->why_unavailable);
	else if (m->sandbox_mode == SANDBOX_MODE_OFF)
		snprintf(out, len, "off (%s)", m->sandbox_from ? m->sandbox_from : "--sandbox=off");
	else if (!m->engine || !m->engine->got_level)
		snprintf(out, len, "not used (no file needed a worker)");
	else
		snprintf(out, len, "%s (%s)", sandbox_level_name(m->engine->level),
			 m->engine->detail);
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
	struct offender *v = core_malloc((m->violating_units ? m->violating_units : 1) * sizeof(*v));
	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		for (size_t k = 0; k < f->rec->nunits && *n < m->violating_units; k++) {
			uint32_t bits = unit_violations(f->limits, &f->rec->units[k]);
			if (bits)
				v[(*n)++] = (struct offender){ f, &f->rec->units[k], bits };
		}
	}
	if (m->sort_metric >= 0) {
		sort_by = m->sort_metric;
		qsort(v, *n, sizeof(*v), by_metric_desc);
	}
	return v;
}
