/*
 * settings.c - what a configuration may set, checked and recorded with its origin (see
 * settings.h).
 *
 * The semantic layer is a table (setting_rules) naming each section and key, who may set
 * it and the function that checks and stores it. settings_apply() runs the table twice
 * over a configuration: once to check every entry, once to store, so a bad file changes
 * nothing. Precedence is data, not call order: a value is replaced only by one from an
 * origin at least as strong, and list entries are inserted after those of weaker or equal
 * origins. The queries below it answer for one path (thresholds, selection, language,
 * generated markers, critical files).
 */
#include "config/settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/text.h"
#include "util/suggest.h"
#include "files/glob.h"

struct apply_context {
	struct assay_settings *s;
	const struct config *config;
	const struct config_entry *e;
	enum config_origin origin;
	const char *file;	/* interned in s; set only when storing */
	int store;		/* 0: only check */
	char *err;
	size_t errlen;
};

struct setting_rule;
typedef int (*setting_setter)(struct apply_context *ctx, const struct setting_rule *rule);

enum subsection_rule { SUBSECTION_NONE, SUBSECTION_OPTIONAL };
enum list_kind { LIST_GLOB, LIST_MARKER, LIST_PATH };

struct setting_rule {
	const char *section;
	const char *key;		/* NULL: the setter decides which keys exist */
	enum subsection_rule subsection;
	const char *user_only;		/* not NULL: a repository file may not set it (the text
					   says why, after the key) */
	setting_setter set;
	size_t list;			/* offsetof the setting_list, for set_list */
	enum list_kind kind;
};

static int apply_error(struct apply_context *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int apply_error(struct apply_context *ctx, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ctx->e && ctx->e->line > 0)
		snprintf(ctx->err, ctx->errlen, "%s:%d: %s", ctx->config->file, ctx->e->line, msg);
	else
		snprintf(ctx->err, ctx->errlen, "%s: %s", ctx->config->file, msg);
	return -1;
}

/* "section.key" or "section.subsection.key", safe to print. */
static void entry_name(const struct config_entry *e, char *out, size_t len)
{
	char sub[160];
	if (e->subsection) {
		text_printable(e->subsection, 100, sub, sizeof(sub));
		snprintf(out, len, "%s.%s.%s", e->section, sub, e->key);
	} else {
		snprintf(out, len, "%s.%s", e->section, e->key);
	}
}

static void entry_value(const struct config_entry *e, char *out, size_t len)
{
	text_printable(e->value ? e->value : "", 60, out, len);
}

/* The known key nearest to e's, as "section.key", or "" in out: among its section's keys
 * (the metrics for [threshold]) when the section is known, else among the sections. */
static void nearest_key(const struct config_entry *e, char *out, size_t len);

static int unknown_key(struct apply_context *ctx)
{
	char name[300], near[80];
	entry_name(ctx->e, name, sizeof(name));
	nearest_key(ctx->e, near, sizeof(near));
	if (near[0])
		return apply_error(ctx, "unknown key '%s' (did you mean '%s'?)", name, near);
	return apply_error(ctx, "unknown key '%s'", name);
}

/* The entry's value, or an error when it has none (a key without '=' or "key ="). */
static const char *need_value(struct apply_context *ctx)
{
	if (ctx->e->value && ctx->e->value[0])
		return ctx->e->value;
	char name[300];
	entry_name(ctx->e, name, sizeof(name));
	apply_error(ctx, "%s needs a value", name);
	return NULL;
}

static int bad_value(struct apply_context *ctx, const char *expected)
{
	char name[300], value[300];
	entry_name(ctx->e, name, sizeof(name));
	entry_value(ctx->e, value, sizeof(value));
	return apply_error(ctx, "%s must be %s, not '%s'", name, expected, value);
}

static struct setting_source entry_source(const struct apply_context *ctx)
{
	struct setting_source src = { ctx->origin, ctx->file, ctx->e->line };
	return src;
}

