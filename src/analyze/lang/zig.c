/*
 * zig.c - Zig node types (@tree-sitter-grammars/tree-sitter-zig). Zig has no community
 * complexity tool; decisions follow the language's branches, as lizard's Zig reader
 * does: if and else-if, while and for, each switch prong but `else` and `_` (lizard
 * counts every `=>`), `catch`, `orelse` (a null coalescing, as `??`), `and`, `or`. `try` is not one: it spells out the propagation of an error that
 * Java or C++ leave implicit in a call, which no counting of theirs counts (a test's
 * `try expect(...)` lines would each add one).
 * Cognitive complexity is SonarSource's. Units are `fn` declarations with a body and
 * test blocks; a container is named by the constant it is bound to
 * (`const Foo = struct { fn bar() }` gives Foo.bar).
 */
#include <string.h>

#include "analyze/lang.h"
#include "common/record.h"

static const char *const units[] = { "function_declaration", "test_declaration", NULL };
static const char *const scopes[] = { "struct_declaration", "enum_declaration",
				      "union_declaration", "opaque_declaration", NULL };
static const char *const ifs[] = { "if_statement", "if_expression", "if_type_expression",
				   NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "while_statement", "while_expression", "for_statement",
				     "for_expression", NULL };
static const char *const switches[] = { "switch_expression", NULL };
static const char *const cases[] = { "switch_case", NULL };
static const char *const catches[] = { "catch_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "and", NULL };
static const char *const or_ops[] = { "or", NULL };
static const char *const coalesce_ops[] = { "orelse", NULL };
static const char *const exits[] = { "return_expression", NULL };
static const char *const jumps[] = { "break_expression", "continue_expression", NULL };
static const char *const labels[] = { "break_label", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", NULL };
/* @"name" identifiers hold a string: one token. */
static const char *const atoms[] = { "string", "multiline_string", "character", "identifier",
				     NULL };
/* A function or test without a block is a declaration (extern fn f() void;). */
static const char *const body_types[] = { "block", NULL };
/* A loop's iterables, payloads, continue expression and else are not inside it. */
static const char *const body_only[] = { "for_statement", "while_statement", NULL };

/* The first child of a prong, `inline` aside: `else` and `_` are the default prongs. */
static int zig_case_counts(TSNode node, const char *src)
{
	uint32_t n = ts_node_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_child(node, i);
		if (lang_text_is(c, src, "inline"))
			continue;
		return !lang_text_is(c, src, "else") && !lang_text_is(c, src, "_");
	}
	return 1;
}

/* 1 for a loop node: a break that leaves one on its way to its label is a jump. */
static int is_loop(TSNode n)
{
	const char *t = ts_node_type(n);
	return strncmp(t, "while_", 6) == 0 || strncmp(t, "for_", 4) == 0;
}

/* What a labelled break or continue leaves: 1 for a labelled block reached without
 * leaving a loop on the way, 0 for anything else (a labelled loop, a block outside the
 * loop it leaves, a label not found). */
static int leaves_block_only(TSNode jump, TSNode label, const char *src)
{
	size_t len;
	const char *name = lang_node_text(ts_node_named_child(label, 0), src, &len);
	int loop = 0;
	for (TSNode p = ts_node_parent(jump); !ts_node_is_null(p); p = ts_node_parent(p)) {
		TSNode first = ts_node_named_child(p, 0);
		if (!ts_node_is_null(first) && strcmp(ts_node_type(first), "block_label") == 0) {
			size_t n;
			const char *t = lang_node_text(ts_node_named_child(first, 0), src, &n);
			if (n == len && memcmp(t, name, n) == 0) {
				TSNode body = ts_node_named_child(p, 1);
				return !loop && !ts_node_is_null(body)
				       && strcmp(ts_node_type(body), "block") == 0;
			}
		}
		loop |= is_loop(p);
	}
	return 0;
}

/* `break :blk value` leaving a labelled block is how a block yields a value, Zig's
 * structured expression: no jump. A labelled break or continue of a loop, or one that
 * leaves a loop to reach its block, is one (SonarSource's +1). */
static int zig_transfer_kind(TSNode node, const char *src)
{
	if (strcmp(ts_node_type(node), "return_expression") == 0)
		return TRANSFER_EXIT;
	TSNode label = ts_node_named_child(node, 0);
	if (ts_node_is_null(label) || strcmp(ts_node_type(label), "break_label") != 0)
		return TRANSFER_JUMP;
	return leaves_block_only(node, label, src) ? TRANSFER_JUMP : TRANSFER_LABELED_JUMP;
}

/* Appends n's text with each run of white space made one `_`: a test's name is one word
 * in reports. The string's quotes are dropped. */
static void put_words(struct wbuf *out, TSNode n, const char *src)
{
	size_t len;
	const char *t = lang_node_text(n, src, &len);
	if (len >= 2 && t[0] == '"') {
		t++;
		len -= 2;
	}
	int space = 0;
	for (size_t i = 0; i < len && out->len < RECORD_MAX_NAME; i++) {
		int ws = t[i] == ' ' || t[i] == '\t';
		if (ws && !space)
			wbuf_put(out, "_", 1);
		else if (!ws)
			wbuf_put(out, t + i, 1);
		space = ws;
	}
}

/* A function by its name; a test as Zig's test runner names it: test.NAME for
 * `test "NAME"`, decltest.f for `test f` (a doctest of f), test for `test {}`. */
static void zig_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	if (strcmp(ts_node_type(node), "test_declaration") != 0) {
		TSNode name = lang_child(node, "name");
		if (!ts_node_is_null(name))
			lang_append_text(out, name, src);
		return;
	}
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		const char *type = ts_node_type(c);
		if (strcmp(type, "string") == 0) {
			wbuf_put(out, "test.", 5);
			put_words(out, c, src);
			return;
		}
		if (strcmp(type, "identifier") == 0) {
			wbuf_put(out, "decltest.", 9);
			lang_append_text(out, c, src);
			return;
		}
	}
	wbuf_put(out, "test", 4);
}

