/*
 * baseline_impl.h - .assay-baseline's entries as baseline.c (reading, matching),
 * baseline_write.c (writing) and baseline_moved.c (functions that left a file still there)
 * share them.
 */
#ifndef ASSAY_BASELINE_IMPL_H
#define ASSAY_BASELINE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "common/record.h"
#include "store/baseline.h"

#define BASELINE_HEADER "# assay baseline v1"

struct baseline_entry {
	char *key;			/* path TAB qualified name */
	long value[MET_COUNT];		/* -1: not recorded */
	uint64_t hash;			/* the unit's body_hash ("hash=N") */
	int has_hash;			/* 0 in lines written before hashes were */
	int used;			/* a unit over a limit matched it (baseline_mark_used) */
	int left;			/* no unit of its file, measured, has its name or body:
					   its function left (baseline_note_left) */
	int taken;			/* a unit of another file took it (baseline_accept_moved) */
};

struct baseline {
	struct baseline_entry *v;
	size_t n, cap;
	char *root;			/* the work tree it was read from; NULL: parsed from data */
	/* The entries of files gone from the work tree, by body hash: those a function moved
	 * to another file may stand for (entry_moved). Found at the first need for them. */
	const struct baseline_entry **gone;
	size_t ngone;
	int gone_found;
	/* A baseline read from git (a gate's, no root): the files gone in the snapshot it is
	 * matched against, sorted (baseline_set_gone); gone_given says they were given. */
	char **gone_paths;
	size_t ngone_paths;
	int gone_given;
	/* The entries whose function left a file still there (left), by body hash, then key:
	 * listed at the first baseline_accept_moved, once every file was noted. */
	struct baseline_entry **left;
	size_t nleft;
	int left_listed;
};

/* The path part of e's key into buf. */
const char *baseline_entry_path(const struct baseline_entry *e, char *buf, size_t len);
/* 1 when entry e matched nothing although its file counts (judged says so). */
int baseline_entry_unused(const struct baseline_entry *e, baseline_judged judged, void *ctx);
/* The entries of the file at path: [*lo, *hi). */
void baseline_file_range(const struct baseline *b, const char *path, size_t *lo, size_t *hi);
/* 1 when some unit of rec is named like entry e of the file whose path is path_len long. */
int baseline_entry_names_a_unit(const struct baseline_entry *e, size_t path_len,
				const struct record *rec);
/* The entry's qualified name (its key after the tab). */
const char *baseline_entry_name(const struct baseline_entry *e);
/* qsort's order of entry pointers: by body hash, then key (one hash's in a fixed order). */
int baseline_by_hash(const void *a, const void *b);
/* The first of v[0..n) (sorted so) with hash h, or n. */
size_t baseline_first_with_hash(const struct baseline_entry *const *v, size_t n, uint64_t h);
/* The violations over (metric bits) of u that e records, no worse. */
uint32_t baseline_entry_accepts(const struct baseline_entry *e, const struct unit *u,
				uint32_t over);

#endif