/* 1 when a value from ctx replaces one recorded at *src (a stronger or equal origin;
 * within one origin the later line wins), updating *src. Only while storing. */
static int takes_over(struct apply_context *ctx, struct setting_source *src)
{
	if (!ctx->store || ctx->origin < src->origin)
		return 0;
	*src = entry_source(ctx);
	return 1;
}

/* Where an item of origin goes in a list sorted by origin: after every item of a weaker
 * or equal origin. Items are size bytes apart, each with its origin at offset. */
static size_t insert_position(const void *items, size_t count, size_t size, size_t offset,
			      enum config_origin origin)
{
	size_t i = count;
	while (i > 0) {
		enum config_origin o;
		memcpy(&o, (const char *)items + (i - 1) * size + offset, sizeof(o));
		if (o <= origin)
			break;
		i--;
	}
	return i;
}

/* A non-negative number up to max, or -1 for "off" (when allowed). 0 or -1. */
static int parse_number(const char *v, long max, int off_allowed, long *out)
{
	if (off_allowed && text_equal_nocase(v, "off")) {
		*out = -1;
		return 0;
	}
	long x = 0;
	if (!*v)
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9')
			return -1;
		x = x * 10 + (*v - '0');
		if (x > max)
			return -1;
	}
	*out = x;
	return 0;
}

/* The [threshold "glob"] block of ctx's origin that the entry being stored adds to: the
 * last block of that origin when it has the same glob (so one block in a file stays one),
 * else a new, empty one inserted after every block of a weaker or equal origin. NULL after
 * an error. */
static struct threshold_override *override_for(struct apply_context *ctx, const char *glob)
{
	struct assay_settings *s = ctx->s;
	size_t at = insert_position(s->overrides, s->noverrides, sizeof(*s->overrides),
				    offsetof(struct threshold_override, origin), ctx->origin);
	struct threshold_override *o = at > 0 ? &s->overrides[at - 1] : NULL;
	if (o && o->origin == ctx->origin && strcmp(o->glob, glob) == 0)
		return o;
	if (text_grow((void **)&s->overrides, &s->overrides_cap, s->noverrides + 1,
		       sizeof(*s->overrides)) < 0) {
		apply_error(ctx, "out of memory");
		return NULL;
	}
	char *copy = text_copy(glob);
	if (!copy) {
		apply_error(ctx, "out of memory");
		return NULL;
	}
	memmove(&s->overrides[at + 1], &s->overrides[at],
		(s->noverrides - at) * sizeof(*s->overrides));
	s->noverrides++;
	o = &s->overrides[at];
	memset(o, 0, sizeof(*o));
	o->glob = copy;
	o->origin = ctx->origin;
	return o;
}

static int set_threshold(struct apply_context *ctx, const struct setting_rule *rule)
{
	(void)rule;
	const struct config_entry *e = ctx->e;
	int m = metric_by_name(e->key);
	if (m < 0)
		return unknown_key(ctx);
	const char *v = need_value(ctx);
	long limit;
	if (!v)
		return -1;
	if (parse_number(v, 1000000000L, 1, &limit) < 0)
		return bad_value(ctx, "a number or 'off'");
	if (e->subsection && !e->subsection[0])
		return apply_error(ctx, "[threshold \"\"] needs a glob");
	struct assay_settings *s = ctx->s;
	if (!e->subsection) {
		if (takes_over(ctx, &s->threshold_source[m]))
			s->thresholds.limit[m] = limit;
		return 0;
	}
	if (!ctx->store)
		return 0;
	struct threshold_override *o = override_for(ctx, e->subsection);
	if (!o)
		return -1;
	o->set |= 1u << m;
	o->limits.limit[m] = limit;
	o->source[m] = entry_source(ctx);
	return 0;
}

/* A path from the user's file: absolute or from ~/, never relative to wherever assay
 * happens to run. 0, or -1 with the error. */
