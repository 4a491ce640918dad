/*
 * main.c - assay's entry point: picks the command, runs discovery, the worker pool and
 * the reports, and turns the outcome into the exit status. Only this file exits.
 *
 * Commands: the default (analyze PATHs), explain, languages, version, help. Exit codes
 * are the same in every format: 0 clean, 1 violations, 2 usage, 3 incomplete when asked
 * to fail on it, 4 internal error or sandbox unavailable, 128+signal when interrupted.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "sandbox/sandbox.h"
#include <tree_sitter/api.h>

#include "analyze/analyze.h"
#include "config/options.h"
#include "cmd/cmd.h"
#include "files/discover.h"
#include "grammars/versions.h"
#include "store/baseline.h"
#include "store/cache.h"
#include "engine/inprocess.h"
#include "git/keys.h"
#include "git/view.h"
#include "util/log.h"
#include "config/params.h"
#include "run/trace.h"
#include "report/model.h"
#include "engine/pool.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/msg.h"

#ifndef ASSAY_LIBEXECDIR
#define ASSAY_LIBEXECDIR ""
#endif

enum { EXIT_CLEAN = 0, EXIT_VIOLATIONS = 1, EXIT_USAGE = 2, EXIT_INCOMPLETE = 3,
       EXIT_INTERNAL = 4 };

static volatile sig_atomic_t stop_signal;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	stop_signal = sig;
	if (wake_pipe[1] >= 0)
		(void)!write(wake_pipe[1], "x", 1);
	errno = saved;
}

static void install_signals(void)
{
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		wake_pipe[0] = wake_pipe[1] = -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* dead workers and `assay | head` become EPIPE */
	signal(SIGXFSZ, SIG_IGN);	/* a file-size limit is a write error (EFBIG), not death */
}

int pool_setup(struct pool_options *popt, const struct cli_options *opt,
		      uint32_t flags)
{
	pool_options_default(popt);
	if (opt->jobs > 0)
		popt->jobs = opt->jobs;
	popt->mode = opt->sandbox;
	popt->analyze_flags = flags | (opt->modified ? ANALYZE_MODIFIED_CCN : 0);
	popt->timeout_base = opt->timeout;
	popt->timeout_per_mb = opt->timeout;
	popt->max_size = opt->max_size;
	popt->memory_limit = (512ull << 20) + 100ull * opt->max_size;	/* the cap */
#ifdef ASSAY_SANITIZERS
	popt->memory_limit = 0;	/* ASan reserves terabytes of address space */
#endif
	popt->worker_path = pool_find_worker(ASSAY_LIBEXECDIR);
	if (!popt->worker_path) {
		error_msg("cannot find assay-worker next to this program or in %s",
			  ASSAY_LIBEXECDIR[0] ? ASSAY_LIBEXECDIR : "libexecdir");
		return -1;
	}
	return 0;
}

enum { REPORT_OK = 0, REPORT_FAILED = -1, REPORT_PIPE_CLOSED = -2 };

/* Writes the report for standard output. */
static int write_stdout_report(const struct report_format *fmt, const struct run_model *m,
			       const struct cli_options *opt)
{
	const char *no_color = getenv("NO_COLOR");
	struct report_options ropt = { 0, opt->verbose };
	ropt.color = opt->color == 1 || (opt->color == -1 && isatty(1) && !(no_color && no_color[0]));
	int rc = fmt->write(stdout, m, &ropt);
	if (fflush(stdout) == 0 && rc == 0)
		return REPORT_OK;
	if (errno == EPIPE)
		return REPORT_PIPE_CLOSED;	/* `assay | head`: end quietly */
	error_msg("writing the report to standard output: %s", strerror(errno));
	return REPORT_FAILED;
}

/* Writes a report file beside its target and renames it, so a reader never sees half a
 * report and a full disk leaves the previous one in place. */
static int write_file_report(const struct report_format *fmt, const char *path,
			     const struct run_model *m, const struct cli_options *opt)
{
	struct report_options ropt = { 0, opt->verbose };
	size_t n = strlen(path) + 32;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	int rc = f ? fmt->write(f, m, &ropt) : -1;
	int saved = errno;
	if (f && fclose(f) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, path) < 0) {
		rc = -1;
		saved = errno;
	}
	if (rc < 0) {
		error_msg("%s: cannot write report: %s", path, strerror(saved));
		unlink(tmp);
	}
	free(tmp);
	return rc < 0 ? REPORT_FAILED : REPORT_OK;
}

/* Every report the command line asked for; the worst outcome. */
static int write_reports(const struct run_model *m, const struct cli_options *opt)
{
	int rc = write_stdout_report(opt->format, m, opt);
	for (size_t i = 0; i < opt->noutputs; i++)
		if (write_file_report(opt->outputs[i].format, opt->outputs[i].path, m, opt) < 0)
			rc = REPORT_FAILED;
	return rc;
}

/* Files skipped for a reason worth a line (not excluded or of no language we read). */
static size_t notable_skips(const struct run_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->list->nfiles; i++) {
		const struct file_entry *f = &m->list->files[i];
		n += f->done && f->rec.status == FILE_SKIPPED
		     && !cause_is_routine((enum cause)f->rec.cause);
	}
	return n;
}

