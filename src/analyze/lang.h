/*
 * lang.h - what a language file under src/analyze/lang/ provides to the walker.
 *
 * A language is a table of tree-sitter node-type names sorted into the categories the
 * metrics need (units, decisions, nesting structures, tokens that are one lexeme, ...)
 * plus a few hooks where a grammar's shape needs code: how to find a unit's name and
 * parameters, whether a case label counts, what a scope is called. The walker in
 * walk.c is language-neutral and only ever consults these tables (resolved per grammar in
 * tables.c); a language file calls nothing of the core but lang_support.c.
 */
#ifndef ASSAY_ANALYZE_LANG_H
#define ASSAY_ANALYZE_LANG_H

#include <tree_sitter/api.h>

#include "common/buf.h"
#include "common/languages.h"

/* How an anonymous function gets a name: its parent node is of type parent, it sits in
 * the parent's field value_field, and the name is the text of field name_field.
 * value_field NULL: the value sits in no field of the parent (through an expression
 * list: the list does). name_field NULL: the spec's binding_name hook reads the name
 * from the parent (a grammar whose assignment keeps its targets in no field). */
struct binding_rule {
	const char *parent;
	const char *value_field;
	const char *name_field;
};

struct lang_spec {
	const char *separator;		/* joins qualified names: "::" or "." */
	const char *name_prefix_end;	/* a scope name ending in this is joined to the next
					   name without the separator (PHP namespaces:
					   `App\` + `User` is `App\User`); NULL: none */
	enum unit_policy default_units;	/* UNITS_LANGUAGE (0) reads as UNITS_BOUND */

	const char *const *units;		/* named function-like definitions */
	const char *const *anonymous;		/* lambdas, closures, function expressions */
	const char *const *scopes;		/* classes, namespaces, impls, modules */
	const char *const *ifs;
	const char *const *guards;		/* ifs whose `else` is part of them (Swift guard):
						   an if, but their else adds nothing */
	const char *const *elifs;		/* else-if as its own node type (elif_clause) */
	const char *const *else_clauses;	/* wrappers holding `else` + its branch */
	const char *const *loops;		/* ccn and cognitive */
	const char *const *cognitive_loops;	/* cognitive only (Rust loop) */
	const char *const *switches;
	const char *const *cases;		/* +1 ccn when case_counts() says so; a
						   named leaf too (a keyword the grammar
						   names: tree-sitter-sql's keyword_when) */
	const char *const *case_tokens;		/* anonymous keywords that each open a
						   case where the grammar has no case node
						   (Yul's `case`): +1 ccn each */
	const char *const *catches;
	const char *const *tries;		/* nesting only */
	const char *const *withs;		/* nesting only */
	const char *const *ternaries;
	const char *const *logical_parents;	/* binary_expression, boolean_operator; one
						   without an `operator` field is logical by
						   its first anonymous and/or child (Bash list) */
	const char *const *parentheses;		/* do not break a boolean-operator sequence */
	const char *const *and_operators;	/* anonymous tokens */
	const char *const *or_operators;
	const char *const *coalesce_operators;
	const char *const *comprehension_clauses;
	const char *const *try_operators;	/* Rust ? */
	const char *const *exits;		/* a named leaf too (keyword_return) */
	const char *const *gotos;
	const char *const *jumps;		/* break/continue: labelled when holding a label */
	const char *const *labels;
	const char *const *preprocessor_conditions;
	const char *const *calls;
	const char *const *comments;
	const char *const *atoms;		/* one token however many children */
	const char *const *docstring_statements; /* a statement that is only a string */
	const char *const *default_values;	/* +1 ccn when holding a `value` or `right`
						   child: parameter and destructuring defaults */
	const char *const *optional_chains;	/* ?. leaves, named or anonymous: +1 ccn */
	const char *const *optional_chain_nodes; /* named nodes that each stand for one ?. whose
						   ? is a token other constructs share (C#'s
						   conditional access a?.b, a?[i]): +1 ccn */
	const char *const *logical_assignments;	/* &&= ||= ??= (anonymous tokens): +1 ccn */
	const char *const *optional_chain_parents; /* a `?` token directly under one of these
						   is a null-aware access, +1 ccn as ?. is
						   (Dart's `?[` selector and `...?` spread) */
	const char *const *splice_strings;	/* strings whose substitutions are code: an atom
						   when they hold none (see walk.c) */
	const char *const *substitutions;	/* ${...}, {...}: the first named child is code */
	const char *const *body_only_nesting;	/* structures whose children outside the
						   `body` field are all header (not nested),
						   where the grammar names no header field:
						   PHP `foreach ($xs as $x)` */
	const char *const *operator_leaves;	/* named leaves that are operators, not operands,
						   for Halstead (Scala's operator_identifier:
						   `+`, `&&`, `::`) */
	const char *const *param_ignored;	/* named children of a parameter list that are
						   not parameters (separators, attributes) */
	const char *const *sibling_heads;	/* a units node whose body is its next sibling,
						   not its child (Dart's method_signature then
						   function_body): the unit it opens lasts
						   through that body; not followed by one, it is
						   a declaration, not a unit */
	const char *const *sibling_bodies;	/* what may follow a sibling head as its body */
	const char *const *catch_blocks;	/* one of these directly under a try, in no
						   field, is a catch (Dart: the block after
						   `on T`, `catch (e)` or both, which have no
						   node of their own) */
	const char *const *else_wrappers;	/* a node that only wraps the statement after
						   `else` (tree-sitter-solidity's `statement`):
						   the else passes to its first named child,
						   so `else if` stays an else-if */
	const struct binding_rule *bindings;	/* terminated by a NULL parent */
	int else_if_nests;			/* `else` + `if` is an if nested in the else,
						   not an else-if (Ruby, which has elsif) */
	const char *unit_body;			/* a units node without a child in this field
						   is a declaration, not a unit (Java's
						   abstract and interface methods) */
	const char *const *unit_body_types;	/* the same for a grammar without a body field:
						   a units node without a child of one of these
						   types is a declaration (Kotlin's abstract
						   `fun f(): Int`, a bodiless `private set`) */
	int end_at_last_token;			/* 1: a unit ends on the line of its last
						   token, not where its node ends (an
						   indented block of tree-sitter-scala runs
						   on to the next token, blank lines and
						   comments included) */

