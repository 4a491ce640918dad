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
 * the parent's field value_field, and the name is the text of field name_field. */
struct binding_rule {
	const char *parent;
	const char *value_field;
	const char *name_field;
};

struct lang_spec {
	const char *separator;		/* joins qualified names: "::" or "." */
	enum unit_policy default_units;	/* UNITS_LANGUAGE (0) reads as UNITS_BOUND */

	const char *const *units;		/* named function-like definitions */
	const char *const *anonymous;		/* lambdas, closures, function expressions */
	const char *const *scopes;		/* classes, namespaces, impls, modules */
	const char *const *ifs;
	const char *const *elifs;		/* else-if as its own node type (elif_clause) */
	const char *const *else_clauses;	/* wrappers holding `else` + its branch */
	const char *const *loops;		/* ccn and cognitive */
	const char *const *cognitive_loops;	/* cognitive only (Rust loop) */
	const char *const *switches;
	const char *const *cases;		/* +1 ccn when case_counts() says so */
	const char *const *catches;
	const char *const *tries;		/* nesting only */
	const char *const *withs;		/* nesting only */
	const char *const *ternaries;
	const char *const *logical_parents;	/* binary_expression, boolean_operator */
	const char *const *parentheses;		/* do not break a boolean-operator sequence */
	const char *const *and_operators;	/* anonymous tokens */
	const char *const *or_operators;
	const char *const *coalesce_operators;
	const char *const *comprehension_clauses;
	const char *const *try_operators;	/* Rust ? */
	const char *const *exits;
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
	const char *const *logical_assignments;	/* &&= ||= ??= (anonymous tokens): +1 ccn */
	const char *const *optional_chain_parents; /* a `?` token directly under one of these
						   is a null-aware access, +1 ccn as ?. is
						   (Dart's `?[` selector and `...?` spread) */
	const char *const *splice_strings;	/* strings whose substitutions are code: an atom
						   when they hold none (see walk.c) */
	const char *const *substitutions;	/* ${...}, {...}: the first named child is code */
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
	const struct binding_rule *bindings;	/* terminated by a NULL parent */
	const char *unit_body;			/* a units node without a child in this field
						   is a declaration, not a unit (Java's
						   abstract and interface methods) */

	/* Hooks; NULL means the generic behaviour (walk.c, units.c, lang_support.c). */
	int (*case_counts)(TSNode node, const char *src);
	void (*unit_name)(TSNode node, const char *src, struct wbuf *out);
	int (*count_params)(TSNode node, const char *src);
	void (*scope_name)(TSNode node, const char *src, struct wbuf *out);
	void (*file_prefix)(TSNode root, const char *src, struct wbuf *out);
	TSNode (*callee)(TSNode call);
	/* Recovery from what the grammar cannot parse (C macros): a copy of src, as long,
	 * with some bytes changed, or NULL; the analyzer parses the copy and keeps its tree
	 * when damage() finds it less damaged (0: no damage). */
	char *(*repair)(TSNode root, const char *src, size_t len);
	size_t (*damage)(TSNode root, const char *src);
	/* Flags (UNIT_*) a unit takes from its node (a name read from a macro's argument). */
	uint32_t (*unit_flags)(TSNode node, const char *src);
	/* 1 when a units node met inside a unit is code of that unit, not a unit: C's block
	 * macro `for_each(i) {...}` parses as a nested definition, which C lacks. */
	int (*nested_block)(TSNode node, const char *src);
};

/* Helpers the language files share (lang_support.c). */
/* n's text: a pointer into src, its length in *len. */
const char *lang_node_text(TSNode n, const char *src, size_t *len);
/* 1 when name is one of list's (NULL-terminated; list may be NULL). */
int lang_in_list(const char *const *list, const char *name);
/* Appends n's text with white space removed, at most RECORD_MAX_NAME bytes in all. */
void lang_append_text(struct wbuf *out, TSNode n, const char *src);
/* 1 when n's text equals s exactly. */
int lang_text_is(TSNode n, const char *src, const char *s);
/* The child of n in field name (a string literal: its address is remembered with the
 * field's id, which the runtime otherwise finds by comparing every field name). */
TSNode lang_child(TSNode n, const char *name);
/* The generic parameter count of a parameter-list node: its named children that are not
 * in spec->param_ignored. */
int lang_count_list(TSNode list, const struct lang_spec *spec);


#endif
