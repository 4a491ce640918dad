/*
 * c_family.c - declarator-chain hooks for C and C++ (see c_family.h).
 */
#include "analyze/lang/c_family.h"

#include <string.h>

#include "analyze/lang.h"

TSNode c_family_function_declarator(TSNode definition)
{
	TSNode n = lang_child(definition, "declarator");
	/* Declarators nest one per layer of syntax; 64 is far beyond real code. */
	for (int depth = 0; depth < 64 && !ts_node_is_null(n); depth++) {
		if (strcmp(ts_node_type(n), "function_declarator") == 0)
			return n;
		TSNode next = lang_child(n, "declarator");
		if (ts_node_is_null(next) && ts_node_named_child_count(n) > 0)
			next = ts_node_named_child(n, ts_node_named_child_count(n) - 1);
		n = next;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

void c_family_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode fd = c_family_function_declarator(node);
	if (ts_node_is_null(fd))
		return;
	TSNode name = lang_child(fd, "declarator");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

int c_family_count_params(TSNode node, const char *src)
{
	/* A lambda's parameters sit in an abstract_function_declarator. */
	TSNode fd = strcmp(ts_node_type(node), "lambda_expression") == 0
			    ? lang_child(node, "declarator")
			    : c_family_function_declarator(node);
	if (ts_node_is_null(fd))
		return 0;
	TSNode list = lang_child(fd, "parameters");
	if (ts_node_is_null(list))
		return 0;
	/* One pass with a cursor: ts_node_child(list, i) walks from the first child each
	 * time in this runtime, quadratic on a long list. */
	int count = 0, void_only = 0;
	uint32_t n = ts_node_named_child_count(list);
	TSTreeCursor cur = ts_tree_cursor_new(list);
	for (int more = ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode p = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(p);
		if (!ts_node_is_named(p)) {
			count += strcmp(type, "...") == 0;	/* C's `...` is an anonymous token */
			continue;
		}
		if (strcmp(type, "comment") == 0)
			continue;
		void_only = n == 1 && strcmp(type, "parameter_declaration") == 0
			    && ts_node_is_null(lang_child(p, "declarator"))
			    && lang_text_is(p, src, "void");
		count++;
	}
	ts_tree_cursor_delete(&cur);
	return void_only ? 0 : count;
}

int c_family_case_counts(TSNode node, const char *src)
{
	(void)src;
	return !ts_node_is_null(lang_child(node, "value"));
}
