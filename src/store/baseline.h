/*
 * baseline.h - .assay-baseline: today's violators, recorded so that a team adopting the
 * gate on an old code base fails only on new violators, or on recorded ones that got
 * worse. A small, sorted, reviewable text file at the repository root:
 *     # assay baseline v1
 *     path<TAB>qualified name<TAB>ccn=17,cognitive=22,hash=1311768467463790320
 * Rewriting it (assay baseline write) drops the functions that were fixed. hash is the
 * unit's body hash (decimal, so that an older assay ignores it as an unknown metric): a
 * unit whose name no entry has is matched by it to an entry whose name no unit of the
 * file has any more, so an entry survives new naming rules that leave the body alone;
 * one entry to one unit (the copies of a body take the entries with its hash in order,
 * and a copy left over is new). A
 * line without a hash (from an older assay) is matched that way only to the one such unit
 * with exactly its recorded values, when no other has them. An entry of a file gone from
 * the work tree the baseline was read from stands for a unit of another file with its
 * hash (a renamed file, a moved function): by hash and name, else by hash, in order
 * (one entry to each copy in the file: copies in two files each take it, each file
 * being judged alone). An entry of a file still there whose function left it (no unit
 * of the measured file has its name or body) stands, once every file is settled, for a
 * unit over a limit with its body and no entry of its own elsewhere (baseline_moved.c).
 */
#ifndef ASSAY_BASELINE_H
#define ASSAY_BASELINE_H

#include <stddef.h>

#include "common/metrics.h"
#include "common/record.h"

struct baseline;

#define BASELINE_NAME ".assay-baseline"
#define BASELINE_MAX_BYTES (64u << 20)	/* a baseline of a million violators is 64 MiB */
/* Entries read at most (each costs about 130 bytes in memory): a repository's file asking
 * for gigabytes is refused, naming the file. */
#define BASELINE_MAX_ENTRIES 1000000u

/* Reads root/.assay-baseline as a file to analyze is read (files/fsguard.h: never through
 * a link, a regular file only, opened non-blocking, at most 64 MiB); NULL when there is
 * none, or it cannot be used (err says why, "" when there is none). */
struct baseline *baseline_read(const char *root, char *err, size_t len);
/* The baseline in data[0..size) (name for messages); NULL with err set when malformed. */
struct baseline *baseline_parse(const char *name, const char *data, size_t size, char *err,
				size_t len);
void baseline_free(struct baseline *b);
/* Functions that left a file still there (moved to another, or a new one): after
 * baseline_apply of each file, baseline_note_left notes the entries of the file at path
 * (its whole record, of a whole parse) that no unit of it has the name or body of any
 * more; once every file is, baseline_accept_moved gives a unit over a limit with no entry
 * of its own (the caller knows: baseline_has_entry) the first such entry with its body
 * not taken (with by_name, only one with its name too: a first pass), marking it used
 * (*took), and returns the violations it accepts. */
void baseline_note_left(struct baseline *b, const char *path, const struct record *rec);
uint32_t baseline_accept_moved(struct baseline *b, const struct unit *u,
			       const struct thresholds *t, int by_name, int *took);
/* Whether an entry of b stands for unit u of rec (the file at path, limits t) by name or
 * body (of entries a name shares, those left after the body hashes go to units over t). */
int baseline_has_entry(const struct baseline *b, const char *path, const struct record *rec,
		       const struct unit *u, const struct thresholds *t);
/* 1 when rec, a cached summary of the file at path (its units over the limits), is enough
 * to match b's entries of the file as its whole record would: each entry has a unit of
 * its own in it, of its name and body (the function as recorded). Else matching needs
 * every unit (a unit under the limits named like an entry keeps it from another body). */
int baseline_summary_enough(const struct baseline *b, const char *path, const struct record *rec);
/* Marks the violations of rec (a file's result) that the baseline accepts
 * (unit.baselined). path is the file's path relative to the repository root; t its
 * limits. */
void baseline_apply(const struct baseline *b, const char *path, struct record *rec,
		    const struct thresholds *t);
