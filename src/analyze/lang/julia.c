/*
 * julia.c - Julia node types (tree-sitter-julia).
 *
 * Julia has no complexity tool of its own (lizard does not read it; StaticLint.jl and
 * JET.jl report no complexity), so decisions are McCabe's paths as lizard and radon count
 * them elsewhere: if, elseif, for, while, the ternary ?:, each catch, && and || (also
 * when they stand for an if: `x > 0 || return`), and the for and if clauses of
 * comprehensions and generators, as radon counts Python's.
 *
 * Each method is a unit: `function f(x) ... end`, the short form `f(x) = ...` and a
 * macro; the methods of one name (multiple dispatch) are separate units of that name.
 * The short form is an `assignment` whose target is a call, so the node_role hook gives
 * such an assignment the role of a unit; `function (x) ... end` has no name and is
 * anonymous, as `x -> ...` and a do-block are.
 */
#include <string.h>

#include "analyze/lang.h"

/* Role names (no grammar symbol is called so): a method in short form, and an
 * anonymous `function (x) ... end`. */
static const char *const units[] = { "function_definition", "macro_definition",
				     "assignment:method", NULL };
static const char *const anonymous[] = { "arrow_function_expression", "do_clause",
					 "function_definition:anonymous", NULL };
/* A struct's inner constructors are its methods: Mod.Point.Point. */
static const char *const scopes[] = { "module_definition", "struct_definition", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const elifs[] = { "elseif_clause", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
/* `for i in a, j in b` is one loop statement: +1 once. */
static const char *const loops[] = { "for_statement", "while_statement", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const ternaries[] = { "ternary_expression", NULL };
/* Every infix operator is a binary_expression holding a named `operator` leaf, told apart
 * by its text (operator_kind). */
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const comprehension[] = { "for_clause", "if_clause", NULL };
/* throw, rethrow and error are functions: transfer_kind picks their calls out by name. */
static const char *const exits[] = { "return_statement", "call_expression", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const calls[] = { "call_expression", "broadcast_call_expression", NULL };
static const char *const comments[] = { "line_comment", "block_comment", NULL };
static const char *const atoms[] = { "string_literal", "command_literal",
				     "prefixed_string_literal", "prefixed_command_literal",
				     "character_literal", NULL };
/* "a $x $(y + 1)": the interpolations are code. */
static const char *const substitutions[] = { "string_interpolation", NULL };
static const char *const op_leaves[] = { "operator", NULL };
/* `f = x -> ...`, `f = function (x) ... end`: target and value are in no field (the hook
 * names it). */
static const struct binding_rule bindings[] = {
	{ "assignment", NULL, NULL },
	{ NULL, NULL, NULL }
};

/* n, or the first named child of n while n is of type type (or a null node). */
static TSNode strip(TSNode n, const char *type)
{
	while (!ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0
	       && ts_node_named_child_count(n) > 0)
		n = ts_node_named_child(n, 0);
	return n;
}

/* What a signature or a short form's target declares: the call or operator under
 * `where` clauses and a return type (`f(x::T)::Int where T`). */
static TSNode declared(TSNode target)
{
	for (;;) {
		TSNode next = strip(strip(target, "where_expression"), "typed_expression");
		if (ts_node_eq(next, target))
			return target;
		target = next;
	}
}

/* The call a definition's signature or short-form target declares, or a binary
 * operator's `a ⊕ b`; a null node for anything else. */
static TSNode definition_head(TSNode node)
{
	TSNode head = ts_node_named_child(node, 0);
	if (lang_is_type(head, "signature"))
		head = ts_node_named_child(head, 0);
	head = declared(head);
	if (lang_is_type(head, "call_expression") || lang_is_type(head, "binary_expression"))
		return head;
	return (TSNode){ 0 };
}

/* 1 when call, a child of parent, is what a definition declares (the `f(x)` of
 * `function f(x)`, `f(x) = ...`, `f(x) where T`): no call is made there. A call first
 * under a type assertion is taken for a definition's `f(x)::Int` too. */
static int is_head_call(TSNode call, TSNode parent)
{
	const char *type = ts_node_type(parent);
	if (strcmp(type, "signature") == 0)
		return 1;
	if (strcmp(type, "assignment") != 0 && strcmp(type, "where_expression") != 0
	    && strcmp(type, "typed_expression") != 0)
		return 0;
	return ts_node_eq(ts_node_named_child(parent, 0), call);
}

/* `f(x) = ...` (its target a call, or an operator's `a ⊕ b`) is a method; `function (x)
 * ... end` (its signature a bare argument list) is anonymous; the call a definition
 * declares is none (a role without categories: no recursion, no exit). Only these node
 * types are asked about. */
static const char *julia_node_role(TSNode node, TSNode parent, const char *src)
{
	(void)src;
	const char *type = ts_node_type(node);
	if (type[0] == 'c' && strcmp(type, "call_expression") == 0)
		return is_head_call(node, parent) ? "call:declared" : NULL;
	if (type[0] == 'a' && strcmp(type, "assignment") == 0) {
		TSNode target = declared(ts_node_named_child(node, 0));
		return lang_is_type(target, "call_expression")
				       || lang_is_type(target, "binary_expression")
			       ? "assignment:method"
			       : NULL;
	}
	if (type[0] == 'f' && strcmp(type, "function_definition") == 0) {
		TSNode sig = lang_child_of_type(node, "signature");
		TSNode head = ts_node_is_null(sig) ? sig : declared(ts_node_named_child(sig, 0));
		return lang_is_type(head, "argument_list") ? "function_definition:anonymous"
							   : NULL;
	}
	return NULL;
}

/* `function f end` declares a generic function without methods: no code. */
static int julia_declaration(TSNode node, const char *src)
{
	(void)src;
	if (lang_is_type(node, "assignment"))
		return 0;
	return ts_node_is_null(definition_head(node));
}

/* A functor `(p::Poly)(x)` or `(::Type{T})(x)` is named by its type: (::Poly); any other
 * parenthesized callee by what it holds (`function (@main)(args)` is @main). */
static void functor_name(TSNode callee, const char *src, struct wbuf *out)
{
	TSNode typed = ts_node_named_child(callee, 0);
	if (!lang_is_type(typed, "typed_expression")
	    && !lang_is_type(typed, "unary_typed_expression")) {
		if (!ts_node_is_null(typed))
			lang_append_text(out, typed, src);
		return;
	}
	uint32_t n = ts_node_named_child_count(typed);
	wbuf_put(out, "(::", 3);
	if (n > 0)
		lang_append_text(out, ts_node_named_child(typed, n - 1), src);
	wbuf_put_u8(out, ')');
}

/* The callee as written: f, Base.show, Base.:(==), +; a constructor Point{T} is Point;
 * a macro is @name, as it is called. */
static void julia_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode head = definition_head(node);
	if (ts_node_is_null(head))
		return;
	if (lang_is_type(node, "macro_definition"))
		wbuf_put_u8(out, '@');
	if (lang_is_type(head, "binary_expression")) {
		TSNode op = lang_child_of_type(head, "operator");
		if (!ts_node_is_null(op))
			lang_append_text(out, op, src);
		return;
	}
	TSNode callee = strip(ts_node_named_child(head, 0), "parametrized_type_expression");
	if (lang_is_type(callee, "parenthesized_expression"))
		functor_name(callee, src, out);
	else if (!ts_node_is_null(callee))
		lang_append_text(out, callee, src);
}

/* The named children of an argument list but comments: positional and keyword
 * parameters alike (`f(x, y=1; z, kw...)` 4); a do-block's `do (a, b)` is one. */
static int count_list(TSNode list)
{
	int n = 0;
	uint32_t count = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < count; i++) {
		const char *type = ts_node_type(ts_node_named_child(list, i));
		if (strcmp(type, "line_comment") != 0 && strcmp(type, "block_comment") != 0)
			n++;
	}
	return n;
}

/* A lambda's `x -> ...` is 1 parameter, `(x, y) -> ...` 2, `() -> ...` 0. */
static int arrow_params(TSNode node)
{
	TSNode first = ts_node_named_child(node, 0);
	if (lang_is_type(first, "argument_list") || lang_is_type(first, "tuple_expression"))
		return count_list(first);
	return ts_node_is_null(first) ? 0 : 1;
}

static int julia_count_params(TSNode node, const char *src)
{
	(void)src;
	const char *type = ts_node_type(node);
	if (strcmp(type, "arrow_function_expression") == 0)
		return arrow_params(node);
	if (strcmp(type, "do_clause") == 0) {
		TSNode list = lang_child_of_type(node, "argument_list");
		return ts_node_is_null(list) ? 0 : count_list(list);
	}
	TSNode head = definition_head(node);
	if (ts_node_is_null(head)) {
		/* function (x, y) ... end: the signature is the list */
		TSNode sig = lang_child_of_type(node, "signature");
		TSNode list = ts_node_is_null(sig) ? sig : declared(ts_node_named_child(sig, 0));
		return lang_is_type(list, "argument_list") ? count_list(list) : 0;
	}
	if (lang_is_type(head, "binary_expression"))
		return 2;	/* a ⊕ b = ... */
	TSNode list = lang_child_of_type(head, "argument_list");
	return ts_node_is_null(list) ? 0 : count_list(list);
}

/* struct Point{T} <: AbstractPoint is named Point. */
static void julia_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (ts_node_is_null(name)) {
		name = lang_child_of_type(node, "type_head");
		while (!ts_node_is_null(name) && !lang_is_type(name, "identifier"))
			name = ts_node_named_child(name, 0);
	}
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* `&&` and `||`; the broadcast `.&&` and `.||` compute arrays and decide nothing. */
static int julia_operator_kind(TSNode op, const char *src)
{
	if (!lang_is_type(op, "operator"))
		return LANG_OP_NONE;
	if (lang_text_is(op, src, "&&"))
		return LANG_OP_AND;
	if (lang_text_is(op, src, "||"))
		return LANG_OP_OR;
	return LANG_OP_NONE;
}

/* The name a plain call is made to (f(x)), or a null node (Base.f(x), (p)(x)). */
static TSNode julia_callee(TSNode call)
{
	TSNode callee = ts_node_named_child(call, 0);
	return lang_is_type(callee, "identifier") ? callee : (TSNode){ 0 };
}

static const char *const throwing[] = { "throw", "rethrow", "error", NULL };

/* return leaves the function; so does a call of throw, rethrow or error, which always
 * throw; break and continue are jumps (Julia has no labels but @goto's). */
static int julia_transfer_kind(TSNode node, const char *src)
{
	const char *type = ts_node_type(node);
	if (strcmp(type, "return_statement") == 0)
		return TRANSFER_EXIT;
	if (strcmp(type, "call_expression") != 0)
		return TRANSFER_JUMP;
	TSNode callee = julia_callee(node);
	return !ts_node_is_null(callee) && lang_text_in(callee, src, throwing) ? TRANSFER_EXIT
									       : TRANSFER_NONE;
}

/* `f = x -> ...`, `Mod.f = function (x) ... end`: named by the target (`a, b = ...` and
 * an indexed target bind no name). */
static void julia_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	if (!lang_is_type(parent, "assignment"))
		return;
	TSNode target = ts_node_named_child(parent, 0);
	if (ts_node_eq(target, value))
		return;
	target = strip(target, "typed_expression");	/* f::Function = x -> ... */
	if (lang_is_type(target, "identifier") || lang_is_type(target, "field_expression"))
		lang_append_text(out, target, src);
}

const struct lang_spec lang_julia = {
	/* Julia's else-if is elseif; an if after `else` is nested in it (it needs its own end). */
	.else_if_nests = 1,
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.elifs = elifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.catches = catches,
	.tries = tries,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.comprehension_clauses = comprehension,
	.exits = exits,
	.jumps = jumps,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = atoms,
	.substitutions = substitutions,
	.operator_leaves = op_leaves,
	.bindings = bindings,
	.declaration = julia_declaration,
	.unit_name = julia_unit_name,
	.count_params = julia_count_params,
	.scope_name = julia_scope_name,
	.callee = julia_callee,
	.binding_name = julia_binding_name,
	.operator_kind = julia_operator_kind,
	.transfer_kind = julia_transfer_kind,
	.node_role = julia_node_role,
};
