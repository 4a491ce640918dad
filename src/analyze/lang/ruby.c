/*
 * ruby.c - Ruby node types (tree-sitter-ruby).
 *
 * Decisions follow RuboCop's Metrics/CyclomaticComplexity: if/unless/elsif and their
 * modifiers, the ternary, while/until/for and their modifiers, each when and in, &&/and,
 * ||/or, &., ||= and &&=, rescue, and a block given to an iterating method (each, map,
 * times, ...). Names follow Ruby's documentation: Mod::Class#method for instance methods,
 * Mod::Class.method for singleton methods (def self.x, or any def inside class << self).
 */
#include <string.h>

#include "analyze/lang.h"

static const char *const units[] = { "method", "singleton_method", NULL };
/* Lambdas (->(x) { }) and blocks (xs.each { }, do ... end): units when bound by name
 * (f = ->(x) { }), folded into their method otherwise (unit policy bound). */
static const char *const anonymous[] = { "lambda", "block", "do_block", NULL };
static const char *const scopes[] = { "class", "module", "singleton_class", NULL };
/* An elsif is also an if so that an else after it is seen as the chain's else. */
static const char *const ifs[] = { "if", "unless", "if_modifier", "unless_modifier",
				   "elsif", NULL };
static const char *const elifs[] = { "elsif", NULL };
static const char *const else_clauses[] = { "else", NULL };
static const char *const loops[] = { "while", "until", "for", "while_modifier",
				     "until_modifier", NULL };
static const char *const switches[] = { "case", "case_match", NULL };
/* A when counts once however many patterns it lists (when 1, 2), as RuboCop's when. */
static const char *const cases[] = { "when", "in_clause", NULL };
static const char *const catches[] = { "rescue", "rescue_modifier", NULL };
static const char *const ternaries[] = { "conditional", NULL };
static const char *const logical[] = { "binary", NULL };
static const char *const parens[] = { "parenthesized_statements", NULL };
static const char *const and_ops[] = { "&&", "and", NULL };
static const char *const or_ops[] = { "||", "or", NULL };
static const char *const optional[] = { "&.", NULL };
static const char *const logical_assign[] = { "||=", "&&=", NULL };
/* raise and fail are methods of Kernel: a call, not an exit the grammar can see. */
static const char *const exits[] = { "return", NULL };
static const char *const jumps[] = { "break", "next", "redo", "retry", NULL };
static const char *const calls[] = { "call", NULL };
static const char *const comments[] = { "comment", NULL };
/* Literals that hold pieces: one token, or split around their #{...} code. */
static const char *const atoms[] = { "string", "subshell", "regex", "delimited_symbol",
				     "heredoc_body", "string_array", "symbol_array",
				     "simple_symbol", "character", NULL };
static const char *const substitutions[] = { "interpolation", NULL };
static const struct binding_rule bindings[] = {
	{ "assignment", "right", "left" },
	{ NULL, NULL, NULL }
};

/* Methods whose block is run for elements (Enumerable's, Enumerator's, Array's and
 * Hash's), those RuboCop's Metrics/CyclomaticComplexity (1.39) counts: its block is a
 * loop. RuboCop leaves out Kernel#loop, Integer#times/upto/downto/step,
 * String#each_line/each_char and the bang sorts (sort_by!, filter!), and so does this
 * list. */
static const char *const iterating[] = {
	"all?", "any?", "bsearch", "bsearch_index", "chain", "chunk", "chunk_while",
	"collect", "collect!", "collect_concat", "combination", "count", "cycle",
	"delete_if", "detect", "drop_while", "each", "each_cons", "each_entry",
	"each_index", "each_key", "each_pair", "each_slice", "each_value",
	"each_with_index", "each_with_object", "entries", "fetch", "fetch_values",
	"filter", "filter_map", "find", "find_all", "find_index", "flat_map", "grep",
	"grep_v", "group_by", "inject", "keep_if", "lazy", "map", "map!", "max",
	"max_by", "merge", "merge!", "min", "min_by", "minmax", "minmax_by", "none?",
	"one?", "partition", "permutation", "product", "reduce", "reject", "reject!",
	"repeated_combination", "reverse_each", "select", "select!", "slice_after",
	"slice_before", "slice_when", "sort", "sort!", "sort_by", "sum", "take_while",
	"tally", "to_h", "transform_keys", "transform_keys!", "transform_values",
	"transform_values!", "uniq", "with_index", "with_object", "zip", NULL
};

/* 1 when the call's method is an iterating one. */
static int is_iterating(TSNode call, const char *src)
{
	TSNode method = lang_child(call, "method");
	if (ts_node_is_null(method))
		return 0;	/* a call of a callable: block.() { } */
	return lang_text_in(method, src, iterating);
}

