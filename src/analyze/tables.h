/*
 * tables.h - a language's rules (analyze/lang.h) resolved against its grammar once per
 * analyzer: a bit set of categories per node symbol, so the walker asks "is this an if?"
 * with one load, and the field ids the walker reads.
 */
#ifndef ASSAY_ANALYZE_TABLES_H
#define ASSAY_ANALYZE_TABLES_H

#include <stdint.h>
#include <tree_sitter/api.h>

#include "analyze/lang.h"

/* Category bits of a node type. */
enum {
	K_UNIT = 1u << 0, K_ANON = 1u << 1, K_SCOPE = 1u << 2, K_IF = 1u << 3,
	K_ELIF = 1u << 4, K_ELSE_CLAUSE = 1u << 5, K_LOOP = 1u << 6, K_COG_LOOP = 1u << 7,
	K_SWITCH = 1u << 8, K_CASE = 1u << 9, K_CATCH = 1u << 10, K_TRY = 1u << 11,
	K_WITH = 1u << 12, K_TERNARY = 1u << 13, K_LOGICAL = 1u << 14, K_PAREN = 1u << 15,
	K_AND = 1u << 16, K_OR = 1u << 17, K_COALESCE = 1u << 18, K_COMPREHENSION = 1u << 19,
	K_TRY_OP = 1u << 20, K_EXIT = 1u << 21, K_GOTO = 1u << 22, K_JUMP = 1u << 23,
	K_LABEL = 1u << 24, K_PREPROC = 1u << 25, K_CALL = 1u << 26, K_COMMENT = 1u << 27,
	K_ATOM = 1u << 28, K_DOCSTRING = 1u << 29, K_ELSE_WORD = 1u << 30,
};

/* Bits past an int's range: kinds are 64-bit. */
#define K_LIST		(UINT64_C(1) << 31)	/* expression_list: a binding may look through it */
#define K_DEFAULT_VALUE	(UINT64_C(1) << 32)	/* a default value when it holds one */
#define K_OPTIONAL_CHAIN (UINT64_C(1) << 33)	/* the ?. token */
#define K_LOGICAL_ASSIGN (UINT64_C(1) << 34)	/* &&=, ||=, ??= tokens */
#define K_SPLICE_STRING	(UINT64_C(1) << 35)	/* a string that may hold substitutions */
#define K_SUBSTITUTION	(UINT64_C(1) << 36)	/* ${...} / {...} inside such a string */
#define K_OPTIONAL_NODE	(UINT64_C(1) << 37)	/* a named node standing for one ?. */
#define K_GUARD		(UINT64_C(1) << 38)	/* an if whose else is part of it (lang.h guards) */
#define K_OPERATOR_LEAF	(UINT64_C(1) << 39)	/* a named leaf that is an operator (Halstead) */
#define K_HEAD		(UINT64_C(1) << 40)	/* a head whose body is its next sibling */
#define K_HEAD_BODY	(UINT64_C(1) << 41)	/* what may be such a body */
#define K_CATCH_BLOCK	(UINT64_C(1) << 42)	/* a catch when unfielded under a try */
#define K_CHAIN_PARENT	(UINT64_C(1) << 43)	/* a `?` child is a null-aware access */
#define K_ELSE_WRAPPER	(UINT64_C(1) << 44)	/* passes a pending else to its child */

/* Header fields (a structure's condition, a declaration's name...) a language may have. */
#define MAX_HEADER_FIELDS 24

/* A language's tables resolved against its TSLanguage. */
struct lang_runtime {
	const struct lang_spec *spec;
	const TSLanguage *ts;
	uint32_t nsymbols;
	uint64_t *kinds;
	uint8_t *named;		/* per symbol: a named node (ts_node_is_named without a call) */
	TSFieldId header_fields[MAX_HEADER_FIELDS];
	int nheader_fields;
	TSFieldId f_name, f_parameters, f_parameter, f_operator, f_function, f_guard, f_value,
		f_right, f_body;
	const struct binding_rule *bindings;
};

/* Builds rt from spec and its grammar; -1 when the grammar is unusable or memory runs
 * out (then lang_runtime_free still frees what was taken). */
int lang_runtime_init(struct lang_runtime *rt, const struct lang_spec *spec,
		      const TSLanguage *grammar);
void lang_runtime_free(struct lang_runtime *rt);
/* The id of field name in ts (0 when it has none). */
/* The category bits of a role name (lang.h node_role): those of every list of the
 * spec that holds it. */
uint64_t lang_role_kinds(const struct lang_runtime *rt, const char *role);
/* Whether id is one of the language's header fields (lang.h header_fields). */
int lang_is_header_field(const struct lang_runtime *rt, TSFieldId id);
/* 1 when a named child of n is of a type with the category bits kind (a label, a
 * template substitution). */
int lang_has_child_of_kind(const struct lang_runtime *rt, TSNode n, uint64_t kind);
/* Whether n, a statement, is only a string (a docstring: it counts as comment lines). */
int lang_is_docstring(const struct lang_runtime *rt, TSNode n);
TSFieldId lang_field(const TSLanguage *ts, const char *name);

#endif
