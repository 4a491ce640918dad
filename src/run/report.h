/*
 * report.h - the run's last stage: its model for the reports (report/model.h), built
 * from the run's state, the engine's counters and the cache's.
 */
#ifndef ASSAY_RUN_REPORT_H
#define ASSAY_RUN_REPORT_H

#include "git/identity.h"
#include "report/model.h"
#include "run/run.h"

/* What the model points into, owned by the run's report stage. */
struct run_view {
	struct report_file *files;
	struct model_engine engine;
	struct model_cache cache;
	struct model_remote remote;
	struct model_strict strict;
	struct model_setting *ignored;	/* strict.ignored */
	char *assay_file;		/* strict.assay_file */
	char *root_prefix;		/* m->root_prefix */
	char sandbox_from[PATH_MAX + 64];	/* m->sandbox_from */
	struct git_identity identity;
	char **repo_paths;		/* each file's repo_path (REPORT_IDENTITY), or NULL */
	size_t nrepo_paths;
	struct model_shard shard;
	uint8_t *shard_keys;		/* shard.keys */
	struct increment **increments;	/* each file's increments (REPORT_INCREMENTS), or NULL */
	size_t nincrements;
};

/* Fills m (and the view it points into) from the finished run r. */
void run_model_build(const struct run *r, struct run_view *v, struct run_model *m);
void run_view_free(struct run_view *v);

#endif
