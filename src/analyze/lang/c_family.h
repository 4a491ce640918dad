/*
 * c_family.h - hooks shared by the C and C++ language files: both find a function's name
 * and parameters by following the declarator chain (pointer, reference, attributed and
 * parenthesized declarators) down to the function_declarator.
 */
#ifndef ASSAY_LANG_C_FAMILY_H
#define ASSAY_LANG_C_FAMILY_H

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "common/buf.h"

/* The function_declarator of a function_definition, or a null node. */
TSNode c_family_function_declarator(TSNode definition);
void c_family_unit_name(TSNode node, const char *src, struct wbuf *out);
/* Named entries of the parameter list; a lone `void` is none, `...` is one. */
int c_family_count_params(TSNode node, const char *src);
/* A case_statement counts when it has a value (`default:` has none). */
int c_family_case_counts(TSNode node, const char *src);

/* 1 when s (len bytes) is a C or C++ keyword: never a function's or a macro's name. */
int c_family_is_keyword(const char *s, size_t len);
/* Macro recovery (c_repair.c): a copy of src with the macro uses that explain the tree's
 * errors blanked, or NULL when there is nothing to change. */
char *c_family_repair(TSNode root, const char *src, size_t len);
/* Macro recovery before the first parse: a copy of src with the header rules applied to
 * the headers no C parse can read, or NULL when there are none (c_repair.c). */
char *c_family_predict(const TSLanguage *lang, const char *src, size_t len);
/* How damaged a tree is: 0 without errors; compared before and after a repair. */
size_t c_family_damage(TSNode root, const char *src, size_t len);
/* UNIT_RECOVERED for a definition named from a macro's argument (TEST_BEGIN(name)). */
uint32_t c_family_unit_flags(TSNode node, const char *src);
/* 1 when a definition inside a unit is a block macro (lang.h nested_block). */
int c_family_nested_block(TSNode node, const char *src);
/* lang.h nested_statement: a definition named `if`, `while`, `for` or `switch` inside a
 * unit (an #if group split the statement from what came before it). */
const char *c_family_nested_statement(TSNode node, const char *src);

#endif
