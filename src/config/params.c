/*
 * params.c - resolving a run's parameters (see params.h).
 */
#include "config/params.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git/libgit2.h"
#include "git/locate.h"
#include "git/view.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/msg.h"

/* Reads fd into out, stopping one byte past the parser's limit (so it reports the file
 * as too large instead of cutting it). */
static void read_capped(int fd, struct wbuf *out)
{
	for (;;) {
		uint8_t *dst = wbuf_reserve(out, 65536);
		ssize_t n = dst ? read(fd, dst, 65536) : -1;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		out->len += (size_t)n;
		if (out->len > CONFIG_MAX_FILE_BYTES)
			return;
	}
}

/* Reads a configuration file that is a regular file, at most one byte past the limit;
 * through a link only when follow (the user's own file: the repository's is untrusted).
 * Returns 1 with the bytes, 0 when there is no such file, -1 after an error message. */
static int read_config(const char *path, int follow, struct wbuf *out)
{
	int fd = open(path, O_RDONLY | (follow ? 0 : O_NOFOLLOW) | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		error_msg("%s: %s", path, errno != ELOOP ? strerror(errno)
					  : follow ? "its symbolic links make a loop: not read"
						   : "is a symbolic link: not read");
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error_msg("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	read_capped(fd, out);
	close(fd);
	return 1;
}

/* Where the repository's .assay is read from: the work tree (NULL), or the snapshot of
 * git's a command gates or records, as it reads the code from it: "the index" for
 * precommit and baseline write --staged (and config --staged and explain --staged, which
 * show and explain precommit's verdict), "HEAD" for baseline write. */
static const char *config_snapshot(const struct run_params *p)
{
	if (!p->command)
		return NULL;
	if (strcmp(p->command, "precommit") == 0)
		return "the index";	/* it reads the index whatever --no-git says */
	if ((strcmp(p->command, "config") == 0 || strcmp(p->command, "explain") == 0)
	    && p->staged)
		return "the index";	/* what precommit uses: shown, or its verdict explained */
	if (strcmp(p->command, "baseline") == 0 && p->npaths > 0
	    && strcmp(p->paths[0], "write") == 0 && !p->no_git)
		return p->staged ? "the index" : "HEAD";
	return NULL;
}

/* The repository's .assay as snapshot (config_snapshot) holds it. Returns 1 with the
 * bytes, 0 when it has none, -1 after an error message, 2 when there is no repository or
 * no index to read: the work tree's is read then, and the command stops at once saying
 * why (the index named). */
static int read_snapshot_config(const char *snapshot, const char *root, const char *label,
				struct wbuf *out, char *err, size_t errlen)
{
	struct git_view *v;
	struct cause_note why;
	const char *rev = strcmp(snapshot, "HEAD") == 0 ? "HEAD" : NULL;
	if (git_view_open_at(&v, root, err, errlen) < 0)
		return 2;
	if (!rev && !git_view_index_readable(v, err, errlen)) {
		git_view_free(v);
		return 2;
	}
	int got = git_view_file_at(v, rev, ".assay", CONFIG_MAX_FILE_BYTES, out, &why);
	git_view_free(v);
	if (got < 0) {
		char text[300];
		error_msg("%s: %s", label, cause_text(why.cause, why.detail, text, sizeof(text)));
		return -1;
	}
	return got == 0;
}

/* Where the repository's .assay is read from (config_snapshot's snapshot of the
 * repository at root, named label), and whether a snapshot there is required (config
 * --staged: showing the work tree's instead would mislead). */
struct snapshot_at {
	const char *snapshot, *root, *label;
	int required;
};

/* Parses path (when it exists) into *c; with a snapshot, its copy there. Returns 0, or -1
 * after an error message. */
static int parse_file(const char *path, const struct snapshot_at *at, struct config **c)
{
	struct wbuf b;
	char err[512];
	*c = NULL;
	wbuf_init(&b);
	const char *label = at ? at->label : NULL;
	char why[PATH_MAX + 600] = "";
	int got = at && at->snapshot ? read_snapshot_config(at->snapshot, at->root, label, &b,
							   why, sizeof(why)) : 2;
	if (got == 2 && at && at->snapshot && at->required) {
		error_msg("%s: no index to read it from (%s)", label, why[0] ? why : "?");
		got = -1;
	} else if (got == 2)
		got = read_config(path, at == NULL, &b);	/* the user's own file: a link is
							 * theirs to make (dotfiles managers) */
	else
		path = label;
	int rc = 0;
	if (got > 0 && config_parse(path, b.data ? (const char *)b.data : "", b.len, c, err,
				    sizeof(err)) < 0) {
		error_msg("%s", err);
		rc = -1;
	}
	wbuf_free(&b);
	return got < 0 ? -1 : rc;
}

/* The git work tree around dir, into root (without a trailing slash); root is left as it
 * is outside git. When the search is libgit2's, the repository is opened as the gate's git
 * view opens it (git_open_repository: GIT_DIR and GIT_WORK_TREE), so that the root the
 * configuration, the baseline and per-path limits are read from is the work tree the
 * gate's paths are relative to. */
static void work_tree_of(const char *dir, char *root, size_t len)
{
	struct git_location loc;
	git_repository *repo = NULL;
	enum git_located found = git_locate(dir, &loc);
	if (found == GIT_LOCATE_NONE
	    || (found == GIT_LOCATE_ASK && git_open_repository(&repo, dir) != 0))
		return;
	const char *wd = repo ? git_repository_workdir(repo) : loc.workdir;
	size_t n = wd ? strlen(wd) : 0;
	if (wd && n < len) {
		memcpy(root, wd, n + 1);
		if (n > 1 && root[n - 1] == '/')
			root[n - 1] = '\0';
	}
	if (repo)
		git_repository_free(repo);
}

/* The repository root: the work tree around tree, else that directory. */
static void find_root(const char *tree, char *root, size_t len)
{
	char real[PATH_MAX];
	struct stat st;
	snprintf(root, len, ".");
	if (!realpath(tree, real))
		return;
	if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(real, '/');
		if (slash)
			*(slash == real ? slash + 1 : slash) = '\0';
	}
	snprintf(root, len, "%s", real);
	work_tree_of(real, root, len);
}

static void user_config_path(char *out, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	out[0] = '\0';
	if (xdg && xdg[0] == '/')
		snprintf(out, len, "%s/assay/config", xdg);
	else if (home && home[0] == '/')
		snprintf(out, len, "%s/.config/assay/config", home);
}

/* The command line's explicit limits, as a configuration of the strongest origin. */
static struct config *command_line_config(const struct cli_options *cli)
{
	struct config *c = config_new("command line");
	char err[256];
	for (int m = 0; m < MET_COUNT; m++) {
		if (!(cli->explicit_limits & (1u << m)))
			continue;
		char value[32];
		if (cli->thresholds.limit[m] < 0)
			snprintf(value, sizeof(value), "off");
		else
			snprintf(value, sizeof(value), "%ld", cli->thresholds.limit[m]);
		const struct config_item item = { "threshold", NULL,
						   metric_info((enum metric)m)->name, value, 0 };
		config_add(c, &item, err, sizeof(err));
	}
	for (int k = 0; k < RANK_LIMITS; k++) {
		char value[4] = { cli->rank_max[k], '\0' };
		if (cli->rank_max[k] == RANK_OFF)
			snprintf(value, sizeof(value), "off");
		const struct config_item item = { "rank", NULL, rank_limit_key((enum rank_limit)k),
						   value, 0 };
		if (cli->rank_max[k])
			config_add(c, &item, err, sizeof(err));
	}
	return c;
}

/* One setting of the command line's into c (values the options checked already). */
static void add_setting(struct config *c, const char *section, const char *key, const char *value)
{
	char err[256];
	const struct config_item item = { section, NULL, key, value, 0 };
	config_add(c, &item, err, sizeof(err));
}

/* --gate, --budget, --on-error as settings. */
static void add_gate_settings(struct config *c, const struct cli_options *cli)
{
	char value[64];
	if (cli->gate_mode)
		add_setting(c, "gate", "mode", gate_mode_name((enum gate_mode)cli->gate_mode));
	if (cli->budget >= 0) {
		snprintf(value, sizeof(value), cli->budget > 0 ? "%g" : "off", cli->budget);
		add_setting(c, "precommit", "budget", value);
	}
	if (cli->on_error_set)
		add_setting(c, "precommit", "onError", cli->on_error_block ? "block" : "allow");
}

/* path as the run takes it, from the current directory (a configuration may name no
 * relative folder or file, so its line shows it absolute); NULL when it cannot say. */
static const char *from_cwd(const char *path, char *buf, size_t len)
{
	char cwd[PATH_MAX];
	if (path[0] == '/')
		snprintf(buf, len, "%s", path);
	else if (!getcwd(cwd, sizeof(cwd))
		 || (size_t)snprintf(buf, len, "%s/%s", cwd, path) >= len)
		return NULL;
	return buf;
}

/* --cache-max, --cache-eviction, --cache-dir as settings. */
static void add_cache_settings(struct config *c, const struct run_params *p,
			       const struct cli_options *cli)
{
	char value[64];
	if (cli->explicit_cache_max) {
		snprintf(value, sizeof(value), "%llu", (unsigned long long)p->cache_max);
		add_setting(c, "cache", "max", value);
	}
	if (cli->explicit_eviction)
		add_setting(c, "cache", "eviction", p->cache_lfu ? "lfu" : "lru");
	char abs[PATH_MAX + 1];
	if (cli->explicit_cache_dir && p->cache_dir && from_cwd(p->cache_dir, abs, sizeof(abs)))
		add_setting(c, "cache", "dir", abs);
}

/* The rest of the command line's settings, for `assay config` to show with their origin
 * (a run takes them from the options themselves): the sandbox, strict mode, the gate,
 * its budget and onError, the cache's size, eviction, folder, remote and signing key, the
 * report's sourceUrl, -x's globs. A relative folder or key file (which a configuration
 * may not name) is shown from the current directory. */
static struct config *command_line_rest(const struct run_params *p, const struct cli_options *cli,
					int url_given)
{
	struct config *c = config_new("command line");
	if (cli->explicit_sandbox)
		add_setting(c, "sandbox", "mode", sandbox_mode_name(p->sandbox));
	if (cli->strict)
		add_setting(c, "gate", "strict", "true");
	if (cli->remote_cache && cli->remote_cache[0])
		add_setting(c, "cache", "remote", cli->remote_cache);
	if (cli->remote_mode)
		add_setting(c, "cache", "remoteMode", cli->remote_mode == 2 ? "readwrite" : "read");
	char abs[PATH_MAX + 1];
	if (p->signing_key && from_cwd(p->signing_key, abs, sizeof(abs)))
		add_setting(c, "cache", "signingKey", abs);
	add_gate_settings(c, cli);
	add_cache_settings(c, p, cli);
	if (url_given && p->source_url)
		add_setting(c, "report", "sourceUrl", p->source_url);
	for (size_t i = 0; i < p->nexcludes; i++)
		add_setting(c, "exclude", "path", p->excludes[i]);
	return c;
}

/* Applies config (of origin) to p->settings; 0, or -1 after an error message. */
static int apply_config(struct run_params *p, const struct config *c, enum config_origin origin)
{
	char err[512];
	if (!c || settings_apply(&p->settings, c, origin, err, sizeof(err)) == 0)
		return 0;
	error_msg("%s", err);
	return -1;
}

/* Strict mode is for the commands that gate (a merge gates as the run its shards are;
 * `assay config` shows what it ignores); writing a baseline or warming the cache is the
 * maintainer's own act. */
static int strict_applies(const char *command)
{
	static const char *const gating[] = { "precommit", "diff", "merge", "config" };
	for (size_t i = 0; command && i < sizeof(gating) / sizeof(gating[0]); i++)
		if (strcmp(command, gating[i]) == 0)
			return 1;
	return command == NULL;
}

/* Under --strict (or the user's [gate] strict), what the repository's file set that would
 * let more through than before is taken out and listed (config/tighten.h). */
static int tighten(struct run_params *p, const struct limits_before *before)
{
	p->strict = (p->strict || p->settings.gate_strict) && strict_applies(p->command);
	if (!p->strict || settings_tighten(&p->settings, before, &p->ignored) == 0)
		return 0;
	error_msg("%s: out of memory", p->repo_file);
	return -1;
}

/* Reads both files and applies them, then the command line, to p->settings; under
 * --strict, the repository's file only tightens. 0, or -1 after an error message. */
static int load_files(struct run_params *p, const struct cli_options *cli, const char *tree)
{
	find_root(tree, p->root, sizeof(p->root));
	user_config_path(p->user_file, sizeof(p->user_file));
	snprintf(p->repo_file, sizeof(p->repo_file), "%s/.assay", p->root);
	const char *snapshot = config_snapshot(p);
	char label[sizeof(p->repo_file) + 16];
	snprintf(label, sizeof(label), "%s (%s)", p->repo_file, snapshot ? snapshot : "");
	struct config *user = NULL, *repo = NULL, *line = command_line_config(cli);
	struct limits_before before;
	struct snapshot_at at = { snapshot, p->root, label, p->command && snapshot
				  && strcmp(p->command, "config") == 0 };
	int ok = (!p->user_file[0] || parse_file(p->user_file, NULL, &user) == 0)
		 && parse_file(p->repo_file, &at, &repo) == 0
		 && apply_config(p, user, CONFIG_USER) == 0;
	p->user_file_read = user != NULL;
	p->repo_file_read = repo != NULL;
	settings_limits_before(&p->settings, &before);
	ok = ok && apply_config(p, repo, CONFIG_REPOSITORY) == 0
	     && apply_config(p, line, CONFIG_COMMAND_LINE) == 0 && tighten(p, &before) == 0;
	config_free(user);
	config_free(repo);
	config_free(line);
	return ok ? 0 : -1;
}

/* "~/x" with HOME, for the cache directory from the user's file. */
static char *expand_home(const char *dir)
{
	const char *home = getenv("HOME");
	char buf[PATH_MAX];
	if (strncmp(dir, "~/", 2) == 0 && home)
		snprintf(buf, sizeof(buf), "%s/%s", home, dir + 2);
	else
		snprintf(buf, sizeof(buf), "%s", dir);
	return xstrdup(buf);
}

/* What the configuration files decide where the command line did not. */
static void settle_from_files(struct run_params *p, const struct cli_options *cli)
{
	const struct assay_settings *s = &p->settings;
	p->thresholds = s->thresholds;
	memcpy(p->rank_max, s->rank_max, sizeof(p->rank_max));
	const char *env_dir = getenv("ASSAY_CACHE_DIR");
	/* The environment comes before the user's file, as $ASSAY_SIGNING_KEY does. */
	if (!cli->explicit_cache_dir && s->cache_dir && !(env_dir && env_dir[0])) {
		free(p->cache_dir);
		p->cache_dir = expand_home(s->cache_dir);
	}
	if (!cli->explicit_cache_max && s->cache_max_source.origin != CONFIG_DEFAULT)
		p->cache_max = s->cache_max;
	if (!cli->explicit_eviction && s->cache_lfu_source.origin != CONFIG_DEFAULT)
		p->cache_lfu = s->cache_lfu;
	if (!cli->explicit_sandbox && s->sandbox_mode_source.origin != CONFIG_DEFAULT)
		p->sandbox = s->sandbox_mode;
	for (int l = 0; l < LANG_COUNT; l++)
		p->units[l] = cli->units ? (uint8_t)cli->units : s->units[l];
	char notice[512];
	if (!cli->explicit_sandbox && settings_sandbox_notice(s, notice, sizeof(notice)))
		log_event(LOG_WARNING, "sandbox.configured", NULL, "%s", notice);
}

/* $ASSAY_CACHE_DIR and $ASSAY_SIGNING_KEY as settings, for `assay config` to show where
 * they came from: each a configuration named after its variable. */
static int apply_environment(struct run_params *p)
{
	static const struct {
		const char *variable, *key;
	} env[] = { { "ASSAY_CACHE_DIR", "dir" }, { "ASSAY_SIGNING_KEY", "signingKey" } };
	int rc = 0;
	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]) && rc == 0; i++) {
		const char *value = getenv(env[i].variable);
		char name[32], abs[PATH_MAX + 1];
		if (!value || !value[0] || !from_cwd(value, abs, sizeof(abs)))
			continue;
		snprintf(name, sizeof(name), "$%s", env[i].variable);
		struct config *c = config_new(name);
		add_setting(c, "cache", env[i].key, abs);
		rc = apply_config(p, c, CONFIG_ENVIRONMENT);
		config_free(c);
	}
	return rc;
}

