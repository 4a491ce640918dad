/*
 * runconfig.c - loading and applying a run's configuration (see runconfig.h).
 */
#include "config/params.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "util/log.h"
#include "util/alloc.h"
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

/* Reads a configuration file that is a regular file (never through a link: the
 * repository's file is untrusted), at most one byte past the limit. Returns 1 with the
 * bytes, 0 when there is no such file, -1 after an error message. */
static int read_config(const char *path, struct wbuf *out)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		error_msg("%s: %s", path, errno == ELOOP ? "is a symbolic link: not read"
							 : strerror(errno));
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

/* Parses path (when it exists) into *c. Returns 0, or -1 after an error message. */
static int parse_file(const char *path, struct config **c)
{
	struct wbuf b;
	char err[512];
	*c = NULL;
	wbuf_init(&b);
	int got = read_config(path, &b);
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
 * is outside git. */
static void work_tree_of(const char *dir, char *root, size_t len)
{
	git_repository *repo;
	if (git_repository_open_ext(&repo, dir, 0, NULL) != 0)
		return;
	const char *wd = git_repository_workdir(repo);
	if (wd) {
		snprintf(root, len, "%s", wd);
		size_t n = strlen(root);
		if (n > 1 && root[n - 1] == '/')
			root[n - 1] = '\0';
	}
	git_repository_free(repo);
}

/* The repository root: the work tree around the first path, else that directory. */
static void find_root(const struct cli_options *opt, char *root, size_t len)
{
	const char *first = opt->npaths ? opt->paths[0] : ".";
	char real[PATH_MAX];
	struct stat st;
	snprintf(root, len, ".");
	if (!realpath(first, real))
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

/* The command line's explicit values, as a configuration of the strongest origin. */
static struct config *command_line_config(const struct cli_options *opt)
{
	struct config *c = config_new("command line");
	char err[256];
	for (int m = 0; m < MET_COUNT; m++) {
		if (!(opt->explicit_limits & (1u << m)))
			continue;
		char value[32];
		if (opt->thresholds.limit[m] < 0)
			snprintf(value, sizeof(value), "off");
		else
			snprintf(value, sizeof(value), "%ld", opt->thresholds.limit[m]);
		const struct config_item item = { "threshold", NULL,
						   metric_info((enum metric)m)->name, value, 0 };
		config_add(c, &item, err, sizeof(err));
	}
	return c;
}

/* What the merged settings say back into the options the rest of the run reads. */
static void effective_options(const struct run_config *rc, struct cli_options *opt)
{
	const struct assay_settings *s = &rc->settings;
	opt->thresholds = s->thresholds;
	if (!opt->explicit_cache_dir && s->cache_dir) {
		const char *home = getenv("HOME");
		char buf[PATH_MAX];
		if (strncmp(s->cache_dir, "~/", 2) == 0 && home)
			snprintf(buf, sizeof(buf), "%s/%s", home, s->cache_dir + 2);
		else
			snprintf(buf, sizeof(buf), "%s", s->cache_dir);
		free(opt->cache_dir);
		opt->cache_dir = xstrdup(buf);
	}
	if (!opt->explicit_cache_max && s->cache_max_source.origin != CONFIG_DEFAULT)
		opt->cache_max = s->cache_max;
	if (!opt->explicit_eviction && s->cache_lfu_source.origin != CONFIG_DEFAULT)
		opt->cache_lfu = s->cache_lfu;
	if (!opt->explicit_sandbox && s->sandbox_mode_source.origin != CONFIG_DEFAULT)
		opt->sandbox = s->sandbox_mode;
}

int runconfig_load(struct run_config *rc, struct cli_options *opt)
{
	memset(rc, 0, sizeof(*rc));
	settings_init(&rc->settings);
	rc->settings.sandbox_mode = opt->sandbox;
	find_root(opt, rc->root, sizeof(rc->root));
	user_config_path(rc->user_file, sizeof(rc->user_file));
	snprintf(rc->repo_file, sizeof(rc->repo_file), "%s/.assay", rc->root);
	struct config *user = NULL, *repo = NULL, *cli = NULL;
	char err[512];
	int ok = (!rc->user_file[0] || parse_file(rc->user_file, &user) == 0)
		 && parse_file(rc->repo_file, &repo) == 0;
	if (ok && settings_load(&rc->settings, user, repo, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		ok = 0;
	}
	cli = command_line_config(opt);
	if (ok && settings_apply(&rc->settings, cli, CONFIG_COMMAND_LINE, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		ok = 0;
	}
	config_free(user);
	config_free(repo);
	config_free(cli);
	if (!ok)
		return -1;
	char notice[512];
	if (!opt->explicit_sandbox && settings_sandbox_notice(&rc->settings, notice, sizeof(notice)))
		log_event(LOG_WARNING, "sandbox.configured", NULL, "%s", notice);
	effective_options(rc, opt);
	return 0;
}

void runconfig_free(struct run_config *rc)
{
	settings_free(&rc->settings);
}

/* f's path relative to the repository root, for globs; NULL when outside it. */
const char *runconfig_repo_path(const struct run_config *rc, const struct file_list *list,
			     const struct file_entry *f, char *buf, size_t len)
{
	const char *real = list->root_real[f->root];
	if (!real)
		return NULL;
	size_t n = strlen(rc->root);
	if (strncmp(real, rc->root, n) != 0 || (real[n] && real[n] != '/'))
		return NULL;
	const char *inside = real[n] ? real + n + 1 : "";
	snprintf(buf, len, "%s%s%s", inside, *inside ? "/" : "", f->relpath);
	return buf;
}

/* The settings for one pending file at path (relative to the repository root). */
static void apply_to_file(const struct assay_settings *s, struct file_entry *f, const char *path)
{
	if (!settings_path_selected(s, path)) {
		file_set_verdict(f, FILE_SKIPPED, CAUSE_EXCLUDED, NULL);
		return;
	}
	enum lang_id mapped = settings_language_for(s, path);
	if (mapped != LANG_NONE)
		f->lang = mapped;
	struct thresholds scratch;
	const struct thresholds *t = settings_thresholds_for(s, path, &scratch);
	if (memcmp(t, &s->thresholds, sizeof(*t)) != 0) {
		f->limits = xmalloc(sizeof(*f->limits));
		*f->limits = *t;
	}
}

/* A file skipped as "unknown language" that [language] maps is pending again. */
static int revive_mapped(const struct assay_settings *s, struct file_entry *f, const char *path)
{
	if (settings_language_for(s, path) == LANG_NONE)
		return 0;
	record_clear(&f->rec);
	f->done = 0;
	return 1;
}

void runconfig_apply(const struct run_config *rc, struct file_list *list)
{
	const struct assay_settings *s = &rc->settings;
	char buf[2 * PATH_MAX];
	for (size_t i = 0; i < list->nfiles; i++) {
		struct file_entry *f = &list->files[i];
		int unknown = f->done && f->rec.status == FILE_SKIPPED
			      && f->rec.cause == CAUSE_UNKNOWN_LANGUAGE;
		const char *path = f->done && !unknown
					   ? NULL : runconfig_repo_path(rc, list, f, buf, sizeof(buf));
		if (path && (!unknown || revive_mapped(s, f, path)))
			apply_to_file(s, f, path);
	}
}

int runconfig_generated(const struct run_config *rc, const uint8_t *data, size_t len)
{
	return settings_is_generated(&rc->settings, data, len);
}
