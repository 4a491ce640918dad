/*
 * strict.h - what --strict did, as one list every report format walks: the repository's
 * settings it ignored, then file by file the suppression comments and baseline entries it
 * applied or refused and the generated markers it honoured or refused. One walk, one
 * wording, so no format can forget a kind.
 */
#ifndef ASSAY_REPORT_STRICT_H
#define ASSAY_REPORT_STRICT_H

#include <stdint.h>
#include <stdio.h>

#include "report/model.h"

enum strict_kind { STRICT_SETTING, STRICT_SUPPRESSION, STRICT_BASELINE, STRICT_GENERATED };
enum strict_state { STRICT_IGNORED, STRICT_APPLIED, STRICT_REFUSED };

struct strict_item {
	enum strict_kind kind;
	enum strict_state state;
	const char *path;			/* ".assay" for a setting, else the file's path */
	uint32_t line;				/* 0: none (a file's marker) */
	const struct model_setting *setting;	/* STRICT_SETTING */
	const struct unit *unit;		/* STRICT_SUPPRESSION, STRICT_BASELINE */
	uint32_t metrics;			/* their metric bits */
	const struct report_file *file;		/* the file's (NULL: a setting) */
	const char *repo_path;			/* path from the work tree's top, in git (a
						   setting: ".assay"); else NULL */
};

/* What a writer's visit function usually needs. */
struct strict_writer {
	FILE *out;
	const struct run_model *m;
};

/* "setting", "suppression", "baseline", "generated". */
const char *strict_kind_name(enum strict_kind k);
/* "ignored", "applied", "refused". */
const char *strict_state_name(enum strict_state s);
/* Calls visit for every item of m (nothing when m->strict is NULL): the ignored settings,
 * then each file's excuses in file and unit order. */
void strict_each(const struct run_model *m, void (*visit)(void *ctx, const struct strict_item *),
		 void *ctx);
/* The item in words, without its place, escaped for text (esc_text): "ignored
 * threshold.ccn = 30: raises the limit", "f: ccn suppressed by a comment (in the base
 * revision)", "g: ccn suppression refused: not in the base revision (HEAD)". A new
 * string. */
char *strict_item_text(const struct run_model *m, const struct strict_item *it);
/* Why the item is what it is: the setting's reason, "in the base revision", or why it was
 * refused. */
const char *strict_item_why(const struct run_model *m, const struct strict_item *it);
/* Writes the item as one line: before, its path (escaped), ":LINE" (the item's, else
 * default_line; none when both are 0), ": ", after, the item in words. */
void strict_put_line(const struct strict_writer *w, const struct strict_item *it,
		     const char *before, const char *after, uint32_t default_line);
/* For the violation of metric k by u, whose excuse --strict refused: " (its suppression
 * comment is refused under --strict: WHY)" or the baseline's; "" when none was. */
const char *strict_refusal_note(const struct run_model *m, const struct thresholds *t,
				const struct unit *u, enum metric k, char *buf, size_t len);

#endif
