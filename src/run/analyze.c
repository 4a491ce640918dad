/*
 * analyze.c - the middle stages of a run (see run_analyze in run.h): the keys from the git
 * index, the cache's answers, then the engine over what is left. The pool is the engine;
 * when no worker can start at all and the user allows it, the in-process engine runs the
 * same jobs with the same hooks.
 */
#include "config.h"
#include "run/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "engine/proc.h"
#include "git/keys.h"
#include "run/exitcode.h"
#include "run/load.h"
#include "run/lookup.h"
#include "run/progress.h"
#include "run/remote.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/msg.h"

#ifndef ASSAY_LIBEXECDIR
#define ASSAY_LIBEXECDIR ""
#endif

int run_engine_params(const struct run_params *p, uint32_t flags, struct engine_params *ep)
{
	engine_params_default(ep);
	if (p->jobs > 0)
		ep->jobs = p->jobs;
	ep->mode = p->sandbox;
	ep->analyze_flags = flags | (p->modified ? ANALYZE_MODIFIED_CCN : 0);
	run_lang_flags(p, ep->lang_flags);
	/* A file's deadline: --timeout, plus as much again per MiB (engine_timeout_of). */
	ep->timeout_base = p->timeout;
	ep->timeout_per_mb = p->timeout;
	ep->retries = (unsigned)p->retries;
	ep->retry_delay = p->retry_delay;
	ep->memory_total = p->memory;
	ep->memory_limit = (512ull << 20) + 100ull * p->max_size;	/* the cap */
	ep->max_file = p->max_size;
#ifdef ASSAY_SANITIZERS
	ep->memory_limit = 0;	/* ASan reserves terabytes of address space */
#endif
	ep->worker_path = proc_find_worker(ASSAY_LIBEXECDIR);
	ep->libexecdir = ASSAY_LIBEXECDIR;
	if (!ep->worker_path) {
		error_msg("cannot find assay-worker next to this program or in %s",
			  ASSAY_LIBEXECDIR[0] ? ASSAY_LIBEXECDIR : "libexecdir");
		return -1;
	}
	return 0;
}

/* Whether a file not keyed yet changed after the cache was last written (written_ns, 0
 * unknown): then no run has measured this content yet, most likely. One that did not
 * change since was most likely measured by that run, or an earlier one (a file edited and
 * not committed, run on again); at worst, when another repository's run wrote the cache
 * since, its worker starts once the cache has missed, not before. */
static int changed_since(const struct file_entry *f, int64_t written_ns)
{
	return !written_ns || f->mtime_ns <= 0 || f->mtime_ns >= written_ns
	       || f->ctime_ns >= written_ns;
}

/* The jobs: every file not settled yet. */
static struct engine_job *pending_jobs(const struct run *r, size_t *n)
{
	struct engine_job *jobs = xcalloc(r->list.nfiles + 1, sizeof(*jobs));
	int64_t written_ns = lookup_cache_written_ns(r);
	*n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		if (r->state[i].done)
			continue;
		const struct file_entry *f = &r->list.files[i];
		const struct file_change *c = r->changes ? &r->changes[i] : NULL;
		const struct file_key *k = &r->list.keys[i];
		/* Keyed and still pending: the cache missed it. Else not keyed: a miss when it
		 * changed since the cache was last written, unless git's index holds an entry
		 * of its size (a file only touched, by a checkout or a build, keeps its size
		 * and is most likely a hit). */
		int likely_miss = !lookup_will_have_cache(r) || k->has_oid
				  || (!k->index_same_size && changed_since(f, written_ns));
		jobs[(*n)++] = (struct engine_job){ i, f->lang, f->size, c ? c->priority : 0,
						    c ? c->changed_lines : 0, f->path, likely_miss };
	}
	return jobs;
}

