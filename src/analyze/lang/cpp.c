/*
 * cpp.c - C++ node types (tree-sitter-cpp).
 */
#include "analyze/lang.h"
#include "analyze/lang/c_family.h"

static const char *const units[] = { "function_definition", NULL };
static const char *const anonymous[] = { "lambda_expression", NULL };
static const char *const scopes[] = { "class_specifier", "struct_specifier", "union_specifier",
				      "namespace_definition", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_statement", "for_range_loop", "while_statement",
				      "do_statement", NULL };
static const char *const switches[] = { "switch_statement", NULL };
static const char *const cases[] = { "case_statement", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", "and", NULL };
static const char *const or_ops[] = { "||", "or", NULL };
static const char *const exits[] = { "return_statement", "throw_statement",
				      "co_return_statement", NULL };
static const char *const gotos[] = { "goto_statement", NULL };
static const char *const preproc[] = { "preproc_if", "preproc_ifdef", "preproc_elif",
				       "preproc_elifdef", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "string_literal", "char_literal", "raw_string_literal",
				     "system_lib_string", NULL };
static const struct binding_rule bindings[] = {
	{ "init_declarator", "value", "declarator" },
	{ "assignment_expression", "right", "left" },
	{ NULL, NULL, NULL }
};

const struct lang_spec lang_cpp = {
	.separator = "::",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.catches = catches,
	.tries = tries,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.gotos = gotos,
	.preprocessor_conditions = preproc,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.bindings = bindings,
	.nested_block = c_family_nested_block,
	.nested_statement = c_family_nested_statement,
	.case_counts = c_family_case_counts,
	.unit_name = c_family_unit_name,
	.count_params = c_family_count_params,
	.repair = c_family_repair,
	.damage = c_family_damage,
	.unit_flags = c_family_unit_flags,
};
