/*
 * objc.c - Objective-C node types (tree-sitter-objc, which extends tree-sitter-c): C
 * functions as in C, methods of @implementation blocks named by their selector, blocks
 * (^{...}) as anonymous functions.
 */
#include <string.h>

#include "analyze/lang.h"
#include "analyze/lang/c_family.h"
#include "common/record.h"

static const char *const units[] = { "function_definition", "method_definition", NULL };
static const char *const anonymous[] = { "block_literal", NULL };
static const char *const scopes[] = { "class_implementation", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
static const char *const loops[] = { "for_statement", "while_statement", "do_statement", NULL };
static const char *const switches[] = { "switch_statement", NULL };
static const char *const cases[] = { "case_statement", NULL };
static const char *const catches[] = { "catch_clause", NULL };
static const char *const tries[] = { "try_statement", NULL };
static const char *const withs[] = { "synchronized_statement", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
static const char *const exits[] = { "return_statement", "throw_statement", NULL };
static const char *const gotos[] = { "goto_statement", NULL };
static const char *const jumps[] = { "break_statement", "continue_statement", NULL };
static const char *const preproc[] = { "preproc_if", "preproc_ifdef", "preproc_elif",
				       "preproc_elifdef", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "comment", NULL };
static const char *const atoms[] = { "string_literal", "char_literal", "system_lib_string",
				     NULL };
static const struct binding_rule bindings[] = {
	{ "assignment_expression", "right", "left" },
	{ NULL, NULL, NULL }
};

/* A method's selector, as Objective-C writes it: `count`, `bar:with:`. Its keywords are
 * the method's identifier children; each one followed by a parameter takes a colon. */
static void method_selector(TSNode node, const char *src, struct wbuf *out)
{
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		if (lang_is_type(c, "identifier"))
			lang_append_text(out, c, src);
		else if (lang_is_type(c, "method_parameter") && out->len < RECORD_MAX_NAME)
			wbuf_put(out, ":", 1);
	}
}

static void objc_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	if (lang_is_type(node, "method_definition"))
		method_selector(node, src, out);
	else
		c_family_unit_name(node, src, out);
}

/* A block's parameter list: its own child, or, when the block spells its return type
 * (`^BOOL(id x) {...}`), the function declarator's inside that type. Null when none. */
static TSNode block_parameters(TSNode block)
{
	TSNode list = lang_child_of_type(block, "parameter_list");
	TSNode d = lang_child_of_type(block, "type_name");
	/* Declarators nest one per layer (pointer, function); 16 is far beyond real code. */
	for (int depth = 0; ts_node_is_null(list) && !ts_node_is_null(d) && depth < 16; depth++) {
		if (lang_is_type(d, "abstract_function_declarator"))
			return lang_child(d, "parameters");
		uint32_t n = ts_node_named_child_count(d);
		if (n == 0)
			break;
		d = ts_node_named_child(d, n - 1);
	}
	return list;
}

/* A method: one per selector parameter; a block: its parameter list's (`^(void)` none);
 * a function: C's. */
static int objc_count_params(TSNode node, const char *src)
{
	if (lang_is_type(node, "method_definition")) {
		int count = 0;
		uint32_t n = ts_node_named_child_count(node);
		for (uint32_t i = 0; i < n; i++)
			count += lang_is_type(ts_node_named_child(node, i), "method_parameter");
		return count;
	}
	if (lang_is_type(node, "block_literal")) {
		TSNode list = block_parameters(node);
		if (ts_node_is_null(list) || lang_text_is(list, src, "(void)"))
			return 0;
		return (int)ts_node_named_child_count(list);
	}
	return c_family_count_params(node, src);
}

/* `@implementation Foo` is Foo; a category `@implementation Foo (Bar)` is Foo(Bar). */
static void objc_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		if (lang_is_type(c, "identifier")) {
			lang_append_text(out, c, src);
			break;
		}
	}
	TSNode category = lang_child(node, "category");
	if (!ts_node_is_null(category)) {
		wbuf_put(out, "(", 1);
		lang_append_text(out, category, src);
		wbuf_put(out, ")", 1);
	}
}

const struct lang_spec lang_objc = {
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
	.withs = withs,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.gotos = gotos,
	.jumps = jumps,
	.preprocessor_conditions = preproc,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.bindings = bindings,
	.nested_block = c_family_nested_block,
	.nested_statement = c_family_nested_statement,
	.case_counts = c_family_case_counts,
	.unit_name = objc_unit_name,
	.count_params = objc_count_params,
	.scope_name = objc_scope_name,
	.unit_flags = c_family_unit_flags,
};
