/*
 * settings.h - what assay's configuration files may set, each value with where it came
 * from.
 *
 * settings_apply() checks every entry of a parsed configuration (config/syntax.h) against
 * what its origin may set, and records each effective value together with where it came
 * from, so `assay config` can say "ccn = 10 (.assay:3)". The repository's `.assay` is
 * untrusted: it may not set the sandbox, the cache, or anything that names a program.
 * Nothing here opens a file, reads the environment or prints; errors are messages
 * "FILE:LINE: what is wrong" in the caller's buffer. Globs follow files/glob.h
 * (gitignore's rules).
 */
#ifndef ASSAY_CONFIG_SETTINGS_H
#define ASSAY_CONFIG_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "sandbox/sandbox.h"
#include "common/buf.h"
#include "common/languages.h"
#include "config/syntax.h"
#include "report/model.h"

/* Where a value came from, from the weakest to the strongest: a stronger origin always
 * wins, and within one origin the later line wins. */
enum config_origin {
	CONFIG_DEFAULT = 0,
	CONFIG_USER,		/* ~/.config/assay/config */
	CONFIG_REPOSITORY,	/* .assay at the repository root: untrusted */
	CONFIG_ENVIRONMENT,	/* $ASSAY_CACHE_DIR, $ASSAY_SIGNING_KEY (shown by `config`) */
	CONFIG_COMMAND_LINE,
	CONFIG_ORIGIN_COUNT
};

struct setting_source {
	enum config_origin origin;
	const char *file;	/* owned by the settings; NULL for defaults */
	int line;		/* 0 when there is none */
};

/* One [threshold "GLOB"] block: the metrics it sets for the paths the glob matches. */
struct threshold_override {
	char *glob;
	enum config_origin origin;
	uint32_t set;				/* bit m: this block sets metric m */
	struct thresholds limits;		/* meaningful where set has the bit */
	struct setting_source source[MET_COUNT];
};

/* A repeatable string setting: a glob or a marker. */
struct setting_string {
	char *text;
	struct setting_source source;
};

struct setting_list {
	struct setting_string *items;	/* weakest origin first, file order within one */
	size_t count;
	size_t cap;
};

/* [language] EXT = LANG. */
struct language_mapping {
	char *extension;		/* without the dot, lower case */
	enum lang_id lang;
	struct setting_source source;
};

enum precommit_on_error { PRECOMMIT_ALLOW = 0, PRECOMMIT_BLOCK };

/* What precommit and diff gate (--gate, [gate] mode), loosest first: new functions only;
 * new ones, and changed ones over a limit and worse there than in the base (the
 * default); every new and changed function. */
enum gate_mode { GATE_NEW = 1, GATE_WORSE, GATE_CHANGED };
const char *gate_mode_name(enum gate_mode m);

/*
 * Everything a configuration may set, each with its source. Lists hold the entries of
 * every origin, weakest first, so "the last match wins" follows precedence. Fields left
 * at their defaults have origin CONFIG_DEFAULT; a caller may change a default (such as
 * sandbox_mode in a sanitizer build) after settings_init and before applying files.
 */
struct assay_settings {
	struct thresholds thresholds;		/* for paths no override matches */
	struct setting_source threshold_source[MET_COUNT];
	struct threshold_override *overrides;	/* weakest origin first, file order within */
	size_t noverrides;
	size_t overrides_cap;

	struct setting_list excludes;		/* [exclude] path */
	struct setting_list includes;		/* [include] path: none means every file */
	struct setting_list generated_markers;	/* [generated] marker */

	struct language_mapping *languages;
	size_t nlanguages;
	size_t languages_cap;

	/* [units] LANG = each|bound|fold: enum unit_policy per language, 0 its default. */
	uint8_t units[LANG_COUNT];
	struct setting_source units_source[LANG_COUNT];

	double precommit_budget;		/* seconds; -1 when there is none */
	struct setting_source precommit_budget_source;
	enum precommit_on_error precommit_on_error;
	struct setting_source precommit_on_error_source;
	struct setting_list precommit_critical;	/* [precommit] critical */

	/* Only the user's file and the command line may set these. */
	char *cache_dir;			/* NULL: the cache's default location; may
						   start with "~/" (the caller expands it) */
	struct setting_source cache_dir_source;
	uint64_t cache_max;			/* bytes */
	struct setting_source cache_max_source;
	int cache_lfu;				/* eviction: 0 lru, 1 lfu */
	struct setting_source cache_lfu_source;
	enum sandbox_mode sandbox_mode;
	struct setting_source sandbox_mode_source;
	/* Cache exports (store/signkey.h): who an import trusts, what an export signs with.
	 * Paths, absolute or starting with "~/" (the caller expands it). */
	struct setting_list trusted_keys;	/* [cache] trustedKey, repeatable */
	char *signing_key;			/* [cache] signingKey; NULL none */
	struct setting_source signing_key_source;
	/* The remote cache (docs/SCALING.md): [cache] remote, a URL; remoteMode. */
	char *remote_cache;			/* NULL none */
	struct setting_source remote_cache_source;
	int remote_readwrite;			/* remoteMode: 0 read, 1 readwrite */
	struct setting_source remote_readwrite_source;
	/* [report] sourceUrl: the HTML report's links to the code (--source-url); NULL none */
	char *source_url;
	struct setting_source source_url_source;
	/* [gate] strict: fail closed (config/strict.h). A repository must not decide how far
	 * it is trusted, so its file may not set it. */
	int gate_strict;
	struct setting_source gate_strict_source;
	enum gate_mode gate_mode;
	struct setting_source gate_mode_source;
	/* [rank] maxAbsolute, maxModules, maxAverage (enum rank_limit): 'A'..'F', 0 none. */
	char rank_max[RANK_LIMITS];
	struct setting_source rank_max_source[RANK_LIMITS];
	/* Set under --strict: a repository's [threshold "GLOB"] may only lower a limit
	 * (settings_thresholds_for). */
	int repository_tightens_only;

