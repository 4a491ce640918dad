/*
 * cache.c - `assay cache stats|gc|clear|verify|path|export FILE|import FILE|keygen|warm
 * [REV]|why FILE`: look after the result cache. Export and import carry a cache between
 * CI runs in one portable, versioned, checksummed file, signed with an Ed25519 key that
 * keygen makes; import stores a file only when a trusted key signed it (or
 * --trust-unsigned says to take it anyway), and validates every row. warm analyzes every
 * file of a revision (default HEAD), read from git objects, into the cache, so a CI job or
 * a fresh clone starts warm. why FILE (cache_why.c) says whether a run would find a file
 * there.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "cmd/cmd.h"
#include "files/safewrite.h"
#include "git/view.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "store/cache.h"
#include "store/signkey.h"
#include "util/suggest.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/msg.h"

static void print_stats(const struct cache *c, const struct cache_totals *t)
{
	uint64_t hits = 0, misses = 0;
	printf("cache: %s\n", cache_path(c));
	printf("entries: %llu, %.1f MB stored, file %.1f MB\n",
	       (unsigned long long)t->entries, t->bytes / 1048576.0, t->file_bytes / 1048576.0);
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

/* A database found corrupt by the command is set aside, as a run does, and said: 1 when
 * it was. */
static int set_aside_said(struct cache *c)
{
	char note[4800];
	if (!cache_set_aside_if_corrupt(c, note, sizeof(note)))
		return 0;
	error_msg("%s", note);
	return 1;
}

/* Why maintenance failed: interrupted, or what SQLite said. */
static int failed(struct cache *c, const char *what)
{
	if (cache_interrupted(c))
		error_msg("%s: %s interrupted; the cache is consistent", cache_path(c), what);
	else if (cache_error(c)[0])
		error_msg("%s: %s failed: %s", cache_path(c), what, cache_error(c));
	else
		error_msg("%s: %s failed", cache_path(c), what);
	set_aside_said(c);
	return EXIT_INTERNAL;
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

/* A gc or clear found another process holding the maintenance lock: said, and not an
 * error (that process is doing the same work). */
static int locked(struct cache *c, const char *done, const char *nothing)
{
	log_event(LOG_WARNING, "cache.locked", NULL, "%s: not %s: another process holds the "
		  "maintenance lock (maintenance.lock beside it: a gc or clear at work)",
		  cache_path(c), done);
	printf("%s: another process holds the lock\n", nothing);
	return EXIT_CLEAN;
}

static int sub_gc(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)file;
	long aside = cache_prune_corrupt(c);
	if (aside > 0)
		printf("removed %ld older corrupt database%s (%s.corrupt-*)\n", aside,
		       aside == 1 ? "" : "s", cache_path(c));
	long n = cache_gc(c, opt->cache_max, opt->cache_lfu);
	if (n == CACHE_GC_LOCKED)
		return locked(c, "evicted", "evicted nothing");
	if (n < 0)
		return failed(c, "eviction");
	printf("evicted %ld entries\n", n);
	return EXIT_CLEAN;
}

static int sub_clear(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt, (void)file;
	int rc = cache_clear(c);
	if (rc == CACHE_GC_LOCKED) {
		/* Unlike gc's, clear's work is not done by the other process: a script that
		 * goes on after it must not find the old rows. */
		locked(c, "cleared", "cleared nothing");
		return EXIT_INTERNAL;
	}
	return rc == 0 ? EXIT_CLEAN : failed(c, "clearing (nothing was removed)");
}

static int sub_verify(struct cache *c, const struct run_params *opt, const char *file)
{
	(void)opt, (void)file;
	long removed, other;
	if (cache_recovered(c)) {
		/* Found corrupt (or foreign) at open and set aside, as its warning said: what
		 * is verified now is the new, empty one. */
		error_msg("%s: the cache failed its check when opened and was set aside; "
			  "verified the new, empty one", cache_path(c));
		return EXIT_INTERNAL;
	}
	long n = cache_verify(c, &removed, &other);
	if (n < 0 && set_aside_said(c))
		return EXIT_INTERNAL;
	if (n < 0)
		return failed(c, "verification");
	if (removed < n + other)
		printf("%ld bad entries, %ld not removed: the cache cannot be written (%s)\n", n,
		       n + other - removed, cache_unwritable(c) ? cache_unwritable(c) : "?");
	else
		printf("%ld bad entries%s\n", n, n ? " removed" : "");
	if (other)	/* not damage: what an upgrade leaves, which this version cannot read */
		printf("%ld entries of another version of assay%s\n", other,
		       removed >= n + other ? " removed (this version cannot read them)" : "");
	return n == 0 ? EXIT_CLEAN : EXIT_VIOLATIONS;
}

