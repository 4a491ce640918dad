/*
 * solidity.c - Solidity node types (tree-sitter-solidity).
 *
 * Units are the definitions solc compiles to code: functions (free, in a contract, a
 * library or an interface), constructors, modifiers, fallback and receive functions; one
 * without a body (an interface's or an abstract contract's) is a declaration. CCN
 * counts what solhint's code-complexity rule counts (if, for, while, do-while) and what
 * McCabe's count adds to it and every other language here counts: ?:, && and ||, each
 * catch clause, and the if, for and switch cases of inline assembly (Yul). require()
 * and assert() are calls, counted by neither solhint nor assay.
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "function_definition", "constructor_definition",
				     "modifier_definition", "fallback_receive_definition",
				     NULL };
static const char *const scopes[] = { "contract_declaration", "interface_declaration",
				      "library_declaration", NULL };
static const char *const ifs[] = { "if_statement", "yul_if_statement", NULL };
static const char *const loops[] = { "for_statement", "while_statement", "do_while_statement",
				     "yul_for_statement", NULL };
/* A Yul switch nests and costs cognitive complexity; each of its `case` keywords (the
 * grammar has no case node) adds to CCN, `default` does not. */
static const char *const switches[] = { "yul_switch_statement", NULL };
static const char *const case_tokens[] = { "case", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const ternaries[] = { "ternary_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
/* && and || by their text; any other operator of a binary_expression keeps the sequence
 * of the && or || above it: tree-sitter-solidity 1.2.13 binds a member access or an
 * index looser than a comparison (below), so a comparison may sit between two operators
 * of one source sequence. Read this way, the sequence is the operators' source order. */
static int solidity_operator_kind(TSNode op, const char *src)
{
	if (lang_text_is(op, src, "&&"))
		return LANG_OP_AND;
	if (lang_text_is(op, src, "||"))
		return LANG_OP_OR;
	return LANG_OP_NONE;
}

/* The grammar wraps every operand in an `expression` node, which must not break an
 * `a && b && c` sequence any more than parentheses do. A member access must not either:
 * tree-sitter-solidity 1.2.13 reads `s == this.f.selector || t` as
 * `(s == this.f).selector || t` and `s[0] == 1 || s[1]` as `(s[0] == 1 || s)[1]`, with
 * the sequence's operators under member_expression and array_access nodes (a boolean
 * has no members and no elements, so no real access holds a sequence; the price: a
 * sequence inside an index, `x || a[b || c]`, is read as part of the outer one). */
static const char *const parens[] = { "parenthesized_expression", "expression",
				      "member_expression", "array_access", NULL };
/* ... and every statement in a `statement` node: `else if` is else + statement(if). */
static const char *const else_wrappers[] = { "statement", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
/* revert leaves the function as throw does; a Yul `leave` only its Yul function. */
static const char *const exits[] = { "return_statement", "revert_statement", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", "yul_break",
				     "yul_continue", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "string_literal", "hex_string_literal",
				     "unicode_string_literal", "yul_string_literal",
				     "yul_hex_string_literal", NULL };

/* Constructors have no name; fallback and receive functions are named by their keyword
 * (the pre-0.6 unnamed `function () external` is the fallback). */
static void solidity_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	const char *type = ts_node_type(node);
	if (strcmp(type, "constructor_definition") == 0) {
		wbuf_put(out, "constructor", 11);
		return;
	}
	if (strcmp(type, "fallback_receive_definition") == 0) {
		TSNode word = ts_node_child(node, 0);
		if (lang_text_is(word, src, "receive"))
			wbuf_put(out, "receive", 7);
		else
			wbuf_put(out, "fallback", 8);
		return;
	}
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* The parameters are the unit's own `parameter` children; the return list holds its
 * own in a return_type_definition, which is not counted. */
static int solidity_count_params(TSNode node, const char *src)
{
	(void)src;
	int n = 0;
	uint32_t count = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < count; i++)
		if (strcmp(ts_node_type(ts_node_named_child(node, i)), "parameter") == 0)
			n++;
	return n;
}

/* A call is to the unit itself only by a bare name, f(x), not this.f(x) or C.f(x): the
 * callee is the identifier inside the `expression` wrapper of field `function`. */
static TSNode solidity_callee(TSNode call)
{
	TSNode none;
	memset(&none, 0, sizeof(none));
	TSNode fn = lang_child(call, "function");
	if (!ts_node_is_null(fn) && strcmp(ts_node_type(fn), "expression") == 0)
		fn = ts_node_named_child(fn, 0);
	if (ts_node_is_null(fn) || strcmp(ts_node_type(fn), "identifier") != 0)
		return none;
	return fn;
}

const struct lang_spec lang_solidity = {
	.separator = ".",
	.units = units,
	.scopes = scopes,
	.ifs = ifs,
	.loops = loops,
	.switches = switches,
	.case_tokens = case_tokens,
	.catches = catches,
	.tries = tries,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.jumps = jumps,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.else_wrappers = else_wrappers,
	.unit_body = "body",
	.unit_name = solidity_unit_name,
	.count_params = solidity_count_params,
	.operator_kind = solidity_operator_kind,
	.callee = solidity_callee,
};
