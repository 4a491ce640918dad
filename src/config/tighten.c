/*
 * tighten.c - the repository's .assay under --strict (see tighten.h). A stronger origin
 * wins in the settings, so the repository's values replaced the user's; here a value that
 * would let more through is put back to what it was before, and list entries of the
 * repository's origin are taken out. What is taken out is listed, never dropped silently.
 */
#include "config/tighten.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/text.h"

/* Appends one entry to out; -1 when out of memory. */
static int ignore(struct ignored_settings *out, const char *key, const char *value, int line,
		  const char *why)
{
	if (text_grow((void **)&out->items, &out->cap, out->count + 1, sizeof(*out->items)) < 0)
		return -1;
	struct ignored_setting *e = &out->items[out->count];
	e->key = text_copy(key);
	e->value = text_copy(value);
	e->line = line;
	e->why = why;
	if (!e->key || !e->value) {
		free(e->key);
		free(e->value);
		return -1;
	}
	out->count++;
	return 0;
}

static void limit_text(long limit, char *out, size_t len)
{
	if (limit < 0)
		snprintf(out, len, "off");
	else
		snprintf(out, len, "%ld", limit);
}

/* [threshold] limits of the repository higher than before: put back. */
static int tighten_limits(struct assay_settings *s, const struct limits_before *before,
			  struct ignored_settings *out)
{
	for (int m = 0; m < MET_COUNT; m++) {
		if (s->threshold_source[m].origin != CONFIG_REPOSITORY
		    || !settings_limit_looser(s->thresholds.limit[m], before->limits.limit[m]))
			continue;
		char key[64], value[32];
		snprintf(key, sizeof(key), "threshold.%s", metric_info((enum metric)m)->name);
		limit_text(s->thresholds.limit[m], value, sizeof(value));
		if (ignore(out, key, value, s->threshold_source[m].line, "raises the limit") < 0)
			return -1;
		s->thresholds.limit[m] = before->limits.limit[m];
		s->threshold_source[m] = before->source[m];
	}
	return 0;
}

/* The metrics of a repository's [threshold "GLOB"] block that raise the run's limit:
 * taken out of the block. A metric the command line sets is left alone: no file's block
 * applies to it anyway. */
static int tighten_override(struct assay_settings *s, struct threshold_override *o,
			    struct ignored_settings *out)
{
	for (int m = 0; m < MET_COUNT; m++) {
		if (!(o->set & (1u << m)) || s->threshold_source[m].origin > CONFIG_REPOSITORY
		    || !settings_limit_looser(o->limits.limit[m], s->thresholds.limit[m]))
			continue;
		const char *name = metric_info((enum metric)m)->name;
		size_t n = strlen(o->glob) + strlen(name) + 16;
		char *key = malloc(n), value[32];
		if (!key)
			return -1;
		snprintf(key, n, "threshold.%s.%s", o->glob, name);
		limit_text(o->limits.limit[m], value, sizeof(value));
		int rc = ignore(out, key, value, o->source[m].line,
				"raises the limit for the paths it matches");
		free(key);
		if (rc < 0)
			return -1;
		o->set &= ~(1u << m);
	}
	return 0;
}

/* What drops an entry: lists it in out (under name, for why) and frees what it owns. */
struct dropping {
	struct ignored_settings *out;
	const char *name;
	const char *why;
	int rc;			/* -1 once memory ran out: the rest are dropped unlisted */
};

/* Takes the repository's entries out of items (count entries of size bytes, each with its
 * setting_source at offset), keeping the others in order; drop(d, entry) is called on each
 * entry taken out. Returns how many are kept. */
static size_t drop_repository(void *items, size_t count, size_t size, size_t offset,
			      void (*drop)(struct dropping *d, void *entry), struct dropping *d)
{
	char *base = items;
	size_t kept = 0;
	for (size_t i = 0; i < count; i++) {
		struct setting_source src;
		memcpy(&src, base + i * size + offset, sizeof(src));
		if (src.origin == CONFIG_REPOSITORY)
			drop(d, base + i * size);
		else
			memmove(base + kept++ * size, base + i * size, size);
	}
	return kept;
}

static void drop_string(struct dropping *d, void *entry)
{
	struct setting_string *e = entry;
	if (d->rc == 0)
		d->rc = ignore(d->out, d->name, e->text, e->source.line, d->why);
	free(e->text);
}

static void drop_language(struct dropping *d, void *entry)
{
	struct language_mapping *e = entry;
	size_t n = strlen(e->extension) + 16;
	char *key = malloc(n);
	if (key)
		snprintf(key, n, "language.%s", e->extension);
	if (d->rc == 0)
		d->rc = key ? ignore(d->out, key, language_info(e->lang)->name, e->source.line,
				     d->why) : -1;
	free(key);
	free(e->extension);
}

/* The repository's entries of list: taken out and listed as name. */
static int drop_list(struct setting_list *list, const char *name, const char *why,
		     struct ignored_settings *out)
{
	struct dropping d = { out, name, why, 0 };
	list->count = drop_repository(list->items, list->count, sizeof(*list->items),
				      offsetof(struct setting_string, source), drop_string, &d);
	return d.rc;
}