	/* Hooks; NULL means the generic behaviour (walk.c, units.c, lang_support.c). */
	/* 1 when a units node is a declaration, not a unit, where no one body field tells
	 * (C#: a property is a unit only with an expression body, whose field also holds an
	 * initializer; Swift: a computed property holding get/set accessors). Tested after
	 * unit_body. */
	int (*declaration)(TSNode node, const char *src);
	int (*case_counts)(TSNode node, const char *src);
	void (*unit_name)(TSNode node, const char *src, struct wbuf *out);
	int (*count_params)(TSNode node, const char *src);
	void (*scope_name)(TSNode node, const char *src, struct wbuf *out);
	void (*file_prefix)(TSNode root, const char *src, struct wbuf *out);
	TSNode (*callee)(TSNode call);
	/* 1 when a call (a calls node) is itself a ccn decision point, counted as construct
	 * "nested function": Kotlin's scope functions taking a lambda (`x?.let { }`), which
	 * detekt counts; Ruby's iterating methods given a block (xs.each { },
	 * xs.map(&:to_s)), which RuboCop counts. */
	int (*call_decision)(TSNode call, const char *src);
	/* Names an anonymous function (value) bound by parent where no field tells the name:
	 * called for a binding_rule without name_field (Lua's assignment), and for a parent
	 * that matched no rule (a grammar whose binding has no fields, as Kotlin's
	 * `val f = { }`). Appends the name to out, or nothing when parent does not bind it. */
	void (*binding_name)(TSNode parent, TSNode value, const char *src, struct wbuf *out);
	/* For a grammar whose infix operators are all one named node type told apart by
	 * text (tree-sitter-scala's operator_identifier): LANG_OP_AND or LANG_OP_OR for an
	 * operator of a logical_parents node that is `&&`/`||`-like, 0 for any other. Such a
	 * grammar reads every operator at one precedence (`a && b == c` as `(a && b) == c`),
	 * so with this hook a logical_parents node with another operator keeps the boolean
	 * sequence of its parent, as parentheses do: the sequence is then the operators'
	 * source order whatever the shape of the tree. */
	int (*operator_kind)(TSNode op, const char *src);
	/* Recovery from what the grammar cannot parse (C macros): a copy of src, as long,
	 * with some bytes changed, or NULL; the analyzer parses the copy and keeps its tree
	 * when damage() finds it less damaged (0: no damage). The analyzer measures a tree
	 * before it repairs it (always the same tree, src and len, while the tree lives), so
	 * a language may keep what its damage walk found for the repair that follows. */
	char *(*repair)(TSNode root, const char *src, size_t len);
	size_t (*damage)(TSNode root, const char *src, size_t len);
	/* The part of repair that needs no tree: a copy of src to parse first, or NULL. */
	char *(*predict)(const TSLanguage *lang, const char *src, size_t len);
	/* Flags (UNIT_*) a unit takes from its node (a name read from a macro's argument). */
	uint32_t (*unit_flags)(TSNode node, const char *src);
	/* 1 when a units node met inside a unit is code of that unit, not a unit: C's block
	 * macro `for_each(i) {...}` parses as a nested definition, which C lacks. */
	int (*nested_block)(TSNode node, const char *src);
	/* A units node met inside a unit that is a statement misread, as the node type whose
	 * categories it takes (its code is the unit's); NULL: none. C: `else if (x) {` that
	 * an #if group splits from its `if` parses as a definition named `if`. */
	const char *(*nested_statement)(TSNode node, const char *src);
	/* A file that embeds code of another language (Vue and Svelte components): a copy
	 * of src, as long, with every byte outside that code blanked (newlines kept), and in
	 * *as the language whose grammar and rules read it; NULL when memory runs out. The
	 * copy is parsed and walked; lines are counted on src. */
	char *(*extract)(const char *src, size_t len, enum lang_id *as);
	/* What joins a unit's name to the scope names before it in its qualified name, when
	 * not the separator (NULL): Ruby writes Mod::Class#method and Mod::Class.method. */
	const char *(*unit_joiner)(TSNode node, const char *src);
	/* 1 when an anonymous-function node is the body of the function holding it (its
	 * parent), not a function of its own: Ruby's ->(x) { } holds a block. */
	int (*function_body)(TSNode node, TSNode parent);
	/* What a node of the exits or jumps lists is, when one node type stands for several
	 * statements (Swift's control_transfer_statement: return, throw, break, continue;
	 * Bash's command, which `return` and `exit` are): one of TRANSFER_*. NULL: exits are exits, and a jump is labelled when it holds a
	 * labels node. */
	int (*transfer_kind)(TSNode node, const char *src);
	/* For a grammar where one node type stands for many constructs told apart by text
	 * (tree-sitter-elixir's call: def, defmodule, if, case, for are all calls): a role
	 * name for node, whose parent is parent, or NULL to keep its type's categories. The
	 * node then has the categories of every list of this spec that holds the role name
	 * (a name no grammar symbol has, as "call:if"), and none of its type's. Asked for
	 * every named node. */
	const char *(*node_role)(TSNode node, TSNode parent, const char *src);
	/* 0 when a unit (whose parent is parent) cannot call itself by its plain name, so
	 * that a call of that name in it is no recursion but a call of another function:
	 * OCaml's `let f x = f x` without `rec` calls the f defined before. NULL: every
	 * unit may. */
	int (*may_recurse)(TSNode unit, TSNode parent, const char *src);
	/* 1 when a MISSING leaf (inserted by error recovery) stands for what the language
	 * lets one leave out, so that it is no parse error: a grammar that requires `;` after
	 * a statement, for a language where the end of the line ends it (Groovy's field
	 * declarations and `throw`, read by tree-sitter-groovy as Java's). NULL: every
	 * MISSING leaf is an error. */
	int (*missing_ok)(TSNode node, const char *src);
};

