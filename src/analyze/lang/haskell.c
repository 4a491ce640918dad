/*
 * haskell.c - Haskell node types (tree-sitter-haskell).
 *
 * Decisions follow argon (the Haskell cyclomatic complexity tool): if, each case
 * alternative beyond the first (here also in \case), each guard `|` (of a function
 * equation, a case alternative or a multi-way if), && and ||. tree-sitter-haskell makes
 * each equation of a function its own `function` node, with no node around the
 * equations of one name, so here each equation is a unit and argon's +1 per equation
 * beyond the first is not counted (docs/METRICS.md, "Haskell").
 *
 * Names: the module's name, then classes and instances, then the function:
 * Data.Map.insert, Data.Map.Show.Tree.show (instance Show Tree), and a where-bound or
 * let-bound function under the function holding it.
 */
#include <string.h>

#include "analyze/lang.h"

/* An equation `f x = ...` or `x <+> y = ...`, and a top-level value binding `xs = ...`
 * (argon measures it as a function; haskell_declaration leaves out the local ones). */
static const char *const units[] = { "function", "bind", NULL };
/* A type `Int -> Int` is a `function` node too, without a right-hand side (unit_body). */
static const char *const anonymous[] = { "lambda", "lambda_case", "lambda_cases", NULL };
static const char *const scopes[] = { "class", "instance", NULL };
static const char *const ifs[] = { "conditional", NULL };
static const char *const switches[] = { "case", "lambda_case", "lambda_cases", "multi_way_if",
					 NULL };
/* A guards node is one `|` (its pattern guards `| Just x <- m, x > 0` are one). */
static const char *const cases[] = { "alternative", "guards", NULL };
/* All infix operators are one `infix` node, told apart by the operator's text. */
static const char *const logical[] = { "infix", NULL };
static const char *const parens[] = { "parens", NULL };
static const char *const calls[] = { "apply", NULL };
static const char *const comments[] = { "comment", "haddock", NULL };
static const char *const atoms[] = { "string", "char", "quasiquote", NULL };
/* Operators are leaves of their own type: `operator` (+, &&), `constructor_operator` (:|). */
static const char *const op_leaves[] = { "operator", "constructor_operator", NULL };
/* `f = \x -> ...`: the lambda sits in the bind's match (the hook climbs to the bind). */
static const struct binding_rule bindings[] = {
	{ NULL, NULL, NULL }
};

/* `&&` and `||` as written, also qualified (Prelude.&&) or in backquotes (`or` is a
 * function, not an operator). */
static int haskell_operator_kind(TSNode op, const char *src)
{
	if (lang_is_type(op, "qualified"))
		op = lang_child(op, "id");
	if (lang_text_is(op, src, "&&"))
		return LANG_OP_AND;
	if (lang_text_is(op, src, "||"))
		return LANG_OP_OR;
	return LANG_OP_NONE;
}

/* A case alternative counts beyond the first; a guard always (the first guard of an
 * equation is a decision too: its failure falls through to the next equation). */
static int haskell_case_counts(TSNode node, const char *src)
{
	(void)src;
	if (!lang_is_type(node, "alternative"))
		return 1;
	TSNode prev = ts_node_prev_named_sibling(node);
	while (!ts_node_is_null(prev) && !lang_is_type(prev, "alternative"))
		prev = ts_node_prev_named_sibling(prev);	/* comments between */
	return !ts_node_is_null(prev);
}

/* The equation's name: `f` of `f x = ...`, the operator of `x <+> y = ...` or of
 * `(<+>) x y = ...`. */
static void haskell_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (ts_node_is_null(name)) {
		TSNode infix = lang_child_of_type(node, "infix");
		if (!ts_node_is_null(infix))
			name = lang_child(infix, "operator");
	}
	if (ts_node_is_null(name)) {
		TSNode head = lang_child(node, "parens");
		if (!ts_node_is_null(head))
			haskell_unit_name(head, src, out);
		return;
	}
	if (lang_is_type(name, "prefix_id") && ts_node_named_child_count(name) > 0)
		name = ts_node_named_child(name, 0);	/* (<+>): the operator */
	lang_append_text(out, name, src);
}

/* The patterns of an equation or lambda; an infix equation has two operands; a value
 * binding `f = \x y -> ...` those of its lambda (argon's view of f). */
