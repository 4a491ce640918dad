/*
 * settings_query.c - what the rest of assay asks of the loaded settings (see settings.h):
 * the limits for a path, whether a path is selected, critical or generated, and how a
 * setting's origin reads.
 */
#include "config/settings.h"

#include <stdio.h>
#include <string.h>

#include "files/glob.h"

/* ---- queries -------------------------------------------------------------------------- */

int settings_limit_looser(long limit, long than)
{
	return than >= 0 && (limit < 0 || limit > than);
}

const struct thresholds *settings_thresholds_for(const struct assay_settings *s,
						 const char *path, struct thresholds *scratch)
{
	const struct thresholds *t = &s->thresholds;
	for (size_t i = 0; i < s->noverrides; i++) {
		const struct threshold_override *o = &s->overrides[i];
		if (!glob_match(o->glob, path))
			continue;
		if (t != scratch) {
			*scratch = s->thresholds;
			t = scratch;
		}
		for (int m = 0; m < MET_COUNT; m++)
			if ((o->set & (1u << m)) && o->origin >= s->threshold_source[m].origin
			    && !(s->repository_tightens_only && o->origin == CONFIG_REPOSITORY
				 && settings_limit_looser(o->limits.limit[m], scratch->limit[m])))
				scratch->limit[m] = o->limits.limit[m];
	}
	return t;
}

static int list_matches(const struct setting_list *list, const char *path)
{
	for (size_t i = 0; i < list->count; i++)
		if (glob_match(list->items[i].text, path))
			return 1;
	return 0;
}

int settings_path_selected(const struct assay_settings *s, const char *path)
{
	if (s->includes.count && !list_matches(&s->includes, path))
		return 0;
	return !list_matches(&s->excludes, path);
}

int settings_is_critical(const struct assay_settings *s, const char *path)
{
	return list_matches(&s->precommit_critical, path);
}

enum lang_id settings_language_for(const struct assay_settings *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return LANG_NONE;
	for (size_t i = s->nlanguages; i > 0; i--)
		if (strcmp(s->languages[i - 1].extension, dot + 1) == 0)
			return s->languages[i - 1].lang;
	return LANG_NONE;
}

int settings_is_generated(const struct assay_settings *s, const void *head, size_t len)
{
	const char *h = head;
	if (len > CONFIG_GENERATED_HEAD_BYTES)
		len = CONFIG_GENERATED_HEAD_BYTES;
	for (size_t i = 0; i < s->generated_markers.count; i++) {
		const char *marker = s->generated_markers.items[i].text;
		size_t n = strlen(marker);
		if (n && memmem(h, len, marker, n))
			return 1;
	}
	return 0;
}

void settings_source_text(const struct setting_source *src, char *out, size_t len)
{
	if (src->origin == CONFIG_DEFAULT)
		snprintf(out, len, "default");
	else if (src->origin == CONFIG_COMMAND_LINE && src->line == 0)
		snprintf(out, len, "command line");
	else if (src->line > 0)
		snprintf(out, len, "%s:%d", src->file ? src->file : "?", src->line);
	else
		snprintf(out, len, "%s", src->file ? src->file : "?");
}

int settings_sandbox_notice(const struct assay_settings *s, char *out, size_t len)
{
	const struct setting_source *src = &s->sandbox_mode_source;
	if (s->sandbox_mode != SANDBOX_MODE_OFF
	    || (src->origin != CONFIG_USER && src->origin != CONFIG_REPOSITORY))
		return 0;
	char where[300];
	settings_source_text(src, where, sizeof(where));
	snprintf(out, len, "%s: sandbox.mode = off: files are parsed without a sandbox", where);
	return 1;
}
