/*
 * hook.c - `assay hook install|uninstall`: the git pre-commit hook that runs
 * `assay precommit`. The hooks directory honours core.hooksPath; a hook assay did not
 * write (no marker line), or one it wrote that was edited since (its sum line), is never
 * replaced or removed without --force (one assay did not write is never removed). The hook
 * finds assay when it runs: the binary that installed it while that is still there, else
 * `assay` on PATH, else it says so and lets the commit through (--on-error=block: stops it).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "common/buf.h"
#include "common/hash.h"
#include "files/pathwalk.h"
#include "files/safewrite.h"
#include "git/libgit2.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "util/suggest.h"
#include "util/msg.h"
#include "util/testpoint.h"

/* A hook's path: the repository's location, core.hooksPath and the name. */
#define HOOK_PATH_MAX (2 * PATH_MAX + 32)

/* The marker line of the current format; any version of it marks a hook as assay's, so
 * an older one (v1 ran the installing binary's path, unchecked) is replaced freely. From
 * v3 the last line is the sum of the text above it: a hook edited since (other checks
 * added to it) is left alone, as one assay did not write is. */
#define HOOK_MARKER_PREFIX "# written by assay hook install (assay-hook v"
#define HOOK_MARKER HOOK_MARKER_PREFIX "3)"
#define HOOK_SUM_PREFIX "# assay-hook-sum: "
#define HOOK_MAX_BYTES 65536	/* a hook longer than this is nobody's assay wrote */

/* core.hooksPath as git reads it: "~" and "~/..." are the home directory. */
static void expand_home(const char *value, char *out, size_t len)
{
	const char *home = getenv("HOME");
	if (value[0] == '~' && (value[1] == '/' || value[1] == '\0') && home && home[0])
		snprintf(out, len, "%s%s", home, value + 1);
	else
		snprintf(out, len, "%s", value);
}

/* path with its "." and ".." components resolved by their names (nothing is followed:
 * the folders need not exist yet), in place. */
static void lexical(char *path)
{
	char *out = path;
	for (const char *c = path; *c;) {
		size_t n = strcspn(c, "/");
		if ((n == 1 && c[0] == '.') || n == 0) {
			/* nothing to keep */
		} else if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (out > path && *--out != '/')
				;
		} else {
			*out++ = '/';
			memmove(out, c, n);
			out += n;
		}
		c += n + (c[n] == '/');
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

/* path (absolute) with its longest existing folder resolved (realpath: links and `..`
 * as the system reads them), in
 * place: /home/u/repo/hooks/pre-commit where /home is a link to /usr/home reads as the
 * work tree does, /usr/home/u/repo/...; a link inside the repository is resolved too, so
 * where it leads is what hook_place_allowed judges. */
static void resolve_existing(char *path, size_t len)
{
	char head[PATH_MAX], real[PATH_MAX];
	size_t n = strlen(path);
	if (n >= sizeof(head))
		return;
	memcpy(head, path, n + 1);
	for (char *cut = strrchr(head, '/'); cut && cut > head; cut = strrchr(head, '/')) {
		*cut = '\0';
		if (realpath(head, real)) {
			char rest[PATH_MAX];
			snprintf(rest, sizeof(rest), "%s", path + (cut - head));
			snprintf(path, len, "%s%s", strcmp(real, "/") == 0 ? "" : real, rest);
			return;
		}
	}
}

/* Whether path is dir or below it. */
static int below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/' || n == 1);
}

/* 0 when the hook's folder (hook, lexical) may be written: the user's own configuration
 * put it there, or it is in the work tree or the repository's git folder; else -1 with
 * err. A repository's own .git/config must not send the hook (or its folders) into the
 * user's global hooks folder, ~/.ssh or another project. */
