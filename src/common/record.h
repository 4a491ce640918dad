/*
 * record.h - the result of analyzing one file, and its binary encoding.
 *
 * The same encoding travels from worker to supervisor and is stored as it is in the
 * cache, so record_decode treats its input as hostile: every count and length is
 * bounded before anything is allocated, and a malformed record is an error, never a crash.
 * The format is versioned by RECORD_VERSION; a change to the layout bumps it.
 */
#ifndef ASSAY_RECORD_H
#define ASSAY_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/cause.h"
#include "common/metrics.h"

#define RECORD_VERSION 5
#define RECORD_MAX_UNITS 1000000u
#define RECORD_MAX_INCREMENTS 4000000u
#define RECORD_MAX_NAME 4096u
#define RECORD_MAX_DETAIL 1024u

enum file_status {
	FILE_OK = 0,		/* parsed without errors */
	FILE_PARTIAL,		/* parsed; the tree had ERROR or MISSING nodes */
	FILE_FALLBACK,		/* no usable tree: line counts from a lexical pass only */
	FILE_SKIPPED,		/* not analyzed on purpose (cause says why) */
	FILE_FAILED,		/* analysis was attempted and did not finish (cause) */
	FILE_STATUS_COUNT
};

/* Constructs that add to ccn or cognitive, as named by `assay explain`. */
enum construct {
	C_IF = 0, C_ELSE_IF, C_ELSE, C_LOOP, C_CASE, C_SWITCH, C_CATCH, C_TERNARY,
	C_AND_OR, C_COALESCE, C_COMPREHENSION, C_TRY_OPERATOR, C_GOTO, C_LABELED_JUMP,
	C_RECURSION, C_PREPROCESSOR, C_LAMBDA, C_DEFAULT_VALUE, C_OPTIONAL_CHAIN,
	C_LOGICAL_ASSIGNMENT, C_CONSTRUCT_COUNT
};

enum metric_kind { M_CCN = 0, M_COGNITIVE = 1 };


struct halstead {
	uint32_t n1;		/* distinct operators */
	uint32_t n2;		/* distinct operands */
	uint32_t N1;		/* total operators */
	uint32_t N2;		/* total operands */
};

#define UNIT_HAS_ERROR 0x1u	/* an ERROR or MISSING node lies inside the unit */
#define UNIT_RECOVERED 0x2u	/* found or named by a C macro recovery rule (METRICS.md) */
/* A suppression comment on the unit's first line or the line before names an unknown
 * metric (assay: ignore[ccm]); the supervisor warns. Bits 8-15 hold how many lines before
 * the unit's first line the comment's form is (0: on it, or after it in the comment). */
#define UNIT_SUPPRESS_UNKNOWN 0x4u
#define UNIT_SUPPRESS_BACK_SHIFT 8
#define UNIT_SUPPRESS_BACK_MAX 0xffu

/* A unit: a function, method, lambda... Its uint32_t metrics are named by metrics.def. */
struct unit {
	char *name;		/* simple name */
	char *qname;		/* qualified name */
	uint32_t line, end_line, column;	/* 1-based lines, 1-based byte column */
	uint32_t ccn, cognitive, nloc, length, params, tokens, nesting, exits;
	struct halstead hal;
	uint64_t body_hash;
	uint32_t flags;
	uint32_t suppressed;	/* metric bits suppressed by a comment (analyze/suppress.h) */
	uint32_t baselined;	/* metric bits the baseline accepts (supervisor only, never
				   encoded: .assay-baseline) */
	/* Under --strict (supervisor only, never encoded): the metric bits whose excuse came
	 * from the change itself and was refused (run/strict.h). */
	uint32_t refused_suppressed;	/* a comment the base revision does not have */
	uint32_t refused_baselined;	/* a baseline entry the base revision does not have */
	/* precommit and diff (supervisor only, never encoded): the unit's values in the base
	 * version of its file (MET_COUNT, in enum metric's order), NULL for a new unit; and
	 * under --gate=worse the metric bits over a limit but no worse than there. */
	uint32_t *base;
	uint32_t not_worse;
	/* Over a limit with no baseline entry of its own (supervisor only, never encoded):
	 * an entry whose function left another file may take it (store/baseline.h). */
	uint8_t unentered;
};

