/*
 * cache_why.c - `assay cache why FILE` (alias `cache show`): one file's cache key (its
 * blob id, language and engine id under this command's options), whether a run with the
 * same options finds it in the cache, which engine wrote the rows there are for its
 * content and when, and why a run misses it. Only reads the cache.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "common/languages.h"
#include "cmd/cmd.h"
#include "common/fdio.h"
#include "git/keys.h"
#include "files/pathwalk.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "store/cache.h"
#include "util/alloc.h"
#include "util/msg.h"

#define MAX_ENTRIES 64

/* What makes an open file unfit to read (its size into *len); NULL when nothing does. */
static const char *file_problem(int fd, size_t *len)
{
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	*len = (size_t)st.st_size;
	return NULL;
}

/* The file's bytes, whole; NULL after a message naming it. *len the size; *too_big when
 * it is over --max-size (not read: a run skips it). */
static uint8_t *read_file(const char *path, uint64_t max_size, size_t *len, int *too_big)
{
	char err[PATH_MAX + 200];
	if (pathwalk_check(path, err, sizeof(err)) < 0) {	/* a folder on the way is a link */
		error_msg("%s", err);
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	uint8_t *data = NULL;
	*len = 0;
	const char *why = file_problem(fd, len);
	*too_big = !why && (uint64_t)*len > max_size;
	if (!why && !*too_big) {
		data = xmalloc(*len ? *len : 1);
		errno = 0;
		if (read_full(fd, data, *len) < 0)
			why = errno ? strerror(errno)
				    : "shorter than its size (changed while read)";
	}
	if (fd >= 0)
		close(fd);
	if (why) {
		error_msg("%s: %s", path, why);
		free(data);
		return NULL;
	}
	return *too_big ? xmalloc(1) : data;
}

/* The language a run gives the file, as select.c and load.c decide it, and how. */
static enum lang_id file_language(const struct run_params *p, const char *path,
				  const uint8_t *data, size_t len, const char **how)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	enum lang_id lang = settings_language_for(&p->settings, path);
	*how = "by [language] of the configuration";
	if (lang == LANG_NONE && language_is_c_header(path)) {
		*how = "by the content of a .h";
		return language_of_c_header((const char *)data, len);
	}
	if (lang == LANG_NONE) {
		lang = language_by_path(path);
		*how = "by its name";
	}
	if (lang == LANG_NONE && !strchr(base, '.')) {
		lang = language_by_shebang((const char *)data, len < 256 ? len : 256);
		*how = lang == LANG_NONE ? "no #! line names one" : "by its #! line";
	}
	return lang;
}

static const char *lang_name(enum lang_id lang)
{
	const struct language_info *li = language_info(lang);
	return li ? li->name : "none";
}

/* ---- which options an engine id was written with --------------------------------- */

/* The options a run may change that are in an engine id: -m, the unit policy, the
 * [generated] markers (with strict mode). */
struct engine_options {
	int modified;
	int units;		/* enum unit_policy */
	int salted;		/* this configuration's [generated] markers: 0 not in the id
				   (none, or --include-generated), 1 a plain run's, 2 a strict
				   run's */
};

/* The salt of markers for salted (struct engine_options): what lookup_engine_salt gives
 * this configuration without --include-generated, strict or not. */
static uint64_t salt_of(const struct run_params *p, int salted)
{
	if (!salted)
		return 0;
	struct run_params q = *p;
	q.include_generated = 0;
	q.strict = salted == 2;
	return lookup_engine_salt(&q);
}

/* This command's salted (struct engine_options). */
static int salted_now(const struct run_params *p)
{
	return lookup_engine_salt(p) ? 1 + (p->strict != 0) : 0;
}

static uint64_t engine_with(const struct run_params *p, enum lang_id lang,
			    const struct engine_options *o)
{
	uint32_t flags[LANG_COUNT] = { 0 };
	uint64_t engines[LANG_COUNT];
	flags[lang] = (uint32_t)o->units << 2;
	cache_engine_ids(o->modified ? ANALYZE_MODIFIED_CCN : 0, flags, salt_of(p, o->salted),
			 engines);
	return engines[lang];
}