static int check_user_path(struct apply_context *ctx, const char *v)
{
	if (v[0] == '/' || (v[0] == '~' && v[1] == '/'))
		return 0;
	return bad_value(ctx, "an absolute path or one starting with ~/");
}

static int set_list(struct apply_context *ctx, const struct setting_rule *rule)
{
	const char *v = need_value(ctx);
	if (!v)
		return -1;
	if (rule->kind == LIST_MARKER && strlen(v) > CONFIG_GENERATED_HEAD_BYTES)
		return bad_value(ctx, "at most 1024 bytes (only a file's first 1024 are searched)");
	if (rule->kind == LIST_PATH && check_user_path(ctx, v) < 0)
		return -1;
	if (!ctx->store)
		return 0;
	struct setting_list *list = (struct setting_list *)((char *)ctx->s + rule->list);
	if (text_grow((void **)&list->items, &list->cap, list->count + 1, sizeof(*list->items)) < 0)
		return apply_error(ctx, "out of memory");
	char *text = text_copy(v);
	if (!text)
		return apply_error(ctx, "out of memory");
	size_t at = insert_position(list->items, list->count, sizeof(*list->items),
				    offsetof(struct setting_string, source)
				    + offsetof(struct setting_source, origin), ctx->origin);
	memmove(&list->items[at + 1], &list->items[at], (list->count - at) * sizeof(*list->items));
	list->count++;
	list->items[at].text = text;
	list->items[at].source = entry_source(ctx);
	return 0;
}

/* "c, cpp, python, ..." */
static void language_names(char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = LANG_NONE + 1; i < LANG_COUNT; i++) {
		const struct language_info *info = language_info((enum lang_id)i);
		int n = snprintf(out + o, len - o, "%s%s", o ? ", " : "", info->name);
		if (n < 0 || (size_t)n >= len - o)
			return;
		o += (size_t)n;
	}
}

static int set_language(struct apply_context *ctx, const struct setting_rule *rule)
{
	(void)rule;
	const struct config_entry *e = ctx->e;
	if (e->key_folded)
		return apply_error(ctx, "[language] extensions are written in lower case ('%s'): "
				   "keys are case-insensitive, extensions are not", e->key);
	const char *v = need_value(ctx);
	if (!v)
		return -1;
	enum lang_id lang = language_by_name(v);
	if (lang == LANG_NONE) {
		char known[256], value[300];
		language_names(known, sizeof(known));
		entry_value(e, value, sizeof(value));
		return apply_error(ctx, "unknown language '%s' for language.%s (%sknown: %s)",
				   value, e->key, text_language_hint(value), known);
	}
	if (!ctx->store)
		return 0;
	struct assay_settings *s = ctx->s;
	if (text_grow((void **)&s->languages, &s->languages_cap, s->nlanguages + 1,
		       sizeof(*s->languages)) < 0)
		return apply_error(ctx, "out of memory");
	char *ext = text_copy(e->key);
	if (!ext)
		return apply_error(ctx, "out of memory");
	size_t at = insert_position(s->languages, s->nlanguages, sizeof(*s->languages),
				    offsetof(struct language_mapping, source)
				    + offsetof(struct setting_source, origin), ctx->origin);
	memmove(&s->languages[at + 1], &s->languages[at],
		(s->nlanguages - at) * sizeof(*s->languages));
	s->nlanguages++;
	s->languages[at].extension = ext;
	s->languages[at].lang = lang;
	s->languages[at].source = entry_source(ctx);
	return 0;
}

/* [units] LANG = each|bound|fold. */
static int set_units(struct apply_context *ctx, const struct setting_rule *rule)
{
	(void)rule;
	const struct config_entry *e = ctx->e;
	enum lang_id lang = language_by_name(e->key);
	if (lang == LANG_NONE) {
		char known[256];
		language_names(known, sizeof(known));
		return apply_error(ctx, "unknown language '%s' in [units] (%sknown: %s)", e->key,
				   text_language_hint(e->key), known);
	}
	const char *v = need_value(ctx);
	if (!v)
		return -1;
	enum unit_policy policy = unit_policy_by_name(v);
	if (policy == UNITS_LANGUAGE)
		return bad_value(ctx, "'each', 'bound' or 'fold'");
	if (takes_over(ctx, &ctx->s->units_source[lang]))
		ctx->s->units[lang] = (uint8_t)policy;
	return 0;
}

