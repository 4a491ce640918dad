/*
 * settings_list.c - every effective setting and its origin as text, for `assay config`
 * (see settings_format in settings.h).
 */
#include "config/settings.h"

#include <stdio.h>
#include <string.h>

#include "config/text.h"

/* 1 when v (n bytes) must be quoted: empty, blanks at an end, a character the syntax
 * gives a meaning, or a control byte. */
static int value_needs_quotes(const char *v, size_t n)
{
	int quote = n == 0 || text_is_space((unsigned char)v[0]) || text_is_space((unsigned char)v[n - 1])
		    || strpbrk(v, "#;\"\\") != NULL;
	for (size_t i = 0; i < n && !quote; i++)
		quote = (unsigned char)v[i] < 0x20;
	return quote;
}

/* One byte of a value: escaped as in a quoted value, other control bytes as \xNN. */
static void format_value_byte(struct wbuf *out, unsigned char c)
{
	if (c == '"' || c == '\\')
		wbuf_printf(out, "\\%c", c);
	else if (c == '\n')
		wbuf_printf(out, "\\n");
	else if (c == '\t')
		wbuf_printf(out, "\\t");
	else if (c == '\b')
		wbuf_printf(out, "\\b");
	else if (c < 0x20 || c >= 0x7f)
		wbuf_printf(out, "\\x%02x", c);
	else
		wbuf_put_u8(out, c);
}

/* A value as a file would hold it: quoted when it has blanks at an end or characters the
 * syntax gives a meaning; control bytes as \xNN (for reading, not for a file). */
static void format_value(struct wbuf *out, const char *v)
{
	size_t n = strlen(v);
	int quote = value_needs_quotes(v, n);
	if (quote)
		wbuf_put_u8(out, '"');
	for (size_t i = 0; i < n; i++)
		format_value_byte(out, (unsigned char)v[i]);
	if (quote)
		wbuf_put_u8(out, '"');
}

/* Where the settings go: one call of fn per setting. */
struct setting_sink {
	settings_visit fn;
	void *ctx;
};

static void format_line(struct setting_sink *out, const char *section, const char *subsection,
			const char *key, const char *value, const struct setting_source *src)
{
	struct setting_line l = { section, subsection, key, value, "(none)", src, NULL };
	out->fn(out->ctx, &l);
}

/* A per-path limit the base limit of a stronger origin puts out of effect (an override
 * applies only when its origin is as strong as the base limit's: settings_query.c). */
static void format_override(struct setting_sink *out, const struct assay_settings *s,
			    const struct threshold_override *o, int m, const char *value)
{
	static const char *const whose[] = { [CONFIG_DEFAULT] = "the default's",
					     [CONFIG_USER] = "your configuration's",
					     [CONFIG_REPOSITORY] = "the repository's",
					     [CONFIG_ENVIRONMENT] = "the environment's",
					     [CONFIG_COMMAND_LINE] = "the command line's" };
	char why[160];
	enum config_origin base = s->threshold_source[m].origin;
	snprintf(why, sizeof(why), "%s threshold.%s is stronger", whose[base],
		 metric_info((enum metric)m)->name);
	struct setting_line l = { "threshold", o->glob, metric_info((enum metric)m)->name, value,
				  "(none)", &o->source[m], o->origin < base ? why : NULL };
	out->fn(out->ctx, &l);
}

/* One setting as a text line: "section[.subsection].key = value (source)". */
static void text_line(void *ctx, const struct setting_line *l)
{
	struct wbuf *out = ctx;
	char where[300];
	settings_source_text(l->source, where, sizeof(where));
	wbuf_printf(out, "%s.", l->section);
	if (l->subsection) {
		char sub[CONFIG_MAX_LINE_BYTES * 4 + 1];
		text_printable(l->subsection, CONFIG_MAX_LINE_BYTES, sub, sizeof(sub));
		wbuf_printf(out, "%s.", sub);
	}
	wbuf_printf(out, "%s = ", l->key);
	if (l->value)
		format_value(out, l->value);
	else
		wbuf_printf(out, "%s", l->absent);
	wbuf_printf(out, " (%s%s%s)\n", where, l->not_applied ? "; not applied: " : "",
		    l->not_applied ? l->not_applied : "");
}

static void format_limit(long limit, char *out, size_t len)
{
	if (limit < 0)
		snprintf(out, len, "off");
	else
		snprintf(out, len, "%ld", limit);
}

static void format_list(struct setting_sink *out, const struct setting_list *list, const char *section,
			const char *key)
{
	for (size_t i = 0; i < list->count; i++)
		format_line(out, section, NULL, key, list->items[i].text, &list->items[i].source);
}