/* What --fail-on adds: 3 for an incomplete analysis, 4 for the sandbox; 0 for nothing. */
static int fail_on_code(const struct run_model *m, const struct pool_stats *ps, uint32_t fail_on)
{
	int degraded = ps->inprocess || (ps->got_level && ps->level < SANDBOX_LEVEL_FULL);
	if (((fail_on & FAIL_ON_DEGRADED) && degraded)
	    || ((fail_on & FAIL_ON_VIOLATION) && ps->violations))
		return EXIT_INTERNAL;
	if (((fail_on & FAIL_ON_INCOMPLETE) && model_incomplete(m))
	    || ((fail_on & FAIL_ON_PARTIAL) && m->by_status[FILE_PARTIAL])
	    || ((fail_on & FAIL_ON_SKIPPED) && notable_skips(m)))
		return EXIT_INCOMPLETE;
	return 0;
}

/* The exit status: interrupted, then could not run, then the worst of violations (1,
 * unless -i forgives that many) and what --fail-on asked for (3, 4). */
static int exit_code_for(const struct run_model *m, const struct pool_stats *ps, int pool_rc,
			 uint32_t fail_on, long ignore_warnings)
{
	if (ignore_warnings < 0)
		ignore_warnings = 0;	/* -i: that many violating functions still exit 0 */
	if (m->interrupted)
		return 128 + m->interrupted;
	if (pool_rc < 0 || ps->unavailable)
		return EXIT_INTERNAL;
	int code = m->violating_units > (size_t)ignore_warnings ? EXIT_VIOLATIONS : EXIT_CLEAN;
	int extra = fail_on_code(m, ps, fail_on);
	return extra > code ? extra : code;
}

struct phase_times {
	double start, discovered, keyed, cached, analyzed, reported;
};

/* --stats: one line on standard error a script can parse, then one per worker. */
static void print_stats(const struct run_model *m, const struct phase_times *t)
{
	uint64_t bytes = 0, hits, misses;
	size_t analyzed = 0, keyed = 0;
	for (size_t i = 0; i < m->list->nfiles; i++) {
		const struct file_entry *f = &m->list->files[i];
		keyed += f->from_index;
		if (f->done && f->rec.status <= FILE_FALLBACK) {
			bytes += f->size;
			analyzed++;
		}
	}
	model_cache_totals(m, &hits, &misses);
	double analyze = t->analyzed - t->cached, total = t->reported - t->start;
	const struct pool_stats *ps = m->pool;
	int workers = ps->slots ? ps->slots : m->jobs;
	/* Speed-up: worker time over wall time; efficiency: that over the workers used. */
	double speedup = analyze > 0 ? ps->busy_seconds / analyze : 0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "assay-stats: discover=%.3fs key=%.3fs cache=%.3fs analyze=%.3fs "
		"report=%.3fs total=%.3fs files=%zu analyzed=%zu keyed=%zu bytes=%llu files_per_s=%.0f "
		"mb_per_s=%.2f workers=%d worker_deaths=%u utilization=%.2f speedup=%.2f "
		"efficiency=%.2f cache_hit_rate=%.3f peak_rss_kb=%ld\n",
		t->discovered - t->start, t->keyed - t->discovered, t->cached - t->keyed, analyze,
		t->reported - t->analyzed, total, m->list->nfiles, analyzed, keyed,
		(unsigned long long)bytes, total > 0 ? analyzed / total : 0,
		total > 0 ? bytes / total / 1048576.0 : 0, workers, ps->deaths,
		workers ? speedup / workers : 0, speedup, workers ? speedup / workers : 0,
		hits + misses ? (double)hits / (double)(hits + misses) : 0, ru.ru_maxrss);
	for (int w = 0; w < workers && w < POOL_MAX_SLOTS; w++)
		fprintf(stderr, "assay-stats: worker=%d busy=%.3fs utilization=%.2f\n", w + 1,
			ps->slot_busy[w], analyze > 0 ? ps->slot_busy[w] / analyze : 0);
}

/* Discovery and the pool; returns the pool's result (-1: it could not run at all). */
/* Everything one analysis run holds. */
struct run {
	struct cli_options opt;
	struct file_list list;
	struct pool_stats ps;
	struct cache *cache;
	char cache_note[600];		/* why there is no cache, or what went wrong with it */
	struct run_config rc;
	struct git_view *git;		/* assay precommit/diff: where the files come from */
	double budget;			/* seconds for the whole run; 0 none */
	int gate_all;			/* --all: gate unchanged functions too */
	const char *gate_note;
	struct baseline *baseline;	/* .assay-baseline, when there is one */
	int writing_baseline;		/* assay baseline write: accept nothing from it */
	int jobs;
	int prune;			/* keep only violating units (see model_prune) */
	int progress;			/* show progress on stderr */
	int progress_shown;
	double progress_at;
	struct phase_times t;
};

static int reports_include(const struct cli_options *opt, const char *const *names);

/* Whether every report asked for can do with the violating units only. The JSON, CSV,
 * HTML and Prometheus reports list or average every unit; the others show violations. */
static int reports_need_all_units(const struct cli_options *opt)
{
	static const char *const all_units[] = { "json", "csv", "csv-lizard", "html", "prometheus",
						 NULL };
	return reports_include(opt, all_units);
}

/* Whether one of the reports asked for is one of names (NULL-terminated). */
static int reports_include(const struct cli_options *opt, const char *const *names)
{
	for (size_t i = 0; i <= opt->noutputs; i++) {
		const char *name = i < opt->noutputs ? opt->outputs[i].format->name : opt->format->name;
		for (const char *const *n = names; *n; n++)
			if (strcmp(name, *n) == 0)
				return 1;
	}
	return 0;
}

