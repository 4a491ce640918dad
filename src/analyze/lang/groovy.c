/*
 * groovy.c - Groovy node types (tree-sitter-groovy 0.1.2, which extends tree-sitter-java).
 *
 * CCN follows CodeNarc's CyclomaticComplexity rule: if, while, for, case, catch, &&, ||
 * and the ternary. CodeNarc also counts ?: (elvis) and ?. (safe navigation); this grammar
 * parses neither (they are parse errors), so they cannot be counted. CodeNarc measures
 * methods and closure fields, with the closures inside a method counted in it: here a
 * closure bound to a field or variable is a unit, an unbound one is folded (policy bound).
 */
#include <string.h>

#include "analyze/lang.h"
#include "common/record.h"

static const char *const units[] = { "method_declaration", "constructor_declaration",
				     "function_definition", NULL };
static const char *const anonymous[] = { "closure", "lambda_expression", NULL };
static const char *const scopes[] = { "class_declaration", "interface_declaration",
				      "enum_declaration", "record_declaration",
				      "annotation_type_declaration", NULL };
/* call:if and call:loop: an `if (...) { }` or `while (...) { }` read as a method call
 * with a trailing closure (see groovy_role). */
static const char *const ifs[] = { "if_statement", "call:if", NULL };
static const char *const loops[] = { "for_statement", "enhanced_for_statement",
				     "while_statement", "do_statement", "call:loop", NULL };
