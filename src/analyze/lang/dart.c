/*
 * dart.c - Dart node types (tree-sitter-dart 1.0.0).
 *
 * In this grammar a top-level function, a method, a getter, a setter, an operator and a
 * constructor are a signature followed by a function_body SIBLING (in program,
 * class_body, extension_body): these are sibling heads (lang.h), whose unit lasts
 * through the body that follows. A signature followed by `;` (abstract, external, a constructor without a
 * body) is a declaration. A local function is a lambda_expression holding a
 * function_signature and its function_body: the same head, one level down.
 *
 * Decisions follow DCM's (dart_code_metrics) cyclomatic complexity: if statements and
 * collection `if` elements, loops and collection `for` elements, `? :`, each `case` (not
 * `default`), each `on`/`catch` clause, `&&`, `||`, `??`, `??=`, `?.`, `?..`, `?[` and `...?`. Cognitive
 * complexity is SonarSource's (`??` adds nothing to it).
 */
#include <string.h>

#include "analyze/lang.h"
#include "analyze/lang/dart_repair.h"

static const char *const units[] = { "method_signature", "function_signature",
				     "getter_signature", "setter_signature", NULL };
static const char *const anonymous[] = { "function_expression", NULL };
static const char *const heads[] = { "method_signature", "function_signature",
				     "getter_signature", "setter_signature", NULL };
static const char *const bodies[] = { "function_body", NULL };
static const char *const scopes[] = { "class_definition", "mixin_declaration",
				      "extension_declaration", "enum_declaration", NULL };
static const char *const ifs[] = { "if_statement", "if_element", NULL };
static const char *const loops[] = { "for_statement", "while_statement", "do_statement",
				     "for_element", NULL };
static const char *const switches[] = { "switch_statement", NULL };
static const char *const cases[] = { "switch_label", NULL };
/* `on T {...}`, `catch (e) {...}` and `on T catch (e) {...}` are each a catch (DCM's
 * CatchClause): the block after them, under the try in no field (the try's own block is
 * its `body`; the finally's is inside finally_clause). */
static const char *const catch_blocks[] = { "block", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "logical_and_expression", "logical_or_expression",
				       "if_null_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const coalesce_ops[] = { "??", NULL };
/* Null-aware member access and cascade: each is a branch on null (DCM). */
static const char *const optional_chains[] = { "?.", "?..", NULL };
/* `?[` and `...?` are a `?` token inside these (the `?` of a nullable type is not). */
static const char *const chain_parents[] = { "unconditional_assignable_selector",
					     "spread_element", NULL };
static const char *const logical_assignments[] = { "?\?=", NULL };
/* throw is an expression in Dart; `rethrow` parses as an identifier statement. */
static const char *const exits[] = { "return_statement", "throw_expression", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const labels[] = { "identifier", NULL };
static const char *const calls[] = { "selector", NULL };
static const char *const comments[] = { "comment", "documentation_comment", NULL };
static const char *const splice_strings[] = { "string_literal", NULL };
static const char *const substitutions[] = { "template_substitution", NULL };
static const struct binding_rule bindings[] = {
	{ "initialized_variable_definition", "value", "name" },
	{ "assignment_expression", "right", "left" },
	{ NULL, NULL, NULL }
};

/* A call is an identifier followed by a selector holding the arguments: `f(x)` is
 * identifier `f`, selector `(x)`. It is to the unit itself only without a receiver (f(),
 * not other.f() or this.f(), where a member selector comes between). */
static TSNode dart_callee(TSNode call)
{
	TSNode none;
	memset(&none, 0, sizeof(none));
	if (ts_node_named_child_count(call) != 1
	    || !lang_is_type(ts_node_named_child(call, 0), "argument_part"))
		return none;
	TSNode before = ts_node_prev_named_sibling(call);
	if (ts_node_is_null(before) || !lang_is_type(before, "identifier"))
		return none;
	return before;
}

/* `case X:` counts; `default:` does not. Labels may come first. */
static int dart_case_counts(TSNode node, const char *src)
{
	(void)src;
	uint32_t count = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(node, i);
		if (!lang_is_type(c, "label"))
			return lang_is_type(c, "case_builtin");
	}
	return 0;
}

/* The signature inside a method_signature (after `static`), else node itself. */
static TSNode signature_of(TSNode node)
{
	if (!lang_is_type(node, "method_signature") || ts_node_named_child_count(node) == 0)
		return node;
	return ts_node_named_child(node, 0);
}

/* A constructor's name: `C` for the unnamed one, `named` for `C.named` (qualified by
 * the class, that is C.C and C.named). */
static void constructor_name(TSNode sig, const char *src, struct wbuf *out)
{
	TSNode first, last;
	int n = 0;
	uint32_t count = ts_node_named_child_count(sig);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(sig, i);
		if (lang_is_type(c, "formal_parameter_list"))
			break;
		if (!lang_is_type(c, "identifier"))
			continue;
		if (n++ == 0)
			first = c;
		last = c;
	}
	if (n > 0)
		lang_append_text(out, n > 1 ? last : first, src);
}

