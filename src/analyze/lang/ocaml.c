/*
 * ocaml.c - OCaml node types (tree-sitter-ocaml, the implementation grammar).
 *
 * No OCaml complexity tool is packaged (Debian, npm), so decisions follow the ML family's
 * rules here (Elm, Haskell): if and each else if, each match or `function` case beyond
 * the first (a match of n cases is n paths), each `when` guard, each exception handler
 * of a try (a catch), while, for, && and ||. raise and failwith are functions: OCaml
 * has no return, so exits are 0 (docs/METRICS.md, "OCaml").
 *
 * Units: a let binding that is a function, `let f x = ...` or `let f = fun x -> ...` (also
 * after local definitions: `let f = let cache = ... in fun x -> ...`), at the top, in a
 * module or local to a function; a class's method; a fun or function bound to no name.
 * Names: the modules and classes around, then the function: Sub.f, Make.Set.add,
 * counter.incr; a local function under its function, outer.go.
 */
#include <string.h>

#include "analyze/lang.h"

/* A let binding that binds no function is a value (ocaml_declaration). */
static const char *const units[] = { "let_binding", "method_definition", NULL };
static const char *const anonymous[] = { "fun_expression", "function_expression", NULL };
/* An immediate object `object ... end` holds methods as a class does. */
static const char *const scopes[] = { "module_binding", "class_binding", "object_expression",
				       NULL };
static const char *const ifs[] = { "if_expression", NULL };
/* `else` and its expression: an if there is an else-if. */
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "while_expression", "for_expression", NULL };
/* `function` is `fun x -> match x with`: a switch too. */
static const char *const switches[] = { "match_expression", "function_expression", NULL };
/* A `when` guard is a node of its own inside its case. */
static const char *const cases[] = { "match_case", "guard", NULL };
/* The handlers of a try are match_case nodes too, and the first case of a match is no
 * decision (ocaml_node_role). */
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

/* 1 when case is the first match_case of parent (the scrutinee, attributes and comments
 * come before it). */
static int first_case(TSNode c, TSNode parent)
{
	uint32_t count = ts_node_named_child_count(parent);
	for (uint32_t i = 0; i < count; i++) {
		TSNode n = ts_node_named_child(parent, i);
		if (lang_is_type(n, "match_case"))
			return ts_node_eq(n, c);
	}
	return 0;
}

/* A match_case under a try is an exception handler: a catch, each one a decision. The
 * first case of a match or function is no decision (a match of n cases is n paths): a
 * role in no list. Read here, where the parent is at hand: a case_counts hook would
 * have to find it (ts_node_parent walks down from the root). */
static const char *ocaml_node_role(TSNode node, TSNode parent, const char *src)
{
	(void)src;
	if (!lang_is_type(node, "match_case"))
		return NULL;
	if (lang_is_type(parent, "try_expression"))
		return "ocaml:handler";
	return first_case(node, parent) ? "ocaml:first-case" : NULL;
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

static int is_function(TSNode n)
{
	return lang_is_type(n, "fun_expression") || lang_is_type(n, "function_expression");
}

/* 1 when n holds its value in field body through local definitions and parentheses:
 * `let x = ... in BODY`, `( BODY )`. */
static int passes_body(TSNode n)
{
	return lang_is_type(n, "let_expression") || lang_is_type(n, "parenthesized_expression");
}

/* The fun or function a binding (or a fun) evaluates to: its body, or the body of the
 * local definitions and parentheses that are its body; a null node when none. */
static TSNode bound_function(TSNode node)
{
	TSNode body = lang_child(node, "body");
	for (int hops = 0; passes_body(body) && hops < 64; hops++)
		body = lang_is_type(body, "let_expression") ? lang_child(body, "body")
							   : lang_child(body, "expression");
	return is_function(body) ? body : (TSNode){ 0 };
}

/* The parameters before `=` or `->` (a labelled ~x, an optional ?(x = 1) and a unit ()
 * each one; a locally abstract (type a) none), and those of the fun or function it
 * evaluates to (`let f x = fun y -> ...` takes two; `function` takes one). */
static int ocaml_count_params(TSNode node, const char *src)
{
	if (lang_is_type(node, "function_expression"))
		return 1;
	int n = own_params(node);
	TSNode fn = bound_function(node);
	if (!ts_node_is_null(fn))
		n += ocaml_count_params(fn, src);
	return n;
}

/* A let binding is a function when it has parameters or evaluates to a fun or function;
 * `let x = e`, `let () = ...` and `let (a, b) = ...` are values. */
static int ocaml_declaration(TSNode node, const char *src)
{
	(void)src;
	return lang_is_type(node, "let_binding") && own_params(node) == 0
	       && ts_node_is_null(bound_function(node));
}

/* `f` of `let f x`, `(+!)` of `let ( +! ) a b`, the method's name. */
static void ocaml_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_is_type(node, "method_definition") ? lang_child_of_type(node, "method_name")
							      : lang_child(node, "pattern");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* `module M = ...` (a functor `module Make (X : S) = ...` too), `class c = ...`, and an
 * object bound by `let o = object ... end` (o); an object elsewhere adds no name. */
static void ocaml_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	if (lang_is_type(node, "object_expression")) {
		TSNode up = ts_node_parent(node);
		if (lang_is_type(up, "let_binding") && ts_node_eq(lang_child(up, "body"), node))
			lang_append_text(out, lang_child(up, "pattern"), src);
		return;
	}
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

/* The fun or function a let binding, a fun or a method evaluates to is its body, not a
 * function of its own: `let f x = fun y -> ...` and `let f = fun x -> ...` are f, and so
 * is the fun after f's local definitions in `let f = let t = ... in fun x -> ...`. */
static int ocaml_function_body(TSNode node, TSNode parent)
{
	for (int hops = 0; passes_body(parent) && hops < 64; hops++) {
		TSNode body = lang_is_type(parent, "let_expression") ? lang_child(parent, "body")
								     : lang_child(parent, "expression");
		if (!ts_node_eq(body, node))
			return 0;
		node = parent;
		parent = ts_node_parent(parent);
	}
	if (!ts_node_eq(lang_child(parent, "body"), node))
		return 0;
	return lang_is_type(parent, "let_binding") || lang_is_type(parent, "fun_expression")
	       || lang_is_type(parent, "method_definition");
}

/* Only a binding of `let rec` (and its `and`s) sees its own name: in `let f x = f x` the
 * f called is the one defined before. A method calls itself as self#m, not by name. */
static int ocaml_may_recurse(TSNode unit, TSNode def, const char *src)
{
	(void)src;
	if (!lang_is_type(unit, "let_binding"))
		return lang_is_type(unit, "fun_expression") || lang_is_type(unit, "function_expression");
	uint32_t count = ts_node_child_count(def);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_child(def, i);
		if (lang_is_type(c, "rec"))
			return 1;
		if (lang_is_type(c, "let_binding"))
			return 0;	/* `rec` comes before the first binding */
	}
	return 0;
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
	.operator_kind = ocaml_operator_kind,
	.node_role = ocaml_node_role,
	.declaration = ocaml_declaration,
	.unit_name = ocaml_unit_name,
	.count_params = ocaml_count_params,
	.scope_name = ocaml_scope_name,
	.callee = ocaml_callee,
	.function_body = ocaml_function_body,
	.may_recurse = ocaml_may_recurse,
};
