/*
 * bash.c - Bash (and POSIX sh) node types (tree-sitter-bash).
 */
#include <string.h>

#include "analyze/lang.h"

/* `f() { ... }` and `function f { ... }` are one node type; the shell has no lambdas. */
static const char *const units[] = { "function_definition", NULL };
static const char *const ifs[] = { "if_statement", NULL };
static const char *const elifs[] = { "elif_clause", NULL };
static const char *const else_clauses[] = { "else_clause", NULL };
/* while_statement is also `until`; for_statement also `select`. */
static const char *const loops[] = { "while_statement", "for_statement", "c_style_for_statement",
				     NULL };
static const char *const switches[] = { "case_statement", NULL };
static const char *const cases[] = { "case_item", NULL };
/* `$(( c ? a : b ))` */
static const char *const ternaries[] = { "ternary_expression", NULL };
/* `a && b || c` is a list (its operator has no field); `[[ a && b ]]` and `(( a || b ))`
 * a binary expression; `cat <<EOF && x` a heredoc redirect with an operator. */
static const char *const logical[] = { "list", "binary_expression", "heredoc_redirect", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };
/* return and exit are commands: transfer_kind picks them out by name. */
static const char *const exits[] = { "command", NULL };
static const char *const calls[] = { "command", NULL };
static const char *const comments[] = { "comment", NULL };
/* A single-quoted string has no expansions: one token. A double-quoted string is walked:
 * its `$(...)` and `${...}` are code. */
static const char *const atoms[] = { "raw_string", "ansi_c_string", NULL };

/* The word naming a command (`return` in `return 1`), or a null node when the name is not
 * a plain word (`"$cmd" x`, `${f}`). */
static TSNode command_word(TSNode command)
{
	TSNode name = lang_child(command, "name");
	if (!ts_node_is_null(name) && ts_node_named_child_count(name) == 1) {
		TSNode word = ts_node_named_child(name, 0);
		if (strcmp(ts_node_type(word), "word") == 0)
			return word;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

/* `return` and `exit` leave the function (exit the whole shell, too). */
static int bash_transfer_kind(TSNode node, const char *src)
{
	TSNode word = command_word(node);
	return !ts_node_is_null(word)
			       && (lang_text_is(word, src, "return") || lang_text_is(word, src, "exit"))
		       ? TRANSFER_EXIT
		       : TRANSFER_NONE;
}

/* Every `pat)` / `a|b)` item counts once; the lone catch-all `*)` is the default and does
 * not. */
static int bash_case_counts(TSNode node, const char *src)
{
	int values = 0, star = 0;
	uint32_t n = ts_node_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		const char *field = ts_node_field_name_for_child(node, i);
		if (!field || strcmp(field, "value") != 0)
			continue;
		values++;
		star = lang_text_is(ts_node_child(node, i), src, "*");
	}
	return !(values == 1 && star);
}

/* Shell functions declare no parameters: they read $1, $2, "$@". */
static int bash_count_params(TSNode node, const char *src)
{
	(void)node;
	(void)src;
	return 0;
}

const struct lang_spec lang_bash = {
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.ifs = ifs,
	.elifs = elifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.switches = switches,
	.cases = cases,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.exits = exits,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.case_counts = bash_case_counts,
	.transfer_kind = bash_transfer_kind,
	.count_params = bash_count_params,
	.callee = command_word,
};