/* The export's words after "exported N entries". */
static void say_exported(long n, const char *file, const struct signing_secret *key,
			 int all_engines)
{
	const char *which = all_engines ? "of every engine" : "of the current engines";
	if (!key) {
		printf("exported %ld entries %s, not signed\n", n, which);
		log_event(LOG_WARNING, "cache.unsigned", NULL, "%s: not signed (no --signing-key or "
			  "ASSAY_SIGNING_KEY): importing it takes --trust-unsigned", file);
		return;
	}
	struct signing_public pub;
	char id[SIGNING_KEY_ID_TEXT];
	signing_public_of(key, &pub);
	signing_key_id(pub.key, id);
	printf("exported %ld entries %s, signed by key %s\n", n, which, id);
}

/* Whether file is one of the cache's own files (the database, its WAL and shared memory,
 * the maintenance lock): an export there would replace the cache under itself. */
static int cache_own_file(const struct cache *c, const char *file)
{
	char dir[PATH_MAX], cache_dir[PATH_MAX], real[PATH_MAX], real_cache[PATH_MAX];
	const char *slash = strrchr(file, '/'), *name = slash ? slash + 1 : file;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - file) + 1 : 1, slash ? file : ".");
	const char *db = cache_path(c), *db_slash = strrchr(db, '/');
	snprintf(cache_dir, sizeof(cache_dir), "%.*s", db_slash ? (int)(db_slash - db) + 1 : 1,
		 db_slash ? db : ".");
	if (!realpath(dir, real) || !realpath(cache_dir, real_cache) || strcmp(real, real_cache))
		return 0;
	return strncmp(name, "cache.db", 8) == 0 || strcmp(name, "maintenance.lock") == 0;
}

static int sub_export(struct cache *c, const struct run_params *opt, const char *file)
{
	char err[600];
	if (cache_own_file(c, file)) {
		error_msg("cache export %s: one of the cache's own files: the export would replace "
			  "the cache it reads; write it elsewhere", file);
		return EXIT_USAGE;
	}
	if (safewrite_check(file, err, sizeof(err)) < 0) {	/* a link, a FIFO, no folder */
		error_msg("cache export: %s", err);
		return EXIT_USAGE;
	}
	struct signing_secret key;
	if (opt->signing_key && signkey_read_secret(opt->signing_key, &key, err, sizeof(err)) < 0) {
		error_msg("%s (the export's --signing-key)", err);
		return EXIT_USAGE;
	}
	const struct signing_secret *with = opt->signing_key ? &key : NULL;
	long left_out;
	long n = cache_export(c, file, with, opt->all_engines, &left_out, err, sizeof(err));
	if (n >= 0)
		say_exported(n, file, with, opt->all_engines);
	if (n >= 0 && left_out)
		log_event(LOG_WARNING, "cache.left_out", NULL, "%s: %ld rows of %s left out: an "
			  "import would refuse them (damaged, tampered or of another version of "
			  "assay); `assay cache verify` removes them", file, left_out,
			  cache_path(c));
	if (with)
		signing_forget(&key);
	if (n < 0) {
		error_msg("%s", err);
		set_aside_said(c);
		return EXIT_INTERNAL;
	}
	return EXIT_CLEAN;
}

/* The public keys an import trusts, read from their files; NULL after a message. */
static struct signing_public *read_trusted_keys(const struct run_params *opt)
{
	struct signing_public *keys = xcalloc(opt->ntrusted_keys + 1, sizeof(*keys));
	for (size_t i = 0; i < opt->ntrusted_keys; i++) {
		char err[600];
		if (signkey_read_public(opt->trusted_keys[i], &keys[i], err, sizeof(err)) < 0) {
			error_msg("%s (a trusted key)", err);
			free(keys);
			return NULL;
		}
	}
	return keys;
}

/* The import's words after "imported N entries", and a warning when no trusted key
 * vouched for them. */
static void say_imported(long n, const char *file, const struct cache_signer *signer)
{
	if (signer->kind == CACHE_SIGNED_TRUSTED) {
		printf("imported %ld entries, signed by trusted key %s\n", n, signer->key_id);
		return;
	}
	printf("imported %ld entries, %s\n", n, signer->kind == CACHE_UNSIGNED
						   ? "not signed" : "signed by an unknown key");
	if (signer->kind == CACHE_UNSIGNED)
		log_event(LOG_WARNING, "cache.unsigned", NULL, "%s: not signed: imported because "
			  "of --trust-unsigned", file);
	else
		log_event(LOG_WARNING, "cache.unsigned", NULL, "%s: signed by key %s, which is "
			  "not trusted: imported because of --trust-unsigned", file, signer->key_id);
}