static int hook_place_allowed(git_repository *repo, git_config *cfg, const char *hook,
			      const char *wd, int linked, char *err, size_t errlen)
{
	git_config_entry *e = NULL;
	int from_repo = git_config_get_entry(&e, cfg, "core.hooksPath") == 0 && e
			&& e->level >= GIT_CONFIG_LEVEL_LOCAL;
	char top[PATH_MAX] = "", git[PATH_MAX] = "";
	if ((!from_repo && !linked) || (wd && realpath(wd, top) && below(hook, top))
	    || (realpath(git_repository_commondir(repo), git) && below(hook, git))) {
		git_config_entry_free(e);
		return 0;
	}
	if (from_repo)
		snprintf(err, errlen, "core.hooksPath = %s (%s%s) leads outside the "
			 "repository, to %s: not written there (set core.hooksPath in your own git "
			 "configuration to install the hook outside)", e->value,
			 git_repository_path(repo),
			 e->level == GIT_CONFIG_LEVEL_APP ? "config.worktree" : "config", hook);
	else
		snprintf(err, errlen, "core.hooksPath = %s (your git configuration) is relative "
			 "to the work tree, where a link leads it outside, to %s: not written there "
			 "(name an absolute folder to install the hook outside)", e->value, hook);
	git_config_entry_free(e);
	return -1;
}

/* The first line of the small regular file path (not a link) into out: 1, else 0. */
static int first_line(const char *path, char *out, size_t len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	ssize_t n = -1;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = read(fd, out, len - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	out[n] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	return 1;
}

/* 1 when a linked work tree's git folder (gitdir) has a common one other than itself
 * (commondir) that holds it, as git worktree add makes them (<commondir>/worktrees/NAME);
 * or when it has none. Else a commondir file planted in a git folder sends the hook into
 * another project's hooks: 0 with err. */
static int common_holds(git_repository *repo, char *err, size_t errlen)
{
	char gitdir[PATH_MAX], common[PATH_MAX], held[PATH_MAX + 16];
	if (!realpath(git_repository_path(repo), gitdir)
	    || !realpath(git_repository_commondir(repo), common) || strcmp(gitdir, common) == 0)
		return 1;
	snprintf(held, sizeof(held), "%s/worktrees/", common);
	char *slash = strrchr(gitdir, '/');
	if (slash && (size_t)(slash - gitdir) + 1 == strlen(held)
	    && strncmp(gitdir, held, strlen(held)) == 0)
		return 1;
	snprintf(err, errlen, "%scommondir names %s, which does not hold this git folder (not a "
		 "linked work tree's): the hook is not written there", git_repository_path(repo),
		 git_repository_commondir(repo));
	return 0;
}

/* 1 when the work tree wd (ending in '/') has a .git folder, or a .git file whose git
 * folder names it back: a linked work tree's <gitdir>/gitdir names this .git file, a
 * submodule's git folder is in the .git/modules of a repository holding it; and the git
 * folder's common one holds it (common_holds). Else a .git file or link planted in a
 * folder sends the hook into another project's hooks: 0 with err. */
static int links_back(git_repository *repo, const char *wd, char *err, size_t errlen)
{
	char dotgit[PATH_MAX + 8], real_dotgit[PATH_MAX], gitdir[PATH_MAX], top[PATH_MAX];
	char back[PATH_MAX + 16], named[PATH_MAX], real_named[PATH_MAX];
	struct stat st;
	snprintf(dotgit, sizeof(dotgit), "%s.git", wd);
	if (lstat(dotgit, &st) == 0 && S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "%s is a symbolic link (to %s), which git init and git "
			 "worktree add never make: the hook is not written where it leads (set "
			 "core.hooksPath in your own git configuration to install it elsewhere)",
			 dotgit, realpath(dotgit, real_dotgit) ? real_dotgit : "a missing folder");
		return 0;
	}
	if (lstat(dotgit, &st) != 0 || !S_ISREG(st.st_mode))
		return common_holds(repo, err, errlen);
	if (realpath(dotgit, real_dotgit) && realpath(git_repository_path(repo), gitdir)
	    && realpath(wd, top)) {
		snprintf(back, sizeof(back), "%s/gitdir", gitdir);
		if (first_line(back, named, sizeof(named)) && realpath(named, real_named)
		    && strcmp(real_named, real_dotgit) == 0)
			return common_holds(repo, err, errlen);	/* git worktree add */
		char *modules = strstr(gitdir, "/.git/modules/");
		if (modules && (*modules = '\0', below(top, gitdir)))
			return common_holds(repo, err, errlen);	/* a submodule of the repository around it */
	}
	snprintf(err, errlen, "%s names the git folder %s, which does not name this work tree "
		 "back (not a linked work tree, not a submodule): the hook is not written there. "
		 "If git init or clone --separate-git-dir made it, set core.hooksPath in your own "
		 "git configuration (git config --global core.hooksPath FOLDER) and install again",
		 dotgit, git_repository_path(repo));
	return 0;
}

