/*
 * analyze.c - `assay [OPTIONS] [PATH...]`: measure the files under the paths (default .)
 * and report them.
 */
#include "cmd/cmd.h"

#include "report/formats.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "run/output.h"
#include "store/baseline.h"
#include "util/log.h"

/* The baseline's entries that match no function over the limits any more, among the
 * files the run measured (or that are gone), as one warning. */
static void report_unused_entries(struct run *r)
{
	struct baseline *b = r->baseline ? r->baseline : r->baseline_refused;
	if (!b || *r->sig.stop)
		return;
	struct baseline_judge j;
	char sample[600];
	run_baseline_judge(r, b, &j);
	size_t n = baseline_unused(b, run_baseline_judged, &j, sample, sizeof(sample));
	run_baseline_judge_free(&j);
	if (n)
		log_event(LOG_WARNING, "baseline.unused", BASELINE_NAME, "%zu entries match no "
			  "function over the limits any more (%s%s): `assay baseline write --prune` "
			  "removes them", n, sample, n > 3 ? ", ..." : "");
}

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
		if (engine_rc == 0)
			report_unused_entries(&r);
		code = engine_rc > 0 ? engine_rc : run_report(&r, engine_rc);
	}
	lookup_close(&r);
	run_free(&r);
	return code;
}