/* `operator ==` and the like: the tokens from `operator` (after the return type) up to
 * the parameters, spaces removed. */
static void operator_name(TSNode sig, const char *src, struct wbuf *out)
{
	int seen = 0;
	uint32_t count = ts_node_child_count(sig);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_child(sig, i);
		if (lang_is_type(c, "formal_parameter_list"))
			break;
		seen = seen || lang_is_type(c, "operator");
		if (seen)
			lang_append_text(out, c, src);
	}
}

static void dart_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode sig = signature_of(node);
	if (lang_is_type(sig, "constructor_signature") || lang_is_type(sig, "factory_constructor_signature")) {
		constructor_name(sig, src, out);
		return;
	}
	if (lang_is_type(sig, "operator_signature")) {
		operator_name(sig, src, out);
		return;
	}
	TSNode name = lang_child(sig, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* A formal_parameter_list among n's children, or a null node. */
static TSNode param_list(TSNode n)
{
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		if (lang_is_type(c, "formal_parameter_list"))
			return c;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

/* Positional, optional `[...]` and named `{...}` parameters alike. */
static int dart_count_params(TSNode node, const char *src)
{
	(void)src;
	TSNode list = param_list(signature_of(node));
	if (ts_node_is_null(list))
		return 0;
	int n = 0;
	uint32_t count = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(list, i);
		if (lang_is_type(c, "formal_parameter")) {
			n++;
			continue;
		}
		uint32_t inner = ts_node_named_child_count(c);
		for (uint32_t k = 0; k < inner; k++)
			n += lang_is_type(ts_node_named_child(c, k), "formal_parameter");
	}
	return n;
}

/* A mixin's name is its first identifier (no `name` field); the others have one. An
 * unnamed extension has none. */
static void dart_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (ts_node_is_null(name) && lang_is_type(node, "mixin_declaration")) {
		uint32_t count = ts_node_named_child_count(node);
		for (uint32_t i = 0; i < count && ts_node_is_null(name); i++)
			if (lang_is_type(ts_node_named_child(node, i), "identifier"))
				name = ts_node_named_child(node, i);
	}
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

const struct lang_spec lang_dart = {
	.separator = ".",
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.catch_blocks = catch_blocks,
	.tries = tries,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.coalesce_operators = coalesce_ops,
	.optional_chains = optional_chains,
	.logical_assignments = logical_assignments,
	.optional_chain_parents = chain_parents,
	.exits = exits,
	.jumps = jumps,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.splice_strings = splice_strings,
	.substitutions = substitutions,
	.sibling_heads = heads,
	.sibling_bodies = bodies,
	.bindings = bindings,
	.case_counts = dart_case_counts,
	.unit_name = dart_unit_name,
	.count_params = dart_count_params,
	.scope_name = dart_scope_name,
	.callee = dart_callee,
	.repair = dart_repair,
	.damage = dart_damage,
};
