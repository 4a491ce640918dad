/*
 * tighten.h - what --strict leaves of the repository's .assay: it may only tighten.
 *
 * The repository's file comes with the change being gated, so under --strict nothing in
 * it may let more through: a limit higher than the one the defaults and the user's file
 * give, a [threshold "GLOB"] block that raises one, a [rank] limit that lets a worse rank
 * pass, and every [exclude], [include], [language], [units] and [generated] entry are
 * taken out of the settings. Each is kept in a list,
 * so every report can say what the repository asked for and did not get. A lower limit
 * stays. Nothing here opens, prints or reads the environment.
 */
#ifndef ASSAY_CONFIG_TIGHTEN_H
#define ASSAY_CONFIG_TIGHTEN_H

#include <stddef.h>

#include "config/settings.h"

/* A setting of the repository's file that --strict ignored. */
struct ignored_setting {
	char *key;		/* "threshold.ccn", "threshold.GLOB.ccn", "exclude.path", ... */
	char *value;		/* as the file has it (untrusted: escape it on the way out) */
	int line;		/* in the repository's .assay */
	const char *why;	/* "raises the limit", "excludes files from the gate", ... */
};

struct ignored_settings {
	struct ignored_setting *items;	/* in the order the settings are listed */
	size_t count, cap;
};

/* The limits before the repository's file was applied: taken after the user's file. */
struct limits_before {
	struct thresholds limits;
	struct setting_source source[MET_COUNT];
	uint8_t units[LANG_COUNT];
	struct setting_source units_source[LANG_COUNT];
	enum gate_mode gate_mode;
	struct setting_source gate_mode_source;
	char rank_max[RANK_LIMITS];
	struct setting_source rank_max_source[RANK_LIMITS];
};

void settings_limits_before(const struct assay_settings *s, struct limits_before *out);

/* Takes out of s what the repository's file set that would let more through than
 * before, appending each to out, and makes its [threshold "GLOB"] blocks lower limits
 * only (repository_tightens_only). 0, or -1 when memory ran out (s may then be partly
 * tightened: the caller stops). */
int settings_tighten(struct assay_settings *s, const struct limits_before *before,
		     struct ignored_settings *out);
void ignored_settings_free(struct ignored_settings *l);

#endif
