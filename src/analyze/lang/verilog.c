/*
 * verilog.c - Verilog and SystemVerilog node types (tree-sitter-verilog, which follows
 * IEEE 1800's grammar and has no fields). The hardware community has no standard
 * complexity tool; the decisions are McCabe's as for C: if, else if, each case item but
 * `default`, loops that test a condition (for, while, do-while, repeat, foreach; not
 * forever), `?:`, && and ||. A unit is a function, a task, a class constructor, and each
 * always, initial and final block: the logic of a module lives in its processes, which
 * no function holds.
 */
#include <string.h>

#include "analyze/lang.h"

/* function_declaration holds `function`, `automatic` and the body declaration with the
 * name, ports and statements. */
static const char *const units[] = { "function_declaration", "task_declaration",
				     "class_constructor_declaration", "always_construct",
				     "initial_construct", "final_construct", NULL };
/* A generate block is a scope when labelled (`begin : gen_lane`), as the language names
 * its instances (top.gen_lane[0].x); an unlabelled one adds no name. */
static const char *const scopes[] = { "module_declaration", "interface_declaration",
				      "program_declaration", "package_declaration",
				      "class_declaration", "checker_declaration",
				      "generate_block", NULL };
/* `else if` is an if inside the else's statement_or_null > statement > statement_item. */
static const char *const ifs[] = { "conditional_statement", NULL };
static const char *const else_wrappers[] = { "statement_or_null", "statement",
					     "statement_item", "function_statement_or_null",
					     "function_statement", NULL };
/* All loops are one loop_statement; forever, which tests nothing, is told apart by
 * verilog_node_role. */
static const char *const loops[] = { "loop_statement", NULL };
static const char *const cognitive_loops[] = { "verilog:forever", NULL };
static const char *const switches[] = { "case_statement", "randcase_statement", NULL };
static const char *const cases[] = { "case_item", "case_inside_item", "case_pattern_item",
				     "randcase_item", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
/* Binary operators are anonymous tokens directly under an expression (walk.c finds them:
 * the node has no operator field). */
static const char *const logical[] = { "expression", "constant_expression", NULL };
/* `(a && b)` is a primary holding ( mintypmax_expression ). */
static const char *const parens[] = { "primary", "mintypmax_expression", "constant_primary",
				      "constant_mintypmax_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
/* return, break and continue are all jump_statement (verilog_transfer_kind). */
static const char *const exits[] = { "jump_statement", NULL };
static const char *const jumps[] = { "jump_statement", NULL };
static const char *const calls[] = { "tf_call", NULL };
static const char *const comments[] = { "comment", NULL };
/* 8'hFF is a size, a base and a value: one number. */
static const char *const atoms[] = { "string_literal", "integral_number", "real_number",
				     "time_literal", NULL };

/* The identifier naming n: its first simple or escaped identifier, looked for in n and
 * its first few levels of named children (module_header, class_identifier > ...), skipping
 * attributes; a null node when there is none. */
static TSNode first_identifier(TSNode n, int depth)
{
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		const char *t = ts_node_type(c);
		if (strcmp(t, "simple_identifier") == 0 || strcmp(t, "escaped_identifier") == 0)
			return c;
		if (strcmp(t, "attribute_instance") == 0 || strcmp(t, "comment") == 0)
			continue;
		if (depth > 0 && (strstr(t, "identifier") || strstr(t, "header"))) {
			TSNode id = first_identifier(c, depth - 1);
			if (!ts_node_is_null(id))
				return id;
		}
	}
	return (TSNode){ 0 };
}

static void verilog_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode id;
	if (lang_is_type(node, "generate_block")) {
		TSNode label = lang_child_of_type(node, "generate_block_identifier");
		if (ts_node_is_null(label))
			return;
		id = first_identifier(label, 2);
	} else {
		id = first_identifier(node, 3);
	}
	if (!ts_node_is_null(id))
		lang_append_text(out, id, src);
}

/* The error holding a file's one broken module or class: the root when it is an error,
 * else the one error among the top-level items when no module, package or class parsed;
 * a null node when there is none. */
