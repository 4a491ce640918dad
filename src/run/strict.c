/*
 * strict.c - a change's own excuses under --strict (see strict.h). The base revision is
 * read through the git view like every other blob the gate reads, never from the work
 * tree; a unit's suppression is checked against the old version of its file, which the
 * gate analyzes anyway to find new and changed functions.
 */
#include "run/strict.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "config/settings.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "run/pairing.h"
#include "store/baseline.h"
#include "util/msg.h"

/* Reads the base revision's .assay-baseline into r->baseline (none: no baseline). 0, or
 * an exit status after an error message. */
static int read_base_baseline(struct run *r)
{
	struct wbuf data;
	struct cause_note why;
	char name[sizeof(r->strict_base) + 32], err[sizeof(name) + 600];
	snprintf(name, sizeof(name), "%s:%s", r->strict_base, BASELINE_NAME);
	wbuf_init(&data);
	int got = git_view_base_file(r->git, BASELINE_NAME, BASELINE_MAX_BYTES, &data, &why);
	if (got < 0) {
		char text[300];
		error_msg("%s: %s: not used", name, cause_text(why.cause, why.detail, text,
								sizeof(text)));
	} else if (got == 0) {
		r->baseline = baseline_parse(name, data.data ? (const char *)data.data : "",
					     data.len, err, sizeof(err));
		if (!r->baseline)
			error_msg("%s", err);
	}
	wbuf_free(&data);
	return got < 0 || (got == 0 && !r->baseline) ? EXIT_USAGE : 0;
}

int strict_open_base(struct run *r, const char *base, const char *head)
{
	char err[600];
	int found = git_view_base(r->git, base, head, r->strict_base, sizeof(r->strict_base), err,
				  sizeof(err));
	if (found < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	r->strict_gate = 1;
	if (!found) {
		r->strict_base[0] = '\0';
		return 0;	/* nothing of the repository's is trusted */
	}
	snprintf(r->strict_why, sizeof(r->strict_why), "not in the base revision (%s)",
		 r->strict_base);
	return read_base_baseline(r);
}

const char *strict_refused_why(const struct run *r)
{
	if (!r->strict_gate)
		return "no base revision to check it against (not a gate run)";
	if (!r->strict_base[0])
		return "there is no base revision (no commit yet, or no merge base)";
	return r->strict_why;
}

void strict_settle_excuses(struct run *r, size_t i, const struct record *base)
{
	struct file_state *s = &r->state[i];
	char buf[2 * PATH_MAX];
	if (!s->done || s->rec.status > FILE_FALLBACK)
		return;
	const char *path = run_repo_path(r, i, buf, sizeof(buf));
	const struct thresholds *t = run_limits(r, i);
	/* A suppression stands when the unit's own version in the base had it: the unit it
	 * pairs with (one to one), not any of its name (a new anonymous callback beside a
	 * suppressed one brings its own comment). */
	struct pairing pr;
	pairing_init(&pr, s->rec.nunits, base ? base->nunits : 0);
	if (base)
		pair_units(base, &s->rec, &pr);
	for (size_t k = 0; k < s->rec.nunits; k++) {
		struct unit *u = &s->rec.units[k];
		uint32_t kept = u->suppressed & (pr.was[k] ? pr.was[k]->suppressed : 0);
		u->refused_suppressed = u->suppressed & ~kept;
		u->suppressed = kept;
		if (!path)
			continue;
		u->baselined |= baseline_accepts(r->baseline, path, &s->rec, u, t);
		u->refused_baselined = baseline_accepts(r->baseline_refused, path, &s->rec, u, t);
		/* A plain run follows moved functions as it would without --strict, to say
		 * what it refuses (run_baseline_moved); a gate follows moves itself. */
		u->unentered = !r->changes && unit_violations(t, u)
			       && !baseline_has_entry(r->baseline_refused, path, &s->rec, u, t);
	}
	pairing_free(&pr);
	if (path && !r->changes && s->rec.status == FILE_OK)
		baseline_note_left(r->baseline_refused, path, &s->rec);
}

void strict_settle_changes(struct run *r)
{
	for (size_t i = 0; i < r->list.nfiles; i++) {
		if (r->changes[i].side != 0)
			continue;
		long partner = r->changes[i].partner;
		const struct file_state *old = partner >= 0 ? &r->state[partner] : NULL;
		int usable = old && old->done && old->rec.status <= FILE_FALLBACK;
		strict_settle_excuses(r, i, usable ? &old->rec : NULL);
	}
}

/* 1 when the old version of a changed file (index i) carries a generated marker. */
static int old_version_marked(struct run *r, size_t i)
{
	struct wbuf old;
	struct cause_note why;
	wbuf_init(&old);
	int marked = git_view_load(r->git, r->list.keys[i].oid, r->p->max_size, &old, &why) == 0
		     && settings_is_generated(&r->p->settings, old.data, old.len);
	wbuf_free(&old);
	return marked;
}

int strict_generated(struct run *r, size_t i, const uint8_t *data, size_t len)
{
	if (r->p->include_generated || !settings_is_generated(&r->p->settings, data, len))
		return 0;
	if (r->state[i].generated_waived) {	/* .gitattributes: linguist-generated=false */
		r->state[i].keep_uncached = 1;	/* a run without the waiver must skip it */
		return 0;
	}
	/* An old version is only compared with: skipping it costs the gate nothing. */
	if (!r->p->strict || (r->changes && r->changes[i].side == 1))
		return 1;
	long partner = r->changes && r->git ? r->changes[i].partner : -1;
	int applies = partner >= 0 && old_version_marked(r, (size_t)partner);
	r->state[i].generated_refused = !applies;
	/* The refusal is known only from the bytes: a record stored for them would answer the
	 * next run without them, and the refusal would go unreported. */
	r->state[i].keep_uncached |= !applies;
	return applies;
}
