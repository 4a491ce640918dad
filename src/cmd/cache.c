/*
 * cache.c - `assay cache stats|gc|clear|verify|path|export FILE|import FILE|warm [REV]`:
 * look after the result cache. Export and import carry a cache between CI runs in one
 * portable, versioned, checksummed file; import validates every row. warm analyzes every
 * file of a revision (default HEAD), read from git objects, into the cache, so a CI job
 * or a fresh clone starts warm.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "cmd/cmd.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "store/cache.h"
#include "util/log.h"
#include "util/msg.h"

static void print_stats(const struct cache *c, const struct cache_totals *t)
{
	uint64_t hits = 0, misses = 0;
	printf("cache: %s\n", cache_path(c));
	printf("entries: %llu, %.1f MB stored (%.1f MB of records), file %.1f MB\n",
	       (unsigned long long)t->entries, t->bytes / 1048576.0, t->raw_bytes / 1048576.0,
	       t->file_bytes / 1048576.0);
	printf("%-11s %10s %10s %10s %10s\n", "language", "entries", "KB", "hits", "misses");
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
		hits += t->hits[l];
		misses += t->misses[l];
		if (!t->entries_by_lang[l] && !t->hits[l] && !t->misses[l])
			continue;
		printf("%-11s %10llu %10llu %10llu %10llu\n", language_info((enum lang_id)l)->name,
		       (unsigned long long)t->entries_by_lang[l],
		       (unsigned long long)(t->bytes_by_lang[l] / 1024), (unsigned long long)t->hits[l],
		       (unsigned long long)t->misses[l]);
	}
	printf("hits: %llu, misses: %llu, hit rate %.1f%%, analysis time saved %.1f s\n",
	       (unsigned long long)hits, (unsigned long long)misses,
	       hits + misses ? 100.0 * hits / (hits + misses) : 0.0, t->saved_us / 1e6);
}

/* Why maintenance failed: interrupted, or what SQLite said. */
static int failed(struct cache *c, const char *what)
{
	if (cache_interrupted(c))
		error_msg("%s: %s interrupted; the cache is consistent", cache_path(c), what);
	else
		error_msg("%s: %s failed", cache_path(c), what);
	return EXIT_INTERNAL;
}

static int sub_path(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt, (void)file;
	printf("%s\n", cache_path(c));
	return 0;
}

static int sub_stats(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt, (void)file;
	struct cache_totals t;
	if (cache_totals(c, &t) < 0)
		return failed(c, "reading the totals");
	print_stats(c, &t);
	return EXIT_CLEAN;
}

static int sub_gc(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)file;
	long n = cache_gc(c, opt->cache_max, opt->cache_lfu);
	if (n < 0)
		return failed(c, "eviction");
	printf("evicted %ld entries\n", n);
	return EXIT_CLEAN;
}

static int sub_clear(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt, (void)file;
	return cache_clear(c) == 0 ? EXIT_CLEAN : failed(c, "clearing (nothing was removed)");
}

static int sub_verify(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt, (void)file;
	long n = cache_verify(c);
	if (n < 0 && !cache_interrupted(c)) {
		error_msg("%s: the database fails its integrity check", cache_path(c));
		return EXIT_INTERNAL;
	}
	if (n < 0)
		return failed(c, "verification");
	printf("%ld bad entries%s\n", n, n ? " removed" : "");
	return n == 0 ? EXIT_CLEAN : EXIT_VIOLATIONS;
}

static int sub_export(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt;
	char err[512];
	long n = cache_export(c, file, err, sizeof(err));
	if (n < 0) {
		error_msg("%s", err);
		return EXIT_INTERNAL;
	}
	printf("exported %ld entries\n", n);
	return 0;
}

static int sub_import(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt;
	char err[512];
	long n = cache_import(c, file, err, sizeof(err));
	if (n < 0) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	printf("imported %ld entries\n", n);
	return 0;
}

static const struct {
	const char *name;
	int takes_file;
	int (*run)(struct cache *c, const struct run_params *opt, const char *file);
} subcommands[] = {
	{ "path", 0, sub_path }, { "stats", 0, sub_stats }, { "gc", 0, sub_gc },
	{ "clear", 0, sub_clear }, { "verify", 0, sub_verify }, { "export", 1, sub_export },
	{ "import", 1, sub_import },
};

/* One subcommand on an open cache; returns the exit status. */
static int run_subcommand(struct cache *c, const struct run_params *opt)
{
	const char *file = opt->npaths > 1 ? opt->paths[1] : NULL;
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(opt->paths[0], subcommands[i].name) != 0)
			continue;
		if (subcommands[i].takes_file != (file != NULL) || opt->npaths > 2)
			break;
		return subcommands[i].run(c, opt, file);
	}
	error_msg("unknown or incomplete cache command '%s' (stats, gc, clear, verify, path, "
		  "export FILE, import FILE)", opt->paths[0]);
	return EXIT_USAGE;
}

/* assay cache warm [REV]: a revision's files into the cache. */
static int warm(const struct run_params *p, struct run_signals sig)
{
	const char *rev = p->npaths > 1 ? p->paths[1] : "HEAD";
	char err[600];
	if (p->no_cache) {
		error_msg("cache warm with --no-cache has nothing to do");
		return EXIT_USAGE;
	}
	struct run r;
	run_init(&r, p, sig);
	r.prune = 1;
	int code = 0;
	if (git_view_open(&r.git, err, sizeof(err)) < 0
	    || git_view_tree(r.git, rev, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		code = EXIT_USAGE;
	}
	if (code == 0)
		code = run_add_changes(&r);
	if (code == 0) {
		int engine_rc = run_analyze(&r);
		uint64_t hits = 0, misses = 0;
		const struct cache_counts *c = r.cache ? cache_counts(r.cache) : NULL;
		for (int l = 0; c && l < LANG_COUNT; l++) {
			hits += c->hits[l];
			misses += c->misses[l];
		}
		printf("%s: %zu files, %llu already cached, %llu analyzed\n", rev, r.list.nfiles,
		       (unsigned long long)hits, (unsigned long long)misses);
		code = exit_after(&sig, engine_rc < 0 ? EXIT_INTERNAL : EXIT_CLEAN);
	}
	lookup_close(&r);
	run_free(&r);
	return code;
}

int cmd_cache(const struct run_params *p, struct run_signals sig)
{
	if (p->npaths == 0) {
		cli_usage(stderr, "cache");
		return EXIT_USAGE;
	}
	if (strcmp(p->paths[0], "warm") == 0)
		return warm(p, sig);
	char *dir = cache_default_dir(p->cache_dir);
	char warning[512] = "";
	uint64_t engines[LANG_COUNT];
	cache_engine_ids(0, engines);
	struct cache *c = dir ? cache_open(dir, engines, warning, sizeof(warning)) : NULL;
	if (warning[0])
		log_event(LOG_WARNING, c ? "cache.recovered" : "cache.disabled", NULL, "%s", warning);
	if (!c) {
		error_msg("no usable cache%s%s", dir ? " at " : "", dir ? dir : "");
		free(dir);
		return EXIT_INTERNAL;
	}
	cache_watch(c, sig.stop);
	int rc = run_subcommand(c, p);
	cache_close(c);
	free(dir);
	return exit_after(&sig, rc);
}