static TSNode broken_top(TSNode root)
{
	if (ts_node_is_error(root))
		return root;
	TSNode err = { 0 };
	uint32_t count = ts_node_named_child_count(root);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(root, i);
		if (lang_in_list(scopes, ts_node_type(c)))
			return (TSNode){ 0 };
		if (ts_node_is_error(c)) {
			if (!ts_node_is_null(err))
				return (TSNode){ 0 };
			err = c;
		}
	}
	return err;
}

/* The name after a module_header's keyword, or after a `class` keyword (a class whose
 * body holds a macro the grammar cannot read); NULL: none. */
static TSNode header_name(TSNode c)
{
	if (lang_is_type(c, "module_header"))
		return first_identifier(c, 0);
	if (!ts_node_is_named(c) && strcmp(ts_node_type(c), "class") == 0) {
		TSNode next = ts_node_next_named_sibling(c);
		if (lang_is_type(next, "simple_identifier"))
			return next;
	}
	return (TSNode){ 0 };
}

/* A module whose header the grammar cannot close (an `ifdef in its port list, a macro
 * among its parameters) leaves no module_declaration: its header and items sit in an
 * error. With one such header in the file, the module is known: its name prefixes the
 * file's units (which are its). Two headers: whose a unit is is not known. */
static void verilog_file_prefix(TSNode root, const char *src, struct wbuf *out)
{
	TSNode err = broken_top(root);
	if (ts_node_is_null(err))
		return;
	TSNode name = { 0 };
	uint32_t count = ts_node_child_count(err);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_child(err, i);
		if (lang_in_list(scopes, ts_node_type(c)))
			return;
		TSNode id = header_name(c);
		if (ts_node_is_null(id))
			continue;
		if (!ts_node_is_null(name))
			return;
		name = id;
	}
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* The label of the block a process runs: `always @(posedge clk) begin : fsm`, or the
 * statement label `fsm: begin`. Follows the process's one statement through its timing
 * control down to a begin-end or fork-join. */
static TSNode process_label(TSNode n)
{
	for (int depth = 0; depth < 12 && !ts_node_is_null(n); depth++) {
		const char *t = ts_node_type(n);
		if (strcmp(t, "seq_block") == 0 || strcmp(t, "par_block") == 0)
			return first_identifier(n, 0);
		if (strcmp(t, "statement") == 0) {
			TSNode label = first_identifier(n, 0);
			if (!ts_node_is_null(label))
				return label;
		}
		uint32_t count = ts_node_named_child_count(n);
		if (count == 0)
			break;
		n = ts_node_named_child(n, count - 1);	/* the statement, after any control */
	}
	return (TSNode){ 0 };
}

/* The keyword of a process: always, always_comb, always_ff, always_latch, initial,
 * final. */
static void process_keyword(TSNode node, const char *src, struct wbuf *out)
{
	TSNode kw = lang_child_of_type(node, "always_keyword");
	lang_append_text(out, ts_node_is_null(kw) ? ts_node_child(node, 0) : kw, src);
}

/* tree-sitter-verilog 1.0.0 reads an out-of-class body `function int C::g(...)` as the
 * name C and an error holding `:: g`: the name is then C::g. */
static void append_scoped_rest(struct wbuf *out, TSNode id, const char *src)
{
	TSNode err = ts_node_next_sibling(id);
	if (ts_node_is_null(err) || !ts_node_is_error(err) || ts_node_child_count(err) < 2
	    || strcmp(ts_node_type(ts_node_child(err, 0)), "::") != 0)
		return;
	wbuf_put(out, "::", 2);
	lang_append_text(out, ts_node_child(err, 1), src);
}

/* A function or task by its identifier (`C::f` for an out-of-class body); a
 * constructor is `new`; a process by its block's label, else by its keyword. */
/* The body declaration of a function or task (name, ports, statements); node itself for
 * a constructor or a process. */
static TSNode tf_body(TSNode node)
{
	TSNode body = lang_child_of_type(node, "function_body_declaration");
	if (ts_node_is_null(body))
		body = lang_child_of_type(node, "task_body_declaration");
	return ts_node_is_null(body) ? node : body;
}

