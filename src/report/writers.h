/*
 * writers.h - one writer per report format (report/<format>.c), as the table in
 * formats.c names them.
 */
#ifndef ASSAY_REPORT_WRITERS_H
#define ASSAY_REPORT_WRITERS_H

#include <stdio.h>

#include "report/formats.h"

int report_text(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_warnings(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_json(FILE *out, const struct run_model *m, const struct report_options *opt);
/* The "shard" object of a shard's JSON report, with its comma; nothing for a plain run. */
void json_put_shard(FILE *out, const struct run_model *m);
int report_sarif(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_checkstyle(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_codeclimate(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_csv(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_csv_lizard(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_html(FILE *out, const struct run_model *m, const struct report_options *opt);
int report_prometheus(FILE *out, const struct run_model *m, const struct report_options *opt);

#endif