enum { TRANSFER_NONE, TRANSFER_EXIT, TRANSFER_JUMP, TRANSFER_LABELED_JUMP };
/* What operator_kind returns. */
enum { LANG_OP_NONE = 0, LANG_OP_AND = 1, LANG_OP_OR = 2 };

/* Helpers the language files share (lang_support.c). */
/* n's text: a pointer into src, its length in *len. */
const char *lang_node_text(TSNode n, const char *src, size_t *len);
/* 1 when name is one of list's (NULL-terminated; list may be NULL). */
int lang_in_list(const char *const *list, const char *name);
/* Appends n's text with white space removed, at most RECORD_MAX_NAME bytes in all. */
void lang_append_text(struct wbuf *out, TSNode n, const char *src);
/* 1 when n's text equals s exactly. */
int lang_text_is(TSNode n, const char *src, const char *s);
/* 1 when n's text equals one of list's (NULL-terminated). */
int lang_text_in(TSNode n, const char *src, const char *const *list);
/* 1 when n is not null and of that node type. */
int lang_is_type(TSNode n, const char *type);
/* n's first named child of that node type, or a null node. */
TSNode lang_child_of_type(TSNode n, const char *type);
/* The child of n in field name (a string literal: its address is remembered with the
 * field's id, which the runtime otherwise finds by comparing every field name). */
TSNode lang_child(TSNode n, const char *name);
/* The generic parameter count of a parameter-list node: its named children that are not
 * in spec->param_ignored. */
int lang_count_list(TSNode list, const struct lang_spec *spec);


#endif
