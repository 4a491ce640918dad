/*
 * python.c - Python node types (tree-sitter-python).
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "function_definition", NULL };
static const char *const anonymous[] = { "lambda", NULL };
static const char *const scopes[] = { "class_definition", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const elifs[] = { "elif_clause", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_statement", "while_statement", NULL };
static const char *const switches[] = { "match_statement", NULL };
static const char *const cases[] = { "case_clause", NULL };
static const char *const catches[] = { "except_clause", "except_group_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const withs[] = { "with_statement", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "boolean_operator", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "and", NULL };
static const char *const or_ops[] = { "or", NULL };
static const char *const comprehension[] = { "for_in_clause", "if_clause", NULL };
static const char *const exits[] = { "return_statement", "raise_statement", NULL };
static const char *const calls[] = { "call", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "string", NULL };
/* An f-string's replacement fields are code; its text (and format specs) stay tokens. */
static const char *const substitutions[] = { "interpolation", NULL };
static const char *const docstrings[] = { "expression_statement", NULL };
static const char *const ignored[] = { "keyword_separator", "positional_separator", NULL };
static const struct binding_rule bindings[] = {
	{ "assignment", "right", "left" },
	{ NULL, NULL, NULL }
};

/* `case _:` is the wildcard and does not count; a guarded `case _ if x:` does. */
static int python_case_counts(TSNode node, const char *src)
{
	uint32_t n = ts_node_named_child_count(node);
	int patterns = 0, wildcard = 0, guard = 0;
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		const char *type = ts_node_type(c);
		if (strcmp(type, "case_pattern") == 0) {
			patterns++;
			wildcard = lang_text_is(c, src, "_");
		} else if (strcmp(type, "if_clause") == 0) {
			guard = 1;
		}
	}
	return !(patterns == 1 && wildcard && !guard);
}

const struct lang_spec lang_python = {
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.elifs = elifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.catches = catches,
	.tries = tries,
	.withs = withs,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.comprehension_clauses = comprehension,
	.exits = exits,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = atoms,
	.substitutions = substitutions,
	.docstring_statements = docstrings,
	.param_ignored = ignored,
	.bindings = bindings,
	.case_counts = python_case_counts,
};