/* Whether core.hooksPath comes from the user's own git configuration (or the system's),
 * not the repository's. */
static int hooks_path_users(git_config *cfg)
{
	git_config_entry *e = NULL;
	int users = git_config_get_entry(&e, cfg, "core.hooksPath") == 0 && e
		    && e->level < GIT_CONFIG_LEVEL_LOCAL;
	git_config_entry_free(e);
	return users;
}

/* The pre-commit hook under core.hooksPath = custom (relative to wd, the work tree or a
 * bare repository's $GIT_DIR) into out; hook_place_allowed judges it. 1 when custom is
 * relative and a link on its way in the work tree moved it (what a repository commits
 * can then lead the user's own setting out). */
static int custom_hook_path(const char *custom, const char *wd, char *out, size_t len)
{
	char base[PATH_MAX], value[PATH_MAX], as_written[2 * PATH_MAX + 32];
	expand_home(custom, value, sizeof(value));
	int relative = value[0] != '/' && realpath(wd, base);
	if (!relative)
		snprintf(out, len, "%s/pre-commit", value);
	else
		snprintf(out, len, "%s/%s/pre-commit", base, value);
	snprintf(as_written, sizeof(as_written), "%s", out);
	if (out[0] == '/') {	/* `lnk/..` as the system reads it, where git runs hooks */
		resolve_existing(out, len);
		lexical(out);
		lexical(as_written);
	}
	return relative && strcmp(out, as_written) != 0;
}

/* The repository's configuration as git reads it for this work tree into *out: with
 * extensions.worktreeConfig, its git folder's config.worktree too, above .git/config
 * (libgit2 1.5 does not read it; git does, and runs hooks from the core.hooksPath set
 * there). A setting there is the repository's own (a level above LOCAL). */
static int repository_config(git_repository *repo, git_config **out)
{
	git_config *live = NULL;
	if (git_repository_config(&live, repo) != 0)
		return -1;
	int on = 0;
	char path[PATH_MAX];
	if (git_config_get_bool(&on, live, "extensions.worktreeConfig") == 0 && on
	    && (size_t)snprintf(path, sizeof(path), "%sconfig.worktree",
				git_repository_path(repo)) < sizeof(path))
		git_config_add_file_ondisk(live, path, GIT_CONFIG_LEVEL_APP, repo, 1);
	int rc = git_config_snapshot(out, live);
	git_config_free(live);
	return rc;
}

/* The pre-commit hook's path: core.hooksPath (relative to the work tree, or in a bare
 * repository to $GIT_DIR, where git runs hooks) or .git/hooks. The repository's own
 * location is resolved (the user chose it); below it nothing is followed
 * (files/pathwalk.h); a core.hooksPath of the repository's own configuration stays in it
 * (hook_place_allowed). */
