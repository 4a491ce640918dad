/*
 * lsan_sql.h - for the unit tests that parse in process under make check-asan:
 * tree-sitter-sql 0.3.11's external scanner leaks the tag of a dollar-quoted string
 * (deserialize replaces it, the scan of a closing tag and serialize drop it without
 * freeing it: third-party code, fetched, not ours to change). The worker runs without
 * leak detection; a test that parses in process tells LeakSanitizer so here (by function,
 * and by file for what the scan leaks). Include it once.
 */
#ifndef ASSAY_TESTS_LSAN_SQL_H
#define ASSAY_TESTS_LSAN_SQL_H

#include "config.h"

#ifdef ASSAY_SANITIZERS
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tree_sitter_sql_external_scanner_deserialize\n"
	       "leak:tree-sitter-sql/src/scanner.c\n";
}
#endif

#endif
