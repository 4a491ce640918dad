/*
 * c_family.h - hooks shared by the C and C++ language files: both find a function's name
 * and parameters by following the declarator chain (pointer, reference, attributed and
 * parenthesized declarators) down to the function_declarator.
 */
#ifndef ASSAY_LANG_C_FAMILY_H
#define ASSAY_LANG_C_FAMILY_H

#include <tree_sitter/api.h>

#include "common/buf.h"

/* The function_declarator of a function_definition, or a null node. */
TSNode c_family_function_declarator(TSNode definition);
void c_family_unit_name(TSNode node, const char *src, struct wbuf *out);
/* Named entries of the parameter list; a lone `void` is none, `...` is one. */
int c_family_count_params(TSNode node, const char *src);
/* A case_statement counts when it has a value (`default:` has none). */
int c_family_case_counts(TSNode node, const char *src);

#endif
