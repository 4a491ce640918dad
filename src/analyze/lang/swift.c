/*
 * swift.c - Swift node types (tree-sitter-swift). Decisions follow SwiftLint's
 * cyclomatic_complexity rule (if, guard, for, while, repeat, catch, each case; a case
 * that ends in `fallthrough` adds nothing) plus the operators McCabe counts everywhere
 * else in assay (?:, &&, ||, ??). Accessors are units: `Type.prop.get`, `Type.prop.set`,
 * `Type.prop.willSet`, `Type.subscript.get`; an extension's methods go by the extended
 * type's name.
 */
#include <string.h>

#include "analyze/lang.h"
#include "common/record.h"

/* A computed_property is a unit only as a bare getter body (swift_declaration below). */
static const char *const units[] = { "function_declaration", "init_declaration",
				     "deinit_declaration", "computed_getter", "computed_setter",
				     "computed_modify", "computed_property", "willset_clause",
				     "didset_clause", NULL };
static const char *const anonymous[] = { "lambda_literal", NULL };
/* class_declaration is also struct, enum, actor and extension. A property is no scope:
 * a scope inside a unit would take the decisions of `let x = a ?? b` from the unit. */
static const char *const scopes[] = { "class_declaration", "protocol_declaration", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const guards[] = { "guard_statement", NULL };
static const char *const loops[] = { "for_statement", "while_statement",
				     "repeat_while_statement", NULL };
static const char *const switches[] = { "switch_statement", NULL };
static const char *const cases[] = { "switch_entry", NULL };
static const char *const catches[] = { "catch_block", NULL };
static const char *const tries[] = { "do_statement", NULL };
static const char *const ternaries[] = { "ternary_expression", NULL };
static const char *const logical[] = { "conjunction_expression", "disjunction_expression",
				       "nil_coalescing_expression", NULL };
static const char *const parens[] = { "tuple_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const coalesce_ops[] = { "?\?", NULL };
/* `for x in xs where c`: a filter, one more path, as a comprehension's if. */
static const char *const filters[] = { "where_clause", NULL };
static const char *const transfers[] = { "control_transfer_statement", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", "multiline_comment", NULL };
static const char *const atoms[] = { "line_string_literal", "multi_line_string_literal",
				     "raw_string_literal", "regex_literal", NULL };
static const char *const splice_strings[] = { "line_string_literal",
					      "multi_line_string_literal",
					      "raw_string_literal", NULL };
static const char *const substitutions[] = { "interpolated_expression", NULL };
static const struct binding_rule bindings[] = {
	{ "property_declaration", "value", "name" },
	{ "assignment", "result", "target" },
	{ NULL, NULL, NULL }
};

/* `case` counts, `default` does not; nor does a case whose body ends in `fallthrough`
 * (the grammar reads it as an identifier): it is one path with the next case, as
 * SwiftLint subtracts it. */
static int swift_case_counts(TSNode node, const char *src)
{
	if (ts_node_child_count(node) == 0 || strcmp(ts_node_type(ts_node_child(node, 0)), "case"))
		return 0;
	TSNode body = lang_child_of_type(node, "statements");
	uint32_t n = ts_node_is_null(body) ? 0 : ts_node_named_child_count(body);
	if (n == 0)
		return 1;
	TSNode last = ts_node_named_child(body, n - 1);
	return !(lang_is_type(last, "simple_identifier") && lang_text_is(last, src, "fallthrough"));
}

/* A computed property is a unit when it is the getter's body itself (`var z: Int { x }`,
 * `subscript(i: Int) -> T { a[i] }`), not when it holds get/set/_modify accessors. */
static int swift_is_unit(TSNode node, const char *src)
{
	(void)src;
	if (!lang_is_type(node, "computed_property"))
		return 1;
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		const char *t = ts_node_type(ts_node_named_child(node, i));
		if (strncmp(t, "computed_", 9) == 0)
			return 0;
	}
	return 1;
}

/* Not a unit: a computed property holding accessors (each of which is one). */
static int swift_declaration(TSNode node, const char *src)
{
	return !swift_is_unit(node, src);
}

static const struct {
	const char *type, *name;
} fixed_names[] = {
	{ "init_declaration", "init" },	     { "deinit_declaration", "deinit" },
	{ "computed_getter", "get" },	     { "computed_property", "get" },
	{ "computed_setter", "set" },	     { "computed_modify", "_modify" },
	{ "willset_clause", "willSet" },     { "didset_clause", "didSet" },
};

/* What an accessor belongs to: the name of its property, or `subscript`, and a dot;
 * nothing when it is neither (an error's debris). Asked once per accessor unit. */
static void accessor_owner(TSNode node, const char *src, struct wbuf *out)
{
	TSNode p = ts_node_parent(node);
	if (lang_is_type(p, "computed_property") || lang_is_type(p, "willset_didset_block"))
		p = ts_node_parent(p);
	if (lang_is_type(p, "subscript_declaration")) {
		wbuf_put(out, "subscript.", 10);
		return;
	}
	TSNode name = lang_is_type(p, "property_declaration") ? lang_child(p, "name") : p;
	if (ts_node_is_null(name) || !lang_is_type(p, "property_declaration"))
		return;
	lang_append_text(out, name, src);
	wbuf_put(out, ".", 1);
}

/* Initializers go by their keyword (`init` also for `init?`), accessors by their
 * property's name and keyword (`count.get`, `value.didSet`, `subscript.set`), functions
 * by their name, an operator's included (`==`). */
static void swift_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	const char *type = ts_node_type(node);
	for (size_t i = 0; i < sizeof(fixed_names) / sizeof(fixed_names[0]); i++)
		if (strcmp(type, fixed_names[i].type) == 0) {
			if (i >= 2)
				accessor_owner(node, src, out);
			wbuf_put(out, fixed_names[i].name, strlen(fixed_names[i].name));
			return;
		}
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* Appends n's text without white space and without generic arguments: Foo<T>.Bar is
 * Foo.Bar. */
static void append_without_generics(struct wbuf *out, TSNode n, const char *src)
{
	size_t len;
	const char *t = lang_node_text(n, src, &len);
	int depth = 0;
	for (size_t i = 0; i < len && out->len < RECORD_MAX_NAME; i++) {
		depth += t[i] == '<';
		if (depth == 0 && (unsigned char)t[i] > ' ')
			wbuf_put_u8(out, (uint8_t)t[i]);
		depth -= t[i] == '>' && depth > 0;
	}
}

/* Types by their name, extensions by the extended type's (generic arguments dropped). */
static void swift_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		append_without_generics(out, name, src);
}

/* Declared parameters: a function's `parameter` children; a closure's
 * `lambda_parameter`s; `set(v)`, `didSet(old)` 1; an accessor of a subscript also
 * takes the subscript's parameters (the index it reads). */
static int count_children(TSNode n, const char *type)
{
	int count = 0;
	uint32_t m = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < m; i++)
		count += lang_is_type(ts_node_named_child(n, i), type);
	return count;
}

