/*
 * report.h - report formats: one writer per format, all reading the same run model.
 *
 * Every name from the analyzed tree goes through an esc_* function of util/escape.h on its way
 * out. Writers stream to a FILE so a large tree's JSON never sits whole in memory; they
 * return -1 when writing failed (errno tells why: EPIPE for `assay | head`).
 */
#ifndef ASSAY_REPORT_H
#define ASSAY_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "report/model.h"

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
/* "text, warnings, json, ..." (every format of the table) for help texts. */
const char *report_format_names(void);

int report_text(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_warnings(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_json(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_sarif(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_checkstyle(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_codeclimate(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_csv(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_csv_lizard(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_html(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_prometheus(FILE *out, const struct run_model *m, const struct report_options *opt);

/* Writes s escaped for a terminal or text file. */
void report_put_text(FILE *out, const char *s);
/* Writes s as a JSON string, quotes included, with no raw control character (C1 too). */
void report_put_json(FILE *out, const char *s);
/* Writes s escaped for an XML attribute value (without the quotes). */
void report_put_xml(FILE *out, const char *s);

/* path as code hosts want it, relative to where assay ran: without a leading "./". */
const char *report_repo_path(const char *path);
/* The stable identity of unit u of the file at path, for alerts that survive code moving:
 * FNV-1a 64 over report_repo_path(path), NUL, the qualified name, NUL, the body hash as 16
 * lower-case hex digits, then, when extra is not NULL, NUL and extra. */
uint64_t report_fingerprint(const char *path, const struct unit *u, const char *extra);
/* "NAME has CCN 17 (limit 15)" for metric k of u, a new string. NAME (the qualified name)
 * is text-escaped (esc_text), so a control character in it shows instead of acting in
 * whatever displays the message. */
char *report_violation_message(const struct unit *u, enum metric k,
			       const struct thresholds *t);

#endif