/* The repository's [language] mappings: taken out and listed. */
static int drop_languages(struct assay_settings *s, struct ignored_settings *out)
{
	struct dropping d = { out, NULL, "changes the language files are read as", 0 };
	s->nlanguages = drop_repository(s->languages, s->nlanguages, sizeof(*s->languages),
					offsetof(struct language_mapping, source), drop_language,
					&d);
	return d.rc;
}

void settings_limits_before(const struct assay_settings *s, struct limits_before *out)
{
	out->limits = s->thresholds;
	memcpy(out->source, s->threshold_source, sizeof(out->source));
	memcpy(out->units, s->units, sizeof(out->units));
	memcpy(out->units_source, s->units_source, sizeof(out->units_source));
	out->gate_mode = s->gate_mode;
	out->gate_mode_source = s->gate_mode_source;
	memcpy(out->rank_max, s->rank_max, sizeof(out->rank_max));
	memcpy(out->rank_max_source, s->rank_max_source, sizeof(out->rank_max_source));
}

/* The repository's [rank] limits that let a worse rank pass than before (or none where
 * there was one): put back and listed. */
static int drop_ranks(struct assay_settings *s, const struct limits_before *before,
		      struct ignored_settings *out)
{
	for (int k = 0; k < RANK_LIMITS; k++) {
		char was = before->rank_max[k], now = s->rank_max[k];
		if (s->rank_max_source[k].origin != CONFIG_REPOSITORY || !was
		    || (now && now <= was))
			continue;
		char key[32], value[4] = { now, '\0' };
		snprintf(key, sizeof(key), "rank.%s", rank_limit_key((enum rank_limit)k));
		if (ignore(out, key, now ? value : "off", s->rank_max_source[k].line,
			   "raises the limit") < 0)
			return -1;
		s->rank_max[k] = was;
		s->rank_max_source[k] = before->rank_max_source[k];
	}
	return 0;
}

/* The repository's [gate] mode, when it gates less than before: put back and listed. */
static int drop_gate_mode(struct assay_settings *s, const struct limits_before *before,
			  struct ignored_settings *out)
{
	if (s->gate_mode_source.origin != CONFIG_REPOSITORY || s->gate_mode >= before->gate_mode)
		return 0;
	if (ignore(out, "gate.mode", gate_mode_name(s->gate_mode), s->gate_mode_source.line,
		   "gates fewer functions") < 0)
		return -1;
	s->gate_mode = before->gate_mode;
	s->gate_mode_source = before->gate_mode_source;
	return 0;
}

/* The repository's [units] policies: put back and listed (a policy decides which
 * functions are measured apart, so it can hide one inside another). */
static int drop_units(struct assay_settings *s, const struct limits_before *before,
		      struct ignored_settings *out)
{
	static const char *const words[] = { "", "each", "bound", "fold" };
	for (int l = 0; l < LANG_COUNT; l++) {
		if (s->units_source[l].origin != CONFIG_REPOSITORY)
			continue;
		char key[64];
		snprintf(key, sizeof(key), "units.%s", language_info((enum lang_id)l)->name);
		if (ignore(out, key, words[s->units[l] & 3], s->units_source[l].line,
			   "changes which functions are measured apart") < 0)
			return -1;
		s->units[l] = before->units[l];
		s->units_source[l] = before->units_source[l];
	}
	return 0;
}

/* The repository's [report] sourceUrl: the report's links would lead where the change
 * chose (a look-alike forge), in the page a reviewer trusts. Dropped and listed. */
static int drop_source_url(struct assay_settings *s, struct ignored_settings *out)
{
	if (!s->source_url || s->source_url_source.origin != CONFIG_REPOSITORY)
		return 0;
	if (ignore(out, "report.sourceUrl", s->source_url, s->source_url_source.line,
		   "makes the report's links lead where the change chose") < 0)
		return -1;
	free(s->source_url);
	s->source_url = NULL;
	return 0;
}

int settings_tighten(struct assay_settings *s, const struct limits_before *before,
		     struct ignored_settings *out)
{
	s->repository_tightens_only = 1;
	if (tighten_limits(s, before, out) < 0)
		return -1;
	for (size_t i = 0; i < s->noverrides; i++)
		if (s->overrides[i].origin == CONFIG_REPOSITORY
		    && tighten_override(s, &s->overrides[i], out) < 0)
			return -1;
	if (drop_list(&s->excludes, "exclude.path", "excludes files from the gate", out) < 0
	    || drop_list(&s->includes, "include.path", "leaves the files it does not match out "
			 "of the gate", out) < 0
	    || drop_languages(s, out) < 0 || drop_units(s, before, out) < 0
	    || drop_gate_mode(s, before, out) < 0 || drop_ranks(s, before, out) < 0
	    || drop_source_url(s, out) < 0)
		return -1;
	return drop_list(&s->generated_markers, "generated.marker",
			 "skips the files carrying it as generated", out);
}

void ignored_settings_free(struct ignored_settings *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].key);
		free(l->items[i].value);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}
