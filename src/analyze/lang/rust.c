/*
 * rust.c - Rust node types (tree-sitter-rust). `loop` is a loop for cognitive
 * complexity but not a decision; `?` and match arms other than a bare `_` are decisions.
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "function_item", NULL };
static const char *const anonymous[] = { "closure_expression", NULL };
static const char *const scopes[] = { "impl_item", "trait_item", "mod_item", NULL };
static const char *const ifs[] = { "if_expression", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_expression", "while_expression", NULL };
static const char *const cognitive_loops[] = { "loop_expression", NULL };
static const char *const switches[] = { "match_expression", NULL };
static const char *const cases[] = { "match_arm", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const try_ops[] = { "try_expression", NULL };
static const char *const exits[] = { "return_expression", NULL };
static const char *const jumps[] = { "break_expression", "continue_expression", NULL };
static const char *const labels[] = { "label", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "line_comment", "block_comment", NULL };
static const char *const atoms[] = { "string_literal", "raw_string_literal", "char_literal",
				     NULL };
static const char *const ignored[] = { "attribute_item", NULL };
static const struct binding_rule bindings[] = {
	{ "let_declaration", "value", "pattern" },
	{ NULL, NULL, NULL }
};

static int rust_case_counts(TSNode node, const char *src)
{
	TSNode pattern = lang_child(node, "pattern");
	return ts_node_is_null(pattern) || !lang_text_is(pattern, src, "_");
}

/* impl blocks are named by their type, without generic arguments (impl<T> Foo<T> -> Foo). */
static void rust_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name;
	if (strcmp(ts_node_type(node), "impl_item") == 0) {
		name = lang_child(node, "type");
		if (!ts_node_is_null(name) && strcmp(ts_node_type(name), "generic_type") == 0)
			name = lang_child(name, "type");
	} else {
		name = lang_child(node, "name");
	}
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

const struct lang_spec lang_rust = {
	.separator = "::",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.cognitive_loops = cognitive_loops,
	.switches = switches,
	.cases = cases,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.try_operators = try_ops,
	.exits = exits,
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.param_ignored = ignored,
	.bindings = bindings,
	.case_counts = rust_case_counts,
	.scope_name = rust_scope_name,
};