static void verilog_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	if (lang_is_type(node, "class_constructor_declaration")) {
		wbuf_put(out, "new", 3);
		return;
	}
	node = tf_body(node);
	TSNode id = lang_child_of_type(node, "function_identifier");
	if (ts_node_is_null(id))
		id = lang_child_of_type(node, "task_identifier");
	if (!ts_node_is_null(id)) {
		TSNode scope = lang_child_of_type(node, "class_scope");
		if (!ts_node_is_null(scope))
			lang_append_text(out, scope, src);
		lang_append_text(out, id, src);
		append_scoped_rest(out, id, src);
		return;
	}
	TSNode label = process_label(ts_node_named_child(node, ts_node_named_child_count(node) - 1));
	if (!ts_node_is_null(label))
		lang_append_text(out, label, src);
	else
		process_keyword(node, src, out);
}

/* Ports declared in the body, Verilog-1995 style: `input a, b;` is two. */
static int count_body_ports(TSNode node)
{
	int count = 0;
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode item = ts_node_named_child(node, i);
		if (!lang_is_type(item, "tf_item_declaration"))
			continue;
		TSNode decl = lang_child_of_type(item, "tf_port_declaration");
		if (ts_node_is_null(decl))
			continue;
		TSNode list = lang_child_of_type(decl, "list_of_tf_variable_identifiers");
		if (ts_node_is_null(list))
			continue;
		uint32_t m = ts_node_named_child_count(list);
		for (uint32_t j = 0; j < m; j++)
			count += lang_is_type(ts_node_named_child(list, j), "port_identifier");
	}
	return count;
}

/* A function's or task's ports: the items of its port list, or the input, output and
 * inout declarations of its body; a process has none. */
static int verilog_count_params(TSNode node, const char *src)
{
	(void)src;
	node = tf_body(node);
	TSNode list = lang_child_of_type(node, "tf_port_list");
	if (!ts_node_is_null(list)) {
		int count = 0;
		uint32_t n = ts_node_named_child_count(list);
		for (uint32_t i = 0; i < n; i++)
			count += lang_is_type(ts_node_named_child(list, i), "tf_port_item1");
		return count;
	}
	return count_body_ports(node);
}

/* `default:` is the path taken anyway. */
static int verilog_case_counts(TSNode node, const char *src)
{
	(void)src;
	return ts_node_child_count(node) > 0
	       && strcmp(ts_node_type(ts_node_child(node, 0)), "default") != 0;
}

/* return ends the unit; break and continue jump within it. */
static int verilog_transfer_kind(TSNode node, const char *src)
{
	(void)src;
	if (ts_node_child_count(node) == 0)
		return TRANSFER_NONE;
	const char *kw = ts_node_type(ts_node_child(node, 0));
	if (strcmp(kw, "return") == 0)
		return TRANSFER_EXIT;
	return TRANSFER_JUMP;
}

/* `forever` loops without a condition: it nests (cognitive), it adds no path. */
static const char *verilog_node_role(TSNode node, TSNode parent, const char *src)
{
	(void)parent;
	(void)src;
	if (strcmp(ts_node_type(node), "loop_statement") != 0 || ts_node_child_count(node) == 0)
		return NULL;
	return strcmp(ts_node_type(ts_node_child(node, 0)), "forever") == 0 ? "verilog:forever"
									   : NULL;
}

/* A task or function call `f(x)` names its callee by its identifier (a recursion of an
 * automatic function). */
static TSNode verilog_callee(TSNode call)
{
	return lang_child_of_type(call, "simple_identifier");
}

const struct lang_spec lang_verilog = {
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.scopes = scopes,
	.ifs = ifs,
	.else_wrappers = else_wrappers,
	.loops = loops,
	.cognitive_loops = cognitive_loops,
	.switches = switches,
	.cases = cases,
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
	.scope_name = verilog_scope_name,
	.file_prefix = verilog_file_prefix,
	.unit_name = verilog_unit_name,
	.count_params = verilog_count_params,
	.case_counts = verilog_case_counts,
	.transfer_kind = verilog_transfer_kind,
	.node_role = verilog_node_role,
	.callee = verilog_callee,
};
