/*
 * elm.c - Elm node types (@elm-tooling/tree-sitter-elm). Cognitive complexity follows
 * elm-review's CognitiveComplexity rule (jfmengels/elm-review-cognitive-complexity): if
 * and case +1 and nesting, else if +1, no increment for the else every if must have,
 * sequences of && and ||, recursive calls. CCN counts each if and else if, each case
 * branch after the first (a case of n branches is n paths), && and ||.
 */
#include <string.h>

#include "analyze/lang.h"

/* Top-level and let declarations; one without a function_declaration_left is a
 * destructuring `( a, b ) = pair`, no function (elm_declaration). */
static const char *const units[] = { "value_declaration", NULL };
static const char *const anonymous[] = { "anonymous_function_expr", NULL };
/* One if_else_expr holds the whole chain: if c then a else if d then b else e. Its
 * else adds nothing (a guard, lang.h); an else-if is the condition after `else if`,
 * which elm_node_role marks. */
static const char *const ifs[] = { "if_else_expr", NULL };
static const char *const guards[] = { "if_else_expr", NULL };
static const char *const elifs[] = { "elm:elif", "elm:elif-logical", "elm:elif-call",
				     "elm:elif-paren", NULL };
static const char *const switches[] = { "case_of_expr", NULL };
static const char *const cases[] = { "case_of_branch", NULL };
/* bin_op_expr is flat (a || b && c is one node) and holds `operator` nodes, which hold
 * an operator_identifier, which holds the token: each level is a logical parent, whose
 * operator operator_kind tells by its text (walk.c finds a named one). */
static const char *const logical[] = { "bin_op_expr", "operator", "operator_identifier",
				       "elm:elif-logical", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const parens[] = { "parenthesized_expr", "elm:elif-paren", NULL };
static const char *const calls[] = { "function_call_expr", "elm:elif-call", NULL };
static const char *const comments[] = { "line_comment", "block_comment", NULL };
static const char *const atoms[] = { "string_constant_expr", "char_constant_expr",
				     "glsl_code_expr", NULL };
static const char *const operator_leaves[] = { "operator_identifier", NULL };
/* A lambda as a record field's value is named by the field ({ view = \m -> ... }). */
static const struct binding_rule bindings[] = {
	{ "field", "expression", "name" },
	{ NULL, NULL, NULL }
};

static int is_boolean_text(TSNode n, const char *src)
{
	if (lang_text_is(n, src, "&&"))
		return LANG_OP_AND;
	if (lang_text_is(n, src, "||"))
		return LANG_OP_OR;
	return LANG_OP_NONE;
}

/* && and || by their text: the `operator` node of a bin_op_expr, the
 * operator_identifier in it and the token in that all read so. */
static int elm_operator_kind(TSNode op, const char *src)
{
	return is_boolean_text(op, src);
}

/* 1 when named node n follows the tokens `else if` in its if_else_expr. */
static int after_else_if(TSNode n)
{
	TSNode kw = ts_node_prev_sibling(n);
	if (ts_node_is_null(kw) || strcmp(ts_node_type(kw), "if") != 0)
		return 0;
	TSNode e = ts_node_prev_sibling(kw);
	return !ts_node_is_null(e) && strcmp(ts_node_type(e), "else") == 0;
}

/* The condition of an else-if is the else-if (the grammar has no node for it), keeping
 * what its own type is: a boolean expression, a call or parentheses. */
static const char *elm_node_role(TSNode node, TSNode parent, const char *src)
{
	(void)src;
	if (!lang_is_type(parent, "if_else_expr") || !after_else_if(node))
		return NULL;
	const char *t = ts_node_type(node);
	if (strcmp(t, "bin_op_expr") == 0)
		return "elm:elif-logical";
	if (strcmp(t, "function_call_expr") == 0)
		return "elm:elif-call";
	if (strcmp(t, "parenthesized_expr") == 0)
		return "elm:elif-paren";
	if (strcmp(t, "if_else_expr") == 0 || strcmp(t, "case_of_expr") == 0
	    || strcmp(t, "anonymous_function_expr") == 0 || strcmp(t, "let_in_expr") == 0)
		return NULL;	/* keeps its own meaning; the else-if goes uncounted */
	return "elm:elif";
}

/* A case's first branch is the path taken anyway: each other branch is one more. */
static int elm_case_counts(TSNode node, const char *src)
{
	(void)src;
	for (TSNode p = ts_node_prev_named_sibling(node); !ts_node_is_null(p);
	     p = ts_node_prev_named_sibling(p))
		if (lang_is_type(p, "case_of_branch"))
			return 1;
	return 0;
}

/* Named children of n that are patterns (comments aside), after skip of them. */
static int count_patterns(TSNode n, uint32_t skip)
{
	int count = 0;
	uint32_t total = ts_node_named_child_count(n);
	for (uint32_t i = skip; i < total; i++) {
		const char *t = ts_node_type(ts_node_named_child(n, i));
		if (strcmp(t, "line_comment") != 0 && strcmp(t, "block_comment") != 0)
			count++;
	}
	return count;
}

/* A value_declaration is no unit when it destructures (`( a, b ) = pair`: no
 * function_declaration_left) or when it is a let value without parameters (`code =
 * toCode char`): that is a name for an expression of the function around it, whose
 * decisions are that function's, as elm-review counts them. A top-level constant is a
 * declaration of its own, a unit. */
static int elm_declaration(TSNode node, const char *src)
{
	(void)src;
	TSNode left = lang_child(node, "functionDeclarationLeft");
	if (ts_node_is_null(left))
		return 1;
	if (!lang_is_type(ts_node_parent(node), "let_in_expr"))
		return 0;
	return count_patterns(left, 1) == 0
	       && !lang_is_type(lang_child(node, "body"), "anonymous_function_expr");
}

static void elm_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode left = lang_child(node, "functionDeclarationLeft");
	if (ts_node_is_null(left))
		return;
	TSNode id = lang_child_of_type(left, "lower_case_identifier");
	if (!ts_node_is_null(id))
		lang_append_text(out, id, src);
}

