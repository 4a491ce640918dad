/*
 * options.c - the option table and its parser (see options.h). Options follow lizard's where
 * lizard has one (-C, -L, -a, -T, -x, -l, -w, -m, -o) so a migrating user's command line
 * keeps working.
 */
#include "config/options.h"
#include "config/option_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config/settings.h"
#include "config/text.h"
#include "util/log.h"
#include "util/alloc.h"
#include "util/msg.h"
#include "util/suggest.h"

/* Sanitizer runtimes make system calls no worker filter allows: those builds default to
 * --sandbox=off (and say so in every report). */
#ifdef ASSAY_SANITIZERS
#define DEFAULT_SANDBOX SANDBOX_MODE_OFF
#else
#define DEFAULT_SANDBOX SANDBOX_MODE_AUTO
#endif

/* -x GLOB, --trusted-key FILE: repeatable words; o->value says which list. */
enum { WORDS_EXCLUDE, WORDS_TRUSTED_KEY };

static int add_word(struct cli_options *opt, const struct cli_option *o, const char *arg,
		    char *err, size_t errlen)
{
	if (!arg[0]) {	/* an empty pattern or key file names nothing: a slip */
		snprintf(err, errlen, "--%s: an empty %s", o->long_name,
			 o->value == WORDS_EXCLUDE ? "pattern" : "file name");
		return -1;
	}
	char ***list = o->value == WORDS_EXCLUDE ? &opt->excludes : &opt->trusted_keys;
	size_t *n = o->value == WORDS_EXCLUDE ? &opt->nexcludes : &opt->ntrusted_keys;
	*list = xrealloc(*list, (*n + 1) * sizeof(char *));
	(*list)[(*n)++] = xstrdup(arg);
	return 0;
}

static int add_language(struct cli_options *opt, const struct cli_option *o, const char *arg,
			char *err, size_t errlen)
{
	(void)o;
	enum lang_id l = language_by_name(arg);
	if (l == LANG_NONE)
		snprintf(err, errlen, "unknown language '%s' (%ssee `assay languages`)", arg,
			 text_language_hint(arg));
	else
		opt->language_mask |= UINT64_C(1) << l;
	return l == LANG_NONE ? -1 : 0;
}

