/*
 * identity.h - which repository and revision a run measured, for the reports that name it
 * (SARIF's repository-relative URIs and versionControlProvenance, Prometheus' project label,
 * the HTML page's header). Supervisor only; it reads the repository, never the network.
 */
#ifndef ASSAY_GIT_IDENTITY_H
#define ASSAY_GIT_IDENTITY_H

#include <limits.h>

struct git_identity {
	char name[128];		/* the project: origin's last path component without .git,
				   else the work tree's (or the current directory's) folder */
	char root[PATH_MAX + 2];	/* the work tree, absolute, ending in '/'; "" outside git */
	char commit[41];	/* HEAD's commit id in hex; "" when there is none */
	char branch[128];	/* HEAD's branch; "" when detached or unborn */
	char uri[512];		/* remote.origin.url without user or password; "" if none */
	char date[32];		/* HEAD's commit time, "YYYY-MM-DD HH:MM UTC"; "" if none */
};

/* Fills id for the repository around path (any path the run measured; "." when none). */
void git_identity_read(struct git_identity *id, const char *path);

#endif
