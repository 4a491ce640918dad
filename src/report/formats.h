/*
 * formats.h - the report formats: one row each (name, file extensions, what it lists, its
 * writer), one writer file each (report/<format>.c). Adding a format is a row in
 * formats.c and its writer.
 *
 * A writer streams to a FILE, so a large tree's JSON never sits whole in memory, and
 * returns -1 when writing failed (errno tells why: EPIPE for `assay | head`). Every name
 * from the analyzed tree goes through report/common.h's escaping on its way out.
 */
#ifndef ASSAY_REPORT_FORMATS_H
#define ASSAY_REPORT_FORMATS_H

#include <stdio.h>

#include "report/model.h"

struct report_options {
	int color;		/* colour escapes in the text report */
	int verbose;		/* text: list partial files too */
	int quiet;		/* text: nothing when the run passes */
	int commit;		/* text: precommit's short form (a line when it passes; the
				   violations and the ways forward when it fails) */
};

/* What a format shows, which decides what the run must keep for it. */
#define REPORT_EVERY_UNIT 0x1u	/* every unit, or figures over all of them: without it
				   only the units over a limit are kept */
#define REPORT_SIZES 0x2u	/* every file's size, those skipped by name too */
#define REPORT_INCREMENTS 0x8u	/* the increments behind the worst units' scores
				   (run/increments.h) */
#define REPORT_IDENTITY 0x4u	/* the repository (name, work tree, revision) and each
				   file's path in it (run_model.identity, report_file.repo_path) */

struct report_format {
	const char *name;
	const char *extensions;	/* space-separated, for -o FILE without --format */
	unsigned shows;		/* REPORT_* */
	int (*write)(FILE *out, const struct run_model *m, const struct report_options *opt);
};

/* The format called name, or NULL. */
const struct report_format *report_format_by_name(const char *name);
/* The format a file name's extension implies, or NULL. */
const struct report_format *report_format_by_path(const char *path);
/* ".txt, .warnings, .json, ..." (every extension of the table) for help texts. */
const char *report_format_extensions(void);
/* "text, warnings, json, ..." (every format of the table) for help texts. */
const char *report_format_names(void);
/* The format name nearest to a mistyped word (util/suggest.h), or NULL. */
const char *report_format_nearest(const char *word);

#endif