static int parse_count(const char *s, long min, long max, long *out)
{
	char *end;
	/* Digits, with a '-' where a negative number is allowed: strtol would also take
	 * leading blanks and a '+'. */
	const char *digits = *s == '-' && min < 0 ? s + 1 : s;
	if (*digits < '0' || *digits > '9')
		return -1;
	long v = strtol(s, &end, 10);
	if (*end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int set_jobs(struct cli_options *opt, const struct cli_option *o, const char *arg,
		    char *err, size_t errlen)
{
	long v;
	if (parse_count(arg, 1, 256, &v) < 0) {
		snprintf(err, errlen, "--%s takes a number from 1 to 256, not '%s'", o->long_name, arg);
		return -1;
	}
	opt->jobs = (int)v;
	return 0;
}

static int set_ignore_warnings(struct cli_options *opt, const struct cli_option *o,
			       const char *arg, char *err, size_t errlen)
{
	long v;
	if (parse_count(arg, -1000000000L, 1000000000L, &v) < 0) {
		snprintf(err, errlen, "--%s takes a number (negative: never fail on violations, as "
			 "lizard's -i -1), not '%s'", o->long_name, arg);
		return -1;
	}
	opt->ignore_warnings = v < 0 ? IGNORE_ALL_WARNINGS : v;
	return 0;
}

/* "unknown metric 'ccm' (did you mean ccn? known: ...)" for option o into err. */
static int unknown_metric(const struct cli_option *o, const char *name, char *err,
			  size_t errlen)
{
	struct suggest s;
	suggest_init(&s, name);
	for (int k = 0; k < MET_COUNT; k++)
		suggest_offer(&s, metric_info((enum metric)k)->name);
	const char *best = suggest_best(&s);
	snprintf(err, errlen, "--%s: unknown metric '%s' (%s%s%sknown: %s)", o->long_name, name,
		 best ? "did you mean " : "", best ? best : "", best ? "? " : "", metric_names());
	return -1;
}

static int set_sort(struct cli_options *opt, const struct cli_option *o, const char *arg,
		    char *err, size_t errlen)
{
	int m = metric_by_name(arg);
	if (m < 0)
		return unknown_metric(o, arg, err, errlen);
	opt->sort_metric = m;
	return 0;
}

/* --budget, --remote-cache-timeout, --remote-cache-budget: seconds, o->value says which
 * (0, none, for --budget alone). */
enum { SECONDS_BUDGET, SECONDS_REMOTE_TIMEOUT, SECONDS_REMOTE_BUDGET };

static int set_seconds(struct cli_options *opt, const struct cli_option *o, const char *arg,
		       char *err, size_t errlen)
{
	double v, *targets[] = { &opt->budget, &opt->remote_timeout, &opt->remote_budget };
	int none = o->value == SECONDS_BUDGET;
	if (none && strcasecmp(arg, "off") == 0)
		v = 0;	/* as [precommit] budget = off */
	else if (text_seconds(arg, 86400, &v) < 0 || (!none && v <= 0)) {
		snprintf(err, errlen, "--%s takes seconds from %s to 86400 (0.5: half a second), "
			 "not '%s'", o->long_name, none ? "0 or off (none)" : "0.001", arg);
		return -1;
	}
	*targets[o->value] = v;
	return 0;
}

static int set_on_error(struct cli_options *opt, const struct cli_option *o, const char *arg,
			char *err, size_t errlen)
{
	if (strcasecmp(arg, "allow") != 0 && strcasecmp(arg, "block") != 0) {
		snprintf(err, errlen, "--%s is allow or block, not '%s'", o->long_name, arg);
		return -1;
	}
	opt->on_error_block = strcasecmp(arg, "block") == 0;
	opt->on_error_set = 1;
	return 0;
}

static int set_timeout(struct cli_options *opt, const struct cli_option *o, const char *arg,
		       char *err, size_t errlen)
{
	double v;	/* fractions as --budget takes them */
	if (text_seconds(arg, 86400, &v) < 0 || v < 0.1) {
		snprintf(err, errlen, "--%s takes seconds from 0.1 to 86400 (0.5: half a second), "
			 "not '%s'", o->long_name, arg);
		return -1;
	}
	opt->timeout = v;
	return 0;
}

/* --retries=N: 0 to 10. */
static int set_retries(struct cli_options *opt, const struct cli_option *o, const char *arg,
		       char *err, size_t errlen)
{
	long v;
	if (parse_count(arg, 0, 10, &v) < 0) {
		snprintf(err, errlen, "--%s takes a count from 0 to 10, not '%s'", o->long_name, arg);
		return -1;
	}
	opt->retries = (int)v;
	return 0;
}

/* --retry-delay=SECONDS: 0 to 60, fractions allowed. */
static int set_retry_delay(struct cli_options *opt, const struct cli_option *o, const char *arg,
			   char *err, size_t errlen)
{
	if (text_seconds(arg, 60, &opt->retry_delay) < 0) {
		snprintf(err, errlen, "--%s takes seconds from 0 to 60, not '%s'", o->long_name, arg);
		return -1;
	}
	return 0;
}

/* --memory=SIZE: at least 256M (a supervisor and one worker); config/text.h's sizes. */
static int set_memory(struct cli_options *opt, const struct cli_option *o, const char *arg,
		      char *err, size_t errlen)
{
	if (text_size(arg, 256ull << 20, UINT64_MAX, &opt->memory) < 0) {
		snprintf(err, errlen, "--%s takes a size of at least 256M (K, M, G, T suffixes), "
			 "not '%s'", o->long_name, arg);
		return -1;
	}
	return 0;
}

/* "K/N" into opt's shard; 0, or -1 when it is not K/N with 1 <= K <= N <= SHARD_MAX. */
static int parse_shard(struct cli_options *opt, const char *s)
{
	char *slash = strchr(s, '/');
	char k[16];
	long index, total;
	if (!slash || (size_t)(slash - s) >= sizeof(k))
		return -1;
	memcpy(k, s, (size_t)(slash - s));
	k[slash - s] = 0;
	if (parse_count(k, 1, CLI_SHARD_MAX, &index) < 0
	    || parse_count(slash + 1, 1, CLI_SHARD_MAX, &total) < 0 || index > total)
		return -1;
	opt->shard_index = (unsigned)index;
	opt->shard_total = (unsigned)total;
	return 0;
}

/* --shard=K/N, or auto: GitLab's CI_NODE_INDEX and CI_NODE_TOTAL (`parallel:`), else
 * ASSAY_SHARD_INDEX and ASSAY_SHARD_TOTAL (docs/CI.md sets them from a GitHub Actions
 * matrix), else 1/1: one shard holding everything. */
static int set_shard(struct cli_options *opt, const struct cli_option *o, const char *arg,
		     char *err, size_t errlen)
{
	static const char *const pairs[][2] = { { "CI_NODE_INDEX", "CI_NODE_TOTAL" },
						{ "ASSAY_SHARD_INDEX", "ASSAY_SHARD_TOTAL" } };
	char from[64], both[48];
	snprintf(from, sizeof(from), "--%s=%s", o->long_name, arg);
	if (strcasecmp(arg, "auto") == 0) {
		opt->shard_index = opt->shard_total = 1;
		for (size_t i = 0; i < 2; i++) {
			const char *k = getenv(pairs[i][0]), *n = getenv(pairs[i][1]);
			if (!k || !n)
				continue;
			snprintf(from, sizeof(from), "%s and %s", pairs[i][0], pairs[i][1]);
			snprintf(both, sizeof(both), "%.15s/%.15s", k, n);
			arg = both;
			break;
		}
		if (arg != both)
			return 0;
	}
	if (parse_shard(opt, arg) == 0)
		return 0;
	snprintf(err, errlen, "%s: a shard is K/N with 1 <= K <= N <= %d, not '%s'", from,
		 CLI_SHARD_MAX, arg);
	return -1;
}

/* "8M", "512K", "100000": 1 byte to 64 MiB. */
static int set_max_size(struct cli_options *opt, const struct cli_option *o, const char *arg,
			char *err, size_t errlen)
{
	if (text_size(arg, 1, 64ull << 20, &opt->max_size) == 0)
		return 0;
	snprintf(err, errlen, "--%s takes a size from 1 to 64M, not '%s'", o->long_name, arg);
	return -1;
}

/* -C, --cognitive, ...: o->value is the metric. */
static int set_limit(struct cli_options *opt, const struct cli_option *o, const char *arg,
		     char *err, size_t errlen)
{
	char spec[128];
	snprintf(spec, sizeof(spec), "%s=%s", metric_info((enum metric)o->value)->name, arg);
	opt->explicit_limits |= 1u << o->value;
	return thresholds_parse(&opt->thresholds, spec, err, errlen);
}

/* --max-absolute, --max-modules, --max-average: o->value is the enum rank_limit. */
static int set_rank(struct cli_options *opt, const struct cli_option *o, const char *arg,
		    char *err, size_t errlen)
{
	opt->rank_max[o->value] = strcasecmp(arg, "off") == 0 ? RANK_OFF : rank_parse(arg);
	if (opt->rank_max[o->value])
		return 0;
	snprintf(err, errlen, "--%s is a rank from A to F (radon's), or off, not '%s'",
		 o->long_name, arg);
	return -1;
}

static int set_threshold(struct cli_options *opt, const struct cli_option *o, const char *arg,
			 char *err, size_t errlen)
{
	(void)o;
	char name[64];
	size_t n = strcspn(arg, "=");
	snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : sizeof(name) - 1), arg);
	int m = metric_by_name(name);
	if (m < 0 && arg[n] == '=')
		return unknown_metric(o, name, err, errlen);
	if (m >= 0)
		opt->explicit_limits |= 1u << m;
	return thresholds_parse(&opt->thresholds, arg, err, errlen);
}