static int hook_path(char *out, size_t len, char *err, size_t errlen)
{
	git_repository *repo;
	if (git_open_repository(&repo, ".") != 0) {
		snprintf(err, errlen, "not in a git repository");
		return -1;
	}
	git_config *cfg = NULL;
	git_buf custom = { 0 };
	char base[PATH_MAX];
	const char *wd = git_repository_workdir(repo);
	int own = wd ? links_back(repo, wd, err, errlen) : common_holds(repo, err, errlen);
	if (!wd)
		wd = git_repository_path(repo);	/* bare: hooks run in $GIT_DIR */
	int rc = 0;
	if (repository_config(repo, &cfg) == 0
	    && git_config_get_string_buf(&custom, cfg, "core.hooksPath") == 0 && custom.size
	    && (own || hooks_path_users(cfg))) {	/* the user's: wherever the .git leads */
		int linked = custom_hook_path(custom.ptr, wd, out, len);
		rc = hook_place_allowed(repo, cfg, out, wd, linked, err, errlen);
	} else if (!own)
		rc = -1;
	else if (realpath(git_repository_commondir(repo), base))
		snprintf(out, len, "%s/hooks/pre-commit", base);
	else
		snprintf(out, len, "%shooks/pre-commit", git_repository_commondir(repo));
	git_buf_dispose(&custom);
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

enum hook_owner { HOOK_NONE, HOOK_THEIRS, HOOK_OURS, HOOK_EDITED, HOOK_NOT_A_FILE };

/* The sum line that ends a hook whose text is text[0..len). */
static void put_sum(struct wbuf *b, const char *text, size_t len)
{
	wbuf_printf(b, "%s%016llx\n", HOOK_SUM_PREFIX, (unsigned long long)hash64(text, len));
}

/* Whose a hook of text[0..len) is: assay's when its first lines hold the marker, and
 * then edited when its last line is a sum (v3 on) that is not that of the text above. */
static enum hook_owner owner_of_text(const char *text, size_t len)
{
	const char *marker = NULL;
	size_t plen = strlen(HOOK_MARKER_PREFIX);
	for (const char *line = text; line && line < text + len && line - text < 1024;) {
		size_t left = len - (size_t)(line - text);
		if (left > plen && memcmp(line, HOOK_MARKER_PREFIX, plen) == 0)
			marker = line;
		line = memchr(line, '\n', left);
		line = line ? line + 1 : NULL;
	}
	if (!marker)
		return HOOK_THEIRS;
	const char *sum = NULL;
	for (const char *at = text; (at = memmem(at, len - (size_t)(at - text), "\n" HOOK_SUM_PREFIX,
					    strlen(HOOK_SUM_PREFIX) + 1));
	     at++)
		sum = at + 1;
	if (!sum)	/* written before the sum was (v1, v2), or its sum line taken out */
		return marker[plen] == '1' || marker[plen] == '2' ? HOOK_OURS : HOOK_EDITED;
	struct wbuf want;
	wbuf_init(&want);
	put_sum(&want, text, (size_t)(sum - text));
	int same = want.data && want.len == len - (size_t)(sum - text)
		   && memcmp(want.data, sum, want.len) == 0;
	wbuf_free(&want);
	return same ? HOOK_OURS : HOOK_EDITED;
}

/* Whose the hook open on fd is (owner_of_text). Closes fd. */
static enum hook_owner marked(int fd)
{
	char *text = malloc(HOOK_MAX_BYTES + 1);
	size_t len = 0;
	ssize_t n = 1;
	while (text && len <= HOOK_MAX_BYTES && n > 0)
		if ((n = read(fd, text + len, HOOK_MAX_BYTES + 1 - len)) > 0)
			len += (size_t)n;
	close(fd);
	enum hook_owner who = !text ? HOOK_THEIRS
			      : len > HOOK_MAX_BYTES ? HOOK_THEIRS : owner_of_text(text, len);
	free(text);
	return who;
}

/* Whose the hook at path is, read without following a link or blocking on a FIFO. */
static enum hook_owner owner(const char *path, char *err, size_t errlen)
{
	const char *name;
	int dir = pathwalk_parent(path, &name, err, errlen);
	if (dir < 0)
		return errno == ENOENT ? HOOK_NONE : HOOK_NOT_A_FILE;
	struct stat st;
	int fd = -1;
	enum hook_owner who = HOOK_NOT_A_FILE;
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		who = HOOK_NONE;
	else if (!S_ISREG(st.st_mode))
		snprintf(err, errlen, "%s: is %s, not a regular file; assay leaves it alone", path,
			 pathwalk_kind(st.st_mode));
	else if ((fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	close(dir);
	return fd >= 0 ? marked(fd) : who;
}

/* s as one sh word: in single quotes, each ' as '\'' (nothing else is special there). */
static void put_sh_quoted(struct wbuf *b, const char *s)
{
	wbuf_put(b, "'", 1);
	for (; *s; s++)
		if (*s == '\'')
			wbuf_put(b, "'\\''", 4);
		else
			wbuf_put(b, s, 1);
	wbuf_put(b, "'", 1);
}

/* The hook's script after its variables: find assay, or say it is missing. */
static const char hook_body[] =
	"if [ ! -f \"$assay\" ] || [ ! -x \"$assay\" ]; then\n"
	"\tassay=$(command -v assay 2>/dev/null) || assay=\n"
	"fi\n"
	"if [ -z \"$assay\" ]; then\n"
	"\tprintf 'assay pre-commit hook: assay not found (not at %s, nor on PATH).\\n' \\\n"
	"\t\t\"$recorded\" >&2\n"
	"\techo 'Install it (make install), then run: assay hook install' >&2\n"
	"\tif [ \"$on_error\" = block ]; then\n"
	"\t\techo 'Commit refused (on-error is block).' >&2\n"
	"\t\texit 1\n"
	"\tfi\n"
	"\techo 'Committing unchecked (on-error is allow; block would refuse).' >&2\n"
	"\texit 0\n"
	"fi\n";

/* The hook's text into the new file w; 0 or -1. It records this binary, the --on-error
 * for a missing assay and, when given on the command line, precommit's --on-error. */
static int write_hook(struct safewrite *w, const struct run_params *p)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';	/* unknown: the hook looks on PATH */
	const char *how = p->on_error_block ? "block" : "allow";
	struct wbuf b;
	wbuf_init(&b);
	wbuf_printf(&b, "#!/bin/sh\n%s\n# Gates the new and changed functions of the commit (see "
		    "assay precommit --help).\n# assay: the binary recorded here while it is "
		    "there, else the first on PATH.\nrecorded=", HOOK_MARKER);
	put_sh_quoted(&b, self);
	wbuf_printf(&b, "\nassay=$recorded\non_error=%s\n%s", how, hook_body);
	wbuf_printf(&b, "exec \"$assay\" precommit%s%s\n", p->on_error_set ? " --on-error=" : "",
		    p->on_error_set ? how : "");
	size_t text_len = b.len;
	if (b.data)
		put_sum(&b, (const char *)b.data, text_len);
	int rc = b.data && !b.failed && fwrite(b.data, 1, b.len, w->f) == b.len ? 0 : -1;
	wbuf_free(&b);
	if (rc < 0 || fflush(w->f) != 0 || ferror(w->f))
		return -1;
	return fchmod(fileno(w->f), 0755);
}

/* The hooks directory and each folder missing on the way to it (core.hooksPath may name
 * tools/git/hooks in a fresh clone), made from the top down, each one's parent opened
 * without following links: a link on the way stops it, and the hook's write says so. */
static void make_hooks_dir(const char *path)
{
	char dir[HOOK_PATH_MAX], err[HOOK_PATH_MAX + 256];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	for (char *sep = strchr(dir + 1, '/');; sep = strchr(sep + 1, '/')) {
		if (sep)
			*sep = '\0';
		const char *name;
		int parent = pathwalk_parent(dir, &name, err, sizeof(err));
		if (parent >= 0) {
			mkdirat(parent, name, 0755);
			close(parent);
		}
		if (!sep)
			return;
		*sep = '/';
	}
}

/* Writes the hook beside path and renames it into place, unless a signal came first. */
static int install(const char *path, const struct run_params *p, volatile sig_atomic_t *stop)
{
	char err[HOOK_PATH_MAX + 256];
	enum hook_owner who = owner(path, err, sizeof(err));
	if (who == HOOK_NOT_A_FILE) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	if (who == HOOK_THEIRS && !p->force) {
		error_msg("%s: a pre-commit hook assay did not write is there; not replacing it "
			  "(--force would)", path);
		return EXIT_USAGE;
	}
	if (who == HOOK_EDITED && !p->force) {
		error_msg("%s: the pre-commit hook assay wrote has been edited since; not "
			  "replacing it (--force would, losing the edits)", path);
		return EXIT_USAGE;
	}
	make_hooks_dir(path);
	struct safewrite w;
	if (safewrite_open(&w, path, 0755, 0, err, sizeof(err)) < 0) {
		error_msg("cannot write the hook: %s", err);
		return EXIT_INTERNAL;
	}
	int rc = write_hook(&w, p);
	testpoint("hook.write");
	if (rc < 0 || *stop) {
		safewrite_abort(&w);
		error_msg("%s: %s: the hook was not installed", path,
			  *stop ? "interrupted" : strerror(errno));
		return EXIT_INTERNAL;
	}
	if (safewrite_commit(&w, err, sizeof(err)) < 0) {
		error_msg("cannot write the hook: %s", err);
		return EXIT_INTERNAL;
	}
	printf("installed %s\n", path);
	return EXIT_CLEAN;
}

static int uninstall(const char *path, int force)
{
	char err[HOOK_PATH_MAX + 256];
	enum hook_owner who = owner(path, err, sizeof(err));
	if (who == HOOK_NONE) {
		printf("no pre-commit hook at %s\n", path);
		return EXIT_CLEAN;
	}
	if (who == HOOK_EDITED && !force) {
		error_msg("%s: the pre-commit hook assay wrote has been edited since; leaving it "
			  "(--force removes it, edits and all)", path);
		return EXIT_USAGE;
	}
	if (who != HOOK_OURS && who != HOOK_EDITED) {
		if (who == HOOK_THEIRS)
			error_msg("%s: this pre-commit hook was not written by assay; leaving it",
				  path);
		else
			error_msg("%s", err);
		return EXIT_USAGE;
	}
	const char *name;
	int dir = pathwalk_parent(path, &name, err, sizeof(err));
	if (dir < 0) {
		error_msg("%s", err);
		return EXIT_INTERNAL;
	}
	int rc = unlinkat(dir, name, 0);
	int saved = errno;
	close(dir);
	if (rc < 0) {
		error_msg("%s: %s", path, strerror(saved));
		return EXIT_INTERNAL;
	}
	printf("removed %s\n", path);
	return EXIT_CLEAN;
}

int cmd_hook(const struct run_params *p, struct run_signals sig)
{
	if (p->npaths != 1)
		return cli_usage_error("hook");
	static const char *const words[] = { "install", "uninstall", NULL };
	int install_it = strcmp(p->paths[0], words[0]) == 0;
	if (!install_it && strcmp(p->paths[0], words[1]) != 0) {
		char hint[64];
		error_msg("unknown hook command '%s' (%sinstall, uninstall)", p->paths[0],
			  suggest_hint(hint, sizeof(hint), "assay hook", p->paths[0], words));
		return exit_after(&sig, EXIT_USAGE);
	}
	char path[HOOK_PATH_MAX], err[3 * PATH_MAX];
	int rc;
	if (hook_path(path, sizeof(path), err, sizeof(err)) < 0) {
		error_msg("%s", err);
		rc = EXIT_USAGE;
	} else {
		rc = install_it ? install(path, p, sig.stop) : uninstall(path, p->force);
	}
	return exit_after(&sig, rc);
}
