/*
 * javascript.c - JavaScript (with JSX) node types (tree-sitter-javascript).
 * TypeScript and TSX extend these lists in typescript.c.
 */
#include <string.h>

#include "analyze/lang.h"

/* A class static block is a unit, as ESLint's complexity rule reports it: its own code
 * path, run once when the class is defined. */
static const char *const units[] = { "function_declaration", "generator_function_declaration",
				     "method_definition", "class_static_block", NULL };
static const char *const anonymous[] = { "function_expression", "generator_function",
					 "arrow_function", "function", NULL };
static const char *const scopes[] = { "class_declaration", "class", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_statement", "for_in_statement", "while_statement",
				     "do_statement", NULL };
static const char *const switches[] = { "switch_statement", NULL };
static const char *const cases[] = { "switch_case", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const withs[] = { "with_statement", NULL };
static const char *const ternaries[] = { "ternary_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const coalesce_ops[] = { "??", NULL };
static const char *const exits[] = { "return_statement", "throw_statement", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const labels[] = { "statement_identifier", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", "html_comment", NULL };
static const char *const atoms[] = { "string", "template_string", "regex", NULL };
static const char *const splice_strings[] = { "template_string", NULL };
static const char *const substitutions[] = { "template_substitution", NULL };
/* ESLint's complexity rule also counts these short-circuits and defaults: a default
 * parameter or destructuring default (TS spells a default parameter as a parameter with a
 * value), each `?.`, and logical assignments. */
static const char *const default_values[] = { "assignment_pattern", "object_assignment_pattern",
					      "required_parameter", "optional_parameter", NULL };
/* JS has `?.` as a named leaf optional_chain; TS wraps the `?.` token in it, or not. */
static const char *const optional_chains[] = { "optional_chain", "?.", NULL };
static const char *const logical_assignments[] = { "&&=", "||=", "?\?=", NULL };
static const struct binding_rule bindings[] = {
	{ "variable_declarator", "value", "name" },
	{ "assignment_expression", "right", "left" },
	{ "pair", "value", "key" },
	{ "field_definition", "value", "property" },
	{ "public_field_definition", "value", "name" },
	{ NULL, NULL, NULL }
};

/* A unit's name: its `name` field; a static block is `static`. */
static void js_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	if (strcmp(ts_node_type(node), "class_static_block") == 0) {
		wbuf_put(out, "static", 6);
		return;
	}
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

#define JS_FAMILY_COMMON                                                                   \
	.separator = ".", .ifs = ifs, .else_clauses = else_clauses, .loops = loops,        \
	.switches = switches, .cases = cases, .catches = catches, .tries = tries,          \
	.withs = withs, .ternaries = ternaries, .logical_parents = logical,                \
	.parentheses = parens, .and_operators = and_ops, .or_operators = or_ops,           \
	.coalesce_operators = coalesce_ops, .exits = exits, .jumps = jumps,                \
	.labels = labels, .calls = calls, .comments = comments, .atoms = atoms,            \
	.splice_strings = splice_strings, .substitutions = substitutions,                  \
	.default_values = default_values, .optional_chains = optional_chains,              \
	.logical_assignments = logical_assignments, .bindings = bindings,                  \
	.unit_name = js_unit_name

const struct lang_spec lang_javascript = {
	.default_units = UNITS_EACH,
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	JS_FAMILY_COMMON,
};

/* TypeScript adds abstract classes, namespaces and modules; everything else is shared. */
static const char *const ts_scopes[] = { "class_declaration", "class",
					 "abstract_class_declaration", "internal_module",
					 "module", NULL };

const struct lang_spec lang_typescript = {
	.default_units = UNITS_EACH,
	.units = units,
	.anonymous = anonymous,
	.scopes = ts_scopes,
	JS_FAMILY_COMMON,
};

const struct lang_spec lang_tsx = {
	.default_units = UNITS_EACH,
	.units = units,
	.anonymous = anonymous,
	.scopes = ts_scopes,
	JS_FAMILY_COMMON,
};