static int set_cache_dir(struct cli_options *opt, const struct cli_option *o, const char *arg,
			 char *err, size_t errlen)
{
	if (!arg[0]) {
		snprintf(err, errlen, "--%s needs a directory", o->long_name);
		return -1;
	}
	free(opt->cache_dir);
	opt->cache_dir = xstrdup(arg);
	opt->explicit_cache_dir = 1;
	return 0;
}

static int set_cache_max(struct cli_options *opt, const struct cli_option *o, const char *arg,
			 char *err, size_t errlen)
{
	if (text_size(arg, 1, 1ull << 50, &opt->cache_max) < 0) {
		snprintf(err, errlen, "--%s takes a size from 1 byte to 1024T (K, M, G, T "
			 "suffixes; --no-cache stores nothing), not '%s'", o->long_name, arg);
		return -1;
	}
	opt->explicit_cache_max = 1;
	return 0;
}

/* --fail-on=LIST: comma-separated event names. */
static int set_fail_on(struct cli_options *opt, const struct cli_option *o, const char *arg,
		       char *err, size_t errlen)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} events[] = {
		{ "incomplete", FAIL_ON_INCOMPLETE }, { "partial", FAIL_ON_PARTIAL },
		{ "skipped", FAIL_ON_SKIPPED }, { "degraded", FAIL_ON_DEGRADED },
		{ "sandbox-violation", FAIL_ON_VIOLATION },
	};
	char *copy = xstrdup(arg), *save = NULL;
	int rc = 0;
	if (!arg[strspn(arg, ",")]) {
		snprintf(err, errlen, "--%s names no event (incomplete, partial, skipped, degraded, "
			 "sandbox-violation)", o->long_name);
		rc = -1;
	}
	for (char *w = strtok_r(copy, ",", &save); w && rc == 0; w = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		while (i < sizeof(events) / sizeof(events[0]) && strcasecmp(events[i].name, w) != 0)
			i++;
		if (i < sizeof(events) / sizeof(events[0])) {
			opt->fail_on |= events[i].bit;
			continue;
		}
		snprintf(err, errlen, "--%s: unknown event '%s' (incomplete, partial, skipped, "
			 "degraded, sandbox-violation)", o->long_name, w);
		rc = -1;
	}
	free(copy);
	return rc;
}

/* --trace FILE, --signing-key FILE, --project NAME, --remote-cache URL: o->value says
 * which. */
enum { PATH_TRACE, PATH_SIGNING_KEY, PATH_PROJECT, PATH_REMOTE };

