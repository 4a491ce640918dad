/*
 * php.c - PHP node types (tree-sitter-php, the `php` grammar: HTML around <?php ... ?>).
 *
 * Decisions follow PHPMD's CyclomaticComplexity (PDepend's CCN2: if, elseif, for,
 * foreach, while, do, case, catch, ?:, &&, ||, and, or), plus what PDepend predates:
 * each `match` arm with conditions and each `??` / `??=`. `xor` is not a decision (both
 * operands are always evaluated, and PDepend does not count it either).
 * Names are those PHP itself prints for __METHOD__ and __FUNCTION__:
 * `App\Model\User::save`, `App\Util\helper` (see php_scope_name, php_file_prefix).
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "function_definition", "method_declaration", NULL };
static const char *const anonymous[] = { "anonymous_function", "arrow_function", NULL };
/* An anonymous class adds no name (as Java's): its methods are named in the unit that
 * creates it. */
static const char *const scopes[] = { "namespace_definition", "class_declaration",
				      "interface_declaration", "trait_declaration",
				      "enum_declaration", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const elifs[] = { "else_if_clause", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_statement", "foreach_statement", "while_statement",
				     "do_statement", NULL };
/* The header of foreach (`$xs as $k => $v`) has no field names, and for's `initialize`
 * is not a header field name the walker knows: only their bodies nest. */
static const char *const body_only[] = { "foreach_statement", "for_statement", NULL };
static const char *const switches[] = { "switch_statement", "match_expression", NULL };
/* `case X:` and a match arm with conditions count; `default` arms are other node types. */
static const char *const cases[] = { "case_statement", "match_conditional_expression", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
/* Both `a ? b : c` and the short `a ?: b`. */
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", "and", NULL };
static const char *const or_ops[] = { "||", "or", NULL };
static const char *const coalesce_ops[] = { "??", NULL };
static const char *const logical_assignments[] = { "?\?=", NULL };
/* throw is an expression since PHP 8; exit/die end the script, not the function (as
 * other languages' exit() calls, they are not exits). */
static const char *const exits[] = { "return_statement", "throw_expression", NULL };
static const char *const gotos[] = { "goto_statement", NULL };
/* `break 2;` leaves two structures: the white paper's jump "to a label or number". */
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const labels[] = { "integer", NULL };
static const char *const calls[] = { "function_call_expression", NULL };
static const char *const comments[] = { "comment", NULL };
/* Interpolated strings are one token: an interpolation holds only variables, property
 * and array accesses, or method calls, never a decision. A variable `$x` is one token
 * (one operand), not `$` and `x`. */
static const char *const atoms[] = { "string", "encapsed_string", "heredoc", "nowdoc",
				     "shell_command_expression", "variable_name", NULL };
static const struct binding_rule bindings[] = {
	{ "assignment_expression", "right", "left" },
	{ "reference_assignment_expression", "right", "left" },
	{ NULL, NULL, NULL }
};

/* A namespace name ends with PHP's namespace separator, so that the lang_spec's
 * name_prefix_end joins it to the next name without `::`: `App\Model\` + `User`. */
static void php_namespace_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (ts_node_is_null(name))
		return;	/* `namespace { ... }`: the global namespace */
	lang_append_text(out, name, src);
	wbuf_put(out, "\\", 1);
}

static void php_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	if (strcmp(ts_node_type(node), "namespace_definition") == 0) {
		php_namespace_name(node, src, out);
		return;
	}
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* `namespace App\Model;` without braces covers the rest of the file, not a subtree: the
 * first such statement names the file's prefix. (A second one in the same file, which
 * PHP allows and hardly anyone writes, is not seen.) */
static void php_file_prefix(TSNode root, const char *src, struct wbuf *out)
{
	uint32_t n = ts_node_named_child_count(root);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(root, i);
		if (strcmp(ts_node_type(c), "namespace_definition") == 0
		    && ts_node_is_null(lang_child(c, "body"))) {
			php_namespace_name(c, src, out);
			return;
		}
	}
}

const struct lang_spec lang_php = {
	.separator = "::",
	.name_prefix_end = "\\",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.elifs = elifs,
	.else_clauses = else_clauses,
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
	.logical_assignments = logical_assignments,
	.exits = exits,
	.gotos = gotos,
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.body_only_nesting = body_only,
	.bindings = bindings,
	.unit_body = "body",
	.scope_name = php_scope_name,
	.file_prefix = php_file_prefix,
};