/* One ccn or cognitive increment, recorded only when asked (assay explain). */
struct increment {
	uint32_t unit;		/* index into record.units */
	uint32_t line;
	uint32_t column;	/* 1-based byte column of the construct's first token */
	uint8_t metric;		/* enum metric_kind */
	uint8_t construct;	/* enum construct */
	uint16_t amount;	/* total added, nesting bonus included */
	uint16_t nesting;	/* the nesting bonus part of amount */
};

struct record {
	uint8_t status;		/* enum file_status */
	uint8_t lang;		/* enum lang_id */
	uint8_t cause;		/* enum cause (common/cause.h): why skipped, failed or fallback */
	char *detail;		/* the cause's particulars ("1739 bytes, limit 500"); may be NULL */
	uint32_t lines, code, comment, blank;
	struct halstead hal;	/* whole file */
	double mi;
	uint32_t error_line;	/* first line with a parse error (partial), else 0 */
	size_t nunits;
	struct unit *units;
	size_t nincrements;
	struct increment *increments;
};

/* Frees a unit's names. */
void record_unit_free(struct unit *u);
/* Frees everything a record owns and zeroes it (safe on a zeroed record). */
void record_clear(struct record *r);
/* Appends the encoding of r to out. */
void record_encode(const struct record *r, struct wbuf *out);
/* Decodes one record from in (which must hold exactly one); fills r (zeroed first).
 * Returns 0, or -1 on malformed input with r cleared. */
int record_decode(const void *data, size_t len, struct record *r);

/* What the cache keeps beside a record so that a report showing violations only can
 * settle a file without inflating and decoding all of it: how many units the file has,
 * the largest value of each metric among them, and the units over a set of limits (the
 * floor: the limits of the runs that stored it) or flagged UNIT_SUPPRESS_UNKNOWN. Stored
 * with the file-level part of the record. Limits are per metric, -1 meaning off, as in struct thresholds. */
struct record_summary {
	uint32_t nunits;
	uint32_t max[MET_COUNT];
	long floor[MET_COUNT];
	uint64_t cost_us;	/* the analysis its row saves (the cache's, not encoded) */
};

/* 1 when the units kept with s include every unit over limits. */
int record_summary_covers(const struct record_summary *s, const long limits[MET_COUNT]);
/* The lower of two floors, metric by metric (off is the highest). */
void record_floor_merge(long out[MET_COUNT], const long a[MET_COUNT], const long b[MET_COUNT]);
/* Appends the summary of r with its units over floor (NULL: none) to out, and those
 * flagged UNIT_SUPPRESS_UNKNOWN. */
void record_summary_encode(const struct record *r, const long *floor, struct wbuf *out);
/* The version of the record a summary holds (its first byte), or -1 when it is too short
 * to hold one: tells a summary an older or newer assay wrote from a damaged one. */
int record_summary_version(const void *data, size_t len);
/* Decodes what record_summary_encode wrote: head gets the file-level part and the units
 * kept, s the summary. Returns 0, or -1 on malformed input with head cleared. */
int record_summary_decode(const void *data, size_t len, struct record *head,
			  struct record_summary *s);

const char *file_status_name(enum file_status s);
/* Why r was not (fully) measured, as reports print it (cause_text); "" when nothing is
 * to be said. Returns out. */
const char *record_reason(const struct record *r, char *out, size_t len);
const char *construct_name(enum construct c);

/* Halstead derived figures (0 where undefined). */
double halstead_volume(const struct halstead *h);
double halstead_difficulty(const struct halstead *h);
double halstead_effort(const struct halstead *h);

#endif