/* The keys of cache exports: the command line's, then the user's file's trusted keys; the
 * signing key from --signing-key, else $ASSAY_SIGNING_KEY, else the user's file. */
static void settle_keys(struct run_params *p)
{
	const struct assay_settings *s = &p->settings;
	const char *env = getenv("ASSAY_SIGNING_KEY");
	if (!p->source_url && s->source_url)
		p->source_url = xstrdup(s->source_url);
	if (!p->signing_key && env && env[0])
		p->signing_key = xstrdup(env);
	else if (!p->signing_key && s->signing_key)
		p->signing_key = expand_home(s->signing_key);
	size_t n = p->ntrusted_keys;
	p->trusted_keys = xrealloc(p->trusted_keys, (n + s->trusted_keys.count + 1) * sizeof(char *));
	for (size_t i = 0; i < s->trusted_keys.count; i++)
		p->trusted_keys[n + i] = expand_home(s->trusted_keys.items[i].text);
	p->ntrusted_keys = n + s->trusted_keys.count;
}

/* The longest remote cache URL: each key's URL (URL/ac/KEY, 64 hex digits) must fit the
 * 1 KiB the transfers build it in. */
#define REMOTE_URL_MAX 900

/* The remote cache: the command line's, else the user's file's (a repository's may not
 * set [cache]). 0, or -1 after a message. */