static int set_budget(struct apply_context *ctx, const struct setting_rule *rule)
{
	(void)rule;
	const char *v = need_value(ctx);
	double seconds = -1;
	if (!v)
		return -1;
	/* 0 is off, as --budget=0 is. */
	if (!text_equal_nocase(v, "off") && text_seconds(v, 86400, &seconds) < 0)
		return bad_value(ctx, "a number of seconds up to 86400 (0.5: half a second), or "
				 "'off' (or 0: none)");
	if (seconds == 0)
		seconds = -1;
	if (takes_over(ctx, &ctx->s->precommit_budget_source))
		ctx->s->precommit_budget = seconds;
	return 0;
}

/* The words a key takes, as one table. */
enum choice_setting { CHOICE_ON_ERROR, CHOICE_EVICTION, CHOICE_SANDBOX, CHOICE_GATE_MODE,
		      CHOICE_REMOTE_MODE };

static const struct {
	enum choice_setting setting;
	const char *word;
	int value;
} choices[] = {
	{ CHOICE_ON_ERROR, "allow", PRECOMMIT_ALLOW },
	{ CHOICE_ON_ERROR, "block", PRECOMMIT_BLOCK },
	{ CHOICE_EVICTION, "lru", 0 },
	{ CHOICE_EVICTION, "lfu", 1 },
	{ CHOICE_SANDBOX, "strict", SANDBOX_MODE_STRICT },
	{ CHOICE_SANDBOX, "auto", SANDBOX_MODE_AUTO },
	{ CHOICE_SANDBOX, "off", SANDBOX_MODE_OFF },
	{ CHOICE_GATE_MODE, "new", GATE_NEW },
	{ CHOICE_GATE_MODE, "worse", GATE_WORSE },
	{ CHOICE_GATE_MODE, "changed", GATE_CHANGED },
	{ CHOICE_REMOTE_MODE, "read", 0 },
	{ CHOICE_REMOTE_MODE, "readwrite", 1 },
};

static const char *const choice_lists[] = {
	[CHOICE_ON_ERROR] = "'allow' or 'block'",
	[CHOICE_EVICTION] = "'lru' or 'lfu'",
	[CHOICE_SANDBOX] = "'strict', 'auto' or 'off'",
	[CHOICE_GATE_MODE] = "'new', 'worse' or 'changed'",
	[CHOICE_REMOTE_MODE] = "'read' or 'readwrite'",
};

/* Stores choice x of setting, unless a stronger origin set it. */
static void store_choice(struct apply_context *ctx, enum choice_setting setting, int x)
{
	struct assay_settings *s = ctx->s;
	if (setting == CHOICE_ON_ERROR && takes_over(ctx, &s->precommit_on_error_source))
		s->precommit_on_error = (enum precommit_on_error)x;
	else if (setting == CHOICE_EVICTION && takes_over(ctx, &s->cache_lfu_source))
		s->cache_lfu = x;
	else if (setting == CHOICE_SANDBOX && takes_over(ctx, &s->sandbox_mode_source))
		s->sandbox_mode = (enum sandbox_mode)x;
	else if (setting == CHOICE_GATE_MODE && takes_over(ctx, &s->gate_mode_source))
		s->gate_mode = (enum gate_mode)x;
	else if (setting == CHOICE_REMOTE_MODE && takes_over(ctx, &s->remote_readwrite_source))
		s->remote_readwrite = x;
}