static int subscript_params(TSNode accessor)
{
	TSNode p = ts_node_parent(accessor);
	if (lang_is_type(p, "computed_property"))
		p = ts_node_parent(p);
	return lang_is_type(p, "subscript_declaration") ? count_children(p, "parameter") : 0;
}

static int swift_count_params(TSNode node, const char *src)
{
	(void)src;
	const char *type = ts_node_type(node);
	if (strcmp(type, "lambda_literal") == 0) {
		TSNode ft = lang_child(node, "type");
		TSNode list = ts_node_is_null(ft)
				      ? ft : lang_child_of_type(ft, "lambda_function_type_parameters");
		return ts_node_is_null(list) ? 0 : count_children(list, "lambda_parameter");
	}
	if (strncmp(type, "computed_", 9) == 0)
		return subscript_params(node) + count_children(node, "simple_identifier");
	if (strcmp(type, "willset_clause") == 0 || strcmp(type, "didset_clause") == 0)
		return count_children(node, "simple_identifier");
	return count_children(node, "parameter");
}

/* control_transfer_statement is return, throw, break, continue (and yield): return
 * and throw exit; a break or continue with a label (`break outer`) is labelled. */
static int swift_transfer_kind(TSNode node, const char *src)
{
	(void)src;
	if (ts_node_child_count(node) == 0)
		return TRANSFER_NONE;
	const char *word = ts_node_type(ts_node_child(node, 0));
	if (strcmp(word, "return") == 0 || strcmp(word, "throw_keyword") == 0)
		return TRANSFER_EXIT;
	if (strcmp(word, "break") && strcmp(word, "continue"))
		return TRANSFER_NONE;
	return ts_node_named_child_count(node) > 0 ? TRANSFER_LABELED_JUMP : TRANSFER_JUMP;
}

/* A call is to the unit itself when its callee is a bare name (f(), not self.f()). The
 * grammar reads `n * f(x)` as the call of `n * f`: the callee is then the operand
 * nearest the parenthesis, the rightmost one (`-f(x)`: the operand of the prefix). */
static TSNode swift_callee(TSNode call)
{
	TSNode first = ts_node_named_child(call, 0);
	for (;;) {
		TSNode right = lang_child(first, "rhs");
		if (ts_node_is_null(right) && lang_is_type(first, "prefix_expression"))
			right = lang_child(first, "target");
		if (ts_node_is_null(right))
			break;
		first = right;
	}
	if (!lang_is_type(first, "simple_identifier"))
		memset(&first, 0, sizeof(first));
	return first;
}

const struct lang_spec lang_swift = {
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.guards = guards,
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
	.coalesce_operators = coalesce_ops,
	.comprehension_clauses = filters,
	.exits = transfers,
	.jumps = transfers,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = splice_strings,
	.substitutions = substitutions,
	.bindings = bindings,
	.case_counts = swift_case_counts,
	.unit_name = swift_unit_name,
	.count_params = swift_count_params,
	.scope_name = swift_scope_name,
	.callee = swift_callee,
	.declaration = swift_declaration,
	.transfer_kind = swift_transfer_kind,
};
