/*
 * tables.c - a language's rules resolved against its grammar (see tables.h).
 */
#include "analyze/tables.h"

#include <stdlib.h>
#include <string.h>

#define MAX_NAMED_LISTS 64

/* Fields whose subtree is a structure's header, not its body: no nesting bonus. */
static const char *const header_field_names[] = {
	"condition", "initializer", "update", "left", "right", "value", "subject", "pattern",
	"declarator", "type", "name", "parameters", "parameter", "arguments",
	"collection", "expr",	/* tree-sitter-swift: for x in COLLECTION, switch EXPR */
	"enumerators",		/* tree-sitter-scala: a for's generators */
	NULL
};

static void mark_types(struct lang_runtime *rt, const char *const *names, uint64_t bit,
		       int named_only)
{
	if (!names)
		return;
	for (uint32_t sym = 0; sym < rt->nsymbols; sym++) {
		TSSymbolType t = ts_language_symbol_type(rt->ts, (TSSymbol)sym);
		if (t == TSSymbolTypeAuxiliary)
			continue;
		if (named_only && t != TSSymbolTypeRegular)
			continue;
		if (!named_only && t != TSSymbolTypeAnonymous)
			continue;
		const char *name = ts_language_symbol_name(rt->ts, (TSSymbol)sym);
		if (name && lang_in_list(names, name))
			rt->kinds[sym] |= bit;
	}
}

TSFieldId lang_field(const TSLanguage *ts, const char *name)
{
	return ts_language_field_id_for_name(ts, name, (uint32_t)strlen(name));
}

struct named_list {
	const char *const *names;
	uint64_t bit;
};

/* The spec's lists of named node types with their category bits; returns how many. */
static size_t named_lists(const struct lang_spec *spec, struct named_list *out)
{
	const struct named_list named[] = {
		{ spec->units, K_UNIT }, { spec->anonymous, K_ANON }, { spec->scopes, K_SCOPE },
		{ spec->ifs, K_IF }, { spec->elifs, K_ELIF }, { spec->else_clauses, K_ELSE_CLAUSE },
		{ spec->loops, K_LOOP }, { spec->cognitive_loops, K_COG_LOOP },
		{ spec->switches, K_SWITCH }, { spec->cases, K_CASE }, { spec->catches, K_CATCH },
		{ spec->tries, K_TRY }, { spec->withs, K_WITH }, { spec->ternaries, K_TERNARY },
		{ spec->logical_parents, K_LOGICAL }, { spec->parentheses, K_PAREN },
		{ spec->comprehension_clauses, K_COMPREHENSION },
		{ spec->try_operators, K_TRY_OP }, { spec->exits, K_EXIT },
		{ spec->gotos, K_GOTO }, { spec->jumps, K_JUMP }, { spec->labels, K_LABEL },
		{ spec->preprocessor_conditions, K_PREPROC }, { spec->calls, K_CALL },
		{ spec->comments, K_COMMENT }, { spec->atoms, K_ATOM },
		{ spec->docstring_statements, K_DOCSTRING },
		{ spec->default_values, K_DEFAULT_VALUE },
		{ spec->optional_chains, K_OPTIONAL_CHAIN },
		{ spec->optional_chain_nodes, K_OPTIONAL_NODE },
		{ spec->splice_strings, K_SPLICE_STRING },
		{ spec->substitutions, K_SUBSTITUTION },
		{ spec->operator_leaves, K_OPERATOR_LEAF },
		{ spec->sibling_heads, K_HEAD }, { spec->sibling_bodies, K_HEAD_BODY },
		{ spec->catch_blocks, K_CATCH_BLOCK },
		{ spec->optional_chain_parents, K_CHAIN_PARENT },
		{ spec->guards, K_IF | K_GUARD },
		{ spec->else_wrappers, K_ELSE_WRAPPER },
	};
	size_t n = sizeof(named) / sizeof(named[0]);
	memcpy(out, named, sizeof(named));
	return n;
}

uint64_t lang_role_kinds(const struct lang_runtime *rt, const char *role)
{
	struct named_list lists[MAX_NAMED_LISTS];
	size_t n = named_lists(rt->spec, lists);
	uint64_t kind = 0;
	for (size_t i = 0; i < n; i++)
		if (lang_in_list(lists[i].names, role))
			kind |= lists[i].bit;
	return kind;
}

