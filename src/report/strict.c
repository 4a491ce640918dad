/*
 * strict.c - the list of what --strict did (see strict.h), built from the model: settings
 * from model_strict, excuses from the units' bits and the files' verdicts.
 */
#include "report/strict.h"

#include "report/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"

const char *strict_kind_name(enum strict_kind k)
{
	static const char *const names[] = { "setting", "suppression", "baseline", "generated" };
	return names[k];
}

const char *strict_state_name(enum strict_state s)
{
	static const char *const names[] = { "ignored", "applied", "refused" };
	return names[s];
}

typedef void (*strict_visit)(void *ctx, const struct strict_item *);

/* The suppression and baseline items of one unit, applied then refused. */
static void unit_items(const struct report_file *f, const struct unit *u, strict_visit visit,
		       void *ctx)
{
	const struct thresholds *t = f->limits;
	const struct {
		enum strict_kind kind;
		enum strict_state state;
		uint32_t bits;
	} excuses[] = {
		{ STRICT_SUPPRESSION, STRICT_APPLIED, unit_suppressed(t, u) },
		{ STRICT_SUPPRESSION, STRICT_REFUSED, unit_refused_suppression(t, u) },
		{ STRICT_BASELINE, STRICT_APPLIED, unit_baselined(t, u) },
		{ STRICT_BASELINE, STRICT_REFUSED, unit_refused_baseline(t, u) },
	};
	for (size_t e = 0; e < sizeof(excuses) / sizeof(excuses[0]); e++) {
		if (!excuses[e].bits)
			continue;
		struct strict_item it = { excuses[e].kind, excuses[e].state, f->path, u->line, NULL,
					  u, excuses[e].bits, f, f->repo_path };
		visit(ctx, &it);
	}
}

/* A file's generated marker: honoured (skipped as generated) or refused (analyzed). */
static void file_marker(const struct report_file *f, strict_visit visit, void *ctx)
{
	int skipped = f->done && f->rec->status == FILE_SKIPPED && f->rec->cause == CAUSE_GENERATED;
	if (!skipped && !f->generated_refused)
		return;
	struct strict_item it = { STRICT_GENERATED, skipped ? STRICT_APPLIED : STRICT_REFUSED,
				  f->path, 0, NULL, NULL, 0, f, f->repo_path };
	visit(ctx, &it);
}

void strict_each(const struct run_model *m, strict_visit visit, void *ctx)
{
	if (!m->strict)
		return;
	for (size_t i = 0; i < m->strict->nignored; i++) {
		const struct model_setting *s = &m->strict->ignored[i];
		struct strict_item it = { STRICT_SETTING, STRICT_IGNORED,
					  m->strict->assay_file ? m->strict->assay_file : ".assay",
					  (uint32_t)s->line, s, NULL, 0, NULL,
					  m->identity.root[0] ? ".assay" : NULL };
		visit(ctx, &it);
	}
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		file_marker(f, visit, ctx);
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		for (size_t k = 0; k < f->rec->nunits; k++)
			unit_items(f, &f->rec->units[k], visit, ctx);
	}
}

const char *strict_item_why(const struct run_model *m, const struct strict_item *it)
{
	if (it->kind == STRICT_SETTING)
		return it->setting->why;
	return it->state == STRICT_APPLIED ? "in the base revision" : m->strict->refused_why;
}

/* "ccn, cognitive" */
static void put_metrics(struct wbuf *b, uint32_t bits)
{
	const char *sep = "";
	for (int k = 0; k < MET_COUNT; k++)
		if (bits & (1u << k)) {
			wbuf_printf(b, "%s%s", sep, metric_info((enum metric)k)->name);
			sep = ", ";
		}
}

/* What a unit's excuse is called, by kind and state. */
static const char *excuse_words(const struct strict_item *it)
{
	if (it->kind == STRICT_SUPPRESSION)
		return it->state == STRICT_APPLIED ? "suppressed by a comment" : "suppression refused";
	return it->state == STRICT_APPLIED ? "accepted by the baseline" : "baseline entry refused";
}

char *strict_item_text(const struct run_model *m, const struct strict_item *it)
{
	struct wbuf b;
	wbuf_init(&b);
	const char *why = strict_item_why(m, it);
	if (it->kind == STRICT_SETTING) {
		wbuf_printf(&b, "ignored ");
		esc_text(&b, it->setting->key);
		wbuf_printf(&b, " = ");
		esc_text(&b, it->setting->value);
	} else if (it->kind == STRICT_GENERATED) {
		wbuf_printf(&b, "%s", it->state == STRICT_APPLIED ? "skipped as generated"
								  : "generated marker refused");
	} else {
		esc_text(&b, it->unit->qname ? it->unit->qname : "");
		wbuf_printf(&b, ": ");
		put_metrics(&b, it->metrics);
		wbuf_printf(&b, " %s", excuse_words(it));
	}
	if (it->state == STRICT_APPLIED)
		wbuf_printf(&b, " (");
	else
		wbuf_printf(&b, ": ");
	esc_text(&b, why);
	wbuf_printf(&b, "%s", it->state == STRICT_APPLIED ? ")" : "");
	char *s = xstrndup(b.data && !b.failed ? (const char *)b.data : "", b.failed ? 0 : b.len);
	wbuf_free(&b);
	return s;
}

void strict_put_line(const struct strict_writer *w, const struct strict_item *it,
		     const char *before, const char *after, uint32_t default_line)
{
	uint32_t line = it->line ? it->line : default_line;
	char *text = strict_item_text(w->m, it);
	fputs(before, w->out);
	report_put_text(w->out, it->path);
	if (line)
		fprintf(w->out, ":%u", line);
	fprintf(w->out, ": %s%s\n", after, text);
	free(text);
}

const char *strict_refusal_note(const struct run_model *m, const struct thresholds *t,
				const struct unit *u, enum metric k, char *buf, size_t len)
{
	uint32_t bit = 1u << k;
	const char *what = (unit_refused_suppression(t, u) & bit) ? "suppression comment"
			   : (unit_refused_baseline(t, u) & bit) ? "baseline entry" : NULL;
	if (!m->strict || !what)
		return "";
	snprintf(buf, len, " (its %s is refused under --strict: %s)", what, m->strict->refused_why);
	return buf;
}