/* The limits that apply to f. */
static const struct thresholds *file_limits(const struct run *r, const struct file_entry *f)
{
	return f->limits ? f->limits : &r->opt.thresholds;
}

/* A file's result is final: what the baseline accepts is marked, and on a large tree
 * only what the reports need is kept. */
static void settle(struct run *r, struct file_entry *f)
{
	char buf[2 * PATH_MAX];
	const char *path = r->baseline && f->done && f->rec.status <= FILE_FALLBACK
				   ? runconfig_repo_path(&r->rc, &r->list, f, buf, sizeof(buf)) : NULL;
	if (path)
		baseline_apply(r->baseline, path, f, file_limits(r, f));
	if (r->prune)
		model_prune(f, file_limits(r, f));
}

/* Pool hook: "files done of total, rate, time left" on stderr, ten times a second at most,
 * only where --progress allows (a terminal by default). */
static void show_progress(void *ctx, size_t done, size_t total)
{
	struct run *r = ctx;
	double now = now_seconds();
	if (!r->progress || (now - r->progress_at < 0.1 && done < total))
		return;
	r->progress_at = now;
	double rate = done / (now - r->t.cached > 0.001 ? now - r->t.cached : 0.001);
	double left = rate > 0 ? (total - done) / rate : 0;
	fprintf(stderr, "\r\033[Kassay: %zu/%zu files, %.0f files/s, %d:%02d left", done, total,
		rate, (int)left / 60, (int)left % 60);
	fflush(stderr);
	r->progress_shown = 1;
}

static void end_progress(struct run *r)
{
	if (r->progress_shown)
		fputs("\r\033[K", stderr);
	r->progress_shown = 0;
}

/* Answers f from the cache; 1 on a hit. When the reports show violations only, a summary
 * that keeps every unit over f's limits settles it without inflating the whole record. */
static int from_cache(struct run *r, struct file_entry *f)
{
	struct record rec;
	struct record_summary s;
	const long *limits = r->prune ? file_limits(r, f)->limit : NULL;
	int hit = cache_get(r->cache, f->oid, f->lang, limits, &rec, &s);
	if (!hit)
		return 0;
	record_clear(&f->rec);
	f->rec = rec;
	if (hit == CACHE_HIT_SUMMARY)
		model_take_summary(f, s.nunits);
	else
		f->done = 1;
	settle(r, f);
	return 1;
}

/* Pool hook: the file's bytes are read; key them and answer from the cache if we can. */
static int cache_on_loaded(void *ctx, struct file_entry *f, const uint8_t *data, size_t len)
{
	struct run *r = ctx;
	if (runconfig_generated(&r->rc, data, len)) {
		file_set_verdict(f, FILE_SKIPPED, CAUSE_GENERATED, NULL);
		return 1;
	}
	if (!r->cache)
		return 0;	/* the key is for the cache alone: no hashing without one */
	if (!f->has_oid) {
		keys_hash(data, len, f->oid);
		f->has_oid = 1;
	}
	if (f->cache_checked)
		return 0;
	f->cache_checked = 1;	/* a miss counts once (sniff_scripts reads some files twice) */
	return from_cache(r, f);
}

/* Pool hook: a worker's verdict on a file is final; store it, crashes and timeouts too
 * (a hostile file costs once). */
static void cache_on_result(void *ctx, struct file_entry *f)
{
	struct run *r = ctx;
	if (r->cache && f->done && f->has_oid && f->worker_verdict)
		cache_put(r->cache, f->oid, f->lang, &f->rec, f->cost_us, file_limits(r, f)->limit);
	settle(r, f);
}

/* Opens the cache unless --no-cache; a cache that cannot be used is a warning only. */
static void open_cache(struct run *r)
{
	if (r->opt.no_cache) {
		snprintf(r->cache_note, sizeof(r->cache_note), "off (--no-cache)");
		return;
	}
	char *dir = cache_default_dir(r->opt.cache_dir);
	char warning[512] = "";
	uint64_t engines[LANG_COUNT];
	cache_engine_ids(r->opt.modified ? ANALYZE_MODIFIED_CCN : 0, engines);
	if (dir)
		r->cache = cache_open(dir, engines, warning, sizeof(warning));
	else
		snprintf(warning, sizeof(warning), "no cache directory: set --cache-dir, "
			 "ASSAY_CACHE_DIR, XDG_CACHE_HOME or HOME");
	if (warning[0])
		log_event(LOG_WARNING, strstr(warning, "corrupt") ? "cache.recovered" : "cache.disabled",
			  NULL, "%s", warning);
	if (!r->cache)
		snprintf(r->cache_note, sizeof(r->cache_note), "off (%s)", warning);
	free(dir);
}

/* Files whose key came from the git index are answered before any file is read. */
/* A file the cache may answer before it is read: keyed from the git index. One of no
 * language yet (extension-less) can only be answered as not analyzable (tree_loader). */
static int keyed_pending(const struct file_entry *f)
{
	return !f->done && f->has_oid;
}

/* When the reports need violations only: as many files as one scan of the cache's
 * summaries settles (see cache_scan), before any is looked up alone. */