static void format_size(uint64_t bytes, char *out, size_t len)
{
	static const char suffixes[] = "KMGT";
	int unit = -1;
	while (unit < 3 && bytes && (bytes & 1023) == 0) {
		bytes >>= 10;
		unit++;
	}
	if (unit < 0)
		snprintf(out, len, "%llu", (unsigned long long)bytes);
	else
		snprintf(out, len, "%llu%c", (unsigned long long)bytes, suffixes[unit]);
}

/* [threshold] and [threshold "GLOB"]. */
static void format_limits(const struct assay_settings *s, struct setting_sink *out)
{
	char value[64];
	for (int m = 0; m < MET_COUNT; m++) {
		format_limit(s->thresholds.limit[m], value, sizeof(value));
		format_line(out, "threshold", NULL, metric_info((enum metric)m)->name, value,
			    &s->threshold_source[m]);
	}
	for (size_t i = 0; i < s->noverrides; i++) {
		const struct threshold_override *o = &s->overrides[i];
		for (int m = 0; m < MET_COUNT; m++) {
			if (!(o->set & (1u << m)))
				continue;
			format_limit(o->limits.limit[m], value, sizeof(value));
			format_override(out, s, o, m, value);
		}
	}
}

/* [language] and [units]. */
static void format_languages(const struct assay_settings *s, struct setting_sink *out)
{
	for (size_t i = 0; i < s->nlanguages; i++)
		format_line(out, "language", NULL, s->languages[i].extension,
			    language_info(s->languages[i].lang)->name, &s->languages[i].source);
	static const char *const policies[] = { "", "each", "bound", "fold" };
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		if (s->units[l])
			format_line(out, "units", NULL, language_info((enum lang_id)l)->name,
				    policies[s->units[l] & 3], &s->units_source[l]);
}

/* [rank]: xenon's limits, a letter or off. */
static void format_ranks(const struct assay_settings *s, struct setting_sink *out)
{
	for (int k = 0; k < RANK_LIMITS; k++) {
		char value[4] = { s->rank_max[k], '\0' };
		format_line(out, "rank", NULL, rank_limit_key((enum rank_limit)k),
			    s->rank_max[k] ? value : "off",
			    &s->rank_max_source[k]);
	}
}

void settings_each(const struct assay_settings *s, settings_visit fn, void *ctx)
{
	char value[64];
	struct setting_sink sink = { fn, ctx }, *out = &sink;
	format_limits(s, out);
	format_list(out, &s->excludes, "exclude", "path");
	format_list(out, &s->includes, "include", "path");
	format_languages(s, out);
	format_list(out, &s->generated_markers, "generated", "marker");
	if (s->precommit_budget < 0)
		snprintf(value, sizeof(value), "off");
	else
		snprintf(value, sizeof(value), "%g", s->precommit_budget);
	format_line(out, "precommit", NULL, "budget", value, &s->precommit_budget_source);
	format_line(out, "precommit", NULL, "onError",
		    s->precommit_on_error == PRECOMMIT_BLOCK ? "block" : "allow",
		    &s->precommit_on_error_source);
	format_list(out, &s->precommit_critical, "precommit", "critical");
	struct setting_line dir = { "cache", NULL, "dir", s->cache_dir, "(the default)",
				    &s->cache_dir_source, NULL };
	out->fn(out->ctx, &dir);
	format_size(s->cache_max, value, sizeof(value));
	format_line(out, "cache", NULL, "max", value, &s->cache_max_source);
	format_line(out, "cache", NULL, "eviction", s->cache_lfu ? "lfu" : "lru",
		    &s->cache_lfu_source);
	format_list(out, &s->trusted_keys, "cache", "trustedKey");
	format_line(out, "cache", NULL, "signingKey", s->signing_key,
		    &s->signing_key_source);
	format_line(out, "cache", NULL, "remote", s->remote_cache,
		    &s->remote_cache_source);
	format_line(out, "cache", NULL, "remoteMode", s->remote_readwrite ? "readwrite" : "read",
		    &s->remote_readwrite_source);
	format_line(out, "report", NULL, "sourceUrl", s->source_url,
		    &s->source_url_source);
	format_line(out, "sandbox", NULL, "mode", sandbox_mode_name(s->sandbox_mode),
		    &s->sandbox_mode_source);
	format_line(out, "gate", NULL, "strict", s->gate_strict ? "true" : "false",
		    &s->gate_strict_source);
	format_line(out, "gate", NULL, "mode", gate_mode_name(s->gate_mode), &s->gate_mode_source);
	format_ranks(s, out);
}

void settings_format(const struct assay_settings *s, struct wbuf *out)
{
	settings_each(s, text_line, out);
}