/* The options, among those this build can vary, under which lang's engine id is engine;
 * 0 when none gives it (another grammar, rules or record version: another assay). */
static int engine_options_of(const struct run_params *p, enum lang_id lang, uint64_t engine,
			     struct engine_options *found)
{
	int salts = salt_of(p, 1) ? 3 : 1;	/* no markers: no salt to try */
	for (int m = 0; m < 2; m++)
		for (int u = UNITS_LANGUAGE; u <= UNITS_FOLD; u++)
			for (int s = 0; s < salts; s++) {
				*found = (struct engine_options){ m, u, s };
				if (engine_with(p, lang, found) == engine)
					return 1;
			}
	return 0;
}

static const char *units_word(int units)
{
	static const char *const words[] = { "the language's default", "each", "bound", "fold" };
	return words[units & 3];
}

/* How the options of an engine differ from this command's, in words, into buf. */
static void options_differ(const struct run_params *p, enum lang_id lang,
			   const struct engine_options *o, char *buf, size_t len)
{
	struct engine_options now = { p->modified, p->units[lang], salted_now(p) };
	static const char *const with[] = { "without", "with" };
	size_t n = 0;
	buf[0] = '\0';
	if (o->modified != now.modified)
		n += (size_t)snprintf(buf + n, len - n, "written %s -m (these options: %s)",
				      with[o->modified != 0], with[now.modified != 0]);
	if (o->units != now.units && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%swritten with --units %s (these "
				      "options: %s)", n ? "; " : "", units_word(o->units),
				      units_word(now.units));
	static const char *const markers[] = {
		"without this configuration's [generated] markers (none, or --include-generated)",
		"with this configuration's [generated] markers, by a run without --strict",
		"with this configuration's [generated] markers, by a --strict run" };
	if (o->salted != now.salted && n < len)
		snprintf(buf + n, len - n, "%swritten %s", n ? "; " : "", markers[o->salted]);
}

/* ---- the report ------------------------------------------------------------------- */

static void hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* When and by whom a row was written, and how it has been used. */
static void print_row_facts(const struct cache_entry *e)
{
	char when[64] = "at an unknown time (stored before schema 5)";
	time_t t = (time_t)e->stored_at;
	struct tm tm;
	if (e->stored_at > 0 && gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	time_t used = (time_t)(e->used_day * 86400);
	char day[32] = "?";
	if (gmtime_r(&used, &tm))
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if (!e->has_result) {
		printf("a summary only (its full row is gone), last used %s\n", day);
		return;
	}
	printf("stored %s by %s, last used %s, used on %llu day%s, %llu bytes\n", when,
	       e->worker ? "a worker" : "assay itself (a verdict, an import, or a row from before "
	       "schema 4)", day, (unsigned long long)e->uses, e->uses == 1 ? "" : "s",
	       (unsigned long long)e->bytes);
}

/* One row for the content that this command's options do not look up, and why. */
static void print_other(const struct run_params *p, enum lang_id lang, const struct cache_entry *e)
{
	char differ[300] = "";
	struct engine_options o;
	printf("  %s, engine %016llx: ", lang_name(e->lang), (unsigned long long)e->engine);
	print_row_facts(e);
	if (e->lang == LANG_NONE && lang != LANG_NONE) {
		printf("    no language's row: for a .h, the memo of the language its bytes say "
		       "(a run need not read it); else a verdict of no language\n");
	} else if (e->lang != lang) {
		printf("    another language: the file is %s here\n", lang_name(lang));
	} else if (engine_options_of(p, lang, e->engine, &o)) {
		options_differ(p, lang, &o, differ, sizeof(differ));
		printf("    other options: %s\n", differ);
	} else
		printf("    another engine: grammar, rules or record format changed (another assay "
		       "version or build), or options this command was not given\n");
}

/* The line saying when and why a row went (what: the row, as the sentence names it). */
static void print_gone(const char *what, const struct cache_removal_note *r, const char *after)
{
	char day[32] = "?";
	time_t t = (time_t)(r->day * 86400);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if (r->why == CACHE_REMOVED_EVICTED)
		printf("%s was evicted on %s, to keep the cache under its size cap (--cache-max)%s\n",
		       what, day, after);
	else
		printf("%s was removed on %s by cache verify, as damaged%s\n", what, day, after);
}

/* When no row of any engine is left: the removal noted of one (gone, NULL: none). */
static void print_none_left(const struct cache_removal_note *gone)
{
	char what[200];
	if (!gone) {
		printf("why: no row for this content under any engine, and no removal of one "
		       "noted: the file is new or changed since it was last measured\n");
		return;
	}
	snprintf(what, sizeof(what), "why: no row for this content under any engine; its row "
		 "for %s, engine %016llx,", lang_name(gone->lang), (unsigned long long)gone->engine);
	print_gone(what, gone, "");
}

/* Why a run misses the file, when no row of the current engine answers it; gone the
 * removal noted of that row, or else of another of the content (NULL: none). */
static void print_miss(enum lang_id lang, const struct cache_entry *mine, long others,
		       const struct cache_removal_note *gone)
{
	if (!mine && !others && lang == LANG_NONE)
		printf("why: no verdict stored for this content: one is stored for a file of no "
		       "language only when its key came from the git index, so that the next run "
		       "need not open it\n");
	else if (mine && mine->other_bytes)
		printf("why: its row was measured from other bytes with the same SHA-1 (their "
		       "digests differ): a run measures the file again\n");
	else if (mine && mine->has_result)
		printf("why: its row does not decode (damaged): a run measures the file again\n");
	else if (gone && !gone->other)
		print_gone("why: its row", gone, mine ? "; only its summary is left" : "");
	else if (mine)
		printf("why: only a summary is left (a report of violations only may still be "
		       "answered from it; any other report measures the file again)\n");
	else if (others)
		printf("why: this content is cached only for another engine or language (below)\n");
	else
		print_none_left(gone);
}

/* The row this command's options look up among the n of e (NULL: none). */
static const struct cache_entry *current_row(const struct cache_entry *e, long n,
					     enum lang_id lang, uint64_t engine)
{
	for (long i = 0; i < n && i < MAX_ENTRIES; i++)
		if (e[i].lang == lang && e[i].engine == engine)
			return &e[i];
	return NULL;
}

/* The "cached:" line: a hit, only a summary, or a miss. */
static void print_verdict(int hit, int summary)
{
	printf("cached: %s\n", hit ? "yes: a run with these options hits it"
	       : summary ? "partly: a run that reports violations only (the default text, "
			   "warnings, checkstyle, ...) is answered by its summary when that covers "
			   "the limits; one that lists every function (json, csv, html) measures it "
			   "again"
	       : "no: a run with these options misses it");
}

/* What the row these options look up (mine, NULL: none) answers (answers: a hit or its
 * summary) or why it misses, with the removal c notes of its full row when that is gone. */
static void print_current(struct cache *c, const uint8_t *oid, enum lang_id lang,
			  uint64_t engine, const struct cache_entry *mine, long others, int answers)
{
	struct cache_removal_note note;
	int gone = (!mine || !mine->has_result) && cache_removal_of(c, oid, lang, engine, &note);
	if (!answers) {
		print_miss(lang, mine, others, gone ? &note : NULL);
		return;
	}
	printf("  engine %016llx (these options'), ", (unsigned long long)engine);
	print_row_facts(mine);
	if (gone && !note.other)
		print_gone("  its full row", &note, "");
}

/* The report on one file's rows (oid's, in c); the exit status (clean: a hit, else 1). */
static int report(const struct run_params *p, struct cache *c, const uint8_t *oid,
		  enum lang_id lang, uint64_t engine, const struct cache_entry *e, long n)
{
	const struct cache_entry *mine = current_row(e, n, lang, engine);
	long others = n - (mine != NULL);
	int hit = mine && mine->has_result && mine->decodes && !mine->other_bytes;
	/* Only its summary left (evicted, or its row removed by verify): the default text
	 * report, which lists violations only, is still answered from it. */
	int summary = mine && !mine->has_result && mine->has_summary && !mine->other_bytes;
	print_verdict(hit, summary);
	print_current(c, oid, lang, engine, mine, others, hit || summary);
	if (others)
		printf("other rows for this content (%ld):\n", others);
	for (long i = 0; i < n && i < MAX_ENTRIES; i++)
		if (&e[i] != mine)
			print_other(p, lang, &e[i]);
	return hit || summary ? EXIT_CLEAN : EXIT_VIOLATIONS;
}

/* The key and the rows of a file's content: its language decided, the cache open. */
static int explain_key(const struct run_params *p, const char *path, const uint8_t *data,
		       size_t len)
{
	const char *how;
	enum lang_id lang = file_language(p, path, data, len, &how);
	struct file_key key = { 0 };
	char oid_hex[2 * CACHE_OID_LEN + 1], err[600];
	keys_lookup(data, len, &key);
	const uint8_t *oid = key.oid;
	hex(oid, CACHE_OID_LEN, oid_hex);
	uint64_t engines[LANG_COUNT];
	lookup_engines(p, engines);
	printf("file: %s\nlanguage: %s (%s)\n", path, lang_name(lang), how);
	printf("key: blob %s, language %s, engine %016llx\n", oid_hex, lang_name(lang),
	       (unsigned long long)engines[lang]);
	const char *base = strrchr(path, '/');
	if (lang == LANG_NONE && strchr(base ? base + 1 : path, '.')) {
		printf("cached: no: a run does not measure it (no language for this name)\n");
		return EXIT_VIOLATIONS;
	}
	if (lang != LANG_NONE && p->language_mask && !(p->language_mask & (UINT64_C(1) << lang))) {
		printf("cached: no: a run with these -l languages skips it\n");
		return EXIT_VIOLATIONS;
	}
	char *dir = cache_default_dir(p->cache_dir);
	snprintf(err, sizeof(err), "no cache directory (set --cache-dir, ASSAY_CACHE_DIR, "
		 "XDG_CACHE_HOME or HOME)");
	struct cache *c = dir ? cache_open_inspect(dir, engines, err, sizeof(err)) : NULL;
	free(dir);
	if (!c) {
		printf("cached: no: %s\n", err);
		return EXIT_VIOLATIONS;
	}
	struct cache_entry *e = xcalloc(MAX_ENTRIES, sizeof(*e));
	long n = cache_entries_of(c, oid, key.digest, e, MAX_ENTRIES, err, sizeof(err));
	int code = EXIT_INTERNAL;
	if (n < 0)
		error_msg("%s", err);
	else
		code = report(p, c, oid, lang, engines[lang], e, n);
	free(e);
	cache_close(c);
	return code;
}

int cache_why(const struct run_params *p)
{
	if (p->npaths != 2) {
		error_msg("cache %s takes one FILE", p->paths[0]);
		return EXIT_USAGE;
	}
	const char *path = p->paths[1];
	size_t len;
	int too_big;
	uint8_t *data = read_file(path, p->max_size, &len, &too_big);
	if (!data)
		return EXIT_USAGE;
	int code;
	if (too_big) {
		printf("file: %s\ncached: no: a run skips it (%zu bytes, over --max-size %llu)\n",
		       path, len, (unsigned long long)p->max_size);
		code = EXIT_VIOLATIONS;
	} else {
		code = explain_key(p, path, data, len);
	}
	free(data);
	return code;
}
