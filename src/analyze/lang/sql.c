/*
 * sql.c - SQL node types (@derekstride/tree-sitter-sql). The grammar reads SQL statements
 * of several dialects and the bodies of CREATE FUNCTION written in SQL (`LANGUAGE sql`:
 * `AS $$ SELECT ... $$`, `BEGIN ATOMIC ... END`, `RETURN expr`, and a `$$ DECLARE ...
 * BEGIN ... END $$` whose statements are SQL statements). It has no PL/pgSQL or PL/SQL
 * statements (IF, LOOP, EXCEPTION, `CREATE PROCEDURE ... IS BEGIN ... END;`): those parse
 * as errors. Decisions follow lizard's PL/SQL reader where the grammar can see them: each
 * WHEN of a CASE (and of a MERGE), AND, OR. No call is a recursion: a SQL function
 * calling its own name calls an overload nearly always (a wrapper of the C function of
 * that name, or pg_catalog's function it shadows).
 */
#include <string.h>

#include "analyze/lang.h"

/* A function with its body; a trigger's body is a function it names (EXECUTE FUNCTION f()),
 * so a trigger is a statement, no unit. */
static const char *const units[] = { "create_function", NULL };
/* A CASE is a switch (cognitive +1 and nesting once); each of its WHENs is a case (ccn).
 * The grammar has no node per arm: keyword_when is a named leaf (sql_case_counts keeps
 * those of a CASE). A MERGE's `WHEN [NOT] MATCHED ... THEN` is an arm of its own. */
static const char *const switches[] = { "case", NULL };
static const char *const cases[] = { "keyword_when", "when_clause", NULL };
/* AND and OR are named keyword nodes in the operator field: sql_operator_kind reads them. */
static const char *const logical[] = { "binary_expression", NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
/* `RETURN expr` of a SQL-standard body (and of a `$$ BEGIN ... END $$` one): a named leaf
 * before the expression, which the grammar wraps in no statement node. */
static const char *const exits[] = { "keyword_return", NULL };
/* Line comments and block comments (the grammar calls those marginalia). */
static const char *const comments[] = { "comment", "marginalia", NULL };
static const char *const atoms[] = { "literal", NULL };

/* A WHEN counts as the arm of a CASE it opens; a trigger's `WHEN (cond)` and the WHEN
 * inside a MERGE's when_clause (the clause counts) do not. */
static int sql_case_counts(TSNode node, const char *src)
{
	(void)src;
	if (strcmp(ts_node_type(node), "when_clause") == 0)
		return 1;
	return lang_is_type(ts_node_parent(node), "case");
}

static int sql_operator_kind(TSNode op, const char *src)
{
	(void)src;
	const char *type = ts_node_type(op);
	if (strcmp(type, "keyword_and") == 0)
		return LANG_OP_AND;
	if (strcmp(type, "keyword_or") == 0)
		return LANG_OP_OR;
	return LANG_OP_NONE;
}

/* The name as written, schema included: `CREATE FUNCTION app.add(...)` is app.add. */
static void sql_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode ref = lang_child_of_type(node, "object_reference");
	if (!ts_node_is_null(ref))
		lang_append_text(out, ref, src);
}

/* Every argument of the list counts, IN, OUT, INOUT and VARIADIC alike: an OUT argument
 * is part of the signature (it is how a function returns several columns). */
static int sql_count_params(TSNode node, const char *src)
{
	(void)src;
	TSNode list = lang_child_of_type(node, "function_arguments");
	if (ts_node_is_null(list))
		return 0;
	int n = 0;
	uint32_t count = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < count; i++)
		n += lang_is_type(ts_node_named_child(list, i), "function_argument");
	return n;
}

const struct lang_spec lang_sql = {
	.default_units = UNITS_BOUND,
	.separator = ".",
	.units = units,
	.switches = switches,
	.cases = cases,
	.logical_parents = logical,
	.parentheses = parens,
	.exits = exits,
	.comments = comments,
	.atoms = atoms,
	.case_counts = sql_case_counts,
	.unit_name = sql_unit_name,
	.count_params = sql_count_params,
	.operator_kind = sql_operator_kind,
};
