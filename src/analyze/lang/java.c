/*
 * java.c - Java node types (tree-sitter-java).
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "method_declaration", "constructor_declaration",
				     "compact_constructor_declaration", NULL };
static const char *const anonymous[] = { "lambda_expression", NULL };
static const char *const scopes[] = { "class_declaration", "interface_declaration",
				      "enum_declaration", "record_declaration",
				      "annotation_type_declaration", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const loops[] = { "for_statement", "enhanced_for_statement",
				     "while_statement", "do_statement", NULL };
static const char *const switches[] = { "switch_expression", NULL };
static const char *const cases[] = { "switch_label", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", "try_with_resources_statement", NULL };
static const char *const ternaries[] = { "ternary_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const exits[] = { "return_statement", "throw_statement", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const labels[] = { "identifier", NULL };
static const char *const calls[] = { "method_invocation", NULL };
static const char *const comments[] = { "line_comment", "block_comment", NULL };
static const char *const atoms[] = { "string_literal", "character_literal", NULL };
static const struct binding_rule bindings[] = {
	{ "variable_declarator", "value", "name" },
	{ "assignment_expression", "right", "left" },
	{ NULL, NULL, NULL }
};

/* `case X:` / `case X ->` count; `default` does not. */
static int java_case_counts(TSNode node, const char *src)
{
	(void)src;
	return ts_node_child_count(node) > 0
	       && strcmp(ts_node_type(ts_node_child(node, 0)), "case") == 0;
}

/* A call is to the unit itself only without a receiver (foo(), not other.foo()). */
static TSNode java_callee(TSNode call)
{
	if (!ts_node_is_null(lang_child(call, "object"))) {
		TSNode none;
		memset(&none, 0, sizeof(none));
		return none;
	}
	return lang_child(call, "name");
}

const struct lang_spec lang_java = {
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
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
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.bindings = bindings,
	.unit_body = "body",
	.case_counts = java_case_counts,
	.callee = java_callee,
};