static int set_choice(struct apply_context *ctx, enum choice_setting setting)
{
	const char *v = need_value(ctx);
	if (!v)
		return -1;
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++)
		if (choices[i].setting == setting && text_equal_nocase(v, choices[i].word)) {
			store_choice(ctx, setting, choices[i].value);
			return 0;
		}
	return bad_value(ctx, choice_lists[setting]);
}

/* [precommit] onError, [cache] remoteMode and eviction, [sandbox] mode, [gate] mode: the
 * rule's list field names the choice. */
static int set_choice_rule(struct apply_context *ctx, const struct setting_rule *rule)
{
	return set_choice(ctx, (enum choice_setting)rule->list);
}

const char *gate_mode_name(enum gate_mode m)
{
	return m == GATE_NEW ? "new" : m == GATE_CHANGED ? "changed" : "worse";
}

/* [rank] maxAbsolute, maxModules, maxAverage: a rank letter (xenon's limits). */
static int set_rank_max(struct apply_context *ctx, const struct setting_rule *rule)
{
	const char *v = need_value(ctx);
	if (!v)
		return -1;
	char rank = rank_parse(v);
	if (!rank && !text_equal_nocase(v, "off"))
		return bad_value(ctx, "a rank from 'A' to 'F', or 'off'");
	int k = RANK_ABSOLUTE;
	while (k + 1 < RANK_LIMITS && !text_equal_nocase(rule->key, rank_limit_key((enum rank_limit)k)))
		k++;
	if (takes_over(ctx, &ctx->s->rank_max_source[k]))
		ctx->s->rank_max[k] = rank;
	return 0;
}

/* [cache] dir and signingKey: one path each. */
static int set_user_path(struct apply_context *ctx, const struct setting_rule *rule)
{
	const char *v = need_value(ctx);
	if (!v || check_user_path(ctx, v) < 0)
		return -1;
	int signing = strcmp(rule->key, "signingkey") == 0;
	char **field = signing ? &ctx->s->signing_key : &ctx->s->cache_dir;
	struct setting_source *src = signing ? &ctx->s->signing_key_source
					     : &ctx->s->cache_dir_source;
	if (!ctx->store || ctx->origin < src->origin)
		return 0;
	char *path = text_copy(v);
	if (!path)
		return apply_error(ctx, "out of memory");
	free(*field);
	*field = path;
	(void)takes_over(ctx, src);
	return 0;
}

/* [gate] strict: a boolean as git-config writes it; a key without a value is true. */
static int set_gate_strict(struct apply_context *ctx, const struct setting_rule *rule)
{
	(void)rule;
	static const struct {
		const char *word;
		int on;
	} words[] = { { "true", 1 }, { "yes", 1 }, { "on", 1 }, { "1", 1 },
		      { "false", 0 }, { "no", 0 }, { "off", 0 }, { "0", 0 } };
	const char *v = ctx->e->value;
	int on = v ? -1 : 1;
	for (size_t i = 0; v && on < 0 && i < sizeof(words) / sizeof(words[0]); i++)
		if (text_equal_nocase(v, words[i].word))
			on = words[i].on;
	if (on < 0)
		return bad_value(ctx, "true or false");
	if (takes_over(ctx, &ctx->s->gate_strict_source))
		ctx->s->gate_strict = on;
	return 0;
}

static int set_cache_max(struct apply_context *ctx, const struct setting_rule *rule)
{
	(void)rule;
	const char *v = need_value(ctx);
	uint64_t bytes;
	if (!v)
		return -1;
	if (text_size(v, 1, 1ull << 50, &bytes) < 0)
		return bad_value(ctx, "a size from 1 byte to 1024T, such as 512M or 2G");
	if (takes_over(ctx, &ctx->s->cache_max_source))
		ctx->s->cache_max = bytes;
	return 0;
}

/* [report] sourceUrl (an http(s) template, as --source-url) and [cache] remote (the
 * remote cache, as --remote-cache). */
