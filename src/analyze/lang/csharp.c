/*
 * csharp.c - C# node types (tree-sitter-c-sharp).
 *
 * Decisions follow SonarSource's C# rules (S1541 cyclomatic, S3776 cognitive), which
 * count ?., ??, ??=, switch-expression arms and `and`/`or` patterns, plus catch and
 * `when` guards as every other language here counts a catch and the issue asked for
 * guards. Nesting depth follows Sonar's S134: if, loops, switch, try; not using or lock.
 */
#include <string.h>

#include "analyze/lang.h"

/* Accessors and expression-bodied properties and indexers are units; the `declaration`
 * hook tells a body-less one (`get;`, an abstract method, `int P { get; } = 1`). */
static const char *const units[] = { "method_declaration", "constructor_declaration",
				     "destructor_declaration", "operator_declaration",
				     "conversion_operator_declaration", "local_function_statement",
				     "accessor_declaration", "property_declaration",
				     "indexer_declaration", NULL };
static const char *const anonymous[] = { "lambda_expression", "anonymous_method_expression",
					 NULL };
/* A file-scoped namespace (`namespace A.B;`) holds nothing: it is the file prefix. */
static const char *const scopes[] = { "namespace_declaration", "class_declaration",
				      "struct_declaration", "record_declaration",
				      "interface_declaration", "enum_declaration", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const loops[] = { "for_statement", "foreach_statement", "while_statement",
				     "do_statement", NULL };
static const char *const switches[] = { "switch_statement", "switch_expression", NULL };
/* Each `case` label is its own switch_section in this grammar (`case 1: case 2:` is two);
 * a `when` guard is one more condition of its label or arm. */
static const char *const cases[] = { "switch_section", "switch_expression_arm", "when_clause",
				     NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
/* `x is A or B` is a sequence of like operators as `a || b` is. */
static const char *const logical[] = { "binary_expression", "and_pattern", "or_pattern", NULL };
static const char *const parens[] = { "parenthesized_expression", "parenthesized_pattern",
				      NULL };
static const char *const and_ops[] = { "&&", "and", NULL };
static const char *const or_ops[] = { "||", "or", NULL };
static const char *const coalesce_ops[] = { "??", NULL };
static const char *const optional_nodes[] = { "conditional_access_expression", NULL };
static const char *const logical_assignments[] = { "?\?=", NULL };
static const char *const exits[] = { "return_statement", "throw_statement", "throw_expression",
				     NULL };
static const char *const gotos[] = { "goto_statement", NULL };
static const char *const calls[] = { "invocation_expression", NULL };
static const char *const comments[] = { "comment", NULL };
/* An interpolated string is walked: its {…} hold code (the grammar names the braces, so
 * the generic splitting, which takes the first named child for the code, does not fit). */
static const char *const atoms[] = { "string_literal", "verbatim_string_literal",
				     "raw_string_literal", "character_literal", NULL };
/* A lambda in a declarator has no field: "" is the field id 0, no field. */
static const struct binding_rule bindings[] = {
	{ "variable_declarator", "", "name" },
	{ "assignment_expression", "right", "left" },
	{ "property_declaration", "value", "name" },
	{ NULL, NULL, NULL }
};

/* 1 when the first named child of n (a label's or an arm's pattern) is a bare `_`. */
static int discard_pattern(TSNode n, const char *src)
{
	TSNode p = ts_node_named_child(n, 0);
	return !ts_node_is_null(p) && lang_text_is(p, src, "_");
}

/* `case X:` counts, `default:` and `case _:` do not; an arm counts unless its pattern is
 * a bare `_` (the default of a switch expression); a `when` guard always counts. */
static int cs_case_counts(TSNode node, const char *src)
{
	if (lang_is_type(node, "when_clause"))
		return 1;
	if (lang_is_type(node, "switch_section")
	    && (ts_node_child_count(node) == 0
		|| strcmp(ts_node_type(ts_node_child(node, 0)), "case") != 0))
		return 0;
	return !discard_pattern(node, src);
}

/* A property or indexer is a unit with an expression body (`int P => x;`), else a holder
 * of accessors; every other unit needs its body (not `get;`, not an abstract method). */
static int cs_declaration(TSNode node, const char *src)
{
	(void)src;
	if (lang_is_type(node, "property_declaration") || lang_is_type(node, "indexer_declaration"))
		return !lang_is_type(lang_child(node, "value"), "arrow_expression_clause");
	return ts_node_is_null(lang_child(node, "body"));
}

/* Appends the name of a property, indexer (`this`) or event. */
static void member_name(struct wbuf *out, TSNode member, const char *src)
{
	if (lang_is_type(member, "indexer_declaration")) {
		wbuf_put(out, "this", 4);
		return;
	}
	TSNode name = lang_child(member, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* An accessor is named after its property: `P.get`, `this.set`, `Changed.add`. The parent
 * walk costs a descent from the root, once per accessor with a body. */
static void accessor_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode member = ts_node_parent(ts_node_parent(node));
	if (!ts_node_is_null(member)) {
		size_t before = out->len;
		member_name(out, member, src);
		if (out->len > before)
			wbuf_put(out, ".", 1);
	}
	TSNode word = lang_child(node, "name");
	if (!ts_node_is_null(word))
		lang_append_text(out, word, src);
}

/* `operator+`, `operatortrue`, a conversion `operatorint`: white space removed, as C++'s
 * `operator==` and `operatorint` are. */
static void operator_name(TSNode node, const char *src, struct wbuf *out)
{
	wbuf_put(out, "operator", 8);
	TSNode op = lang_child(node, "operator");
	if (ts_node_is_null(op))
		op = lang_child(node, "type");	/* a conversion: the target type */
	if (!ts_node_is_null(op))
		lang_append_text(out, op, src);
}

/* The name field, after an explicit interface (`IEnumerable.GetEnumerator`) and `~` of a
 * destructor. */
static void member_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		if (lang_is_type(c, "explicit_interface_specifier"))
			lang_append_text(out, c, src);
	}
	if (lang_is_type(node, "destructor_declaration"))
		wbuf_put(out, "~", 1);
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

static void cs_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	const char *t = ts_node_type(node);
	if (strcmp(t, "accessor_declaration") == 0)
		accessor_name(node, src, out);
	else if (strcmp(t, "operator_declaration") == 0
		 || strcmp(t, "conversion_operator_declaration") == 0)
		operator_name(node, src, out);
	else if (strcmp(t, "indexer_declaration") == 0)
		member_name(out, node, src);
	else
		member_unit_name(node, src, out);
}

/* Each parameter node; a `params T[] xs` array is not wrapped in one: the list holds its
 * name itself. `x => …` is one; an accessor declares none (its `value` is implicit). */
static int cs_count_params(TSNode node, const char *src)
{
	(void)src;
	TSNode list = lang_child(node, "parameters");
	if (ts_node_is_null(list))
		return 0;
	if (lang_is_type(list, "implicit_parameter"))
		return 1;
	int count = 0;
	uint32_t n = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < n; i++)
		count += lang_is_type(ts_node_named_child(list, i), "parameter");
	return count + !ts_node_is_null(lang_child(list, "name"));
}

/* `namespace A.B;` names everything in the file. */
static void cs_file_prefix(TSNode root, const char *src, struct wbuf *out)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);	/* ts_node_child(i) is O(i) */
	for (int more = ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode c = ts_tree_cursor_current_node(&cur);
		if (lang_is_type(c, "file_scoped_namespace_declaration")) {
			lang_append_text(out, lang_child(c, "name"), src);
			break;
		}
	}
	ts_tree_cursor_delete(&cur);
}

const struct lang_spec lang_csharp = {
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
	.coalesce_operators = coalesce_ops,
	.optional_chain_nodes = optional_nodes,
	.logical_assignments = logical_assignments,
	.exits = exits,
	.gotos = gotos,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.bindings = bindings,
	.declaration = cs_declaration,
	.case_counts = cs_case_counts,
	.unit_name = cs_unit_name,
	.count_params = cs_count_params,
	.file_prefix = cs_file_prefix,
};
