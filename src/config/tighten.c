/*
 * tighten.c - the repository's .assay under --strict (see tighten.h). A stronger origin
 * wins in the settings, so the repository's values replaced the user's; here a value that
 * would let more through is put back to what it was before, and list entries of the
 * repository's origin are taken out. What is taken out is listed, never dropped silently.
 */
#include "config/tighten.h"

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

/* The entries of list from the repository's file: taken out and listed as section.key. */
static int drop_list(struct setting_list *list, const char *name, const char *why,
		     struct ignored_settings *out)
{
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < list->count; i++) {
		struct setting_string *e = &list->items[i];
		if (e->source.origin != CONFIG_REPOSITORY) {
			list->items[kept++] = *e;
			continue;
		}
		if (rc == 0)
			rc = ignore(out, name, e->text, e->source.line, why);
		free(e->text);
	}
	list->count = kept;
	return rc;
}

/* [language] mappings from the repository's file: taken out and listed. */
static int drop_languages(struct assay_settings *s, struct ignored_settings *out)
{
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < s->nlanguages; i++) {
		struct language_mapping *e = &s->languages[i];
		if (e->source.origin != CONFIG_REPOSITORY) {
			s->languages[kept++] = *e;
			continue;
		}
		size_t n = strlen(e->extension) + 16;
		char *key = malloc(n);
		if (key)
			snprintf(key, n, "language.%s", e->extension);
		if (rc == 0)
			rc = key ? ignore(out, key, language_info(e->lang)->name, e->source.line,
					  "changes the language files are read as") : -1;
		free(key);
		free(e->extension);
	}
	s->nlanguages = kept;
	return rc;
}

void settings_limits_before(const struct assay_settings *s, struct limits_before *out)
{
	out->limits = s->thresholds;
	memcpy(out->source, s->threshold_source, sizeof(out->source));
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
	    || drop_languages(s, out) < 0)
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