static int set_url(struct apply_context *ctx, const struct setting_rule *rule)
{
	const char *v = need_value(ctx);
	if (!v)
		return -1;
	if (text_source_url_refusal(v))
		return bad_value(ctx, "an http:// or https:// URL without spaces or quotes");
	int remote = strcmp(rule->key, "remote") == 0;
	if (!takes_over(ctx, remote ? &ctx->s->remote_cache_source : &ctx->s->source_url_source))
		return 0;
	char *copy = text_copy(v);
	if (!copy)
		return apply_error(ctx, "out of memory");
	char **field = remote ? &ctx->s->remote_cache : &ctx->s->source_url;
	free(*field);
	*field = copy;
	return 0;
}

static const struct setting_rule setting_rules[] = {
	{ "threshold", NULL, SUBSECTION_OPTIONAL, NULL, set_threshold, 0, LIST_GLOB },
	{ "exclude", "path", SUBSECTION_NONE, NULL, set_list,
	  offsetof(struct assay_settings, excludes), LIST_GLOB },
	{ "include", "path", SUBSECTION_NONE, NULL, set_list,
	  offsetof(struct assay_settings, includes), LIST_GLOB },
	{ "language", NULL, SUBSECTION_NONE, NULL, set_language, 0, LIST_GLOB },
	{ "units", NULL, SUBSECTION_NONE, NULL, set_units, 0, LIST_GLOB },
	{ "generated", "marker", SUBSECTION_NONE, NULL, set_list,
	  offsetof(struct assay_settings, generated_markers), LIST_MARKER },
	{ "precommit", "budget", SUBSECTION_NONE, NULL, set_budget, 0, LIST_GLOB },
	{ "precommit", "onerror", SUBSECTION_NONE, NULL, set_choice_rule, CHOICE_ON_ERROR, LIST_GLOB },
	{ "precommit", "critical", SUBSECTION_NONE, NULL, set_list,
	  offsetof(struct assay_settings, precommit_critical), LIST_GLOB },
	{ "cache", "dir", SUBSECTION_NONE, "", set_user_path, 0, LIST_GLOB },
	{ "cache", "trustedkey", SUBSECTION_NONE, "", set_list,
	  offsetof(struct assay_settings, trusted_keys), LIST_PATH },
	{ "cache", "signingkey", SUBSECTION_NONE, "", set_user_path, 0, LIST_GLOB },
	{ "cache", "max", SUBSECTION_NONE, "", set_cache_max, 0, LIST_GLOB },
	{ "cache", "remote", SUBSECTION_NONE, "", set_url, 0, LIST_GLOB },
	{ "cache", "remotemode", SUBSECTION_NONE, "", set_choice_rule, CHOICE_REMOTE_MODE, LIST_GLOB },
	{ "cache", "eviction", SUBSECTION_NONE, "", set_choice_rule, CHOICE_EVICTION, LIST_GLOB },
	{ "sandbox", "mode", SUBSECTION_NONE, "", set_choice_rule, CHOICE_SANDBOX, LIST_GLOB },
	{ "gate", "strict", SUBSECTION_NONE,
	  " (only the user's configuration or --strict turns strict mode on: a repository "
	  "does not decide how far it is trusted)", set_gate_strict, 0, LIST_GLOB },
	{ "gate", "mode", SUBSECTION_NONE, NULL, set_choice_rule, CHOICE_GATE_MODE, LIST_GLOB },
	{ "report", "sourceurl", SUBSECTION_NONE, NULL, set_url, 0, LIST_GLOB },
	{ "rank", "maxabsolute", SUBSECTION_NONE, NULL, set_rank_max, 0, LIST_GLOB },
	{ "rank", "maxmodules", SUBSECTION_NONE, NULL, set_rank_max, 0, LIST_GLOB },
	{ "rank", "maxaverage", SUBSECTION_NONE, NULL, set_rank_max, 0, LIST_GLOB },
};

/* Sections a repository file may not touch at all, whatever the key. */
static const char *const repository_forbidden_sections[] = { "sandbox", "cache", "core" };

