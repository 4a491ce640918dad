/*
 * metrics.c - the metric table and thresholds (see metrics.h), from metrics.def.
 */
#include "common/metrics.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/record.h"

_Static_assert(MET_COUNT <= 32, "violation and suppression masks are 32-bit");

/* One row per metric, named info_ENUM. */
#define METRIC(ENUM, NAME, ALIAS, LIMIT, LABEL, FIELD, COLUMN) \
	static const struct metric_info info_##ENUM = { NAME, ALIAS, LIMIT, LABEL, \
							 offsetof(struct unit, FIELD), COLUMN };
#include "common/metrics.def"
#undef METRIC

const struct metric_info *metric_info(enum metric m)
{
	switch ((int)m) {
#define METRIC(ENUM, ...) \
	case MET_##ENUM: \
		return &info_##ENUM;
#include "common/metrics.def"
#undef METRIC
	default:
		return NULL;
	}
}

int metric_by_name(const char *name)
{
	for (int m = 0; m < MET_COUNT; m++)
		if (strcasecmp(name, metric_info((enum metric)m)->name) == 0
		    || (metric_info((enum metric)m)->alias
			&& strcasecmp(name, metric_info((enum metric)m)->alias) == 0))
			return m;
	if (strcasecmp(name, "arguments") == 0 || strcasecmp(name, "parameters") == 0)
		return MET_PARAMS;
	return -1;
}

enum metric metric_by_column(int c)
{
	for (int m = 0; m < MET_COUNT; m++)
		if (metric_info((enum metric)m)->column == c)
			return (enum metric)m;
	return MET_COUNT;
}

const char *metric_names(void)
{
	static char names[256];
	if (!names[0])
		for (int m = 0; m < MET_COUNT; m++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 m ? ", " : "", metric_info((enum metric)m)->name);
	return names;
}

uint32_t unit_metric(const struct unit *u, enum metric m)
{
	uint32_t v;
	if ((unsigned)m >= MET_COUNT)
		return 0;
	memcpy(&v, (const char *)u + metric_info((enum metric)m)->offset, sizeof(v));
	return v;
}

uint32_t unit_over(const long limits[MET_COUNT], const struct unit *u)
{
	uint32_t bits = 0;
	for (int m = 0; m < MET_COUNT; m++)
		if (limits[m] >= 0 && (long)unit_metric(u, (enum metric)m) > limits[m])
			bits |= 1u << m;
	return bits;
}

uint32_t unit_violations(const struct thresholds *t, const struct unit *u)
{
	return unit_over(t->limit, u) & ~u->suppressed & ~u->baselined & ~u->not_worse;
}

uint32_t unit_not_worse(const struct thresholds *t, const struct unit *u)
{
	return unit_over(t->limit, u) & ~u->suppressed & ~u->baselined & u->not_worse;
}

uint32_t unit_baselined(const struct thresholds *t, const struct unit *u)
{
	return unit_over(t->limit, u) & ~u->suppressed & u->baselined;
}

uint32_t unit_suppressed(const struct thresholds *t, const struct unit *u)
{
	return unit_over(t->limit, u) & u->suppressed;
}

uint32_t unit_refused_suppression(const struct thresholds *t, const struct unit *u)
{
	return unit_over(t->limit, u) & u->refused_suppressed;
}

uint32_t unit_refused_baseline(const struct thresholds *t, const struct unit *u)
{
	return unit_over(t->limit, u) & u->refused_baselined;
}

void thresholds_default(struct thresholds *t)
{
	for (int m = 0; m < MET_COUNT; m++)
		t->limit[m] = metric_info((enum metric)m)->default_limit;
}

int thresholds_parse(struct thresholds *t, const char *spec, char *err, size_t errlen)
{
	const char *eq = strchr(spec, '=');
	if (!eq) {
		snprintf(err, errlen, "threshold '%s' is not METRIC=N", spec);
		return -1;
	}
	char name[64];
	size_t n = (size_t)(eq - spec);
	if (n >= sizeof(name)) {
		snprintf(err, errlen, "unknown metric in threshold '%s'", spec);
		return -1;
	}
	memcpy(name, spec, n);
	name[n] = '\0';
	int m = metric_by_name(name);
	if (m < 0) {
		snprintf(err, errlen, "unknown metric '%s' (known: %s)", name, metric_names());
		return -1;
	}
	const char *v = eq + 1;
	if (strcasecmp(v, "off") == 0) {
		t->limit[m] = -1;
		return 0;
	}
	char *end;
	long x = strtol(v, &end, 10);
	/* Digits only: strtol would also take leading blanks and a sign, which the
	 * configuration's values refuse. */
	if (*v < '0' || *v > '9' || *end != '\0' || x > 1000000000L) {
		snprintf(err, errlen, "threshold for %s must be a number >= 0 or 'off', not '%s'",
			 name, v);
		return -1;
	}
	t->limit[m] = x;
	return 0;
}

char rank_of_ccn(double ccn)
{
	static const double tops[] = { 5, 10, 20, 30, 40 };
	for (int r = 0; r < 5; r++)
		if (ccn <= tops[r])
			return (char)('A' + r);
	return 'F';
}

char rank_of_mi(double mi)
{
	return mi > 19 ? 'A' : mi > 9 ? 'B' : 'C';
}

char rank_parse(const char *word)
{
	char c = word[0] >= 'a' && word[0] <= 'f' ? (char)(word[0] - 'a' + 'A') : word[0];
	return c >= 'A' && c <= 'F' && word[1] == '\0' ? c : 0;
}

const char *rank_limit_name(enum rank_limit k)
{
	static const char *const names[RANK_LIMITS] = { "max-absolute", "max-modules",
							 "max-average" };
	return (unsigned)k < RANK_LIMITS ? names[k] : "";
}

const char *rank_limit_key(enum rank_limit k)
{
	static const char *const keys[RANK_LIMITS] = { "maxAbsolute", "maxModules", "maxAverage" };
	return (unsigned)k < RANK_LIMITS ? keys[k] : "";
}

void thresholds_cap_rank(struct thresholds *t, char rank)
{
	static const long tops[] = { 5, 10, 20, 30, 40 };
	if (rank < 'A' || rank > 'E')
		return;
	long top = tops[rank - 'A'];
	if (t->limit[MET_CCN] < 0 || t->limit[MET_CCN] > top)
		t->limit[MET_CCN] = top;
}