static int haskell_count_params(TSNode node, const char *src)
{
	(void)src;
	if (lang_is_type(node, "bind")) {
		TSNode match = lang_child(node, "match");
		TSNode value = ts_node_is_null(match) ? match : lang_child(match, "expression");
		return lang_is_type(value, "lambda") ? haskell_count_params(value, src) : 0;
	}
	TSNode pats = lang_child(node, "patterns");
	if (ts_node_is_null(pats)) {
		TSNode head = lang_child(node, "parens");
		if (!ts_node_is_null(head))
			return haskell_count_params(head, src);
		if (!ts_node_is_null(lang_child_of_type(node, "infix")))
			return 2;
		return 0;
	}
	int n = 0;
	uint32_t count = ts_node_named_child_count(pats);
	for (uint32_t i = 0; i < count; i++)
		if (!lang_is_type(ts_node_named_child(pats, i), "comment"))
			n++;
	return n;
}

/* `class Monad m` is Monad; `instance Show Tree` is Show.Tree (the class, then the
 * head type of its first type pattern). */
static void haskell_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (ts_node_is_null(name))
		return;
	lang_append_text(out, name, src);
	TSNode pats = lang_child(node, "patterns");
	if (!lang_is_type(node, "instance") || ts_node_is_null(pats)
	    || ts_node_named_child_count(pats) == 0)
		return;
	TSNode head = ts_node_named_child(pats, 0);
	while (ts_node_named_child_count(head) > 0
	       && (lang_is_type(head, "apply") || lang_is_type(head, "parens")))
		head = ts_node_named_child(head, 0);	/* (Maybe a): Maybe */
	wbuf_put_u8(out, '.');
	lang_append_text(out, head, src);
}

/* `module Data.Map (...) where`: Data.Map. */
static void haskell_file_prefix(TSNode root, const char *src, struct wbuf *out)
{
	TSNode header = lang_child_of_type(root, "header");
	TSNode module = lang_child(header, "module");
	if (!ts_node_is_null(module))
		lang_append_text(out, module, src);
}

/* f x y is apply(apply(f, x), y): one call of f, read at the outer apply (the inner one
 * is that apply's function); f when a plain variable (a possible recursion). */
static TSNode haskell_callee(TSNode call)
{
	TSNode up = ts_node_parent(call);
	if (lang_is_type(up, "apply") && ts_node_eq(lang_child(up, "function"), call))
		return (TSNode){ 0 };
	TSNode fn = lang_child(call, "function");
	while (lang_is_type(fn, "apply"))
		fn = lang_child(fn, "function");
	if (!lang_is_type(fn, "variable"))
		return (TSNode){ 0 };
	return fn;
}

/* 1 when a bind is at the top of the module, a class or an instance. */
static int top_bind(TSNode bind)
{
	TSNode up = ts_node_parent(bind);
	return lang_is_type(up, "declarations") || lang_is_type(up, "class_declarations")
	       || lang_is_type(up, "instance_declarations");
}

/* A value binding is a unit at the top (a named one: not a pattern `(a, b) = ...`); in a
 * `where` or `let` it is code of the function holding it. */
static int haskell_declaration(TSNode node, const char *src)
{
	(void)src;
	if (!lang_is_type(node, "bind"))
		return 0;
	return ts_node_is_null(lang_child(node, "name")) || !top_bind(node);
}

/* `f = \x -> ...` in a `where` or `let` (a bind whose match is the lambda): f. At the top
 * the bind is the unit, and the lambda its code. */
static void haskell_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	(void)value;
	if (lang_is_type(parent, "match"))
		parent = ts_node_parent(parent);
	if (!lang_is_type(parent, "bind") || top_bind(parent))
		return;
	TSNode name = lang_child(parent, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

const struct lang_spec lang_haskell = {
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.unit_body = "match",
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.switches = switches,
	.cases = cases,
	.logical_parents = logical,
	.parentheses = parens,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.operator_leaves = op_leaves,
	.bindings = bindings,
	.operator_kind = haskell_operator_kind,
	.declaration = haskell_declaration,
	.case_counts = haskell_case_counts,
	.unit_name = haskell_unit_name,
	.count_params = haskell_count_params,
	.scope_name = haskell_scope_name,
	.file_prefix = haskell_file_prefix,
	.callee = haskell_callee,
	.binding_name = haskell_binding_name,
};