/* An analysis that could not run, or ran with less sandbox than asked, is said on stderr. */
static void say_engine_outcome(const struct run *r, int rc)
{
	const struct engine_stats *es = &r->engine;
	if (rc < 0 || es->unavailable)
		log_event(LOG_ERROR, "sandbox.unavailable", NULL, "analysis could not run: %s%s",
			  es->why_unavailable, r->p->sandbox == SANDBOX_MODE_STRICT || es->inprocess
				  ? "" : " (--allow-unsandboxed would analyze in-process)");
	else if (r->p->sandbox == SANDBOX_MODE_AUTO && es->got_level
		 && es->level < SANDBOX_LEVEL_FULL)
		log_event(LOG_WARNING, "sandbox.degraded", NULL,
			  "workers ran with resource limits only: %s", es->detail);
	if (*r->sig.stop && *r->sig.stop != STOP_OUT_OF_MEMORY)	/* that one: run_report */
		log_event(LOG_WARNING, "run.interrupted", NULL, "interrupted by %s: reporting what "
			  "was measured, marked incomplete", signal_name((int)*r->sig.stop));
}

/* The pool over the pending files; when no worker starts at all and --allow-unsandboxed
 * allows it, the in-process engine over the same jobs. */
static int run_engines(struct run *r, const struct engine_params *ep)
{
	struct engine_hooks hooks;
	size_t njobs;
	load_hooks(r, &hooks);
	struct engine_job *jobs = pending_jobs(r, &njobs);
	int rc = engine_pool.run(ep, jobs, njobs, &hooks, &r->engine, r->sig.stop, r->sig.wake_fd);
	progress_end(r);
	if ((rc < 0 || r->engine.unavailable) && r->p->allow_unsandboxed
	    && r->p->sandbox != SANDBOX_MODE_STRICT && !*r->sig.stop) {
		log_event(LOG_WARNING, "analysis.inprocess", NULL, "no worker could start (%s): "
			  "analyzing in this process WITHOUT any sandbox, as --allow-unsandboxed "
			  "permits: a hostile file can now crash or compromise this run and reach "
			  "everything this user can", r->engine.why_unavailable);
		free(jobs);
		jobs = pending_jobs(r, &njobs);
		struct engine_stats in;
		rc = engine_inprocess.run(ep, jobs, njobs, &hooks, &in, r->sig.stop, r->sig.wake_fd);
		/* The pool's counters stay (the workers it tried), with what ran instead. */
		r->engine.inprocess = 1;
		r->engine.unavailable = in.unavailable;
		if (in.unavailable) {
			char pool_why[sizeof(r->engine.why_unavailable)];
			memcpy(pool_why, r->engine.why_unavailable, sizeof(pool_why));
			snprintf(r->engine.why_unavailable, sizeof(r->engine.why_unavailable),
				 "%.60s; the in-process engine cannot run either: %.150s", pool_why,
				 in.why_unavailable);
		}
		r->engine.interrupted = in.interrupted;
		r->engine.budget_exceeded = in.budget_exceeded;
		r->engine.analyzed += in.analyzed;
		r->engine.deaths += in.deaths;
		r->engine.crashes += in.crashes;
		r->engine.timeouts += in.timeouts;
		engine_stats_free(&in);
	}
	free(jobs);
	return rc;
}

int run_analyze(struct run *r)
{
	r->t.discovered = now_seconds();
	if (!*r->sig.stop)
		keys_from_git_index(&r->list);
	lookup_open_for_keyed(r);
	r->t.keyed = now_seconds();
	int rc = lookup_open_remote(r);
	if (rc)
		return rc;
	lookup_prepass(r);
	remote_lookup(r);
	load_scripts(r);
	r->t.cached = now_seconds();
	struct engine_params ep;
	if (run_engine_params(r->p, r->analyze_flags, &ep) < 0)
		return EXIT_INTERNAL;
	ep.deadline = r->p->budget > 0 ? r->t.start + r->p->budget : 0;
	ep.trace = r->p->trace_path != NULL;
	r->jobs = ep.jobs;
	progress_start(r);
	rc = run_engines(r, &ep);
	free((char *)ep.worker_path);
	lookup_need(r);	/* opened for the report's account if no file asked it */
	lookup_flush(r);
	remote_store(r);
	r->t.analyzed = now_seconds();
	say_engine_outcome(r, rc);
	return rc < 0 ? -1 : 0;
}
