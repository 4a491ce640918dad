/*
 * go.c - Go node types (tree-sitter-go). Qualified names start with the package
 * (main.foo, main.T.M, main.(*T).M).
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "function_declaration", "method_declaration", NULL };
static const char *const anonymous[] = { "func_literal", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const loops[] = { "for_statement", NULL };
static const char *const switches[] = { "expression_switch_statement", "type_switch_statement",
					"select_statement", NULL };
static const char *const cases[] = { "expression_case", "type_case", "communication_case",
				     NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const exits[] = { "return_statement", NULL };
static const char *const gotos[] = { "goto_statement", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const labels[] = { "label_name", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "interpreted_string_literal", "raw_string_literal",
				     "rune_literal", NULL };
static const struct binding_rule bindings[] = {
	{ "short_var_declaration", "right", "left" },
	{ "var_spec", "value", "name" },
	{ "assignment_statement", "right", "left" },
	{ NULL, NULL, NULL }
};

/* The receiver's type name of a method, T or (*T), generic arguments dropped, followed by
 * a dot; nothing for a plain function. */
static void go_receiver_prefix(TSNode node, const char *src, struct wbuf *out)
{
	TSNode receiver = lang_child(node, "receiver");
	if (ts_node_is_null(receiver) || ts_node_named_child_count(receiver) == 0)
		return;
	TSNode decl = ts_node_named_child(receiver, 0);
	TSNode type = lang_child(decl, "type");
	int pointer = 0;
	if (!ts_node_is_null(type) && strcmp(ts_node_type(type), "pointer_type") == 0) {
		pointer = 1;
		type = ts_node_named_child(type, 0);
	}
	if (!ts_node_is_null(type) && strcmp(ts_node_type(type), "generic_type") == 0)
		type = lang_child(type, "type");
	if (ts_node_is_null(type))
		return;
	if (pointer)
		wbuf_put(out, "(*", 2);
	lang_append_text(out, type, src);
	if (pointer)
		wbuf_put(out, ")", 1);
	wbuf_put(out, ".", 1);
}

/* Methods are named by receiver: T.M for a value receiver, (*T).M for a pointer. */
static void go_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	go_receiver_prefix(node, src, out);
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* `a, b int` declares two parameters; `int` alone (unnamed) one. */
static int go_count_params(TSNode node, const char *src)
{
	(void)src;
	TSNode list = lang_child(node, "parameters");
	if (ts_node_is_null(list))
		return 0;
	int count = 0;
	uint32_t n = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(list, i);
		const char *type = ts_node_type(p);
		if (strcmp(type, "parameter_declaration") == 0) {
			int names = 0;
			uint32_t m = ts_node_named_child_count(p);
			for (uint32_t j = 0; j < m; j++)
				names += strcmp(ts_node_type(ts_node_named_child(p, j)),
						"identifier") == 0;
			count += names ? names : 1;
		} else if (strcmp(type, "variadic_parameter_declaration") == 0) {
			count++;
		}
	}
	return count;
}

static void go_file_prefix(TSNode root, const char *src, struct wbuf *out)
{
	uint32_t n = ts_node_named_child_count(root);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(root, i);
		if (strcmp(ts_node_type(c), "package_clause") == 0) {
			if (ts_node_named_child_count(c) > 0)
				lang_append_text(out, ts_node_named_child(c, 0), src);
			return;
		}
	}
}

const struct lang_spec lang_go = {
	.default_units = UNITS_FOLD,
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.ifs = ifs,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.gotos = gotos,
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.bindings = bindings,
	.unit_name = go_unit_name,
	.count_params = go_count_params,
	.file_prefix = go_file_prefix,
};