/* Each `parameter` of the list, `...` and comptime ones too. */
static int zig_count_params(TSNode node, const char *src)
{
	(void)src;
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		if (strcmp(ts_node_type(c), "parameters") == 0)
			return (int)ts_node_named_child_count(c);
	}
	return 0;
}

/* Expressions a container may sit in and still be the value of the declaration
 * around them: `const Ctx = if (enable) Real else struct { ... };`. */
static const char *const value_wrappers[] = { "if_expression", "parenthesized_expression",
					      "comptime_expression", NULL };

/* A container is named by the declaration holding it (`const Foo = struct {}`); one
 * returned by a generic function (`fn List(T) type { return struct {} }`) has no name
 * of its own: its functions are named under that function's. */
static void zig_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode parent = ts_node_parent(node);
	while (!ts_node_is_null(parent) && lang_in_list(value_wrappers, ts_node_type(parent)))
		parent = ts_node_parent(parent);
	if (ts_node_is_null(parent) || strcmp(ts_node_type(parent), "variable_declaration") != 0)
		return;
	uint32_t n = ts_node_named_child_count(parent);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(parent, i);
		if (strcmp(ts_node_type(c), "identifier") == 0) {
			lang_append_text(out, c, src);
			return;
		}
	}
}

const struct lang_spec lang_zig = {
	.separator = ".",
	.units = units,
	.scopes = scopes,
	.ifs = ifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.catches = catches,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.coalesce_operators = coalesce_ops,
	.exits = exits,
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.body_only_nesting = body_only,
	.unit_body_types = body_types,
	.unit_name = zig_unit_name,
	.count_params = zig_count_params,
	.scope_name = zig_scope_name,
	.case_counts = zig_case_counts,
	.transfer_kind = zig_transfer_kind,
};
