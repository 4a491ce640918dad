/*
 * cause.h - why a file was not (fully) measured: one enum of causes and one function that
 * gives each its text, as OpenSSH's ssherr.h does for its error codes.
 *
 * A record carries its cause as a number and, where the cause has particulars (a size, a
 * signal, an errno text), those as a short detail string. Code decides on the number,
 * never on text; people read cause_text. The numbers are part of the record encoding
 * (the wire and the cache): a cause is never renumbered, only added at the end.
 */
#ifndef ASSAY_COMMON_CAUSE_H
#define ASSAY_COMMON_CAUSE_H

#include <stddef.h>

enum cause {
	CAUSE_NONE = 0,
	/* Not analyzed on purpose (status skipped). */
	CAUSE_EXCLUDED,			/* -x, [exclude], [include] */
	CAUSE_EXCLUDED_LANGUAGE,	/* -l names other languages */
	CAUSE_UNKNOWN_LANGUAGE,		/* no extension, #! line or mapping names one */
	CAUSE_GENERATED,		/* a [generated] marker in its first lines */
	CAUSE_NOT_REGULAR,		/* a FIFO, socket, device or directory */
	CAUSE_SYMLINK,			/* links are never followed */
	CAUSE_SUBMODULE,		/* a git submodule (a gitlink) */
	CAUSE_TOO_LARGE,		/* over the size cap; detail: the sizes */
	CAUSE_LFS_POINTER,		/* a git-lfs pointer: the content is elsewhere */
	CAUSE_BINARY,			/* a NUL byte in its head */
	CAUSE_MINIFIED,			/* very long lines on average */
	/* Could not be measured (status failed, or skipped where discovery says so). */
	CAUSE_OUTSIDE_ROOT,		/* a link, or a path leading out of its root, met when read */
	CAUSE_CANNOT_OPEN,		/* detail: strerror */
	CAUSE_CANNOT_STAT,		/* detail: strerror */
	CAUSE_READ_ERROR,		/* detail: strerror */
	CAUSE_CANNOT_READ_DIR,		/* detail: strerror */
	CAUSE_GIT_BLOB,			/* the blob could not be read; detail: libgit2's text */
	CAUSE_OUT_OF_MEMORY,
	CAUSE_TIMEOUT,			/* past its wall-clock deadline */
	CAUSE_TIMEOUT_CPU,		/* past the worker's CPU limit */
	CAUSE_SANDBOX_VIOLATION,	/* the worker was killed by the sandbox (SIGSYS) */
	CAUSE_CRASHED,			/* detail: the signal */
	CAUSE_WORKER_EXIT,		/* the worker exited; detail: its status */
	CAUSE_INVALID_REPLY,		/* the worker broke the protocol */
	CAUSE_WORKER_ERROR,		/* the worker answered ERROR; detail: its cause's text */
	/* Parsed no tree: line counts only (status fallback). */
	CAUSE_GRAMMAR_UNAVAILABLE,
	CAUSE_PARSE_TIMEOUT,
	CAUSE_TOO_LARGE_TO_PARSE,	/* over 4 GiB, which tree-sitter cannot address */
	CAUSE_VENDORED,			/* in a vendor/, third_party/ or node_modules/ folder;
					   detail: the folder */
	CAUSE_SHARD_MISSING,		/* assay merge: its shard was not given; detail: K/N */
	CAUSE_COUNT
};

/* A cause with its detail, as a function that refuses a file reports it. */
struct cause_note {
	enum cause cause;
	char detail[240];
};

/* Sets *n to cause c with a printf-style detail (fmt NULL: none). Returns -1, so a
 * caller can `return cause_note(...)`. */
int cause_note(struct cause_note *n, enum cause c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A wall-clock timeout's detail names the deadline the file passed ("after 10 s"): a
 * cached verdict stands only for runs whose deadline for that file is no longer
 * (run/settle.c, settle_applies). cause_deadline reads it back: the seconds, or 0 when detail holds none. */
void cause_note_deadline(struct cause_note *n, double seconds);
double cause_deadline(const char *detail);

/* The text of cause c with its detail (NULL or "" when it has none) into out, as every
 * report prints it: "too large (1739 bytes, limit 500)", "crashed (SIGSEGV)", "binary".
 * Returns out. */
const char *cause_text(enum cause c, const char *detail, char *out, size_t len);

/* Whether a skipped file with this cause is not source at all (no language assay reads:
 * documentation, data, images): reports count it apart from the files skipped on purpose.
 * A binary file is not: its name says source, and its content kept it from being
 * measured. */
int cause_is_not_source(enum cause c);

/* 1 for the causes a person expects and need not be told about file by file: excluded,
 * excluded language, and what is not source. */
int cause_is_routine(enum cause c);

#endif
