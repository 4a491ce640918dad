/*
 * lua.c - Lua node types (tree-sitter-lua, @tree-sitter-grammars). Decisions follow
 * luacheck's cyclomatic complexity: if, elseif, while, repeat, both fors, and, or.
 */
#include <string.h>

#include "analyze/lang.h"

/* `function a.b:c()`, `function f()` and `local function f()` are one node type. */
static const char *const units[] = { "function_declaration", NULL };
static const char *const anonymous[] = { "function_definition", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const elifs[] = { "elseif_statement", NULL };
static const char *const else_clauses[] = { "else_statement", NULL };
/* Numeric and generic for are one for_statement (its clause tells them apart). */
static const char *const loops[] = { "while_statement", "repeat_statement", "for_statement",
				     NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "and", NULL };
static const char *const or_ops[] = { "or", NULL };
static const char *const exits[] = { "return_statement", NULL };
static const char *const gotos[] = { "goto_statement", NULL };
static const char *const jumps[] = { "break_statement", NULL };
static const char *const calls[] = { "function_call", NULL };
/* A `#!` first line is not code, as a `#` comment is not in the languages that have one. */
static const char *const comments[] = { "comment", "hash_bang_line", NULL };
static const char *const atoms[] = { "string", NULL };
/* `local f = function`, `M.f = function`: the function is in the assignment's expression
 * list, in no field, and the targets are a variable_list in no field either (the hook
 * names it). A table constructor's `key = function` is a field with a name. */
static const struct binding_rule bindings[] = {
	{ "assignment_statement", NULL, NULL },
	{ "field", "value", "name" },
	{ NULL, NULL, NULL }
};

/* The first target of an assignment: the one its first value goes to (`M.f` in
 * `M.f, n = function() end`, as written). */
static void lua_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	(void)value;
	uint32_t n = ts_node_named_child_count(parent);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(parent, i);
		if (strcmp(ts_node_type(c), "variable_list") != 0)
			continue;
		TSNode name = lang_child(c, "name");
		if (!ts_node_is_null(name))
			lang_append_text(out, name, src);
		return;
	}
}

/* A call's callee is its `name` field; `obj:m()` and `M.f()` are not leaves, so only a
 * plain `f()` can be a recursion. */
static TSNode lua_callee(TSNode call)
{
	return lang_child(call, "name");
}

const struct lang_spec lang_lua = {
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.ifs = ifs,
	.elifs = elifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.gotos = gotos,
	.jumps = jumps,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.bindings = bindings,
	.callee = lua_callee,
	.binding_name = lua_binding_name,
};