static int set_path(struct cli_options *opt, const struct cli_option *o, const char *arg,
		    char *err, size_t errlen)
{
	(void)err, (void)errlen;
	char **targets[] = { [PATH_TRACE] = &opt->trace_path,
			     [PATH_SIGNING_KEY] = &opt->signing_key,
			     [PATH_PROJECT] = &opt->project,
			     [PATH_REMOTE] = &opt->remote_cache };
	char **target = targets[o->value];
	free(*target);
	*target = xstrdup(arg);
	return 0;
}

/* --source-url TEMPLATE: links from the HTML report to the code, http(s) only. */
static int set_source_url(struct cli_options *opt, const struct cli_option *o, const char *arg,
			  char *err, size_t errlen)
{
	const char *why = text_source_url_refusal(arg);
	if (why) {
		snprintf(err, errlen, "--%s: %s", o->long_name, why);
		return -1;
	}
	free(opt->source_url);
	opt->source_url = xstrdup(arg);
	return 0;
}

/* A word from a fixed list; o->value says which list. */
enum { CHOICE_SANDBOX, CHOICE_COLOR, CHOICE_EVICTION, CHOICE_LOG_FORMAT, CHOICE_LOG_LEVEL,
       CHOICE_PROGRESS, CHOICE_GATE, CHOICE_BY, CHOICE_REMOTE_MODE };

static int set_choice(struct cli_options *opt, const struct cli_option *o, const char *arg,
		      char *err, size_t errlen)
{
	static const struct {
		int list;
		const char *word;
		int value;
	} words[] = {
		{ CHOICE_SANDBOX, "strict", SANDBOX_MODE_STRICT },
		{ CHOICE_SANDBOX, "auto", SANDBOX_MODE_AUTO },
		{ CHOICE_SANDBOX, "off", SANDBOX_MODE_OFF },
		{ CHOICE_COLOR, "auto", -1 },
		{ CHOICE_COLOR, "always", 1 },
		{ CHOICE_COLOR, "never", 0 },
		{ CHOICE_EVICTION, "lru", 0 },
		{ CHOICE_EVICTION, "lfu", 1 },
		{ CHOICE_LOG_FORMAT, "text", 0 },
		{ CHOICE_LOG_FORMAT, "json", 1 },
		{ CHOICE_LOG_LEVEL, "debug", LOG_DEBUG },
		{ CHOICE_LOG_LEVEL, "info", LOG_INFO },
		{ CHOICE_LOG_LEVEL, "warning", LOG_WARNING },
		{ CHOICE_LOG_LEVEL, "error", LOG_ERROR },
		{ CHOICE_PROGRESS, "auto", -1 },
		{ CHOICE_PROGRESS, "always", 1 },
		{ CHOICE_PROGRESS, "never", 0 },
		{ CHOICE_GATE, "new", GATE_NEW },
		{ CHOICE_GATE, "worse", GATE_WORSE },
		{ CHOICE_GATE, "changed", GATE_CHANGED },
		{ CHOICE_BY, "file", 1 },	/* report/groups.h: GROUP_FILE */
		{ CHOICE_BY, "dir", 2 },	/* GROUP_DIR */
		{ CHOICE_REMOTE_MODE, "read", 1 },
		{ CHOICE_REMOTE_MODE, "readwrite", 2 },
	};
	int *targets[] = { [CHOICE_SANDBOX] = NULL, [CHOICE_COLOR] = &opt->color,
			   [CHOICE_EVICTION] = &opt->cache_lfu, [CHOICE_LOG_FORMAT] = &opt->log_json,
			   [CHOICE_LOG_LEVEL] = &opt->log_level, [CHOICE_PROGRESS] = &opt->progress,
			   [CHOICE_GATE] = &opt->gate_mode, [CHOICE_BY] = &opt->by,
			   [CHOICE_REMOTE_MODE] = &opt->remote_mode };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (words[i].list != o->value || strcasecmp(words[i].word, arg) != 0)
			continue;
		if (o->value == CHOICE_SANDBOX)
			opt->sandbox = (enum sandbox_mode)words[i].value;
		else
			*targets[o->value] = words[i].value;
		opt->explicit_sandbox |= o->value == CHOICE_SANDBOX;
		opt->explicit_eviction |= o->value == CHOICE_EVICTION;
		return 0;
	}
	static const char *const lists[] = { "strict, auto or off", "auto, always or never",
					      "lru or lfu", "text or json",
					      "debug, info, warning or error", "auto, always or never",
					      "new, worse or changed", "file or dir",
					      "read or readwrite" };
	snprintf(err, errlen, "--%s is %s, not '%s'", o->long_name, lists[o->value], arg);
	return -1;
}

static int set_units(struct cli_options *opt, const struct cli_option *o, const char *arg,
		     char *err, size_t errlen)
{
	opt->units = (int)unit_policy_by_name(arg);
	if (opt->units != UNITS_LANGUAGE)
		return 0;
	snprintf(err, errlen, "--%s is each, bound or fold, not '%s'", o->long_name, arg);
	return -1;
}

