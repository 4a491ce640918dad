/*
 * runid.h - the run id: 128 random bits as 32 lowercase hexadecimal digits, drawn once
 * per process (one assay command is one run). Every event (util/log.h), the trace
 * (--trace), the JSON report and the Prometheus output carry it, so that a line of a CI
 * log can be matched with the trace and the reports of the same run.
 */
#ifndef ASSAY_UTIL_RUNID_H
#define ASSAY_UTIL_RUNID_H

#define RUN_ID_LEN 32

/* The run's id, drawn on the first call (main calls it first, so forked children share
 * it). Never NULL, always RUN_ID_LEN digits. */
const char *run_id(void);

#endif