static int settle_remote(struct run_params *p, const struct cli_options *cli)
{
	const struct assay_settings *s = &p->settings;
	const char *url = cli->remote_cache ? cli->remote_cache : s->remote_cache;
	if (url && strlen(url) > REMOTE_URL_MAX) {
		error_msg("--remote-cache: the URL is %zu bytes long; at most %d", strlen(url),
			  REMOTE_URL_MAX);
		return -1;
	}
	p->remote_url = url && url[0] ? xstrdup(url) : NULL;
	if (p->no_cache && cli->remote_cache && cli->remote_cache[0])
		warning_msg("--remote-cache %s: not used: --no-cache turns every cache off",
			    cli->remote_cache);
	p->remote_write = cli->remote_mode ? cli->remote_mode == 2 : s->remote_readwrite;
	p->remote_timeout = cli->remote_timeout > 0 ? cli->remote_timeout : 5;
	p->remote_budget = cli->remote_budget > 0 ? cli->remote_budget : 30;
	return 0;
}

/* The gate's time budget: --budget (0: none), else for precommit [precommit] budget (5 s
 * by default, off: none); diff has none unless --budget asks (a CI run wants every file
 * measured, however long it takes). And --on-error, else [precommit] onError. */
static void settle_gate(struct run_params *p, const struct cli_options *cli)
{
	int precommit = p->command && strcmp(p->command, "precommit") == 0;
	int diff = p->command && strcmp(p->command, "diff") == 0;
	double budget = cli->budget >= 0 ? cli->budget : precommit ? p->settings.precommit_budget : 0;
	p->budget = (precommit || diff) && budget > 0 ? budget : 0;
	p->gate_mode = cli->gate_mode ? (enum gate_mode)cli->gate_mode : p->settings.gate_mode;
	p->on_error_set = cli->on_error_set;
	p->on_error_block = cli->on_error_set
				    ? cli->on_error_block
				    : p->settings.precommit_on_error == PRECOMMIT_BLOCK;
}

