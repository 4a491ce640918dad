/*
 * select.h - what the configuration files say of each discovered file: selected or
 * excluded ([include], [exclude]), its language ([language] by extension) and its limits
 * ([threshold "GLOB"]), matched against its path from the repository root.
 */
#ifndef ASSAY_RUN_SELECT_H
#define ASSAY_RUN_SELECT_H

#include "run/run.h"

/* Applies the configuration to every file discovery did not settle, and to those it
 * settled as of no language that [language] maps: the list's verdicts, languages and
 * the run's per-file limits. */
void select_files(struct run *r);
/* The same for one file added by hand (precommit, diff) at path from the repository
 * root: its language (by [language], else by extension), whether it is selected (or
 * vendored: under --strict only when old_path, its base version's, was vendored too), its
 * priority ([precommit] critical). */
void select_change(struct run *r, size_t i, const char *path, const char *old_path);
/* The configuration's say on file i, named by the user (explain): its language by
 * [language] (also when its name has none) and its limits; no exclusion, no vendored or
 * generated skip. */
void select_named(struct run *r, size_t i);

#endif
