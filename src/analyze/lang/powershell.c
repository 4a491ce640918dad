/*
 * powershell.c - PowerShell node types (tree-sitter-powershell). PSScriptAnalyzer has no
 * complexity rule, so decisions follow McCabe's counting as lizard and most linters do:
 * if, elseif, every switch clause but `default`, for, foreach, while, do-while/until,
 * catch, trap, -and, -or.
 */
#include <string.h>
#include <strings.h>

#include "analyze/lang.h"

/* `function`, `filter` and `workflow` are one function_statement; class methods and
 * constructors are class_method_definition (a constructor is a method named after its
 * class). */
static const char *const units[] = { "function_statement", "class_method_definition", NULL };
/* `{ ... }` as a value: `$f = { }`, `Where-Object { }`, `& { }`. */
static const char *const anonymous[] = { "script_block_expression", NULL };
static const char *const scopes[] = { "class_statement", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const elifs[] = { "elseif_clause", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
/* do_statement is both `do { } while ()` and `do { } until ()`. */
static const char *const loops[] = { "for_statement", "foreach_statement", "while_statement",
				     "do_statement", NULL };
static const char *const switches[] = { "switch_statement", NULL };
static const char *const cases[] = { "switch_clause", NULL };
/* `trap { }` handles an error as a catch does: a decision too. */
static const char *const catches[] = { "catch_clause", "trap_statement", NULL };
static const char *const tries[] = { "try_statement", NULL };
/* An expression's -and/-or, and a command argument's (`f -x ($a -and $b)`). */
static const char *const logical[] = { "logical_expression", "logical_argument_expression",
				       NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "-and", NULL };
static const char *const or_ops[] = { "-or", NULL };
/* return, exit, throw, break and continue are one node type: transfer_kind sorts them. */
static const char *const exits[] = { "flow_control_statement", NULL };
static const char *const jumps[] = { "flow_control_statement", NULL };
static const char *const labels[] = { "label_expression", NULL };
static const char *const calls[] = { "command", "invokation_expression", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "string_literal", "type_literal", "variable",
				     "command_parameter", "generic_token", NULL };
static const char *const param_ignored[] = { "comment", NULL };

extern const struct lang_spec lang_powershell;

/* The parameters of a list (a comment between them is not one). */
static int list_count(TSNode list)
{
	return ts_node_is_null(list) ? 0 : lang_count_list(list, &lang_powershell);
}

/* The keyword is the statement's first token, in any case (`Return`, `EXIT`). */
static int ps_transfer_kind(TSNode node, const char *src)
{
	TSNode kw = ts_node_child(node, 0);
	if (ts_node_is_null(kw))
		return TRANSFER_NONE;
	const char *t = ts_node_type(kw);
	if (strcmp(t, "return") == 0 || strcmp(t, "exit") == 0 || strcmp(t, "throw") == 0)
		return TRANSFER_EXIT;
	if (strcmp(t, "break") == 0 || strcmp(t, "continue") == 0)
		return ts_node_is_null(lang_child_of_type(node, "label_expression"))
			       ? TRANSFER_JUMP
			       : TRANSFER_LABELED_JUMP;
	(void)src;
	return TRANSFER_NONE;
}

/* Every clause is a decision but `default { }`, the fallback. */
static int ps_case_counts(TSNode node, const char *src)
{
	TSNode cond = lang_child_of_type(node, "switch_clause_condition");
	if (ts_node_is_null(cond))
		return 1;
	size_t len;
	const char *t = lang_node_text(cond, src, &len);
	return !(len == 7 && strncasecmp(t, "default", 7) == 0);
}

/* A function's name is its function_name (`Get-Thing`, `global:f`); a method's its
 * simple_name; a class's its simple_name. */
static void ps_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child_of_type(node, "function_name");
	if (ts_node_is_null(name))
		name = lang_child_of_type(node, "simple_name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

static void ps_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child_of_type(node, "simple_name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* The parameters of a param() block at the top of a script block. */
static int param_block_count(TSNode block)
{
	TSNode params = lang_child_of_type(block, "param_block");
	if (ts_node_is_null(params))
		return 0;
	return list_count(lang_child_of_type(params, "parameter_list"));
}

/* `function f($a, $b)` declares them after the name; `function f { param($a, $b) }` in
 * the body; a method `M([int]$a)` in its own list; a script block `{ param($x) }`. */
static int ps_count_params(TSNode node, const char *src)
{
	(void)src;
	const char *type = ts_node_type(node);
	if (strcmp(type, "class_method_definition") == 0) {
		return list_count(lang_child_of_type(node, "class_method_parameter_list"));
	}
	if (strcmp(type, "script_block_expression") == 0) {
		int n = param_block_count(node);
		TSNode body = lang_child_of_type(node, "script_block");
		return n ? n : (ts_node_is_null(body) ? 0 : param_block_count(body));
	}
	TSNode decl = lang_child_of_type(node, "function_parameter_declaration");
	if (!ts_node_is_null(decl)) {
		TSNode list = lang_child_of_type(decl, "parameter_list");
		if (!ts_node_is_null(list))
			return list_count(list);
	}
	TSNode body = lang_child_of_type(node, "script_block");
	return ts_node_is_null(body) ? 0 : param_block_count(body);
}

/* `$f = { }`: the script block reaches the assignment's value through one-child wrappers
 * (pipeline, pipeline_chain, the expression precedence levels), none in a field a binding
 * rule could name; the name is the variable assigned, as written (`$f`, `$script:f`), or
 * the class property initialized. */
static void ps_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	(void)value;
	for (int i = 0; i < 16 && !ts_node_is_null(parent); i++) {
		const char *type = ts_node_type(parent);
		int assign = strcmp(type, "assignment_expression") == 0;
		if (assign || strcmp(type, "class_property_definition") == 0) {
			/* `[psobject]$Title = { }` in a class: the property's variable */
			TSNode left = lang_child_of_type(parent, assign ? "left_assignment_expression"
								   : "variable");
			if (!ts_node_is_null(left))
				lang_append_text(out, left, src);
			return;
		}
		if (ts_node_named_child_count(parent) != 1)
			return;
		parent = ts_node_parent(parent);
	}
}

/* A command's callee is its name (`Get-Item`); a method call has none we can match. */
static TSNode ps_callee(TSNode call)
{
	TSNode name = lang_child(call, "command_name");
	if (!ts_node_is_null(name))
		return name;
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

const struct lang_spec lang_powershell = {
	.default_units = UNITS_BOUND,
	.separator = ".",
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
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.param_ignored = param_ignored,
	.case_counts = ps_case_counts,
	.unit_name = ps_unit_name,
	.scope_name = ps_scope_name,
	.count_params = ps_count_params,
	.callee = ps_callee,
	.binding_name = ps_binding_name,
	.transfer_kind = ps_transfer_kind,
};
