/*
 * settle.c - a file's final result (see settle.h), and the warnings it calls for.
 */
#include "run/settle.h"

#include <limits.h>
#include <stdlib.h>

#include "common/cause.h"
#include "common/metrics.h"
#include "engine/engine.h"
#include "run/strict.h"
#include "store/baseline.h"
#include "util/log.h"

/* The line of the comment that flagged u (UNIT_SUPPRESS_UNKNOWN), or 0. */
static uint32_t unknown_line(const struct unit *u)
{
	if (!(u->flags & UNIT_SUPPRESS_UNKNOWN))
		return 0;
	uint32_t back = (u->flags >> UNIT_SUPPRESS_BACK_SHIFT) & UNIT_SUPPRESS_BACK_MAX;
	return back < u->line ? u->line - back : u->line;
}

/* A suppression comment naming an unknown metric, once per comment (units sharing a
 * line share it), for the files as they are: not a gate's old versions. Before pruning,
 * which drops the units under the limits. */
static void warn_unknown_suppressions(const struct run *r, size_t i)
{
	const struct record *rec = &r->state[i].rec;
	if (r->state[i].pruned || (r->changes && r->changes[i].side == 1))
		return;
	for (size_t k = 0; k < rec->nunits; k++) {
		uint32_t line = unknown_line(&rec->units[k]), seen = 0;
		for (size_t j = 0; line && j < k && !seen; j++)
			seen = unknown_line(&rec->units[j]) == line;
		if (line && !seen)
			log_event(LOG_WARNING, "suppress.unknown", r->list.files[i].path,
				  "line %u: assay: ignore[...] names an unknown metric, or none, or "
				  "not in [ ] (known: %s)",
				  line, metric_names());
	}
}

/* Drops the units of s that violate no limit of t (and every increment), keeping their
 * count: what the text, warnings, SARIF, checkstyle and Code Climate reports need. */
static void prune(struct file_state *s, const struct thresholds *t)
{
	struct record *r = &s->rec;
	if (s->pruned || !s->done || r->status > FILE_FALLBACK)
		return;
	if (!s->from_summary)
		s->units_total = (uint32_t)r->nunits;
	size_t kept = 0;
	for (size_t i = 0; i < r->nunits; i++) {
		if (unit_over(t->limit, &r->units[i]))
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
	s->pruned = 1;
}

void settle_file(struct run *r, size_t i)
{
	struct file_state *s = &r->state[i];
	char buf[2 * PATH_MAX];
	const char *path = r->baseline && s->done && s->rec.status <= FILE_FALLBACK
				   ? run_repo_path(r, i, buf, sizeof(buf)) : NULL;
	if (s->done)
		warn_unknown_suppressions(r, i);
	/* Under --strict a gate settles excuses once the old version is known too
	 * (strict_settle_changes); a plain run has no base revision to check them with. */
	if (r->p->strict && !r->changes)
		strict_settle_excuses(r, i, NULL);
	else if (path && !r->p->strict) {
		baseline_apply(r->baseline, path, &s->rec, run_limits(r, i));
		/* Only a whole parse says a function left (a partial one may have lost it),
		 * and only a file's version of today (not a gate's old one). */
		if (s->rec.status == FILE_OK && !(r->changes && r->changes[i].side != 0))
			baseline_note_left(r->baseline, path, &s->rec);
	}
	if (r->prune) {
		run_baseline_mark(r, i);	/* from the whole record, while it is */
		prune(s, run_limits(r, i));
	}
}

void settle_summary(struct run *r, size_t i, uint32_t nunits)
{
	struct file_state *s = &r->state[i];
	s->units_total = nunits;
	s->from_summary = 1;
	s->done = 1;
	settle_file(r, i);
}

size_t settle_units_of(const struct run *r, size_t i)
{
	const struct file_state *s = &r->state[i];
	return s->pruned ? s->units_total : s->rec.nunits;
}

/* A "skipped: generated" verdict was stored for a path whose marker no
 * linguist-generated=false waived; at one where it is waived, the file is measured. A
 * timeout stands for a run whose deadline for the file is no longer than the one it
 * passed: with a longer --timeout the file is measured again. */
int settle_applies(const struct run *r, size_t i, const struct record *rec)
{
	if (rec->status == FILE_SKIPPED && rec->cause == CAUSE_GENERATED
	    && r->state[i].generated_waived)
		return 0;
	if (rec->cause != CAUSE_TIMEOUT)
		return 1;
	/* A timeout stored before verdicts named their deadline (no detail) is measured once
	 * more, and stored with one. 5% over the deadline: the detail holds three digits, and
	 * a deadline that grew by a rounding must not measure a file that always times out
	 * on every run. */
	double passed = cause_deadline(rec->detail);
	return passed > 0 && engine_timeout_of(r->p->timeout, r->list.files[i].size) <= passed * 1.05;
}