/* The violations of unit u of rec (the file at path) that b would accept (recorded by
 * name, or by body hash, and no worse), without marking them. */
uint32_t baseline_accepts(const struct baseline *b, const char *path, const struct record *rec,
			  const struct unit *u, const struct thresholds *t);
/* How many entries of b units of other files took (baseline_accept_moved). */
size_t baseline_moved_taken(const struct baseline *b);
/* How many violating units of rec (the file at path) b matches by body hash alone. */
size_t baseline_rekeyed(const struct baseline *b, const char *path, const struct record *rec,
			const struct thresholds *t);

/* Entries no longer in use. baseline_mark_used marks the entries that a unit of rec (the
 * file at path) over a limit matches, by name or body hash; an entry is unused when none
 * marked it and its file counts: judged(ctx, path) says the file was measured by the run
 * (or is gone), so an entry of a file the run never looked at is never called unused. */
typedef int (*baseline_judged)(void *ctx, const char *path);
void baseline_mark_used(struct baseline *b, const char *path, const struct record *rec,
			const struct thresholds *t);
/* How many entries are unused; the first three ("path qname, ...") into sample. */
size_t baseline_unused(const struct baseline *b, baseline_judged judged, void *ctx,
		       char *sample, size_t len);
/* Writes b to path without its unused entries (--prune: nothing is added); how many
 * entries it kept, or -1 with err. */
long baseline_write_pruned(const char *path, const struct baseline *b, baseline_judged judged,
			   void *ctx, char *err, size_t len);

/* One file's violators for baseline_write. */
struct baseline_file {
	const char *path;		/* from the repository root; NULL: not recorded */
	const struct record *rec;
	const struct thresholds *limits;
	int replaces;			/* what the run found replaces its entries: its units
					   are known (ok, partial) or it is skipped (not gated);
					   not when it failed or was counted by lines only */
};

/* Whether a file's record (of a file the run finished) decides its entries: its units
 * are known (ok, partial), or it is skipped for what it is (generated, vendored, binary,
 * minified, a git-lfs pointer, a link, no regular file, a submodule): it is not gated as
 * it is. Not when it failed, was counted by lines only, or was skipped for this run
 * alone or by accident (-l, -x or [exclude], over --max-size, an I/O error): its entries
 * stay. baseline write replaces, and a run judges, the entries of such files only. */
int baseline_decides(const struct record *rec);

/* A baseline read from git (a gate's) knows no work tree: paths (from the repository's
 * top) are the files gone in the snapshot it is matched against (renamed away, deleted),
 * whose entries stand for their functions elsewhere as a gone file's do. Before any
 * match; nothing for a baseline read from a work tree. */
void baseline_set_gone(struct baseline *b, const char *const *paths, size_t n);
/* Whether the file at path (from root, a repository's top) is gone from the work tree. */
int baseline_file_gone(const char *root, const char *path);

/* What baseline_write keeps of the old baseline b (NULL: none): the entries of files
 * among its files whose entries the run does not replace (failed, counted by lines only),
 * and of files not among them unless they are gone (from root) and lie in what the run
 * covered: everything, or the paths covered[] from the repository root ("" the whole of
 * it). So the entries of files gone from a path named are dropped, and those of files the
 * walk left out (-x DIR) kept. How many kept in kept. */
struct baseline_old {
	const struct baseline *b;
	const char *root;
	int everything;
	const char *const *covered;
	size_t ncovered;
	size_t kept;
	size_t unwritable;	/* violators left out: a path or name no line can hold */
	const char *unwritable_sample;	/* the first one's path (points into files) */
};

/* Writes the violators of the files whose entries it replaces (over a limit, whether the old baseline
 * accepted them or not) and what old keeps, sorted (temporary file + rename). Returns how
 * many violators, or -1 with err, -2 when what is at path (a link, not a regular file)
 * was refused. */
int baseline_write(const char *path, const struct baseline_file *files, size_t nfiles,
		   struct baseline_old *old, char *err, size_t len);

#endif