/* Moves what the command line holds into p. */
static void take_command_line(struct run_params *p, struct cli_options *cli)
{
	p->command = cli->command;
	p->paths = cli->paths;
	p->npaths = cli->npaths;
	p->excludes = cli->excludes;
	p->nexcludes = cli->nexcludes;
	p->language_mask = cli->language_mask;
	p->max_size = cli->max_size;
	p->no_git = cli->no_git;
	p->modified = cli->modified;
	for (int l = 0; l < LANG_COUNT; l++)
		p->units[l] = (uint8_t)cli->units;
	p->thresholds = cli->thresholds;
	p->jobs = cli->jobs;
	p->sandbox = cli->sandbox;
	p->timeout = cli->timeout;
	p->retries = cli->retries;
	p->retry_delay = cli->retry_delay;
	p->memory = cli->memory;
	p->shard_index = cli->shard_index;
	p->shard_total = cli->shard_total;
	p->allow_unsandboxed = cli->allow_unsandboxed;
	p->no_cache = cli->no_cache;
	p->cache_dir = cli->cache_dir;
	p->cache_max = cli->cache_max;
	p->cache_lfu = cli->cache_lfu;
	p->format = cli->format;
	p->outputs = cli->outputs;
	p->noutputs = cli->noutputs;
	p->color = cli->color;
	p->verbose = cli->verbose;
	p->quiet = cli->quiet;
	p->show_rank = cli->show_rank;
	p->by = cli->by;
	memcpy(p->rank_max, cli->rank_max, sizeof(p->rank_max));
	p->allow_empty = cli->allow_empty;
	p->include_generated = cli->include_generated;
	p->include_vendored = cli->include_vendored;
	p->staged = cli->staged;
	p->prune = cli->prune;
	p->stats = cli->stats;
	p->progress = cli->progress;
	p->log_json = cli->log_json;
	p->log_level = cli->log_level;
	p->trace_path = cli->trace_path;
	p->ignore_warnings = cli->ignore_warnings;
	p->sort_metric = cli->sort_metric;
	p->fail_on = cli->fail_on;
	p->gate_all = cli->gate_all;
	p->force = cli->force;
	p->strict = cli->strict && strict_applies(cli->command);
	p->trusted_keys = cli->trusted_keys;
	p->ntrusted_keys = cli->ntrusted_keys;
	p->trust_unsigned = cli->trust_unsigned;
	p->all_engines = cli->all_engines;
	p->signing_key = cli->signing_key;
	p->project = cli->project;
	p->source_url = cli->source_url;
	cli->source_url = NULL;
	cli->paths = cli->excludes = cli->trusted_keys = NULL;
	cli->outputs = NULL;
	cli->cache_dir = cli->trace_path = cli->signing_key = cli->project = NULL;
	cli->npaths = cli->nexcludes = cli->noutputs = cli->ntrusted_keys = 0;
}