	char **file_names;			/* what setting_source.file points into */
	size_t nfile_names;
};

/* Defaults: thresholds_default(), no overrides or lists, no precommit budget, onError
 * allow, the cache's own directory, 1 GiB, lru, sandbox auto, no keys, not strict. */
void settings_init(struct assay_settings *s);
void settings_free(struct assay_settings *s);

/*
 * Applies a parsed configuration from origin. A repository file may not set the sandbox,
 * the cache, anything in [core], or any key that names a program (command, exec,
 * program, hook, ...); for every origin an unknown section or key, a value of the wrong
 * form, or a subsection where none belongs is an error. For CONFIG_COMMAND_LINE the
 * caller builds c with config_new("command line") and config_add (e.g. { "threshold",
 * NULL, "ccn", "20" } for -T ccn=20), so options are checked and recorded like files.
 * All or nothing: every entry is checked before any is applied. Returns 0, or -1 with err
 * "FILE:LINE: what is wrong" (s unchanged, unless memory ran out while applying).
 */
int settings_apply(struct assay_settings *s, const struct config *c,
		   enum config_origin origin, char *err, size_t errlen);

/* Applies the user's file, then the repository's (either may be NULL), on top of what
 * s holds: the precedence command line > repository > user > defaults. The command
 * line is applied last by the caller with settings_apply(..., CONFIG_COMMAND_LINE, ...);
 * since a stronger origin always wins, the order of calls cannot break precedence. */
int settings_load(struct assay_settings *s, const struct config *user,
		  const struct config *repository, char *err, size_t errlen);

/*
 * The thresholds for path (relative to the repository root): the base thresholds with
 * every matching [threshold "GLOB"] applied in order (later wins), except that a metric
 * set on the command line is not overridden by a file's block, and that with
 * repository_tightens_only a repository's block only lowers a limit. Returns &s->thresholds
 * when no block matches, else scratch, filled.
 */
const struct thresholds *settings_thresholds_for(const struct assay_settings *s,
						 const char *path, struct thresholds *scratch);

/* 1 when limit (-1: off) lets more through than than does: a higher number, or off. */
int settings_limit_looser(long limit, long than);

/* 1 when path is to be analysed: it matches an include glob (or there are none) and no
 * exclude glob. */
int settings_path_selected(const struct assay_settings *s, const char *path);

/* The language [language] maps path's extension to (case-sensitive), the strongest
 * mapping winning; LANG_NONE when none does (use language_by_path). */
enum lang_id settings_language_for(const struct assay_settings *s, const char *path);

/* 1 when the first CONFIG_GENERATED_HEAD_BYTES of head (len bytes) contain a marker. */
int settings_is_generated(const struct assay_settings *s, const void *head, size_t len);

/* 1 when path matches a [precommit] critical glob. */
int settings_is_critical(const struct assay_settings *s, const char *path);

/* "default", "command line", "FILE" or "FILE:LINE" for a source. */
void settings_source_text(const struct setting_source *src, char *out, size_t len);

/* 1 with a message in out when a configuration file turned the sandbox off: the caller
 * prints it (the run is unsandboxed because of a file, which must never be silent). */
int settings_sandbox_notice(const struct assay_settings *s, char *out, size_t len);

/* One effective setting: section (threshold, exclude, ...), subsection (a [threshold
 * "GLOB"]'s glob) or NULL, key, its value as a file would spell it, and where it came
 * from. */
struct setting_line {
	const char *section, *subsection, *key;
	const char *value, *absent;	/* value NULL when unset: absent is what text shows */
	const struct setting_source *source;
	const char *not_applied;	/* why a value set is not in effect ("the command
					   line's threshold.ccn is stronger"), or NULL */
};
typedef void (*settings_visit)(void *ctx, const struct setting_line *l);
/* Calls fn for every effective setting, in the order settings_format lists them. */
void settings_each(const struct assay_settings *s, settings_visit fn, void *ctx);

/* Every effective setting as "name = value (source)" lines, in git-config naming
 * (threshold.ccn, threshold.GLOB.ccn, exclude.path, ...), for `assay config`. Values are
 * quoted as in a file when they need it; control bytes are written as \xNN. */
void settings_format(const struct assay_settings *s, struct wbuf *out);

#endif
