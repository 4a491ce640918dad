/*
 * gdscript.c - GDScript node types (tree-sitter-gdscript).
 *
 * Units are `func` (static or not, and Godot 3's `func _init().(args)`), the set: and get:
 * blocks of a Godot 4 property (`hp.set`, `hp.get`) and lambdas by the unit policy. An
 * inner `class` is a scope; the file's `class_name` is not, as lizard does not prefix
 * it either: the file is the class. gdlint has no complexity rule, so ccn counts as
 * assay's Python does: if, elif, for, while, each match branch but a bare `_`,
 * and/or/&&/||, `x if c else y`.
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "function_definition", "constructor_definition",
				     "set_body", "get_body", NULL };
static const char *const anonymous[] = { "lambda", NULL };
static const char *const scopes[] = { "class_definition", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const elifs[] = { "elif_clause", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_statement", "while_statement", NULL };
static const char *const switches[] = { "match_statement", NULL };
static const char *const cases[] = { "pattern_section", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "binary_operator", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "and", "&&", NULL };
static const char *const or_ops[] = { "or", "||", NULL };
static const char *const exits[] = { "return_statement", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const calls[] = { "call", "attribute_call", "base_call", NULL };
static const char *const comments[] = { "comment", NULL };
/* $Path/To/Node, %Unique, ^"node/path" and &"name" are one lexeme each. */
static const char *const atoms[] = { "string", "string_name", "node_path", "get_node", NULL };
/* A lone """string""" statement is how GDScript code often comments a block. */
static const char *const docstrings[] = { "expression_statement", NULL };
static const struct binding_rule bindings[] = {
	{ "variable_statement", "value", "name" },
	{ "const_statement", "value", "name" },
	{ "assignment", "right", "left" },
	{ NULL, NULL, NULL }
};

/* A match branch counts unless its only pattern is the wildcard `_` without a `when`
 * guard: `_:` is the match's else. `1, 2:` is one branch. */
static int gd_case_counts(TSNode node, const char *src)
{
	uint32_t n = ts_node_named_child_count(node);
	int patterns = 0, wildcard = 0, guard = 0;
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		const char *type = ts_node_type(c);
		if (strcmp(type, "pattern_guard") == 0)
			guard = 1;
		else if (strcmp(type, "body") != 0 && strcmp(type, "comment") != 0) {
			patterns++;
			wildcard = lang_text_is(c, src, "_");
		}
	}
	return !(patterns == 1 && wildcard && !guard);
}

/* The property a set: or get: block belongs to: setget's parent statement's name. */
static void accessor_name(TSNode node, const char *src, struct wbuf *out, const char *which)
{
	TSNode setget = ts_node_parent(node);
	TSNode decl = ts_node_is_null(setget) ? setget : ts_node_parent(setget);
	TSNode name = ts_node_is_null(decl) ? decl : lang_child(decl, "name");
	if (!ts_node_is_null(name)) {
		lang_append_text(out, name, src);
		wbuf_put(out, ".", 1);
	}
	wbuf_put(out, which, strlen(which));
}

static void gd_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	const char *t = ts_node_type(node);
	if (strcmp(t, "constructor_definition") == 0) {
		wbuf_put(out, "_init", 5);
	} else if (strcmp(t, "set_body") == 0) {
		accessor_name(node, src, out, "set");
	} else if (strcmp(t, "get_body") == 0) {
		accessor_name(node, src, out, "get");
	} else {
		TSNode name = lang_child(node, "name");
		if (!ts_node_is_null(name))
			lang_append_text(out, name, src);
	}
}

/* A set: block's parameters sit in no field; get: has none. */
static int gd_count_params(TSNode node, const char *src)
{
	(void)src;
	TSNode list = lang_child(node, "parameters");
	if (ts_node_is_null(list) && strcmp(ts_node_type(node), "set_body") == 0)
		for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
			TSNode c = ts_node_named_child(node, i);
			if (strcmp(ts_node_type(c), "parameters") == 0)
				list = c;
		}
	return ts_node_is_null(list) ? 0 : (int)ts_node_named_child_count(list);
}

/* A call's callee is its first child, in no field. Only a plain `f()` (a call) can be a
 * recursion: `self.f()` is an attribute_call under an attribute, Godot 3's `.f()` a
 * base_call, both calls of another object's method. */
static TSNode gd_callee(TSNode call)
{
	if (strcmp(ts_node_type(call), "call") == 0 && ts_node_named_child_count(call) > 0)
		return ts_node_named_child(call, 0);
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

const struct lang_spec lang_gdscript = {
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
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.jumps = jumps,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.docstring_statements = docstrings,
	.bindings = bindings,
	.unit_body = "body",
	.end_at_last_token = 1,
	.case_counts = gd_case_counts,
	.unit_name = gd_unit_name,
	.count_params = gd_count_params,
	.callee = gd_callee,
};
