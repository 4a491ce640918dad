/*
 * analyze.c - `assay [OPTIONS] [PATH...]`: measure the files under the paths (default .)
 * and report them.
 */
#include "cmd/cmd.h"

#include "report/formats.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "run/output.h"

int cmd_analyze(const struct run_params *p, struct run_signals sig)
{
	struct run r;
	run_init(&r, p, sig);
	int code = run_read_baseline(&r);
	if (code == 0) {
		/* When every report shows violations only, units under the limits are dropped
		 * as soon as each file is final, and the cache's summaries are read while the
		 * tree is walked. */
		r.prune = !output_shows(p, REPORT_EVERY_UNIT);
		lookup_open(&r, r.prune);
		code = run_discover(&r, (const char *const *)p->paths, p->npaths);
	}
	if (code == 0) {
		int engine_rc = run_analyze(&r);
		code = engine_rc > 0 ? engine_rc : run_report(&r, engine_rc);
	}
	lookup_close(&r);
	run_free(&r);
	return code;
}