/* A function's parameters are the patterns after its name; `f = \a b -> ...` takes the
 * lambda's. A lambda's are the patterns before its arrow. */
static int elm_count_params(TSNode node, const char *src)
{
	(void)src;
	if (lang_is_type(node, "anonymous_function_expr")) {
		int count = 0;
		uint32_t total = ts_node_named_child_count(node);
		for (uint32_t i = 0; i < total; i++)
			count += lang_is_type(ts_node_named_child(node, i), "pattern");
		return count;
	}
	TSNode left = lang_child(node, "functionDeclarationLeft");
	int count = ts_node_is_null(left) ? 0 : count_patterns(left, 1);
	TSNode body = lang_child(node, "body");
	if (count == 0 && lang_is_type(body, "anonymous_function_expr"))
		return elm_count_params(body, src);
	return count;
}

/* `f = \x -> ...` is the function f written as a lambda, not a function inside f. */
static int elm_function_body(TSNode node, TSNode parent)
{
	return lang_is_type(parent, "value_declaration")
	       && ts_node_eq(lang_child(parent, "body"), node);
}

/* A call's target `f` is a value_expr holding a value_qid: a plain name is its one
 * lower_case_identifier (a qualified List.map is not a recursion). */
static TSNode elm_callee(TSNode call)
{
	TSNode target = lang_child(call, "target");
	if (!lang_is_type(target, "value_expr"))
		return (TSNode){ 0 };
	TSNode qid = lang_child(target, "name");
	if (!lang_is_type(qid, "value_qid") || ts_node_named_child_count(qid) != 1)
		return (TSNode){ 0 };
	return ts_node_named_child(qid, 0);
}

const struct lang_spec lang_elm = {
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.ifs = ifs,
	.guards = guards,
	.elifs = elifs,
	.switches = switches,
	.cases = cases,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.operator_leaves = operator_leaves,
	.bindings = bindings,
	.declaration = elm_declaration,
	.case_counts = elm_case_counts,
	.unit_name = elm_unit_name,
	.count_params = elm_count_params,
	.callee = elm_callee,
	.function_body = elm_function_body,
	.operator_kind = elm_operator_kind,
	.node_role = elm_node_role,
};