/* Switches without an argument; o->value says which. */
enum { FLAG_MODIFIED, FLAG_VERBOSE, FLAG_NO_COLOR, FLAG_STATS, FLAG_ALLOW_UNSANDBOXED,
       FLAG_NO_CACHE, FLAG_ALL, FLAG_FORCE, FLAG_NO_GIT, FLAG_TRUST_UNSIGNED, FLAG_STRICT,
       FLAG_QUIET, FLAG_STAGED, FLAG_PRUNE, FLAG_ALLOW_EMPTY, FLAG_INCLUDE_GENERATED,
       FLAG_INCLUDE_VENDORED, FLAG_ALL_ENGINES, FLAG_SHOW_RANK };

static int set_flag(struct cli_options *opt, const struct cli_option *o, const char *arg,
		    char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	int *flags[] = { [FLAG_MODIFIED] = &opt->modified, [FLAG_VERBOSE] = &opt->verbose,
			 [FLAG_NO_COLOR] = &opt->color, [FLAG_STATS] = &opt->stats,
			 [FLAG_ALLOW_UNSANDBOXED] = &opt->allow_unsandboxed,
			 [FLAG_NO_CACHE] = &opt->no_cache, [FLAG_ALL] = &opt->gate_all,
			 [FLAG_FORCE] = &opt->force, [FLAG_NO_GIT] = &opt->no_git,
			 [FLAG_TRUST_UNSIGNED] = &opt->trust_unsigned, [FLAG_STRICT] = &opt->strict,
			 [FLAG_QUIET] = &opt->quiet, [FLAG_STAGED] = &opt->staged,
			 [FLAG_PRUNE] = &opt->prune, [FLAG_ALLOW_EMPTY] = &opt->allow_empty,
			 [FLAG_INCLUDE_GENERATED] = &opt->include_generated,
			 [FLAG_INCLUDE_VENDORED] = &opt->include_vendored,
			 [FLAG_ALL_ENGINES] = &opt->all_engines,
			 [FLAG_SHOW_RANK] = &opt->show_rank };
	*flags[o->value] = o->value != FLAG_NO_COLOR;
	return 0;
}