static int sub_import(struct cache *c, const struct run_params *opt, const char *file)
{
	struct signing_public *keys = read_trusted_keys(opt);
	if (!keys)
		return EXIT_USAGE;
	const struct cache_trust trust = { keys, opt->ntrusted_keys, opt->trust_unsigned };
	struct cache_signer signer;
	char err[600];
	long n = cache_import(c, file, &trust, &signer, err, sizeof(err));
	free(keys);
	if (n < 0) {
		error_msg("%s", err);
		return n == -2 ? EXIT_INTERNAL : EXIT_USAGE;	/* the cache's fault, or the file's */
	}
	say_imported(n, file, &signer);
	return EXIT_CLEAN;
}

static const struct {
	const char *name;
	int takes_file;
	int writes;		/* nothing to do on a cache that cannot be written */
	int (*run)(struct cache *c, const struct run_params *opt, const char *file);
} subcommands[] = {
	{ "stats", 0, 0, sub_stats }, { "gc", 0, 1, sub_gc },
	{ "clear", 0, 1, sub_clear }, { "verify", 0, 0, sub_verify },
	{ "export", 1, 0, sub_export }, { "import", 1, 1, sub_import },
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
		if (subcommands[i].writes && cache_unwritable(c)) {
			error_msg("%s: cannot %s: the cache cannot be written (%s)", cache_path(c),
				  subcommands[i].name, cache_unwritable(c));
			return EXIT_INTERNAL;
		}
		return subcommands[i].run(c, opt, file);
	}
	static const char *const words[] = { "stats", "gc", "clear", "verify", "path", "export",
					     "import", "keygen", "warm", "why", "show", NULL };
	char hint[64];
	error_msg("unknown or incomplete cache command '%s' (%sstats, gc, clear, verify, path, "
		  "export FILE, import FILE, keygen, warm [REV], why FILE)", opt->paths[0],
		  suggest_hint(hint, sizeof(hint), "assay cache", opt->paths[0], words));
	return EXIT_USAGE;
}

/* Whether a warm run could store nothing: no cache, or one that cannot be written; said. */
static int warm_unstorable(const struct run *r)
{
	if (r->cache && !cache_unwritable(r->cache))
		return 0;
	error_msg("cache warm: nothing can be stored: %s", r->cache ? cache_unwritable(r->cache)
		  : "no usable cache (its warning says why)");
	return 1;
}

/* The revision's files into r, the cache opened first: nothing is measured for a cache
 * that cannot take it. 0, or the exit status after a message. */
static int warm_files(struct run *r, const char *rev)
{
	char err[600];
	if (git_view_open(&r->git, err, sizeof(err)) < 0
	    || (git_view_set_max_size(r->git, r->p->max_size),
		git_view_tree(r->git, rev, err, sizeof(err)) < 0)) {
		error_msg("%s", err);
		return EXIT_USAGE;
	}
	lookup_need(r);
	return warm_unstorable(r) ? EXIT_INTERNAL : run_add_changes(r);
}

/* The files measured and how many the cache already had, said; the exit status. */
static int warm_measure(struct run *r, const char *rev, struct run_signals sig)
{
	int engine_rc = run_analyze(r);
	uint64_t hits = 0, misses = 0;
	const struct cache_counts *c = r->cache ? cache_counts(r->cache) : NULL;
	for (int l = 0; c && l < LANG_COUNT; l++) {
		hits += c->hits[l];
		misses += c->misses[l];
	}
	printf("%s: %zu files, %llu already cached, %llu analyzed\n", rev, r->list.nfiles,
	       (unsigned long long)hits, (unsigned long long)misses);
	return exit_after(&sig, engine_rc < 0 ? EXIT_INTERNAL : EXIT_CLEAN);
}

/* assay cache warm [REV]: a revision's files into the cache. */
static int warm(const struct run_params *p, struct run_signals sig)
{
	const char *rev = p->npaths > 1 ? p->paths[1] : "HEAD";
	if (p->no_cache) {
		error_msg("cache warm with --no-cache has nothing to do");
		return EXIT_USAGE;
	}
	if (p->npaths > 2) {
		error_msg("cache warm takes one revision at most: '%s' is one word too many",
			  p->paths[2]);
		return EXIT_USAGE;
	}
	struct run r;
	run_init(&r, p, sig);
	r.prune = 1;
	int code = warm_files(&r, rev);
	if (code == 0)
		code = warm_measure(&r, rev, sig);
	lookup_close(&r);
	run_free(&r);
	return code;
}

/* Where keygen writes without --output: PREFIX.key and PREFIX.pub in the directory of
 * the user's configuration file, created when missing; 0, or -1 after a message. */