int lang_runtime_init(struct lang_runtime *rt, const struct lang_spec *spec,
		      const TSLanguage *grammar)
{
	static const char *const else_word[] = { "else", NULL };

	memset(rt, 0, sizeof(*rt));
	rt->spec = spec;
	rt->ts = grammar;
	if (!rt->ts)
		return -1;
	rt->nsymbols = ts_language_symbol_count(rt->ts);
	struct named_list lists[MAX_NAMED_LISTS];
	size_t nlists = named_lists(spec, lists);
	rt->kinds = calloc(rt->nsymbols ? rt->nsymbols : 1, sizeof(*rt->kinds));
	rt->named = calloc(rt->nsymbols ? rt->nsymbols : 1, 1);
	if (!rt->kinds || !rt->named)
		return -1;
	for (uint32_t sym = 0; sym < rt->nsymbols; sym++)
		rt->named[sym] = ts_language_symbol_type(rt->ts, (TSSymbol)sym) == TSSymbolTypeRegular;
	for (size_t i = 0; i < nlists; i++)
		mark_types(rt, lists[i].names, lists[i].bit, 1);
	mark_types(rt, spec->case_tokens, K_CASE, 0);
	mark_types(rt, spec->and_operators, K_AND, 0);
	mark_types(rt, spec->or_operators, K_OR, 0);
	mark_types(rt, spec->coalesce_operators, K_COALESCE, 0);
	mark_types(rt, spec->logical_assignments, K_LOGICAL_ASSIGN, 0);
	mark_types(rt, spec->optional_chains, K_OPTIONAL_CHAIN, 0);	/* a leaf either way */
	mark_types(rt, else_word, K_ELSE_WORD, 0);
	/* Some grammars name the keyword (tree-sitter-swift): only a leaf is read as one. */
	mark_types(rt, else_word, K_ELSE_WORD, 1);
	static const char *const expr_lists[] = { "expression_list", NULL };
	mark_types(rt, expr_lists, K_LIST, 1);
	for (const char *const *f = header_field_names; *f; f++) {
		TSFieldId id = lang_field(rt->ts, *f);
		if (id && rt->nheader_fields < MAX_HEADER_FIELDS)
			rt->header_fields[rt->nheader_fields++] = id;
	}
	rt->f_name = lang_field(rt->ts, "name");
	rt->f_parameters = lang_field(rt->ts, "parameters");
	rt->f_parameter = lang_field(rt->ts, "parameter");
	rt->f_operator = lang_field(rt->ts, "operator");
	rt->f_function = lang_field(rt->ts, "function");
	rt->f_guard = lang_field(rt->ts, "guard");
	rt->f_value = lang_field(rt->ts, "value");
	rt->f_right = lang_field(rt->ts, "right");
	rt->f_body = lang_field(rt->ts, "body");
	rt->bindings = spec->bindings;
	return 0;
}

void lang_runtime_free(struct lang_runtime *rt)
{
	free(rt->kinds);
	free(rt->named);
	rt->kinds = NULL;
	rt->named = NULL;
}

int lang_is_header_field(const struct lang_runtime *rt, TSFieldId id)
{
	for (int i = 0; i < rt->nheader_fields; i++)
		if (rt->header_fields[i] == id)
			return 1;
	return 0;
}

/* 1 when a named child of n is of a type with the category bits kind (a label, a
 * template substitution). */
int lang_has_child_of_kind(const struct lang_runtime *rt, TSNode n, uint64_t kind)
{
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSSymbol s = ts_node_symbol(ts_node_named_child(n, i));
		if (s < rt->nsymbols && (rt->kinds[s] & kind))
			return 1;
	}
	return 0;
}

/* A statement that is only a string (a docstring) counts as comment lines. */
int lang_is_docstring(const struct lang_runtime *rt, TSNode n)
{
	if (ts_node_named_child_count(n) != 1)
		return 0;
	TSSymbol s = ts_node_symbol(ts_node_named_child(n, 0));
	return s < rt->nsymbols && (rt->kinds[s] & K_ATOM)
	       && strcmp(ts_node_type(ts_node_named_child(n, 0)), "string") == 0;
}