/* Parts of a name that say it names a program to run: never from a repository file. */
static const char *const program_words[] = { "command", "cmd", "exec", "program", "hook",
					     "shell", "pager", "editor" };

static int names_program(const char *name)
{
	for (size_t i = 0; i < sizeof(program_words) / sizeof(program_words[0]); i++)
		if (strstr(name, program_words[i]))
			return 1;
	return 0;
}

static int repository_may_not(struct apply_context *ctx, const char *why)
{
	char name[300];
	entry_name(ctx->e, name, sizeof(name));
	return apply_error(ctx, "a repository configuration may not set %s%s", name, why);
}

/* For an entry from a repository file: an error when it is in a section such a file may
 * not touch or names a program; 0 when it may go on to the rules. */
static int repository_check(struct apply_context *ctx)
{
	const struct config_entry *e = ctx->e;
	for (size_t i = 0; i < sizeof(repository_forbidden_sections) /
				   sizeof(repository_forbidden_sections[0]); i++)
		if (strcmp(e->section, repository_forbidden_sections[i]) == 0)
			return repository_may_not(ctx, "");
	if (names_program(e->section) || names_program(e->key))
		return repository_may_not(ctx, " (it would name a program to run)");
	return 0;
}

/* The section nearest to an unknown one: a spelling of a known one, or what the README
 * calls the thresholds (limits); NULL when none is near. */
static const char *nearest_section(const char *section)
{
	if (text_equal_nocase(section, "limit") || text_equal_nocase(section, "limits"))
		return "threshold";
	struct suggest sg;
	suggest_init(&sg, section);
	for (size_t i = 0; i < sizeof(setting_rules) / sizeof(setting_rules[0]); i++)
		suggest_offer(&sg, setting_rules[i].section);
	return suggest_best(&sg);
}

static void nearest_key(const struct config_entry *e, char *out, size_t len)
{
	enum { NRULES = sizeof(setting_rules) / sizeof(setting_rules[0]) };
	int known_section = 0;
	for (size_t i = 0; i < NRULES; i++)
		known_section |= strcmp(setting_rules[i].section, e->section) == 0;
	out[0] = '\0';
	if (!known_section) {
		const char *section = nearest_section(e->section);
		if (section)
			snprintf(out, len, "%s.%s", section, e->key);
		return;
	}
	struct suggest sg;
	suggest_init(&sg, e->key);
	for (size_t i = 0; i < NRULES; i++)
		if (setting_rules[i].key && strcmp(setting_rules[i].section, e->section) == 0)
			suggest_offer(&sg, setting_rules[i].key);
	for (int m = 0; m < MET_COUNT && strcmp(e->section, "threshold") == 0; m++)
		suggest_offer(&sg, metric_info((enum metric)m)->name);
	const char *best = suggest_best(&sg);
	if (best)
		snprintf(out, len, "%s.%s", e->section, best);
}

/* The first rule of setting_rules for e's section and key; NULL when none. */
static const struct setting_rule *find_rule(const struct config_entry *e)
{
	for (size_t i = 0; i < sizeof(setting_rules) / sizeof(setting_rules[0]); i++)
		if (strcmp(setting_rules[i].section, e->section) == 0
		    && (!setting_rules[i].key || strcmp(setting_rules[i].key, e->key) == 0))
			return &setting_rules[i];
	return NULL;
}

/* Checks one entry against the rules and, when ctx->store, stores it. */
static int apply_entry(struct apply_context *ctx)
{
	const struct config_entry *e = ctx->e;
	if (ctx->origin == CONFIG_REPOSITORY && repository_check(ctx) < 0)
		return -1;
	const struct setting_rule *rule = find_rule(e);
	if (!rule)
		return unknown_key(ctx);
	if (rule->subsection == SUBSECTION_NONE && e->subsection)
		return apply_error(ctx, "[%s] takes no subsection", e->section);
	if (rule->user_only && ctx->origin == CONFIG_REPOSITORY)
		return repository_may_not(ctx, rule->user_only);
	return rule->set(ctx, rule);
}