static void cache_scan_summaries(struct run *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		n += keyed_pending(&r->list.files[i]);
	if (!r->prune || n == 0)
		return;
	struct cache_query *q = xcalloc(n, sizeof(*q));
	size_t *file_of = xmalloc(n * sizeof(*file_of));
	n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		struct file_entry *f = &r->list.files[i];
		if (!keyed_pending(f))
			continue;
		record_clear(&f->rec);	/* a pending file's record is empty */
		q[n] = (struct cache_query){ .oid = f->oid, .lang = f->lang, .rec = &f->rec,
					     .limits = file_limits(r, f)->limit };
		file_of[n++] = i;
	}
	if (cache_scan(r->cache, q, n) > 0)
		for (size_t k = 0; k < n; k++) {
			struct file_entry *f = &r->list.files[file_of[k]];
			if (!q[k].answered)
				continue;
			f->cache_checked = 1;
			model_take_summary(f, q[k].nunits);
			settle(r, f);
		}
	free(q);
	free(file_of);
}

/* Pool hook: reads a file from the tree. The content of an extension-less file keyed
 * from the git index that turns out to be no language we know (no #! line we know,
 * binary, a git-lfs pointer) is remembered by the cache under LANG_NONE, so the next run
 * need not open it (see cache_prepass). */
static int tree_loader(void *ctx, struct file_entry *f, struct wbuf *bytes)
{
	struct run *r = ctx;
	if (!discover_read(&r->list, f, r->opt.max_size, bytes))
		return 0;
	enum lang_id named = f->lang;
	if (discover_settle(f, bytes))
		return 1;
	if (named == LANG_NONE && f->has_oid)
		cache_put(r->cache, f->oid, LANG_NONE, &f->rec, 0, NULL);
	return 0;
}

/* Pool hook for files from git objects (assay precommit, assay diff). */
static int git_loader(void *ctx, struct file_entry *f, struct wbuf *bytes)
{
	struct run *r = ctx;
	struct cause_note why;
	if (!f->from_git)
		return tree_loader(ctx, f, bytes);
	int rc = git_view_load(r->git, f->oid, r->opt.max_size, bytes, &why);
	if (rc != 0) {
		file_set_verdict(f, rc > 0 ? FILE_SKIPPED : FILE_FAILED, why.cause, why.detail);
		return 0;
	}
	return discover_settle(f, bytes);
}

/* Extension-less files keyed from the index that the cache could not answer as no
 * language (scripts, mostly) are read now: one whose #! line names a language may be
 * answered by the cache too, and then no worker is needed. One it cannot answer is read
 * again when it is sent. */
static void sniff_scripts(struct run *r)
{
	struct wbuf bytes;
	wbuf_init(&bytes);
	for (size_t i = 0; i < r->list.nfiles; i++) {
		struct file_entry *f = &r->list.files[i];
		if (!keyed_pending(f) || f->lang != LANG_NONE)
			continue;
		if ((r->git ? git_loader : tree_loader)(r, f, &bytes))
			cache_on_loaded(r, f, bytes.data, bytes.len);
	}
	wbuf_free(&bytes);
}

static void cache_prepass(struct run *r)
{
	if (!r->cache)
		return;
	cache_hold_reads(r->cache);
	cache_scan_summaries(r);
	for (size_t i = 0; i < r->list.nfiles; i++) {
		struct file_entry *f = &r->list.files[i];
		if (!keyed_pending(f))
			continue;
		/* Once read, an extension-less script may have a language to look up. */
		f->cache_checked = f->lang != LANG_NONE;
		from_cache(r, f);
	}
	sniff_scripts(r);
	cache_release_reads(r->cache);
}

/* The last resort when no worker starts at all (see inprocess.h): the same options,
 * loader and hooks as the pool. */
static int fall_back_in_process(struct run *r, const struct pool_options *popt)
{
	log_event(LOG_WARNING, "analysis.inprocess", NULL, "no worker could start (%s): analyzing "
		  "in this process WITHOUT any sandbox, as --allow-unsandboxed permits",
		  r->ps.why_unavailable);
	inprocess_run(popt, &r->list, &stop_signal);
	r->ps.inprocess = 1;
	r->ps.unavailable = 0;
	r->ps.interrupted = (int)stop_signal;
	return 0;
}

/* An analysis that could not run, or ran with less sandbox than asked, is said on stderr. */
static void say_pool_outcome(const struct run *r, int rc)
{
	if (rc < 0 || r->ps.unavailable)
		log_event(LOG_ERROR, "sandbox.unavailable", NULL, "analysis could not run: %s%s",
			  r->ps.why_unavailable, r->opt.sandbox == SANDBOX_MODE_STRICT
				  ? "" : " (--allow-unsandboxed would analyze in-process)");
	else if (r->opt.sandbox == SANDBOX_MODE_AUTO && r->ps.got_level
		 && r->ps.level < SANDBOX_LEVEL_FULL)
		log_event(LOG_WARNING, "sandbox.degraded", NULL,
			  "workers ran with resource limits only: %s", r->ps.detail);
	if (stop_signal)
		log_event(LOG_WARNING, "run.interrupted", NULL, "interrupted by %s: reporting what "
			  "was measured, marked incomplete", signal_name((int)stop_signal));
}

