/*
 * identity.c - the repository and revision a run measured (see identity.h).
 */
#include "git/identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "git/libgit2.h"
#include "git/view.h"

/* The last component of a path or URL, without a trailing '/' or ".git". */
static void last_component(const char *s, char *out, size_t len)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && s[start - 1] != '/' && s[start - 1] != ':')
		start--;
	size_t k = n - start;
	if (k > 4 && strncmp(s + n - 4, ".git", 4) == 0)
		k -= 4;
	snprintf(out, len, "%.*s", (int)k, s + start);
}

/* url without the user and password of "scheme://user:pass@host/..." (CI checkouts put a
 * token there; the userinfo ends at the authority's last '@', as a password may hold an
 * unencoded one); scp-like "git@host:path" keeps its user, which is no secret. */
static void strip_credentials(const char *url, char *out, size_t len)
{
	const char *scheme = strstr(url, "://");
	const char *host = scheme ? scheme + 3 : NULL;
	size_t authority = host ? strcspn(host, "/?#") : 0;
	const char *at = NULL;
	for (size_t i = 0; i < authority; i++)
		if (host[i] == '@')
			at = host + i;
	if (at)
		snprintf(out, len, "%.*s%s", (int)(host - url), url, at + 1);
	else
		snprintf(out, len, "%s", url);
}

static void read_origin(git_repository *repo, struct git_identity *id)
{
	git_config *cfg;
	git_buf url = GIT_BUF_INIT;
	if (git_repository_config_snapshot(&cfg, repo) != 0)
		return;
	if (git_config_get_string_buf(&url, cfg, "remote.origin.url") == 0 && url.ptr) {
		strip_credentials(url.ptr, id->uri, sizeof(id->uri));
		last_component(id->uri, id->name, sizeof(id->name));
	}
	git_buf_dispose(&url);
	git_config_free(cfg);
}

/* The commit time of oid, in UTC. */
static void read_date(git_repository *repo, const git_oid *oid, struct git_identity *id)
{
	git_commit *commit;
	if (git_commit_lookup(&commit, repo, oid) != 0)
		return;
	time_t t = (time_t)git_commit_time(commit);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(id->date, sizeof(id->date), "%Y-%m-%d %H:%M UTC", &tm);
	git_commit_free(commit);
}

static void read_head(git_repository *repo, struct git_identity *id)
{
	git_oid oid;
	if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
		git_oid_tostr(id->commit, sizeof(id->commit), &oid);
		read_date(repo, &oid, id);
	}
	git_reference *head;
	if (git_repository_head(&head, repo) != 0)
		return;
	if (git_reference_is_branch(head))
		snprintf(id->branch, sizeof(id->branch), "%s", git_reference_shorthand(head));
	git_reference_free(head);
}

/* root: the work tree, resolved, ending in '/'. */
static void read_root(git_repository *repo, struct git_identity *id)
{
	const char *wd = git_repository_workdir(repo);
	char real[PATH_MAX];
	if (wd && realpath(wd, real))
		snprintf(id->root, sizeof(id->root), "%s%s", real,
			 real[strlen(real) - 1] == '/' ? "" : "/");
}

void git_identity_read(struct git_identity *id, const char *path)
{
	memset(id, 0, sizeof(*id));
	git_repository *repo;
	if (git_open_repository(&repo, path) == 0) {
		read_root(repo, id);
		read_head(repo, id);
		read_origin(repo, id);
		git_repository_free(repo);
	}
	char cwd[PATH_MAX];
	if (!id->name[0])
		last_component(id->root[0] ? id->root : getcwd(cwd, sizeof(cwd)) ? cwd : "",
			       id->name, sizeof(id->name));
}
