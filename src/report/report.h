/*
 * report.h - report formats: one writer per format, all reading the same run model.
 *
 * Every name from the analyzed tree goes through an esc_* function of util.h on its way
 * out. Writers stream to a FILE so a large tree's JSON never sits whole in memory; they
 * return -1 when writing failed (errno tells why: EPIPE for `assay | head`).
 */
#ifndef ASSAY_REPORT_H
#define ASSAY_REPORT_H

#include <stdio.h>

#include "../model.h"

struct report_options {
	int color;		/* colour escapes in the text report */
	int verbose;		/* text: list partial files too */
};

struct report_format {
	const char *name;
	const char *extensions;	/* space-separated, for -o FILE without --format */
	int (*write)(FILE *out, const struct run_model *m, const struct report_options *opt);
};

/* The format called name, or NULL. */
const struct report_format *report_format_by_name(const char *name);
/* The format a file name's extension implies, or NULL. */
const struct report_format *report_format_by_path(const char *path);
/* "text, warnings, json" for help texts. */
const char *report_format_names(void);

int report_text(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_warnings(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_json(FILE *out, const struct run_model *m, const struct report_options *opt);

/* Writes s escaped for a terminal or text file. */
void report_put_text(FILE *out, const char *s);

#endif