/* Discovery of the command-line paths; returns 0 or an exit status. */
static int discover_files(struct run *r)
{
	static const char *const here[] = { "." };
	const struct cli_options *opt = &r->opt;
	const char *const *paths = opt->npaths ? (const char *const *)opt->paths : here;
	atomic_uint *hits = xcalloc(opt->nexcludes + 1, sizeof(*hits));
	struct discover_options dopt = { (const char *const *)opt->excludes, opt->nexcludes, hits,
					 opt->max_size, opt->language_mask, opt->no_git };
	char err[512];
	int rc = discover(&r->list, paths, opt->npaths ? opt->npaths : 1, &dopt, err, sizeof(err));
	if (rc == 0)
		discover_hint_unmatched(&dopt, &r->list);
	free(hits);
	if (rc < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	runconfig_apply(&r->rc, &r->list);
	return 0;
}

/* Keys, cache and the pool over r->list; returns 0, -1 when the pool could not run at
 * all, or an exit status (> 0) when nothing could start. */
static int analyze_files(struct run *r)
{
	const struct cli_options *opt = &r->opt;
	r->t.discovered = now_seconds();
	if (!r->cache && !r->cache_note[0])
		open_cache(r);
	keys_from_git_index(&r->list);
	r->t.keyed = now_seconds();
	cache_prepass(r);
	r->t.cached = now_seconds();
	struct pool_options popt;
	if (pool_setup(&popt, opt, 0) < 0)
		return EXIT_INTERNAL;
	popt.on_loaded = cache_on_loaded;
	popt.on_result = cache_on_result;
	popt.on_progress = show_progress;
	popt.load = r->git ? git_loader : tree_loader;
	popt.deadline = r->budget > 0 ? r->t.start + r->budget : 0;
	popt.trace = opt->trace_path != NULL;
	popt.ctx = r;
	r->progress = opt->progress == 1 || (opt->progress == -1 && isatty(2));
	r->jobs = popt.jobs;
	int rc = pool_run(&popt, &r->list, &r->ps, &stop_signal, wake_pipe[0]);
	end_progress(r);
	if ((rc < 0 || r->ps.unavailable) && opt->allow_unsandboxed
	    && opt->sandbox != SANDBOX_MODE_STRICT && !stop_signal)
		rc = fall_back_in_process(r, &popt);
	free((char *)popt.worker_path);
	cache_flush(r->cache);
	r->t.analyzed = now_seconds();
	say_pool_outcome(r, rc);
	return rc < 0 ? -1 : 0;
}

/* After the reports: say what went wrong with the cache, and keep it under its cap. */
static void close_cache(struct run *r)
{
	if (!r->cache)
		return;
	if (cache_warning(r->cache)[0] && !strstr(r->cache_note, cache_warning(r->cache)))
		log_event(LOG_WARNING, "cache.disabled", NULL, "%s", cache_warning(r->cache));
	/* The file holds more than the stored values: only when it outgrows the cap are they
	 * summed (a scan of the whole table, not for every run). */
	struct cache_totals totals;
	if (cache_file_bytes(r->cache) > r->opt.cache_max && cache_totals(r->cache, &totals) == 0
	    && totals.bytes > r->opt.cache_max)
		cache_gc(r->cache, r->opt.cache_max, r->opt.cache_lfu);
	cache_close(r->cache);
	r->cache = NULL;
}

static void set_phases(struct run_model *m, const struct phase_times *t)
{
	m->phase_seconds[PHASE_DISCOVER] = t->discovered - t->start;
	m->phase_seconds[PHASE_KEY] = t->keyed - t->discovered;
	m->phase_seconds[PHASE_CACHE] = t->cached - t->keyed;
	m->phase_seconds[PHASE_ANALYZE] = t->analyzed - t->cached;
}

static int write_trace(const struct run *r, const struct run_model *m)
{
	struct trace_phases ph = { r->t.start, { r->t.discovered, r->t.keyed, r->t.cached,
						  r->t.analyzed, r->t.reported } };
	return trace_write(r->opt.trace_path, m, &r->ps, &ph);
}

/* The model of a finished run, its exit status, the reports, --stats and --trace. */
static int report_run(struct run *r, int pool_rc)
{
	struct run_model m;
	memset(&m, 0, sizeof(m));
	static const char *const list_sizes[] = { "json", NULL };
	if (reports_include(&r->opt, list_sizes))
		discover_size_skipped(&r->list);
	model_build(&m, &r->list, &r->opt.thresholds);
	m.pool = &r->ps;
	m.sandbox_mode = r->opt.sandbox;
	m.jobs = r->jobs;
	m.interrupted = r->ps.interrupted;
	m.cache = r->cache ? cache_counts(r->cache) : NULL;
	m.cache_note = r->cache_note;
	m.seconds = now_seconds() - r->t.start;
	set_phases(&m, &r->t);
	m.sort_metric = r->opt.sort_metric;
	m.gate_note = r->gate_note;
	int code = m.exit_code = exit_code_for(&m, &r->ps, pool_rc, r->opt.fail_on,
					       r->opt.ignore_warnings);
	if (write_reports(&m, &r->opt) == REPORT_FAILED && code < EXIT_INTERNAL)
		code = EXIT_INTERNAL;
	r->t.reported = now_seconds();
	if (r->opt.stats)
		print_stats(&m, &r->t);
	if (r->opt.trace_path && write_trace(r, &m) < 0 && code < EXIT_INTERNAL)
		code = EXIT_INTERNAL;
	return code;
}

/* Parses the command line and loads the configuration and the baseline; returns 0 or an
 * exit status. */
static int start_run(struct run *r, int argc, char **argv, const char *command)
{
	r->t.start = now_seconds();
	int code = cli_parse(&r->opt, argc, argv, command);
	if (code != 0)
		return code > 0 ? -1 : EXIT_USAGE;
	log_configure(r->opt.log_json ? LOG_JSON : LOG_TEXT, (enum log_level)r->opt.log_level);
	keys_init();
	if (runconfig_load(&r->rc, &r->opt) < 0)
		return EXIT_USAGE;
	char path[PATH_MAX + 32], err[600];
	snprintf(path, sizeof(path), "%s/.assay-baseline", r->rc.root);
	r->baseline = r->writing_baseline ? NULL : baseline_read(path, err, sizeof(err));
	if (err[0] && !r->writing_baseline) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	return 0;
}

static void end_run(struct run *r)
{
	close_cache(r);
	runconfig_free(&r->rc);
	pool_stats_free(&r->ps);
	git_view_free(r->git);
	baseline_free(r->baseline);
	keys_shutdown();
	file_list_free(&r->list);
	cli_free(&r->opt);
}

static int cmd_analyze(int argc, char **argv)
{
	struct run r;
	memset(&r, 0, sizeof(r));
	int code = start_run(&r, argc, argv, NULL);
	if (code == 0) {
		r.prune = !reports_need_all_units(&r.opt);
		/* The summaries are read while the tree is walked (see cache_prefetch). */
		open_cache(&r);
		if (r.prune)
			cache_prefetch(r.cache);
		int pool_rc = discover_files(&r);
		if (pool_rc == 0)
			pool_rc = analyze_files(&r);
		/* > 0: nothing ran (usage or setup error, already said) */
		code = pool_rc > 0 ? pool_rc : report_run(&r, pool_rc);
	}
	end_run(&r);
	return code < 0 ? EXIT_CLEAN : code;
}

static const char *baseline_path_of(void *ctx, const struct file_entry *f)
{
	static char buf[2 * PATH_MAX];
	struct run *r = ctx;
	return runconfig_repo_path(&r->rc, &r->list, f, buf, sizeof(buf));
}

/* assay baseline write [PATH...]: today's violators into .assay-baseline. */
static int cmd_baseline(int argc, char **argv)
{
	struct run r;
	memset(&r, 0, sizeof(r));
	r.writing_baseline = 1;
	if (argc < 2 || strcmp(argv[1], "write") != 0) {
		error_msg("usage: assay baseline write [PATH...]");
		return EXIT_USAGE;
	}
	int code = start_run(&r, argc - 1, argv + 1, "baseline");
	if (code == 0 && (code = discover_files(&r)) == 0) {
		int pool_rc = analyze_files(&r);
		struct run_model m;
		memset(&m, 0, sizeof(m));
		model_build(&m, &r.list, &r.opt.thresholds);
		char path[PATH_MAX + 32], err[600];
		snprintf(path, sizeof(path), "%s/.assay-baseline", r.rc.root);
		int n = pool_rc < 0 ? -1 : baseline_write(path, &m, baseline_path_of, &r, err, sizeof(err));
		if (n < 0)
			error_msg("%s", pool_rc < 0 ? "the analysis could not run" : err);
		else
			printf("wrote %s: %d functions over the limits\n", path, n);
		code = n < 0 ? EXIT_INTERNAL : EXIT_CLEAN;
	}
	end_run(&r);
	return code < 0 ? EXIT_CLEAN : code;
}

/* assay config [PATH]: the effective configuration and where each value came from. */
static int cmd_config(int argc, char **argv)
{
	struct cli_options opt;
	int rc = cli_parse(&opt, argc, argv, "config");
	if (rc != 0) {
		cli_free(&opt);
		return rc > 0 ? EXIT_CLEAN : EXIT_USAGE;
	}
	keys_init();
	struct run_config conf;
	rc = runconfig_load(&conf, &opt) < 0 ? EXIT_USAGE : EXIT_CLEAN;
	if (rc == EXIT_CLEAN) {
		struct wbuf b;
		wbuf_init(&b);
		settings_format(&conf.settings, &b);
		printf("# repository root: %s\n# user file: %s\n# repository file: %s\n", conf.root,
		       conf.user_file[0] ? conf.user_file : "(none)", conf.repo_file);
		fwrite(b.data ? (const char *)b.data : "", 1, b.len, stdout);
		wbuf_free(&b);
	}
	runconfig_free(&conf);
	keys_shutdown();
	cli_free(&opt);
	return rc;
}

/* ---- assay precommit, assay diff ------------------------------------------------- */

/* One changed file's version into the list: read from its git object, or (a work-tree
 * diff) from the work tree. */
static struct file_entry *add_version(struct run *r, const char *path, int side,
				      int in_object, const uint8_t *oid, uint64_t size)
{
	struct file_entry *f = discover_add(&r->list, 0, path);
	const struct assay_settings *s = &r->rc.settings;
	struct discover_options dopt = { (const char *const *)r->opt.excludes, r->opt.nexcludes,
					 NULL, r->opt.max_size, r->opt.language_mask,
					 r->opt.no_git };
	f->side = side;
	f->from_git = in_object;
	f->has_oid = in_object;
	memcpy(f->oid, oid, 20);
	f->size = size;
	f->lang = settings_language_for(s, path);
	if (f->lang == LANG_NONE)
		f->lang = language_by_path(path);
	f->priority = settings_is_critical(s, path) ? 2 : 1;
	const char *base = strrchr(path, '/');
	if (!settings_path_selected(s, path) || discover_excluded(&dopt, path, path))
		file_set_verdict(f, FILE_SKIPPED, CAUSE_EXCLUDED, NULL);
	else if (f->lang == LANG_NONE && strchr(base ? base + 1 : path, '.'))
		file_set_verdict(f, FILE_SKIPPED, CAUSE_UNKNOWN_LANGUAGE, NULL);
	return f;
}

/* The changed files, both versions, into r->list (old versions are dropped after gating). */
static int list_changes(struct run *r)
{
	const char *wd = git_view_workdir(r->git);
	if (!wd || discover_add_root(&r->list, wd) < 0) {
		error_msg("%s: cannot open the work tree", wd ? wd : "(bare repository)");
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < git_view_count(r->git); i++) {
		struct git_change c;
		if (!git_view_change(r->git, i, &c))
			continue;
		size_t at = r->list.nfiles;
		struct file_entry *f = add_version(r, c.new_path, 0, c.new_in_object, c.new_oid,
						   c.new_size);
		f->changed_lines = c.added_lines;
		if (!c.old_path || f->done)
			continue;
		struct file_entry *old = add_version(r, c.old_path, 1, 1, c.old_oid, c.old_size);
		old->partner = (long)at;
		r->list.files[at].partner = (long)(r->list.nfiles - 1);
	}
	return 0;
}

/* 1 when the old version holds a unit with the same body (unchanged, or only moved,
 * renamed, reformatted or re-commented). */
static int unchanged(const struct record *old, const struct unit *u)
{
	for (size_t i = 0; i < old->nunits; i++)
		if (old->units[i].body_hash == u->body_hash)
			return 1;
	return 0;
}

/* Keeps the new and changed units of a new version f (all of them with --all or when
 * there is no old version to compare with). */
static void gate_file(const struct run *r, struct file_entry *f, size_t *kept, size_t *total)
{
	const struct file_list *l = &r->list;
	const struct file_entry *old = f->partner >= 0 ? &l->files[f->partner] : NULL;
	int compare = !r->gate_all && old && old->done && old->rec.status <= FILE_FALLBACK;
	size_t n = 0;
	for (size_t k = 0; k < f->rec.nunits; k++) {
		if (compare && unchanged(&old->rec, &f->rec.units[k]))
			record_unit_free(&f->rec.units[k]);
		else
			f->rec.units[n++] = f->rec.units[k];
	}
	*total += f->rec.nunits;
	*kept += n;
	f->rec.nunits = n;
}

/* Keeps only new and changed units of each new version, unless --all; then drops the old
 * versions. Returns how many units were kept of how many. */
static void gate_changes(struct run *r, size_t *kept, size_t *total)
{
	struct file_list *l = &r->list;
	*kept = *total = 0;
	for (size_t i = 0; i < l->nfiles; i++) {
		struct file_entry *f = &l->files[i];
		if (f->side == 0 && f->done && f->rec.status <= FILE_FALLBACK)
			gate_file(r, f, kept, total);
	}
	size_t n = 0;
	for (size_t i = 0; i < l->nfiles; i++) {
		if (l->files[i].side == 0) {
			l->files[n++] = l->files[i];
			continue;
		}
		file_entry_free(&l->files[i]);
	}
	l->nfiles = n;
}

/* The revision's files into r->list; 0 or an exit status after an error message. */
static int list_revision(struct run *r, const char *rev)
{
	char err[600];
	if (r->opt.no_cache) {
		error_msg("cache warm with --no-cache has nothing to do");
		return EXIT_USAGE;
	}
	if (git_view_open(&r->git, err, sizeof(err)) < 0
	    || git_view_tree(r->git, rev, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	return list_changes(r);
}

/* assay cache warm [REV]: every file of a revision (default HEAD), read from git objects,
 * analyzed into the cache, so a CI job or a fresh clone starts warm. */
static int cmd_cache_warm(int argc, char **argv)
{
	struct run r;
	memset(&r, 0, sizeof(r));
	int code = start_run(&r, argc, argv, "cache");
	const char *rev = r.opt.npaths > 1 ? r.opt.paths[1] : "HEAD";
	if (code == 0)
		code = list_revision(&r, rev);
	if (code == 0) {
		r.prune = 1;
		int pool_rc = analyze_files(&r);
		uint64_t hits, misses;
		struct run_model counted = { .cache = r.cache ? cache_counts(r.cache) : NULL };
		model_cache_totals(&counted, &hits, &misses);
		printf("%s: %zu files, %llu already cached, %llu analyzed\n", rev, r.list.nfiles,
		       (unsigned long long)hits, (unsigned long long)misses);
		code = pool_rc < 0 ? EXIT_INTERNAL : r.ps.interrupted ? 128 + r.ps.interrupted : 0;
	}
	end_run(&r);
	return code < 0 ? EXIT_CLEAN : code;
}

/* precommit: the index against HEAD; diff: BASE against HEAD or the work tree. */
static int open_changes(struct run *r, int staged)
{
	char err[600];
	if (git_view_open(&r->git, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	int rc;
	if (staged)
		rc = git_view_staged(r->git, err, sizeof(err));
	else if (r->opt.npaths < 1 || r->opt.npaths > 2) {
		snprintf(err, sizeof(err), "assay diff takes BASE [HEAD]");
		rc = -1;
	} else
		rc = git_view_between(r->git, r->opt.paths[0],
				      r->opt.npaths > 1 ? r->opt.paths[1] : NULL, err, sizeof(err));
	if (rc < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	return list_changes(r);
}

/* What a gate run's exit status becomes when the budget or a failure left it incomplete:
 * --on-error=block fails (3); allow (the default) lets the commit through, loudly. */
static int gate_outcome(struct run *r, int code)
{
	int incomplete = r->ps.budget_exceeded || r->ps.interrupted;
	for (size_t i = 0; i < r->list.nfiles && !incomplete; i++)
		incomplete = !r->list.files[i].done || r->list.files[i].rec.status == FILE_FAILED;
	if (r->ps.budget_exceeded)
		log_event(LOG_WARNING, "budget.exceeded", NULL, "the time budget (%.1f s) ran out: "
			  "the files not reached are listed as such", r->budget);
	if (!incomplete || code >= EXIT_INCOMPLETE || code == EXIT_VIOLATIONS)
		return code;
	if (r->opt.on_error_block)
		return EXIT_INCOMPLETE;
	log_event(LOG_WARNING, "gate.incomplete", NULL, "the analysis is incomplete; allowing "
		  "the commit (--on-error=block would stop it)");
	return code;
}

/* The budget and --on-error (command line, else [precommit]), the analysis, the gating
 * and the reports. */
static int analyze_and_gate(struct run *r, int staged)
{
	long budget = r->opt.budget >= 0 ? r->opt.budget : r->rc.settings.precommit_budget;
	r->budget = staged ? (budget >= 0 ? (double)budget : 5.0) : 0;
	if (!r->opt.on_error_set)
		r->opt.on_error_block = r->rc.settings.precommit_on_error == PRECOMMIT_BLOCK;
	int pool_rc = analyze_files(r);
	char note[160];
	size_t kept, total;
	gate_changes(r, &kept, &total);
	snprintf(note, sizeof(note), "gated: %zu new or changed of %zu functions in %zu changed "
		 "files%s", kept, total, r->list.nfiles, r->gate_all ? " (--all)" : "");
	r->gate_note = note;
	int code = pool_rc > 0 ? pool_rc : gate_outcome(r, report_run(r, pool_rc));
	r->gate_note = NULL;
	return code;
}

static int run_gate(int argc, char **argv, const char *command, int staged)
{
	struct run r;
	memset(&r, 0, sizeof(r));
	int code = start_run(&r, argc, argv, command);
	r.gate_all = r.opt.gate_all;
	if (code == 0)
		code = open_changes(&r, staged);
	if (code == 0)
		code = analyze_and_gate(&r, staged);
	end_run(&r);
	return code < 0 ? EXIT_CLEAN : code;
}

static int cmd_languages(void)
{
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
		const struct language_info *li = language_info((enum lang_id)l);
		printf("%-11s", li->name);
		for (const char *const *e = li->extensions; *e; e++)
			printf(" .%s", *e);
		if (li->interpreters[0]) {
			printf("  (#!");
			for (const char *const *p = li->interpreters; *p; p++)
				printf("%s%s", p == li->interpreters ? "" : " ", *p);
			printf(")");
		}
		printf("\n");
	}
	return EXIT_CLEAN;
}

static int cmd_version(void)
{
	static const struct {
		const char *lang, *package, *version;
	} grammars[] = ASSAY_GRAMMAR_VERSIONS;
	printf("assay %s\n", PACKAGE_VERSION);
	printf("tree-sitter: runtime %s (loads grammar ABI %d to %d)\n", ASSAY_TREE_SITTER_RUNTIME,
	       TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION);
	for (size_t i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
		printf("grammar %-11s %s %s\n", grammars[i].lang, grammars[i].package,
		       grammars[i].version);
	struct pool_options popt;
	struct cli_options opt;
	char *no_args[] = { (char *)"assay", NULL };
	cli_parse(&opt, 1, no_args, NULL);	/* the defaults */
	printf("sandbox backend: %s\n", sandbox_backend());
	if (pool_setup(&popt, &opt, 0) == 0) {
		struct pool_stats ps;
		if (pool_probe(&popt, &ps) == 0)
			printf("sandbox level: %s (%s)\n", sandbox_level_name(ps.level), ps.detail);
		else
			printf("sandbox level: unavailable (%s)\n", ps.why_unavailable);
		free((char *)popt.worker_path);
	}
	cli_free(&opt);
	return EXIT_CLEAN;
}

static int cmd_help(int argc, char **argv)
{
	cli_usage(stdout, argc > 1 ? argv[1] : NULL);
	return EXIT_CLEAN;
}

static int cmd_precommit(int argc, char **argv)
{
	return run_gate(argc, argv, "precommit", 1);
}

static int cmd_diff(int argc, char **argv)
{
	return run_gate(argc, argv, "diff", 0);
}

static int cmd_cache_any(int argc, char **argv)
{
	return argc > 1 && strcmp(argv[1], "warm") == 0 ? cmd_cache_warm(argc, argv)
							 : cmd_cache(argc, argv);
}

static int cmd_explain_here(int argc, char **argv)
{
	return cmd_explain(argc, argv, &stop_signal, wake_pipe[0]);
}

static int cmd_languages_any(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_languages();
}

static int cmd_version_any(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_version();
}

/* The commands, by the word after "assay"; anything else is a path to analyze. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "languages", cmd_languages_any }, { "version", cmd_version_any },
	{ "--version", cmd_version_any }, { "help", cmd_help }, { "precommit", cmd_precommit },
	{ "diff", cmd_diff }, { "hook", cmd_hook }, { "baseline", cmd_baseline },
	{ "config", cmd_config }, { "cache", cmd_cache_any }, { "explain", cmd_explain_here },
};

int main(int argc, char **argv)
{
	install_signals();
	const char *cmd = argc > 1 ? argv[1] : "";
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	return cmd_analyze(argc, argv);
}