static const char *const switches[] = { "switch_expression", NULL };
static const char *const cases[] = { "switch_label", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", "try_with_resources_statement", NULL };
static const char *const ternaries[] = { "ternary_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const exits[] = { "return_statement", "throw_statement", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const labels[] = { "identifier", NULL };
static const char *const calls[] = { "method_invocation", "juxt_function_call", NULL };
static const char *const comments[] = { "line_comment", "block_comment", NULL };
static const char *const atoms[] = { "string_literal", "character_literal", NULL };
/* The grammar reads the ${...} of a GString as string text; its string_interpolation
 * node (in a multiline string's rule) is walked as code where it appears. */
static const char *const splice_strings[] = { "string_literal", NULL };
static const char *const substitutions[] = { "string_interpolation", NULL };
static const struct binding_rule bindings[] = {
	{ "variable_declarator", "value", "name" },
	{ "assignment_expression", "right", "left" },
	{ NULL, NULL, NULL }
};

/* The grammar reads a `{ ... }` after if, else, for and while as a closure (it tries the
 * closure before Java's block): such a closure is the statement's block, not a function. */
static const char *const block_owners[] = { "if_statement", "while_statement", "for_statement",
					    "enhanced_for_statement", "do_statement", NULL };

/* `case X:` counts; `default` does not (CodeNarc counts case statements). */
static int groovy_case_counts(TSNode node, const char *src)
{
	(void)src;
	return ts_node_child_count(node) > 0
	       && strcmp(ts_node_type(ts_node_child(node, 0)), "case") == 0;
}

static TSNode groovy_callee(TSNode call)
{
	if (!ts_node_is_null(lang_child(call, "object"))) {
		TSNode none;
		memset(&none, 0, sizeof(none));
		return none;
	}
	return lang_child(call, "name");
}

/* A closure's first named child that is not a comment, looking through the statement
 * the grammar may wrap it in (`{ x ->` then a newline parses as a lambda statement). */
static TSNode closure_head(TSNode closure)
{
	uint32_t n = ts_node_named_child_count(closure);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(closure, i);
		const char *t = ts_node_type(c);
		if (strcmp(t, "line_comment") == 0 || strcmp(t, "block_comment") == 0)
			continue;
		if (strcmp(t, "expression_statement") == 0 && ts_node_named_child_count(c) > 0)
			return ts_node_named_child(c, 0);
		return c;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

/* What a closure's first parameter with a default value parses as: `{ xs = [] -> }` as
 * an assignment of the lambda `[] -> ...`, `{ List xs = [] -> }` as a declaration. */
static const char *const default_holders[] = { "assignment_expression", "variable_declarator",
					       "local_variable_declaration", NULL };

/* 1 when lambda is the `params ->` that opens a closure: its first statement, or the
 * value of the default_holders that are. */
static int opens_closure(TSNode lambda, TSNode parent)
{
	TSNode top = lambda;
	while (lang_in_list(default_holders, ts_node_type(parent))) {
		top = parent;
		parent = ts_node_parent(parent);
	}
	if (lang_is_type(parent, "expression_statement"))
		parent = ts_node_parent(parent);
	return lang_is_type(parent, "closure") && ts_node_eq(closure_head(parent), top);
}

/* A closure is no function of its own when it is the body of a script's `def f() { }`
 * (function_definition) or the block of a control statement (above); the lambda that
 * opens `{ x -> ... }` is the body of its closure. */
static int groovy_function_body(TSNode node, TSNode parent)
{
	const char *p = ts_node_type(parent);
	if (strcmp(ts_node_type(node), "lambda_expression") == 0)
		return opens_closure(node, parent);
	if (strcmp(p, "function_definition") == 0 || lang_in_list(block_owners, p))
		return 1;
	if (strcmp(p, "expression_statement") != 0)
		return 0;
	TSNode owner = ts_node_parent(parent);
	return !ts_node_is_null(owner) && lang_in_list(block_owners, ts_node_type(owner));
}

/* Parameters of a lambda's list: `x ->` 1, `(a, b) ->` by its list, none before `->`
 * 0. */
static int lambda_params(TSNode lambda)
{
	TSNode params = lang_child(lambda, "parameters");
	if (ts_node_is_null(params))
		return 0;
	const char *t = ts_node_type(params);
	if (strcmp(t, "formal_parameters") != 0 && strcmp(t, "inferred_parameters") != 0)
		return 1;
	return (int)ts_node_named_child_count(params);
}

/* `{ String s, int n -> }` parses as a command call `String s, int` then a lambda `n ->`
 * (or `-> ` alone for one typed parameter): the typed parameters are the call's commas
 * plus one. */
static int typed_closure_params(TSNode call)
{
	TSNode next = ts_node_next_named_sibling(call);
	if (!lang_is_type(next, "lambda_expression"))
		return 0;
	TSNode args = lang_child(call, "args");
	int commas = 0;
	uint32_t n = ts_node_child_count(args);
	for (uint32_t i = 0; i < n; i++)
		commas += strcmp(ts_node_type(ts_node_child(args, i)), ",") == 0;
	return commas + 1;
}

/* A closure's parameters are those before its `->`; `{ ... }` has none (the implicit
 * `it` is not declared). */
static int closure_params(TSNode closure)
{
	TSNode head = closure_head(closure);
	if (lang_is_type(head, "lambda_expression"))
		return lambda_params(head);
	if (lang_is_type(head, "juxt_function_call"))
		return typed_closure_params(head);
	/* `{ List xs = [] -> }`: one parameter with its default (the lambda's "parameter") */
	TSNode value = lang_child(head, "right");
	if (lang_is_type(head, "local_variable_declaration"))
		value = lang_child(lang_child(head, "declarator"), "value");
	return lang_is_type(value, "lambda_expression");
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* How c changes the bracket depth: +1 opening, -1 closing, 0 otherwise. */
static int bracket(char c)
{
	if (c == '(' || c == '[' || c == '{' || c == '<')
		return 1;
	return c == ')' || c == ']' || c == '}' || c == '>' ? -1 : 0;
}

/* The parameters of a `( ... )` list by its text: its commas outside brackets and
 * strings, plus one, 0 when empty. The grammar reads an untyped parameter (`def f(a, b)`,
 * `value(x, y)`) as a type missing its name, in an ERROR or across two parameters: the
 * separators tell the count where the nodes cannot. */
static int list_params(TSNode list, const char *src)
{
	size_t len;
	const char *t = lang_node_text(list, src, &len);
	int depth = 0, count = 0, any = 0;
	char quote = 0;
	for (size_t i = 1; i + 1 < len; i++) {
		char c = t[i];
		any |= !is_blank(c);
		if (quote) {
			quote = c == quote ? 0 : quote;
			i += c == '\\';
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else {
			depth += bracket(c);
			depth = depth < 0 ? 0 : depth;
			count += c == ',' && depth == 0;
		}
	}
	return any ? count + 1 : 0;
}

/* A method's, constructor's or function's parameters (a default value is inside its
 * parameter; varargs 1); a closure's or lambda's declared ones. */
static int groovy_count_params(TSNode node, const char *src)
{
	const char *t = ts_node_type(node);
	if (strcmp(t, "lambda_expression") == 0)
		return lambda_params(node);
	if (strcmp(t, "closure") == 0)
		return closure_params(node);
	TSNode list = lang_child(node, "parameters");
	return ts_node_is_null(list) ? 0 : list_params(list, src);
}

/* A `;` the grammar inserted where the line ends (or a `}` or a comment follows): Groovy
 * ends a statement there, tree-sitter-groovy keeps Java's `;` after a field, a `throw`,
 * an `assert`... The tree is the one the `;` would give, so it is no parse error. */
static int groovy_missing_ok(TSNode node, const char *src)
{
	if (strcmp(ts_node_type(node), ";") != 0)
		return 0;
	uint32_t at = ts_node_start_byte(node);
	uint32_t end = ts_node_end_byte(ts_tree_root_node(node.tree));
	while (at < end && (src[at] == ' ' || src[at] == '\t' || src[at] == '\r'))
		at++;
	if (at >= end || src[at] == '\n' || src[at] == '}')
		return 1;
	return at + 1 < end && src[at] == '/' && (src[at + 1] == '/' || src[at + 1] == '*');
}

/* The statement a method_invocation stands for: right after `x ->` the grammar expects an
 * expression and reads `if (c) { ... }` as a call of `if` with a closure (and `while`,
 * `for (x in xs)` alike). "call:if" or "call:loop", NULL for a real call. */
static const char *control_call(TSNode call, const char *src)
{
	if (!ts_node_is_null(lang_child(call, "object")))
		return NULL;
	TSNode name = lang_child(call, "name");
	if (ts_node_is_null(name) || ts_node_is_null(lang_child(call, "body")))
		return NULL;
	if (lang_text_is(name, src, "if"))
		return "call:if";
	if (lang_text_is(name, src, "while") || lang_text_is(name, src, "for"))
		return "call:loop";
	return NULL;
}

/* Such a call is an if or a loop, and its closure is its block ("block" is in no list:
 * no category, as a Java block has none). */
static const char *groovy_role(TSNode node, TSNode parent, const char *src)
{
	const char *t = ts_node_type(node);
	if (strcmp(t, "method_invocation") == 0)
		return control_call(node, src);
	if (strcmp(t, "closure") == 0 && strcmp(ts_node_type(parent), "method_invocation") == 0
	    && control_call(parent, src))
		return "block";
	return NULL;
}

/* A string's text as a unit name: without quotes and, as every unit name, without white
 * space. */
static void append_string_name(struct wbuf *out, TSNode string, const char *src)
{
	size_t len;
	const char *text = lang_node_text(string, src, &len);
	for (size_t i = 0; i < len && out->len < RECORD_MAX_NAME; i++)
		if (!is_blank(text[i]) && text[i] != '"' && text[i] != '\'')
			wbuf_put(out, text + i, 1);
}

/* A method named by a string (`def "adds two numbers"() { }`, Spock's feature methods):
 * the grammar reads `def` as a constructor's name and the string as an ERROR after it.
 * The name is the string's text without quotes and, as every unit name, without white
 * space (`addstwonumbers`). 0 when node is no such method. */
static int string_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (ts_node_is_null(name) || !lang_text_is(name, src, "def"))
		return 0;
	TSNode error = ts_node_next_sibling(name);
	if (!lang_is_type(error, "ERROR"))
		return 0;
	append_string_name(out, error, src);
	return 1;
}

/* The same method when a keyword in its string (`def "works with nulls"()`) turns the
 * class around it into an ERROR: `def`, the string, an ERROR for `()`, then the body as
 * a closure, which this binds to the string's name. */
static void groovy_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	if (!lang_is_type(parent, "ERROR") || !lang_is_type(value, "closure"))
		return;
	TSNode string = ts_node_prev_named_sibling(value);
	if (lang_is_type(string, "ERROR"))
		string = ts_node_prev_named_sibling(string);
	if (!lang_is_type(string, "string_literal"))
		return;	/* (the runtime has no sibling of a null node) */
	TSNode def = ts_node_prev_named_sibling(string);
	if (lang_is_type(def, "identifier") && lang_text_is(def, src, "def"))
		append_string_name(out, string, src);
}

static void groovy_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	if (strcmp(ts_node_type(node), "constructor_declaration") == 0
	    && string_name(node, src, out))
		return;
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

const struct lang_spec lang_groovy = {
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
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
	.exits = exits,
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = splice_strings,
	.substitutions = substitutions,
	.bindings = bindings,
	.unit_body = "body",
	.case_counts = groovy_case_counts,
	.count_params = groovy_count_params,
	.unit_name = groovy_unit_name,
	.binding_name = groovy_binding_name,
	.function_body = groovy_function_body,
	.missing_ok = groovy_missing_ok,
	.node_role = groovy_role,
	.callee = groovy_callee,
};
