/*
 * analyze.h - the analysis core: bytes + language + options -> record.
 *
 * Pure computation: no I/O, no globals, no allocation that outlives a call except the
 * record handed back. An analyzer holds what is worth keeping between files (the
 * tree-sitter parser and each language's node-type tables, built on first use), so a
 * worker creates one and feeds it every file of its batches. Tree walks are iterative:
 * input may nest 100 000 deep.
 */
#ifndef ASSAY_ANALYZE_H
#define ASSAY_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "common/languages.h"
#include "common/record.h"

/* Option flags; every flag changes records, so each is part of the cache's engine id. */
#define ANALYZE_MODIFIED_CCN 0x1u	/* a whole switch/match counts 1 (lizard -m) */
#define ANALYZE_INCREMENTS 0x2u		/* record every ccn/cognitive increment (explain) */
/* The unit policy (docs/METRICS.md, "Units"): which function-like nodes nested in a unit
 * are units of their own. 0 keeps the language's default. */
#define ANALYZE_UNITS_MASK 0xCu
#define ANALYZE_UNITS_EACH 0x4u		/* every function-like node is a unit (ESLint) */
#define ANALYZE_UNITS_BOUND 0x8u	/* a nested anonymous function is one when bound */
#define ANALYZE_UNITS_FOLD 0xCu		/* nested anonymous functions fold into their unit */
#define ANALYZE_FLAGS_MASK 0xFu
/* Per file, never part of an engine id: line counts only, from the lexical pass (status
 * fallback), for a file whose analysis crashed or timed out (engine/pool_answer.c). */
#define ANALYZE_LINES_ONLY 0x100u

struct analyze_options {
	uint32_t flags;
	uint64_t parse_timeout_us;	/* 0: none; past it the file falls back to line counts */
};

struct analyzer;

struct analyzer *analyzer_new(void);
void analyzer_free(struct analyzer *a);

/* Analyzes len bytes of source in language lang into *out (which it zeroes first).
 * Returns 0, or -1 when memory ran out (out is then cleared). A file the grammar
 * cannot parse is not an error: its record says partial or fallback. */
int analyzer_run(struct analyzer *a, const char *src, size_t len, enum lang_id lang,
		 const struct analyze_options *opt, struct record *out);

/* The build this core is of: its version and the layout of what crosses its calls. A
 * core loaded from assay-analyzer.so (engine/analyzer_lib.h) is used only when its
 * string is the caller's own. */
const char *analyzer_abi(void);

#endif
