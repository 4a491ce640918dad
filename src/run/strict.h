/*
 * strict.h - --strict's say on a change's own excuses (config/params.h: p->strict).
 *
 * A change must not bring its own excuses. Under --strict, a suppression comment, a
 * .assay-baseline entry or a generated marker from the repository counts only when the
 * base revision already had it: HEAD for precommit, the merge base of BASE and HEAD for
 * diff. A plain run has no base revision, so none of them counts. What is refused is kept
 * on the units (refused_suppressed, refused_baselined) and the files
 * (generated_refused), so every report lists it.
 */
#ifndef ASSAY_RUN_STRICT_H
#define ASSAY_RUN_STRICT_H

#include "run/run.h"

/* Under --strict in precommit (base NULL) and diff BASE [HEAD]: finds the base revision
 * in r->git and takes its .assay-baseline as the baseline that applies (the work tree's
 * is then only listed: r->baseline_refused). 0, or an exit status after an error message
 * naming the revision and the cause. */
int strict_open_base(struct run *r, const char *base, const char *head);
/* Under --strict, file i's excuses: a unit's suppressions count only for the metrics a
 * unit of the same qualified name in base (the file's base version; NULL: none) had
 * suppressed too; then the baseline that applies marks what it accepts, and the one
 * refused what it would have. */
void strict_settle_excuses(struct run *r, size_t i, const struct record *base);
/* Under --strict in precommit and diff, once every file is analyzed and before the old
 * versions go: each new version's excuses against its old version. */
void strict_settle_changes(struct run *r);
/* 1 when file i, whose bytes are data[0..len), is to be skipped as generated: it carries a
 * [generated] marker and, under --strict, its base version carries one too (never in a
 * plain run), and .gitattributes do not waive the markers for it (linguist-generated=false:
 * the file is then measured but kept out of the cache); a marker refused is noted on the
 * file. */
int strict_generated(struct run *r, size_t i, const uint8_t *data, size_t len);
/* Why a refused excuse was refused, for the reports: it is not in the base revision, there
 * is none, or the run is not a gate. */
const char *strict_refused_why(const struct run *r);

#endif