const struct cli_option cli_option_table[] = {
	/* The formats and their extensions are the format table's (cli_option_help). */
	{ 'f', "format", "FMT", "report format on standard output:", cli_set_format, 0, SCOPE_REPORTS },
	{ 'o', "output", "FILE", "also write a report to FILE (format from the extension:",
	  cli_add_output, 0, SCOPE_REPORTS },
	{ 'w', "warnings", NULL, "same as --format=warnings (lizard -w)", cli_set_format, 1,
	  SCOPE_REPORTS },
	{ 0, "csv", NULL, "same as --format=csv-lizard (lizard --csv)", cli_set_format, 2,
	  SCOPE_REPORTS },
	{ 0, "checkstyle", NULL, "same as --format=checkstyle (lizard --checkstyle)", cli_set_format,
	  3, SCOPE_REPORTS },
	{ 'j', "jobs", "N", "worker processes (default: online CPUs)", set_jobs, 0, 0 },
	{ 't', "working-threads", "N", "same as --jobs (lizard -t)", set_jobs, 0, 0 },
	{ 'i', "ignore-warnings", "N", "exit 0 when at most N functions are over a limit "
				       "(lizard -i: one warning each)", set_ignore_warnings, 0, 0 },
	{ 's', "sort", "METRIC", "list violations by METRIC, largest first (lizard -s)",
	  set_sort, 0, 0 },
	/* The limits' defaults and the metrics' names are the metric table's (cli_option_help). */
	{ 'C', "ccn", "N", "CCN limit", set_limit, MET_CCN, SCOPE_LIMITS },
	{ 0, "cognitive", "N", "cognitive complexity limit", set_limit, MET_COGNITIVE, SCOPE_LIMITS },
	{ 0, "nesting", "N", "nesting depth limit", set_limit, MET_NESTING, SCOPE_LIMITS },
	{ 'a', "arguments", "N", "parameter count limit", set_limit, MET_PARAMS, SCOPE_LIMITS },
	{ 0, "nloc", "N", "NLOC limit per function", set_limit, MET_NLOC, SCOPE_LIMITS },
	{ 'L', "length", "N", "function length limit in lines", set_limit, MET_LENGTH, SCOPE_LIMITS },
	{ 'T', "threshold", "METRIC=N", "any limit:", set_threshold, 0, SCOPE_LIMITS },
	{ 0, "max-absolute", "RANK", "xenon: fail when a function's CCN ranks worse than RANK "
				     "(A-F, radon's; caps the CCN limit: B is 10)", set_rank,
	  RANK_ABSOLUTE, SCOPE_LIMITS },
	{ 0, "max-modules", "RANK", "xenon: fail when a file's mean CCN ranks worse than RANK",
	  set_rank, RANK_MODULES, SCOPE_MAIN | SCOPE_ONLY },
	{ 0, "max-average", "RANK", "xenon: fail when the mean CCN of every function ranks "
				    "worse than RANK (each of the three: or off)", set_rank,
	  RANK_AVERAGE, SCOPE_MAIN | SCOPE_ONLY },
	{ 0, "show-rank", NULL, "text report: radon's rank next to each CCN and the mean CCN",
	  set_flag, FLAG_SHOW_RANK, SCOPE_MAIN | SCOPE_GATE },
	{ 0, "by", "WHAT", "text and csv reports: a table per file or dir (functions, NLOC, "
			   "CCN, cognitive, MI)", set_choice, CHOICE_BY, SCOPE_REPORTS },
	{ 'm', "modified", NULL, "count a whole switch/match as 1 (lizard -m)", set_flag,
	  FLAG_MODIFIED, SCOPE_LIMITS | SCOPE_CACHE },
	{ 0, "units", "POLICY", "each (every function its own unit), bound, fold (nested "
				"anonymous functions count in theirs); default per language",
	  set_units, 0, SCOPE_LIMITS | SCOPE_CACHE },
	{ 'x', "exclude", "GLOB", "skip paths matching GLOB; repeatable", add_word, WORDS_EXCLUDE, 0 },
	{ 'l', "language", "LANG", "analyze only LANG (see `assay languages`); repeatable",
	  add_language, 0, 0 },
	{ 0, "max-size", "BYTES", "skip files larger than this (default 8M; K, M suffixes; 64M at most)",
	  set_max_size, 0, 0 },
	{ 0, "sandbox", "MODE", "strict (refuse unless fully sandboxed), auto (default), off",
	  set_choice, CHOICE_SANDBOX, SCOPE_LIMITS },
	{ 0, "allow-unsandboxed", NULL, "if no worker can start at all, analyze in this process, "
					"unsandboxed (never under --sandbox=strict)", set_flag,
	  FLAG_ALLOW_UNSANDBOXED, SCOPE_LIMITS },
	{ 0, "include-generated", NULL, "measure generated files too (default: skip a file whose "
					"first KiB holds @generated, DO NOT EDIT or a [generated] "
					"marker, or that .gitattributes mark linguist-generated)",
	  set_flag, FLAG_INCLUDE_GENERATED, SCOPE_RUN },
	{ 0, "include-vendored", NULL, "measure vendored code too (default: skip vendor/, "
				       "third_party/ and node_modules/ folders, and what "
				       ".gitattributes mark linguist-vendored)", set_flag,
	  FLAG_INCLUDE_VENDORED, SCOPE_RUN },
	{ 0, "allow-empty", NULL, "exit 0 when the paths or languages named hold nothing to "
				  "measure (default: exit 2)", set_flag, FLAG_ALLOW_EMPTY, SCOPE_MAIN },
	{ 0, "no-git", NULL, "in a git work tree, walk every file (default: tracked and "
			     "untracked non-ignored files, as git sees them)", set_flag, FLAG_NO_GIT, SCOPE_MAIN | SCOPE_BASELINE },
	{ 0, "gate", "MODE", "precommit, diff: new (new functions only), worse (default: also "
			     "changed ones over a limit and worse than in the base), changed (every "
			     "new and changed function)", set_choice, CHOICE_GATE, SCOPE_GATE | SCOPE_ONLY },
	{ 0, "all", NULL, "precommit, diff: gate every function of the changed files, not only "
			  "new and changed ones", set_flag, FLAG_ALL, SCOPE_GATE | SCOPE_ONLY },
	{ 0, "budget", "SECONDS", "time for the whole run (precommit: 5, diff: none)",
	  set_seconds, SECONDS_BUDGET, SCOPE_GATE | SCOPE_ONLY },
	{ 0, "on-error", "HOW", "allow (default) or block commits assay can't check",
	  set_on_error, 0, SCOPE_GATE | SCOPE_HOOK | SCOPE_ONLY },
	{ 0, "staged", NULL, "baseline write: record the index (default: HEAD); explain: the "
			     "file as staged", set_flag, FLAG_STAGED, SCOPE_BASELINE | SCOPE_EXPLAIN | SCOPE_ONLY },
	{ 0, "prune", NULL, "baseline write: only drop the entries that match nothing any more",
	  set_flag, FLAG_PRUNE, SCOPE_BASELINE | SCOPE_ONLY },
	{ 0, "force", NULL, "hook install: replace a hook assay did not write", set_flag,
	  FLAG_FORCE, SCOPE_HOOK | SCOPE_ONLY },
	{ 0, "no-cache", NULL, "neither read nor store cached results", set_flag, FLAG_NO_CACHE, 0 },
	{ 0, "cache-dir", "DIR", "the result cache's directory (default $ASSAY_CACHE_DIR, else "
				 "your config's [cache] dir, else $XDG_CACHE_HOME/assay or "
				 "~/.cache/assay)", set_cache_dir, 0, SCOPE_RUN | SCOPE_CACHE },
	{ 0, "cache-max", "SIZE", "evict cached results past this size after a run (default 1G)",
	  set_cache_max, 0, SCOPE_MAIN | SCOPE_CACHE },
	{ 0, "cache-eviction", "HOW", "lru (default: least recently used) or lfu (least often)",
	  set_choice, CHOICE_EVICTION, SCOPE_MAIN | SCOPE_CACHE },
	{ 0, "signing-key", "FILE", "cache export, remote cache writes: sign with this secret "
				    "key (default $ASSAY_SIGNING_KEY)", set_path, PATH_SIGNING_KEY,
	  SCOPE_CACHE | SCOPE_RUN },
	{ 0, "trusted-key", "FILE", "cache import, remote cache reads: accept what this public "
				    "key signed; repeatable", add_word, WORDS_TRUSTED_KEY,
	  SCOPE_CACHE | SCOPE_RUN },
	{ 0, "trust-unsigned", NULL, "cache import: also accept unsigned exports and unknown "
				     "keys", set_flag, FLAG_TRUST_UNSIGNED, SCOPE_CACHE | SCOPE_ONLY },
	{ 0, "remote-cache", "URL", "also read results from the HTTP cache at URL (GET, PUT "
				    "URL/ac/KEY)", set_path, PATH_REMOTE, SCOPE_RUN },
	{ 0, "remote-cache-mode", "MODE", "read (default) or readwrite (also store this run's "
					  "results, signed)", set_choice, CHOICE_REMOTE_MODE, SCOPE_RUN },
	{ 0, "remote-cache-timeout", "SECONDS", "time one request may take (default 5)",
	  set_seconds, SECONDS_REMOTE_TIMEOUT, SCOPE_RUN },
	{ 0, "remote-cache-budget", "SECONDS", "time all the run's requests may take (default "
					       "30)", set_seconds, SECONDS_REMOTE_BUDGET, SCOPE_RUN },
	{ 0, "all-engines", NULL, "cache export: every engine's rows (default: those a run with "
				  "these options would use)", set_flag, FLAG_ALL_ENGINES, SCOPE_CACHE | SCOPE_ONLY },
	{ 0, "strict", NULL, "fail closed for untrusted changes: unmeasured files fail (exit 3), "
			     ".assay only tightens, a change's own baseline lines, suppressions and "
			     "generated markers do not count", set_flag, FLAG_STRICT, 0 },
	{ 0, "fail-on", "EVENTS", "also fail on: incomplete, partial, skipped (exit 3), degraded, "
				  "sandbox-violation (exit 4); comma-separated", set_fail_on, 0, 0 },
	{ 0, "log-format", "FMT", "events on standard error as text (default) or json lines",
	  set_choice, CHOICE_LOG_FORMAT, SCOPE_EVERY & ~SCOPE_CONFIG },
	{ 0, "log-level", "LEVEL", "least severe event shown: debug, info, warning (default), "
				   "error", set_choice, CHOICE_LOG_LEVEL, SCOPE_EVERY & ~SCOPE_CONFIG },
	{ 0, "trace", "FILE", "write a Chrome trace-event file (Perfetto, chrome://tracing)",
	  set_path, PATH_TRACE, SCOPE_REPORTS },
	{ 0, "project", "NAME", "the project the reports name (SARIF, Prometheus' project "
				"label, HTML; default: the repository's name)", set_path,
	  PATH_PROJECT, SCOPE_REPORTS },
	{ 0, "source-url", "TEMPLATE", "HTML report: link names to the code, e.g. https://host/"
				       "{path}#L{line} ({commit} {branch} {path} {line})",
	  set_source_url, 0, SCOPE_REPORTS },
	{ 0, "metrics-file", "FILE", "write Prometheus text exposition for node_exporter's "
				     "textfile collector", cli_add_metrics_file, 0, SCOPE_REPORTS },
	{ 0, "progress", "WHEN", "progress on standard error: auto (a terminal), always, never",
	  set_choice, CHOICE_PROGRESS, 0 },
	{ 0, "timeout", "SECONDS", "time a file may take, plus as much again per MiB "
				   "(default 10)", set_timeout, 0, SCOPE_LIMITS },
	{ 0, "retries", "N", "retry a file that killed a worker N times alone (default 1)",
	  set_retries, 0, SCOPE_LIMITS },
	{ 0, "retry-delay", "SECONDS", "wait before the first retry, doubled for each next "
				       "(default 0)", set_retry_delay, 0, SCOPE_LIMITS },
	{ 0, "memory", "SIZE", "bound the supervisor and its workers together (K, M, G)",
	  set_memory, 0, SCOPE_LIMITS },
	{ 0, "shard", "K/N", "measure the K-th of N parts of the files, for `assay merge` (auto: "
			     "from CI_NODE_INDEX/CI_NODE_TOTAL)", set_shard, 0,
	  SCOPE_MAIN | SCOPE_GATE },
	{ 0, "color", "WHEN", "colour the text report: auto (default), always, never", set_choice,
	  CHOICE_COLOR, SCOPE_REPORTS },
	{ 0, "no-color", NULL, "same as --color=never", set_flag, FLAG_NO_COLOR, SCOPE_REPORTS },
	{ 'v', "verbose", NULL, "text report: also list files parsed with errors (precommit: "
				"the whole summary)", set_flag, FLAG_VERBOSE, SCOPE_MAIN | SCOPE_GATE },
	{ 'q', "quiet", NULL, "text report: print nothing when the run passes", set_flag,
	  FLAG_QUIET, SCOPE_MAIN | SCOPE_GATE },
	{ 0, "stats", NULL, "print timing, throughput and memory figures on standard error",
	  set_flag, FLAG_STATS, 0 },
	{ 'h', "help", NULL, "show this help", NULL, 0, SCOPE_EVERY },
	{ 0, "version", NULL, "show the version, the grammars and the sandbox (as `assay "
			      "version`)", NULL, 0, SCOPE_EVERY },
	/* lizard's spellings (docs/MIGRATING.md), accepted and not shown in --help. */
	{ 0, "CCN", "N", NULL, set_limit, MET_CCN, 0 },
	{ 0, "working_threads", "N", NULL, set_jobs, 0, 0 },
	{ 0, "warnings_only", NULL, NULL, cli_set_format, 1, 0 },
	{ 0, "ignore_warnings", "N", NULL, set_ignore_warnings, 0, 0 },
	{ 0, "languages", "LANG", NULL, add_language, 0, 0 },
	{ 0, "Threshold", "METRIC=N", NULL, set_threshold, 0, 0 },
	{ 0, "output_file", "FILE", NULL, cli_add_output, 0, 0 },
	{ 'H', "html", NULL, NULL, cli_set_format, 4, 0 },
	{ 'V', "Verbose", NULL, NULL, set_flag, FLAG_VERBOSE, 0 },
};

