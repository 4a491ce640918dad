/*
 * kotlin.c - Kotlin node types (@tree-sitter-grammars/tree-sitter-kotlin).
 *
 * CCN follows detekt's CyclomaticComplexMethod with its default options: `if`, loops,
 * each `when` entry (`else ->` too), each `catch`, `&&`, `||`, `?:`, and a call of a
 * scope function (`let`, `run`, ...) with a trailing lambda. detekt also counts `break`
 * and `continue`; this grammar parses a plain `break` as an identifier, and a jump is not
 * a branch of its own (the `if` leading to it is counted), so they are not counted here.
 */
#include <string.h>

#include "analyze/lang.h"

/* An init block is code run by every constructor; a primary constructor has no body. */
static const char *const units[] = { "function_declaration", "secondary_constructor",
				     "getter", "setter", "anonymous_initializer", NULL };
static const char *const unit_body_types[] = { "function_body", "block", NULL };
static const char *const anonymous[] = { "lambda_literal", "anonymous_function", NULL };
static const char *const scopes[] = { "class_declaration", "object_declaration",
				      "companion_object", "enum_entry", NULL };
static const char *const ifs[] = { "if_expression", NULL };
static const char *const loops[] = { "for_statement", "while_statement", "do_while_statement",
				     NULL };
static const char *const switches[] = { "when_expression", NULL };
static const char *const cases[] = { "when_entry", NULL };
static const char *const catches[] = { "catch_block", NULL };
static const char *const tries[] = { "try_expression", NULL };
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
/* detekt counts the elvis operator with && and ||. */
static const char *const coalesce_ops[] = { "?:", NULL };
static const char *const exits[] = { "return_expression", "throw_expression", NULL };
/* `break@outer` and `continue@outer` parse as a label followed by an identifier. */
static const char *const jumps[] = { "labeled_expression", NULL };
static const char *const labels[] = { "label", NULL };
static const char *const calls[] = { "call_expression", NULL };
static const char *const comments[] = { "line_comment", "block_comment", NULL };
static const char *const atoms[] = { "string_literal", "multiline_string_literal",
				     "character_literal", NULL };
static const char *const splice_strings[] = { "string_literal", "multiline_string_literal",
					       NULL };
static const char *const substitutions[] = { "interpolation", NULL };
static const struct binding_rule bindings[] = {
	{ "assignment", "right", "left" },
	{ NULL, NULL, NULL }
};

/* detekt's default nestingFunctions: a call of one of these with a trailing lambda is a
 * decision point. */
static const char *const scope_functions[] = { "run", "let", "apply", "with", "also", "use",
					       "forEach", "isNotNull", "ifNull", NULL };

/* A receiver type's text without its type arguments or `?`: Map.Entry for
 * Map.Entry<K, V>, String for String?. */
static void append_type(struct wbuf *out, TSNode type, const char *src)
{
	const char *t = ts_node_type(type);
	if (strcmp(t, "nullable_type") == 0 && ts_node_named_child_count(type) > 0) {
		append_type(out, ts_node_named_child(type, 0), src);
		return;
	}
	if (strcmp(t, "user_type") != 0) {
		lang_append_text(out, type, src);
		return;
	}
	uint32_t count = ts_node_child_count(type);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_child(type, i);
		if (strcmp(ts_node_type(c), "type_arguments") != 0)
			lang_append_text(out, c, src);
	}
}

/* An extension function or property is named by its receiver type: String.ext. The
 * receiver is the type followed by `.` before the name (a function's identifier, a
 * property's variable_declaration). */
static void receiver_prefix(TSNode node, const char *src, struct wbuf *out)
{
	uint32_t count = ts_node_child_count(node);
	for (uint32_t i = 0; i + 1 < count; i++) {
		TSNode c = ts_node_child(node, i);
		const char *t = ts_node_type(c);
		if (strcmp(t, "identifier") == 0 || strcmp(t, "variable_declaration") == 0)
			return;	/* the name: no receiver */
		TSNode next = ts_node_child(node, i + 1);
		if (ts_node_is_named(c) && strcmp(ts_node_type(next), ".") == 0) {
			append_type(out, c, src);
			wbuf_put(out, ".", 1);
			return;
		}
	}
}

/* The name of the property a getter or setter belongs to (with its receiver type, if an
 * extension property), then `.get` or `.set`. */
static void accessor_name(TSNode node, const char *src, struct wbuf *out, const char *which)
{
	TSNode property = ts_node_parent(node);
	receiver_prefix(property, src, out);
	TSNode decl = lang_child_of_type(property, "variable_declaration");
	TSNode name = lang_child_of_type(decl, "identifier");
	if (!ts_node_is_null(name)) {
		lang_append_text(out, name, src);
		wbuf_put(out, ".", 1);
	}
	wbuf_put(out, which, strlen(which));
}

