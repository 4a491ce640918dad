/*
 * elixir.c - Elixir node types (tree-sitter-elixir). In this grammar def, defmodule, if,
 * case, for, try are all `call` nodes told apart by their target's text, so the node_role
 * hook (lang.h) gives each call, and the do_block of some, the role it plays.
 *
 * Decisions follow Credo's Refactor.CyclomaticComplexity: if, unless and for +1; case,
 * cond (and here receive) +1 per clause; and, or, &&, || +1 each; try +1 (here its
 * rescue or catch block). Beyond Credo: with +1 and +1 per else clause.
 */
#include <string.h>

#include "analyze/lang.h"

/* Role names: no grammar symbol is called so. */
static const char *const units[] = { "call:def", NULL };
static const char *const anonymous[] = { "anonymous_function", NULL };
static const char *const scopes[] = { "call:defmodule", NULL };
/* `if c do ... else ... end`: the do_block is the if, so the condition is not nested and
 * the else_block's `else` is found under it; `if c, do: a, else: b` has no do_block. */
static const char *const ifs[] = { "do:if", "call:if", NULL };
static const char *const else_clauses[] = { "else_block", NULL };
static const char *const loops[] = { "call:for", NULL };
static const char *const switches[] = { "do:case", NULL };
static const char *const cases[] = { "stab_clause", NULL };
static const char *const catches[] = { "rescue_block", "catch_block", NULL };
static const char *const tries[] = { "do:try", NULL };
static const char *const logical[] = { "binary_operator", NULL };
static const char *const parens[] = { "block", NULL };
static const char *const and_ops[] = { "and", "&&", NULL };
static const char *const or_ops[] = { "or", "||", NULL };
/* Elixir has no return: raise, reraise, throw and exit leave the function. */
static const char *const exits[] = { "call:raise", NULL };
static const char *const calls[] = { "call", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "sigil", "quoted_atom", "quoted_keyword", NULL };
static const char *const strings[] = { "string", "charlist", NULL };
static const char *const substitutions[] = { "interpolation", NULL };
/* `f = fn x -> x end`: the hook checks the operator is `=`. */
static const struct binding_rule bindings[] = {
	{ "binary_operator", "right", NULL },
	{ NULL, NULL, NULL }
};

/* The identifier a local call is made to, or a null node (a remote call Mod.f). */
static TSNode local_target(TSNode call)
{
	TSNode t = lang_child(call, "target");
	if (ts_node_is_null(t) || strcmp(ts_node_type(t), "identifier") != 0)
		return (TSNode){ 0 };
	return t;
}

static int is_call_to(TSNode n, const char *src, const char *const *words)
{
	if (ts_node_is_null(n) || strcmp(ts_node_type(n), "call") != 0)
		return 0;
	TSNode t = local_target(n);
	return !ts_node_is_null(t) && lang_text_in(t, src, words);
}

static const char *const defs[] = { "def", "defp", "defmacro", "defmacrop", "defguard",
				    "defguardp", NULL };
static const char *const modules[] = { "defmodule", "defprotocol", "defimpl", NULL };
static const char *const conditionals[] = { "if", "unless", "with", NULL };
static const char *const multiway[] = { "case", "cond", "receive", NULL };
static const char *const raises[] = { "raise", "reraise", "throw", "exit", NULL };

/* A call's role: a definition, a module, a keyword-form if (its do_block plays the if
 * otherwise), a for, an exit; NULL for any other call. */
static const char *call_role(TSNode call, const char *src)
{
	TSNode t = local_target(call);
	if (ts_node_is_null(t))
		return NULL;
	if (lang_text_in(t, src, defs))
		return "call:def";
	if (lang_text_in(t, src, modules))
		return "call:defmodule";
	if (lang_text_is(t, src, "for"))
		return "call:for";
	if (lang_text_in(t, src, raises))
		return "call:raise";
	if (lang_text_in(t, src, conditionals) && ts_node_is_null(lang_child_of_type(call, "do_block")))
		return "call:if";
	return NULL;
}

/* The role of a do_block: that of the call it ends (if, case, try). */
static const char *block_role(TSNode call, const char *src)
{
	static const char *const tries_words[] = { "try", NULL };
	TSNode t = local_target(call);
	if (ts_node_is_null(t))
		return NULL;
	if (lang_text_in(t, src, conditionals))
		return "do:if";
	if (lang_text_in(t, src, multiway))
		return "do:case";
	if (lang_text_in(t, src, tries_words))
		return "do:try";
	return NULL;
}

/* 1 when call is the head `f(a)` of `def f(a)` or `def f(a) when ...` (parent is its
 * parent): not a call of f. Only a node starting where its parent starts is asked. */
static int is_def_head(TSNode call, TSNode parent, const char *src)
{
	if (ts_node_start_byte(call) != ts_node_start_byte(parent))
		return 0;
	if (strcmp(ts_node_type(parent), "binary_operator") == 0) {
		parent = ts_node_parent(parent);
		if (ts_node_is_null(parent))
			return 0;
	}
	if (strcmp(ts_node_type(parent), "arguments") != 0)
		return 0;
	return is_call_to(ts_node_parent(parent), src, defs);
}