/* An iterating method given a block (xs.each do ... end) or a block argument
 * (xs.map(&:to_s)) is a loop: a decision, as RuboCop counts its block and block_pass. */
static int ruby_call_decision(TSNode call, const char *src)
{
	if (!ts_node_is_null(lang_child(call, "block")))
		return is_iterating(call, src);
	TSNode args = lang_child(call, "arguments");
	uint32_t n = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
	return n > 0
	       && strcmp(ts_node_type(ts_node_named_child(args, n - 1)), "block_argument") == 0
	       && is_iterating(call, src);
}

/* A lambda's { } or do ... end is its body, not a block of its own. */
static int ruby_function_body(TSNode node, TSNode parent)
{
	(void)node;
	return strcmp(ts_node_type(parent), "lambda") == 0;
}

/* def self.x is named x (joined by "."), def obj.x obj.x; def x is x. */
static void ruby_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode object = lang_child(node, "object");
	if (!ts_node_is_null(object) && strcmp(ts_node_type(object), "self") != 0) {
		lang_append_text(out, object, src);
		wbuf_put_u8(out, '.');
	}
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* Class#method for instance methods; Class.method for def self.x and for a def inside
 * class << self; lambdas and blocks take the separator. (ts_node_parent walks from the
 * root: asked once per method.) */
static const char *ruby_unit_joiner(TSNode node, const char *src)
{
	(void)src;
	const char *type = ts_node_type(node);
	if (strcmp(type, "singleton_method") == 0) {
		TSNode object = lang_child(node, "object");
		return strcmp(ts_node_type(object), "self") == 0 ? "." : NULL;
	}
	if (strcmp(type, "method") != 0)
		return NULL;
	TSNode up = ts_node_parent(node);
	if (!ts_node_is_null(up) && strcmp(ts_node_type(up), "body_statement") == 0)
		up = ts_node_parent(up);
	if (!ts_node_is_null(up) && strcmp(ts_node_type(up), "singleton_class") == 0)
		return ".";
	return "#";
}

/* class << self adds no name: its methods are the enclosing class's singleton methods. */
static void ruby_scope_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

/* Parameters: every named child of the list but comments, **nil (which declares that
 * there are none) and a block's block-local variables (|x; tmp|). */
static int ruby_count_params(TSNode node, const char *src)
{
	(void)src;
	TSNode list = lang_child(node, "parameters");
	if (ts_node_is_null(list))
		return 0;
	int count = 0;
	TSTreeCursor cur = ts_tree_cursor_new(list);
	for (int more = ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode c = ts_tree_cursor_current_node(&cur);
		const char *field = ts_tree_cursor_current_field_name(&cur);
		const char *type = ts_node_type(c);
		if (ts_node_is_named(c) && strcmp(type, "comment") != 0
		    && strcmp(type, "hash_splat_nil") != 0
		    && !(field && strcmp(field, "locals") == 0))
			count++;
	}
	ts_tree_cursor_delete(&cur);
	return count;
}

/* 1 when call is the target of an assignment (self.x = v, self.x ||= v): a call of the
 * setter x=, not of x. (ts_node_parent walks from the root: asked for self.x only.) */
static int is_assigned(TSNode call)
{
	TSNode parent = ts_node_parent(call);
	const char *type = ts_node_is_null(parent) ? "" : ts_node_type(parent);
	return (strcmp(type, "assignment") == 0 || strcmp(type, "operator_assignment") == 0)
	       && ts_node_eq(lang_child(parent, "left"), call);
}

/* A call is to the unit itself only without a receiver or with self (foo(), self.foo). */
static TSNode ruby_callee(TSNode call)
{
	TSNode receiver = lang_child(call, "receiver");
	if (!ts_node_is_null(receiver)
	    && (strcmp(ts_node_type(receiver), "self") != 0 || is_assigned(call))) {
		TSNode none;
		memset(&none, 0, sizeof(none));
		return none;
	}
	return lang_child(call, "method");
}

const struct lang_spec lang_ruby = {
	.else_if_nests = 1,
	.separator = "::",
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
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.optional_chains = optional,
	.logical_assignments = logical_assign,
	.exits = exits,
	.jumps = jumps,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = atoms,
	.substitutions = substitutions,
	.bindings = bindings,
	.unit_name = ruby_unit_name,
	.unit_joiner = ruby_unit_joiner,
	.scope_name = ruby_scope_name,
	.count_params = ruby_count_params,
	.callee = ruby_callee,
	.call_decision = ruby_call_decision,
	.function_body = ruby_function_body,
};
