/*
 * scala.c - Scala 2 and 3 node types (tree-sitter-scala). CCN follows Scalastyle's
 * CyclomaticComplexityChecker, which counts the tokens if, case, while, do, for, && and
 * ||: every `case` of a match, of a catch and of a `{ case ... }` function is a decision
 * (a bare `case _` too), every `if` guard is one (in a case or a for comprehension), a
 * for comprehension is one however many generators it has.
 */
#include <string.h>

#include "analyze/lang.h"

/* A def without a body (abstract) is a function_declaration: a declaration, not a unit. */
static const char *const units[] = { "function_definition", NULL };
static const char *const anonymous[] = { "lambda_expression", NULL };
static const char *const scopes[] = { "class_definition", "object_definition",
				      "trait_definition", "enum_definition", "package_object",
				      "given_definition", NULL };
static const char *const ifs[] = { "if_expression", NULL };
static const char *const loops[] = { "while_expression", "do_while_expression",
				     "for_expression", NULL };
/* A catch is a match on the exception: its cases count, not the catch (Scalastyle counts
 * no catch token); both nest, and are structural for cognitive complexity. */
static const char *const switches[] = { "match_expression", "catch_clause", NULL };
/* Scala 3's `catch case e => ...` has its one case in the catch_clause itself. */
static const char *const cases[] = { "case_clause", "catch_clause", NULL };
static const char *const tries[] = { "try_expression", NULL };
static const char *const logical[] = { "infix_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
/* `if` guards of cases and generators: Scalastyle counts their `if`. */
static const char *const guards[] = { "guard", NULL };
static const char *const exits[] = { "return_expression", "throw_expression", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", "block_comment", NULL };
static const char *const atoms[] = { "string", "character_literal", NULL };
/* Infix operators are one named node type: operators for Halstead all the same. */
static const char *const operator_leaves[] = { "operator_identifier", NULL };
static const char *const splice_strings[] = { "interpolated_string", NULL };
static const char *const substitutions[] = { "interpolation", NULL };
static const struct binding_rule bindings[] = {
	{ "val_definition", "value", "pattern" },
	{ "var_definition", "value", "pattern" },
	{ "assignment_expression", "right", "left" },
	{ NULL, NULL, NULL }
};

/* Every case_clause counts; a catch_clause only when it holds its case itself. */
static int scala_case_counts(TSNode node, const char *src)
{
	(void)src;
	if (strcmp(ts_node_type(node), "catch_clause") != 0)
		return 1;
	return !ts_node_is_null(lang_child(node, "pattern"));
}

/* infix_expression's operator is an operator_identifier (or a word: `a max b`). */
static int scala_operator_kind(TSNode op, const char *src)
{
	if (ts_node_child_count(op) != 0)
		return LANG_OP_NONE;
	if (lang_text_is(op, src, "&&"))
		return LANG_OP_AND;
	if (lang_text_is(op, src, "||"))
		return LANG_OP_OR;
	return LANG_OP_NONE;
}

/* A call is to the unit itself when its function is a bare name: f(x) or f[T](x), not
 * o.f(x). */
static TSNode scala_callee(TSNode call)
{
	TSNode fn = lang_child(call, "function");
	if (!ts_node_is_null(fn) && strcmp(ts_node_type(fn), "generic_function") == 0)
		fn = lang_child(fn, "function");
	if (!ts_node_is_null(fn) && strcmp(ts_node_type(fn), "identifier") != 0)
		memset(&fn, 0, sizeof(fn));
	return fn;
}

/* A def's name; an auxiliary constructor `def this(...)` takes its class's name, as Java
 * constructors do (C.C): named `this`, the this(...) call every one of them starts with
 * would read as a recursion. Rare, so the parents are asked. */
static void scala_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (ts_node_is_null(name))
		return;
	if (lang_text_is(name, src, "this")) {
		TSNode cls = ts_node_parent(ts_node_parent(node));
		TSNode cname = ts_node_is_null(cls) ? cls : lang_child(cls, "name");
		if (!ts_node_is_null(cname)) {
			lang_append_text(out, cname, src);
			return;
		}
	}
	lang_append_text(out, name, src);
}

/* One parameter list: `(a: A, b: B)`, a lambda's `(a, b)` bindings, or a lambda's single
 * bare parameter `x =>` / `_ =>`. The grammar puts a def's type parameters `[A, B]` in
 * the same field: they are not parameters. */
static int list_params(TSNode list)
{
	const char *type = ts_node_type(list);
	if (strcmp(type, "type_parameters") == 0)
		return 0;
	if (strcmp(type, "parameters") != 0 && strcmp(type, "bindings") != 0)
		return 1;
	int n = 0;
	uint32_t count = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < count; i++) {
		const char *t = ts_node_type(ts_node_named_child(list, i));
		n += strcmp(t, "parameter") == 0 || strcmp(t, "binding") == 0;
	}
	return n;
}

/* Every parameter of every list: a curried `def f(a: A)(b: B)(using c: C)` has three,
 * as Scalastyle's ParameterNumberChecker counts all parameter clauses. */
static int scala_count_params(TSNode node, const char *src)
{
	(void)src;
	int n = 0;
	uint32_t count = ts_node_child_count(node);
	for (uint32_t i = 0; i < count; i++) {
		const char *field = ts_node_field_name_for_child(node, i);
		if (field && strcmp(field, "parameters") == 0)
			n += list_params(ts_node_child(node, i));
	}
	return n;
}

const struct lang_spec lang_scala = {
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.tries = tries,
	.logical_parents = logical,
	.parentheses = parens,
	.comprehension_clauses = guards,
	.exits = exits,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = splice_strings,
	.operator_leaves = operator_leaves,
	.substitutions = substitutions,
	.bindings = bindings,
	.unit_body = "body",
	.end_at_last_token = 1,
	.case_counts = scala_case_counts,
	.count_params = scala_count_params,
	.callee = scala_callee,
	.unit_name = scala_unit_name,
	.operator_kind = scala_operator_kind,
};
