/*
 * dart_repair.h - Dart's recovery from syntax its grammar predates (dart_repair.c).
 */
#ifndef ASSAY_ANALYZE_LANG_DART_REPAIR_H
#define ASSAY_ANALYZE_LANG_DART_REPAIR_H

#include <stddef.h>
#include <tree_sitter/api.h>

/* A copy of src (len bytes) with `library;` and Dart 3 class modifiers blanked, or NULL
 * when there is none. */
char *dart_repair(TSNode root, const char *src, size_t len);
/* How damaged a parse is: 0 when it has no error. */
size_t dart_damage(TSNode root, const char *src, size_t len);

#endif