static const char *elixir_role(TSNode node, TSNode parent, const char *src)
{
	const char *type = ts_node_type(node);
	if (strcmp(type, "call") == 0) {
		if (is_def_head(node, parent, src))
			return "call:head";	/* in no list: no category at all */
		return call_role(node, src);
	}
	if (strcmp(type, "do_block") == 0 && strcmp(ts_node_type(parent), "call") == 0)
		return block_role(parent, src);
	return NULL;
}

/* A clause counts under case, cond and receive, and in the else of a with; not in fn,
 * rescue or catch (their block counts once). */
static int elixir_case_counts(TSNode node, const char *src)
{
	static const char *const with_words[] = { "with", NULL };
	TSNode block = ts_node_parent(node);
	if (ts_node_is_null(block))
		return 0;
	const char *type = ts_node_type(block);
	if (strcmp(type, "do_block") == 0)
		return is_call_to(ts_node_parent(block), src, multiway);
	if (strcmp(type, "else_block") != 0)
		return 0;
	TSNode up = ts_node_parent(block);
	if (!ts_node_is_null(up) && strcmp(ts_node_type(up), "do_block") == 0)
		up = ts_node_parent(up);
	return !ts_node_is_null(up) && is_call_to(up, src, with_words);
}

/* The head of a definition: `f(a, b)` in `def f(a, b) when a > 0 do`, or the bare `f`. */
static TSNode def_head(TSNode def)
{
	TSNode args = lang_child_of_type(def, "arguments");
	if (ts_node_is_null(args) || ts_node_named_child_count(args) == 0)
		return (TSNode){ 0 };
	TSNode head = ts_node_named_child(args, 0);
	if (strcmp(ts_node_type(head), "binary_operator") == 0) {
		TSNode left = lang_child(head, "left");
		if (!ts_node_is_null(left))
			head = left;	/* the guard's `when` */
	}
	return head;
}

static void elixir_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode head = def_head(node);
	if (ts_node_is_null(head))
		return;
	if (strcmp(ts_node_type(head), "call") == 0) {
		TSNode t = lang_child(head, "target");
		if (!ts_node_is_null(t))
			head = t;
	}
	lang_append_text(out, head, src);
}

/* fn's parameters: those of its first clause (`fn a, b -> ... end`). */
static int fn_params(TSNode fn)
{
	TSNode clause = lang_child_of_type(fn, "stab_clause");
	TSNode left = ts_node_is_null(clause) ? clause : lang_child(clause, "left");
	if (ts_node_is_null(left))
		return 0;
	if (strcmp(ts_node_type(left), "binary_operator") == 0)
		left = lang_child(left, "left");	/* fn x when x > 0 -> */
	if (ts_node_is_null(left) || strcmp(ts_node_type(left), "arguments") != 0)
		return 0;
	return (int)ts_node_named_child_count(left);
}

static int elixir_count_params(TSNode node, const char *src)
{
	(void)src;
	if (strcmp(ts_node_type(node), "anonymous_function") == 0)
		return fn_params(node);
	TSNode head = def_head(node);
	if (ts_node_is_null(head) || strcmp(ts_node_type(head), "call") != 0)
		return 0;
	TSNode args = lang_child_of_type(head, "arguments");
	return ts_node_is_null(args) ? 0 : (int)ts_node_named_child_count(args);
}

/* A def without a body (`def f(a, b \\ 1)` declaring defaults, a protocol's `def f(x)`)
 * is no unit: neither a do_block nor a `do:` keyword. */
static int elixir_declaration(TSNode node, const char *src)
{
	(void)src;
	if (!ts_node_is_null(lang_child_of_type(node, "do_block")))
		return 0;
	TSNode args = lang_child_of_type(node, "arguments");
	return ts_node_is_null(args) || ts_node_is_null(lang_child_of_type(args, "keywords"));
}

/* `defmodule A.B do`: the alias, as written. */
static void elixir_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode args = lang_child_of_type(node, "arguments");
	if (!ts_node_is_null(args) && ts_node_named_child_count(args) > 0)
		lang_append_text(out, ts_node_named_child(args, 0), src);
}

/* A local call's target (a plain `f(x)` may be a recursion). */
static TSNode elixir_callee(TSNode call)
{
	return local_target(call);
}

/* `name = fn ... end` binds the function to name. */
static void elixir_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	(void)value;
	TSNode op = lang_child(parent, "operator");
	TSNode left = lang_child(parent, "left");
	if (ts_node_is_null(op) || ts_node_is_null(left) || !lang_text_is(op, src, "=")
	    || strcmp(ts_node_type(left), "identifier") != 0)
		return;
	lang_append_text(out, left, src);
}

const struct lang_spec lang_elixir = {
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
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = strings,
	.substitutions = substitutions,
	.bindings = bindings,
	.else_if_nests = 1,
	.declaration = elixir_declaration,
	.case_counts = elixir_case_counts,
	.unit_name = elixir_unit_name,
	.count_params = elixir_count_params,
	.scope_name = elixir_scope_name,
	.callee = elixir_callee,
	.binding_name = elixir_binding_name,
	.node_role = elixir_role,
};