static void kotlin_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	const char *t = ts_node_type(node);
	if (strcmp(t, "secondary_constructor") == 0) {
		wbuf_put(out, "constructor", 11);
	} else if (strcmp(t, "anonymous_initializer") == 0) {
		wbuf_put(out, "init", 4);
	} else if (strcmp(t, "getter") == 0) {
		accessor_name(node, src, out, "get");
	} else if (strcmp(t, "setter") == 0) {
		accessor_name(node, src, out, "set");
	} else {
		receiver_prefix(node, src, out);
		TSNode name = lang_child(node, "name");
		if (!ts_node_is_null(name))
			lang_append_text(out, name, src);
	}
}

/* Parameters: each `parameter` of a function's list (its default value and its vararg
 * modifier are siblings, not parameters), each declaration of a lambda's list (a
 * destructuring (a, b) is one), a setter's one identifier. */
static int kotlin_count_params(TSNode node, const char *src)
{
	(void)src;
	TSNode list = lang_child_of_type(node, "function_value_parameters");
	const char *each = "parameter";
	if (ts_node_is_null(list)) {
		list = lang_child_of_type(node, "lambda_parameters");
		each = NULL;
	}
	if (ts_node_is_null(list))
		return strcmp(ts_node_type(node), "setter") == 0
		       && !ts_node_is_null(lang_child_of_type(node, "identifier"));
	int count = 0;
	uint32_t n = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < n; i++) {
		const char *t = ts_node_type(ts_node_named_child(list, i));
		if (each ? strcmp(t, each) == 0
			 : (strcmp(t, "variable_declaration") == 0
			    || strcmp(t, "multi_variable_declaration") == 0))
			count++;
	}
	return count;
}

/* A companion object without a name is `Companion`, as Kotlin calls it; an enum entry
 * with a body is named by its identifier. */
static void kotlin_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (strcmp(ts_node_type(node), "enum_entry") == 0)
		name = lang_child_of_type(node, "identifier");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
	else if (strcmp(ts_node_type(node), "companion_object") == 0)
		wbuf_put(out, "Companion", 9);
}

/* `val f = { ... }`: the property's name binds a lambda or anonymous function that is its
 * initializer (not one inside a delegate or a getter, whose parents differ). */
static void kotlin_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	(void)value;
	if (strcmp(ts_node_type(parent), "property_declaration") != 0)
		return;
	TSNode name = lang_child_of_type(lang_child_of_type(parent, "variable_declaration"), "identifier");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* The called name: the identifier itself, or the last identifier of a navigation
 * (x?.let). `with(x) { }` parses as a call of the call `with(x)`: its name is inside. */
static TSNode called_name(TSNode call)
{
	TSNode f = ts_node_named_child(call, 0);
	if (!ts_node_is_null(f) && strcmp(ts_node_type(f), "call_expression") == 0)
		f = ts_node_named_child(f, 0);
	if (!ts_node_is_null(f) && strcmp(ts_node_type(f), "navigation_expression") == 0) {
		uint32_t n = ts_node_named_child_count(f);
		f = n ? ts_node_named_child(f, n - 1) : f;
	}
	return f;
}

/* A scope function called with a trailing lambda is a decision point (detekt). */
static int kotlin_call_decision(TSNode call, const char *src)
{
	if (ts_node_is_null(lang_child_of_type(call, "annotated_lambda")))
		return 0;
	TSNode f = called_name(call);
	if (ts_node_is_null(f) || strcmp(ts_node_type(f), "identifier") != 0)
		return 0;
	return lang_text_in(f, src, scope_functions);
}

/* A call is to the unit itself only without a receiver (foo(), not other.foo()). */
static TSNode kotlin_callee(TSNode call)
{
	TSNode f = ts_node_named_child(call, 0);
	if (ts_node_is_null(f) || strcmp(ts_node_type(f), "identifier") != 0) {
		TSNode none;
		memset(&none, 0, sizeof(none));
		return none;
	}
	return f;
}

const struct lang_spec lang_kotlin = {
	.separator = ".",
	.units = units,
	.unit_body_types = unit_body_types,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.catches = catches,
	.tries = tries,
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
	.splice_strings = splice_strings,
	.substitutions = substitutions,
	.bindings = bindings,
	.unit_name = kotlin_unit_name,
	.count_params = kotlin_count_params,
	.scope_name = kotlin_scope_name,
	.binding_name = kotlin_binding_name,
	.call_decision = kotlin_call_decision,
	.callee = kotlin_callee,
};
