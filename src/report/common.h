/*
 * common.h - what several report writers share: escaping a name on its way into a report,
 * the path as code hosts want it, the stable fingerprint of a unit, and the wording of a
 * violation.
 */
#ifndef ASSAY_REPORT_COMMON_H
#define ASSAY_REPORT_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/formats.h"
#include "report/writers.h"

/* Writes s escaped for a terminal or text file. */
void report_put_text(FILE *out, const char *s);
/* Writes s as a JSON string, quotes included, with no raw control character (C1 too). */
void report_put_json(FILE *out, const char *s);
/* Writes s escaped for an XML attribute value (without the quotes). */
void report_put_xml(FILE *out, const char *s);

/* The sandbox as JSON and SARIF state it: {"mode", "backend", "level", "detail"}; level
 * "off" with mode off or in-process (--allow-unsandboxed), null when no worker said. */
void report_put_sandbox(FILE *out, const struct run_model *m);

/* path as code hosts want it, relative to where assay ran: without a leading "./". */
const char *report_repo_path(const char *path);
/* File f's path as code hosts want it: relative to the repository's work tree (where
 * GitLab and GitHub place issues, and the same whatever folder assay ran in), else
 * report_repo_path of the path shown. */
const char *report_file_path(const struct report_file *f);
/* The stable identity of unit u of the file at path, for alerts that survive code moving:
 * FNV-1a 64 over report_repo_path(path), NUL, the qualified name, NUL, the body hash as 16
 * lower-case hex digits, then, when extra is not NULL, NUL and extra. */
uint64_t report_fingerprint(const char *path, const struct unit *u, const char *extra);
/* occurrence[j] (f->rec->nunits of them): how many earlier units of f with a violation or
 * an excused one share unit j's identity (report_fingerprint without extra): identical
 * copies in one file (two #if branches) that a code host must keep apart. */
void report_count_occurrences(const struct report_file *f, size_t *occurrence);
/* The stable identity of something that is not a unit (a setting, a file's marker):
 * FNV-1a 64 over each word and its NUL. */
uint64_t report_fingerprint_words(const char *const *words, size_t n);
/* " [ccn 24 > 15, was 23, nloc 210 > 200]": the metrics of bits (over their limits) with
 * their values and limits, and each one's value in the base when u has one (diff,
 * precommit); nothing for no bits. */
void report_put_reasons(FILE *out, const struct unit *u, uint32_t bits,
			const struct thresholds *t);
/* "NAME has CCN 17 (limit 15)" for metric k of u, a new string. NAME (the qualified name)
 * is text-escaped (esc_text), so a control character in it shows instead of acting in
 * whatever displays the message. */
char *report_violation_message(const struct unit *u, enum metric k,
			       const struct thresholds *t);

#endif