int params_resolve(struct run_params *p, struct cli_options *cli, const char *tree)
{
	memset(p, 0, sizeof(*p));
	settings_init(&p->settings);
	take_command_line(p, cli);
	p->settings.sandbox_mode = p->sandbox;
	if (cli->explicit_sandbox)	/* what set it, for the summary (run/report.c) */
		p->settings.sandbox_mode_source.origin = CONFIG_COMMAND_LINE;
	int rc = 0, url_given = p->source_url != NULL;
	if (tree) {
		rc = load_files(p, cli, tree);
		if (rc == 0)
			settle_from_files(p, cli);
	}
	if (rc == 0 && p->command && strcmp(p->command, "config") == 0) {
		rc = apply_environment(p);
		struct config *rest = command_line_rest(p, cli, url_given);
		rc = rc ? rc : apply_config(p, rest, CONFIG_COMMAND_LINE);
		config_free(rest);
	}
	thresholds_cap_rank(&p->thresholds, p->rank_max[RANK_ABSOLUTE]);
	settle_gate(p, cli);
	settle_keys(p);
	if (settle_remote(p, cli) < 0)
		rc = -1;
	cli_free(cli);
	return rc;
}

void params_free(struct run_params *p)
{
	for (size_t i = 0; i < p->noutputs; i++)
		free(p->outputs[i].path);
	free(p->outputs);
	free_strings(p->excludes, p->nexcludes);
	free_strings(p->paths, p->npaths);
	free_strings(p->trusted_keys, p->ntrusted_keys);
	free(p->signing_key);
	free(p->remote_url);
	free(p->project);
	free(p->source_url);
	free(p->cache_dir);
	free(p->trace_path);
	ignored_settings_free(&p->ignored);
	settings_free(&p->settings);
	memset(p, 0, sizeof(*p));
}