/* s's copy of a file name, for sources to point at; NULL when out of memory. */
static const char *intern_file_name(struct assay_settings *s, const char *file)
{
	for (size_t i = 0; i < s->nfile_names; i++)
		if (strcmp(s->file_names[i], file) == 0)
			return s->file_names[i];
	char *copy = text_copy(file);
	char **names = copy ? realloc(s->file_names, (s->nfile_names + 1) * sizeof(*names)) : NULL;
	if (!names) {
		free(copy);
		return NULL;
	}
	s->file_names = names;
	s->file_names[s->nfile_names++] = copy;
	return copy;
}

int settings_apply(struct assay_settings *s, const struct config *c,
		   enum config_origin origin, char *err, size_t errlen)
{
	struct apply_context ctx = { .s = s, .config = c, .origin = origin, .err = err,
				     .errlen = errlen };
	if (origin <= CONFIG_DEFAULT || origin >= CONFIG_ORIGIN_COUNT)
		return apply_error(&ctx, "not a configuration origin");
	for (ctx.store = 0; ctx.store < 2; ctx.store++) {
		if (ctx.store) {
			ctx.file = intern_file_name(s, c->file);
			if (!ctx.file)
				return apply_error(&ctx, "out of memory");
		}
		for (size_t i = 0; i < c->count; i++) {
			ctx.e = &c->entries[i];
			if (apply_entry(&ctx) < 0)
				return -1;
		}
	}
	return 0;
}

int settings_load(struct assay_settings *s, const struct config *user,
		  const struct config *repository, char *err, size_t errlen)
{
	if (user && settings_apply(s, user, CONFIG_USER, err, errlen) < 0)
		return -1;
	if (repository && settings_apply(s, repository, CONFIG_REPOSITORY, err, errlen) < 0)
		return -1;
	return 0;
}

void settings_init(struct assay_settings *s)
{
	memset(s, 0, sizeof(*s));
	thresholds_default(&s->thresholds);
	s->precommit_budget = 5;	/* seconds; -1 is off */
	s->precommit_on_error = PRECOMMIT_ALLOW;
	s->cache_max = 1ull << 30;
	s->cache_lfu = 0;
	s->sandbox_mode = SANDBOX_MODE_AUTO;
	s->gate_mode = GATE_WORSE;
	/* The markers generators write (Go's "Code generated ... DO NOT EDIT.", Meta's
	 * @generated, GitHub linguist's list), skipped out of the box. */
	static const char *const markers[] = { "@generated", "DO NOT EDIT" };
	struct setting_list *g = &s->generated_markers;
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		char *text = text_copy(markers[i]);
		if (!text || text_grow((void **)&g->items, &g->cap, g->count + 1,
				       sizeof(*g->items)) < 0) {
			free(text);
			break;
		}
		g->items[g->count].text = text;
		g->items[g->count++].source = (struct setting_source){ CONFIG_DEFAULT, NULL, 0 };
	}
}

static void list_free(struct setting_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].text);
	free(list->items);
}

void settings_free(struct assay_settings *s)
{
	for (size_t i = 0; i < s->noverrides; i++)
		free(s->overrides[i].glob);
	free(s->overrides);
	list_free(&s->excludes);
	list_free(&s->includes);
	list_free(&s->generated_markers);
	list_free(&s->precommit_critical);
	list_free(&s->trusted_keys);
	free(s->signing_key);
	free(s->remote_cache);
	free(s->source_url);
	for (size_t i = 0; i < s->nlanguages; i++)
		free(s->languages[i].extension);
	free(s->languages);
	free(s->cache_dir);
	for (size_t i = 0; i < s->nfile_names; i++)
		free(s->file_names[i]);
	free(s->file_names);
	memset(s, 0, sizeof(*s));
}