static int default_key_prefix(const struct run_params *p, char *prefix, size_t len)
{
	char err[600];
	const char *slash = strrchr(p->user_file, '/');
	if (!slash) {
		error_msg("no home directory (HOME, XDG_CONFIG_HOME) for the key: name it with "
			  "--output=PREFIX");
		return -1;
	}
	snprintf(prefix, len, "%.*s", (int)(slash - p->user_file), p->user_file);
	if (signkey_make_dir(prefix, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		return -1;
	}
	snprintf(prefix + strlen(prefix), len - strlen(prefix), "/cache-signing");
	return 0;
}

/* assay cache keygen [--output=PREFIX]: a new key pair for signing exports. */
static int keygen(const struct run_params *p)
{
	char prefix[PATH_MAX + 64], err[600], id[SIGNING_KEY_ID_TEXT];
	if (p->npaths > 1 || p->noutputs > 1) {
		error_msg("cache keygen takes no word and at most one --output=PREFIX");
		return EXIT_USAGE;
	}
	if (p->noutputs)
		snprintf(prefix, sizeof(prefix), "%s", p->outputs[0].path);
	else if (default_key_prefix(p, prefix, sizeof(prefix)) < 0)
		return EXIT_USAGE;
	const char *base = strrchr(prefix, '/');
	if (!(base ? base + 1 : prefix)[0]) {	/* "" or "dir/": ".key", "dir/.key" */
		error_msg("cache keygen --output=PREFIX: '%s' names no file: give the keys a name "
			  "(--output=DIR/NAME writes DIR/NAME.key and DIR/NAME.pub)", prefix);
		return EXIT_USAGE;
	}
	struct signing_secret key;
	struct signing_public pub;
	if (signing_generate(&key) < 0) {
		error_msg("cache keygen: libsodium cannot initialize (no random source?)");
		return EXIT_INTERNAL;
	}
	int rc = signkey_write_pair(prefix, &key, err, sizeof(err));
	signing_public_of(&key, &pub);
	signing_forget(&key);
	if (rc < 0) {
		error_msg("%s", err);
		return rc == SIGNKEY_REFUSED ? EXIT_USAGE : EXIT_INTERNAL;
	}
	signing_key_id(pub.key, id);
	printf("secret key: %s.key (for the jobs that write the cache: keep it secret)\n", prefix);
	printf("public key: %s.pub (key id %s; for every job that imports: --trusted-key)\n",
	       prefix, id);
	return EXIT_CLEAN;
}

/* cache path: where the database is or would be, nothing made (dir NULL: no folder
 * could be named). */
static int cache_path_only(const struct run_params *p, const char *dir)
{
	if (p->npaths > 1) {
		error_msg("cache path takes no word after it ('%s')", p->paths[1]);
		return EXIT_USAGE;
	}
	if (!dir) {
		error_msg("no usable cache: no folder for it (set --cache-dir, ASSAY_CACHE_DIR, "
			  "XDG_CACHE_HOME or HOME)");
		return EXIT_INTERNAL;
	}
	printf("%s/cache.db\n", dir);
	return EXIT_CLEAN;
}

/* The subcommands that work on the open cache. */
static int on_open_cache(const struct run_params *p, struct run_signals sig, const char *dir)
{
	char warning[512] = "";
	uint64_t engines[LANG_COUNT];
	lookup_engines(p, engines);
	struct cache *c = dir ? cache_open(dir, engines, warning, sizeof(warning)) : NULL;
	if (warning[0])
		lookup_open_warning(c, warning);
	if (!c) {
		error_msg("no usable cache%s%s", dir ? " at " : "", dir ? dir : "");
		return EXIT_INTERNAL;
	}
	cache_watch(c, sig.stop);
	int rc = run_subcommand(c, p);
	cache_close(c);
	return exit_after(&sig, rc);
}

int cmd_cache(const struct run_params *p, struct run_signals sig)
{
	if (p->npaths == 0)
		return cli_usage_error("cache");
	if (strcmp(p->paths[0], "keygen") == 0)
		return keygen(p);
	if (p->noutputs) {	/* keygen's PREFIX; the others print text */
		error_msg("cache %s prints to standard output: -o %s is not taken", p->paths[0],
			  p->outputs[0].path);
		return EXIT_USAGE;
	}
	if (strcmp(p->paths[0], "warm") == 0)
		return warm(p, sig);
	if (strcmp(p->paths[0], "why") == 0 || strcmp(p->paths[0], "show") == 0)
		return cache_why(p);
	char *dir = cache_default_dir(p->cache_dir);
	int rc = strcmp(p->paths[0], "path") == 0 ? cache_path_only(p, dir)
						  : on_open_cache(p, sig, dir);
	free(dir);
	return rc;
}