#define NOPTIONS (sizeof(cli_option_table) / sizeof(cli_option_table[0]))
const size_t cli_noptions = NOPTIONS;
_Static_assert(NOPTIONS <= CLI_MAX_OPTIONS, "option_table.h: CLI_MAX_OPTIONS");

/* An option's help line; a limit's default and the metrics' names from the metric table,
 * the formats and their extensions from the format table. */
const char *cli_option_help(const struct cli_option *o, char *buf, size_t len)
{
	if (o->apply == cli_set_format && o->arg) {
		snprintf(buf, len, "%s %s", o->help, report_format_names());
		return buf;
	}
	if (o->apply == cli_add_output) {
		snprintf(buf, len, "%s %s; else --format); repeatable", o->help,
			 report_format_extensions());
		return buf;
	}
	if (o->apply == set_limit) {
		long limit = metric_info((enum metric)o->value)->default_limit;
		if (limit < 0)
			snprintf(buf, len, "%s (default off)", o->help);
		else
			snprintf(buf, len, "%s (default %ld)", o->help, limit);
		return buf;
	}
	if (o->apply == set_threshold) {
		snprintf(buf, len, "%s %s (N or off)", o->help, metric_names());
		return buf;
	}
	return o->help;
}

const struct cli_option *cli_option_for(int val)
{
	if (val >= LONG_ONLY_BASE)
		return (size_t)(val - LONG_ONLY_BASE) < NOPTIONS ? &cli_option_table[val - LONG_ONLY_BASE] : NULL;
	for (size_t i = 0; i < NOPTIONS; i++)
		if (cli_option_table[i].short_name == val)
			return &cli_option_table[i];
	return NULL;
}

void cli_defaults(struct cli_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	thresholds_default(&opt->thresholds);
	opt->color = -1;
	opt->sandbox = DEFAULT_SANDBOX;
	opt->timeout = 10;
	opt->retries = 1;
	opt->max_size = 8u << 20;
	opt->format = report_format_by_name("text");
	opt->cache_max = 1ull << 30;
	opt->log_level = LOG_WARNING;
	opt->progress = -1;
	opt->ignore_warnings = -1;
	opt->budget = -1;
	opt->sort_metric = -1;
	opt->remote_timeout = opt->remote_budget = -1;
}

void cli_free(struct cli_options *opt)
{
	for (size_t i = 0; i < opt->noutputs; i++)
		free(opt->outputs[i].path);
	free(opt->outputs);
	free_strings(opt->excludes, opt->nexcludes);
	free_strings(opt->paths, opt->npaths);
	free_strings(opt->trusted_keys, opt->ntrusted_keys);
	free(opt->cache_dir);
	free(opt->trace_path);
	free(opt->signing_key);
	free(opt->project);
	free(opt->remote_cache);
	free(opt->source_url);
	memset(opt, 0, sizeof(*opt));
}
