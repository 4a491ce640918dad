/*
 * c.c - C node types (tree-sitter-c).
 */
#include "analyze/lang.h"
#include "analyze/lang/c_family.h"

static const char *const units[] = { "function_definition", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_statement", "while_statement", "do_statement", NULL };
static const char *const switches[] = { "switch_statement", NULL };
static const char *const cases[] = { "case_statement", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const exits[] = { "return_statement", NULL };
static const char *const gotos[] = { "goto_statement", NULL };
static const char *const preproc[] = { "preproc_if", "preproc_ifdef", "preproc_elif",
				       "preproc_elifdef", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "string_literal", "char_literal", "system_lib_string",
				     NULL };

const struct lang_spec lang_c = {
	.separator = "::",
	.units = units,
	.ifs = ifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.switches = switches,
	.cases = cases,
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
	.nested_block = c_family_nested_block,
	.nested_statement = c_family_nested_statement,
	.case_counts = c_family_case_counts,
	.unit_name = c_family_unit_name,
	.count_params = c_family_count_params,
	.repair = c_family_repair,
	.damage = c_family_damage,
	.predict = c_family_predict,
	.unit_flags = c_family_unit_flags,
};
