/*
 * ocaml.c - OCaml node types (tree-sitter-ocaml, the implementation grammar).
 *
 * No OCaml complexity tool is packaged (Debian, npm), so decisions follow the ML family's
 * rules here (Elm, Haskell): if and each else if, each match or `function` case beyond
 * the first (a match of n cases is n paths), each `when` guard, each exception handler
 * of a try (a catch), while, for, && and ||. raise and failwith are functions: OCaml
 * has no return, so exits are 0 (docs/METRICS.md, "OCaml").
 *
 * Units: `let f x = ...` (a let binding with parameters, at the top, in a module or
 * local to a function), a class's method, and fun/function bound by `let f = fun ...`.
 * Names: the modules and classes around, then the function: Sub.f, Make.Set.add,
 * counter.incr; a local function under its function, outer.go.
 */
#include <string.h>

#include "analyze/lang.h"

/* A let binding without parameters is a value (ocaml_declaration). */
static const char *const units[] = { "let_binding", "method_definition", NULL };
static const char *const anonymous[] = { "fun_expression", "function_expression", NULL };
static const char *const scopes[] = { "module_binding", "class_binding", NULL };
static const char *const ifs[] = { "if_expression", NULL };
/* `else` and its expression: an if there is an else-if. */
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "while_expression", "for_expression", NULL };
/* `function` is `fun x -> match x with`: a switch too. */
static const char *const switches[] = { "match_expression", "function_expression", NULL };
/* A `when` guard is a node of its own inside its case. */
static const char *const cases[] = { "match_case", "guard", NULL };
/* The handlers of a try are match_case nodes too (ocaml_node_role). */
static const char *const catches[] = { "ocaml:handler", NULL };
static const char *const tries[] = { "try_expression", NULL };
static const char *const logical[] = { "infix_expression", NULL };
/* `begin ... end` is a parenthesized_expression too. */
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const calls[] = { "application_expression", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "string", "character", "quoted_string", NULL };
/* Operators are named leaves: operators for Halstead, not operands. */
static const char *const op_leaves[] = {
	"add_operator", "mult_operator", "pow_operator", "rel_operator", "concat_operator",
	"and_operator", "or_operator", "assign_operator", "prefix_operator", "sign_operator",
	"hash_operator", "indexing_operator", "let_operator", "let_and_operator",
	"match_operator", NULL
};
/* `let f = fun x -> ...`, `let f = function ...`: the function f. */
static const struct binding_rule bindings[] = {
	{ "let_binding", "body", "pattern" },
	{ NULL, NULL, NULL }
};

/* `&&` (and the old `&`) and `||` (and the old `or`) are named leaves, and_operator and
 * or_operator, where the and/or lists (lang.h) read anonymous tokens: told by type. */
static int ocaml_operator_kind(TSNode op, const char *src)
{
	(void)src;
	if (lang_is_type(op, "and_operator"))
		return LANG_OP_AND;
	if (lang_is_type(op, "or_operator"))
		return LANG_OP_OR;
	return LANG_OP_NONE;
}

/* A match_case under a try is an exception handler: a catch, each one a decision. */
static const char *ocaml_node_role(TSNode node, TSNode parent, const char *src)
{
	(void)src;
	if (lang_is_type(parent, "try_expression") && lang_is_type(node, "match_case"))
		return "ocaml:handler";
	return NULL;
}

/* A guard counts always; a case beyond the first of its match (comments and attributes
 * may sit between). */
static int ocaml_case_counts(TSNode node, const char *src)
{
	(void)src;
	if (!lang_is_type(node, "match_case"))
		return 1;
	TSNode prev = ts_node_prev_named_sibling(node);
	while (!ts_node_is_null(prev) && !lang_is_type(prev, "match_case"))
		prev = ts_node_prev_named_sibling(prev);
	return !ts_node_is_null(prev);
}

static int own_params(TSNode node)
{
	int n = 0;
	uint32_t count = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < count; i++)
		if (lang_is_type(ts_node_named_child(node, i), "parameter"))
			n++;
	return n;
}

/* The parameters before `=` or `->` (a labelled ~x, an optional ?(x = 1) and a unit ()
 * each one; a locally abstract (type a) none), and those of a fun or function that is
 * the body (`let f x = fun y -> ...` takes two; `function` takes one). */
static int ocaml_count_params(TSNode node, const char *src)
{
	if (lang_is_type(node, "function_expression"))
		return 1;
	TSNode body = lang_child(node, "body");
	int n = own_params(node);
	if (lang_is_type(body, "fun_expression") || lang_is_type(body, "function_expression"))
		n += ocaml_count_params(body, src);
	return n;
}

/* A let binding is a function when it has parameters; `let x = e`, `let () = ...` and
 * `let (a, b) = ...` are values (a bound fun or function is the unit then). */
static int ocaml_declaration(TSNode node, const char *src)
{
	(void)src;
	return lang_is_type(node, "let_binding") && own_params(node) == 0;
}

/* `f` of `let f x`, `(+!)` of `let ( +! ) a b`, the method's name. */
static void ocaml_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_is_type(node, "method_definition") ? lang_child_of_type(node, "method_name")
							      : lang_child(node, "pattern");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* `module M = ...` (a functor `module Make (X : S) = ...` too) and `class c = ...`. */
static void ocaml_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	const char *type = lang_is_type(node, "class_binding") ? "class_name" : "module_name";
	TSNode name = lang_child_of_type(node, type);
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* `f x y` is one application: f, when a plain name (Module.f is not a recursion). */
static TSNode ocaml_callee(TSNode call)
{
	TSNode fn = lang_child(call, "function");
	if (!lang_is_type(fn, "value_path") || ts_node_child_count(fn) != 1)
		return (TSNode){ 0 };
	return ts_node_child(fn, 0);
}

/* A fun or function right after `=` of a function (or `->` of a fun) is its body, not a
 * function of its own: `let f x = fun y -> ...` is f, curried. A value's `let g = fun`
 * is no function itself: there the fun is the unit g. */
static int ocaml_function_body(TSNode node, TSNode parent)
{
	if (!ts_node_eq(lang_child(parent, "body"), node))
		return 0;
	if (lang_is_type(parent, "let_binding"))
		return own_params(parent) > 0;
	return lang_is_type(parent, "fun_expression") || lang_is_type(parent, "method_definition");
}

const struct lang_spec lang_ocaml = {
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.catches = catches,
	.tries = tries,
	.logical_parents = logical,
	.parentheses = parens,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.operator_leaves = op_leaves,
	.bindings = bindings,
	.operator_kind = ocaml_operator_kind,
	.node_role = ocaml_node_role,
	.declaration = ocaml_declaration,
	.case_counts = ocaml_case_counts,
	.unit_name = ocaml_unit_name,
	.count_params = ocaml_count_params,
	.scope_name = ocaml_scope_name,
	.callee = ocaml_callee,
	.function_body = ocaml_function_body,
};
