/*
 * c_repair.c - C and C++ units that survive macros (see c_family.h): the tree side.
 *
 * tree-sitter sees a C file before the preprocessor does: a macro used as a statement
 * without `;`, as an attribute before or after a declarator, or a conditional that splits
 * a statement leaves ERROR nodes, and a function around them is lost, misnamed or glued to
 * its neighbours. When a tree has errors, these rules find the macro uses that explain
 * them and write a copy of the source with each one blanked (spaces; newlines kept, so
 * every byte keeps its line and column) or closed with a `;` put where white space was.
 * The analyzer parses the copy and keeps its tree when it is less damaged; the tokens are
 * read from the original bytes, so a blanked macro is simply not in the tree.
 *
 * The rules (docs/METRICS.md, "C macro recovery"), applied only to top-level items whose
 * subtree has an error:
 *  - statement macro: a function definition inside a function body or named after a
 *    keyword (`GET_TYPE(v)\n if (x) {...}`) is a macro statement missing its `;`;
 *  - attribute macros: in a declaration header (brace depth 0), `NAME(args)` groups before
 *    the declarator that are no parameter list, identifiers and groups after the
 *    declarator's `)`, a second identifier before the declarator's name, an identifier
 *    after a complete type, and an identifier before a type keyword;
 *  - split conditionals: an #if group inside a function whose span holds an error (or,
 *    when its branches leave the braces unbalanced, that an ERROR holds whole) keeps
 *    its first branch; its directives and other branches are blanked.
 * Everything is decided from the tree and the bytes alone, so the result is deterministic.
 * Before the first parse, c_family_predict applies the text rules where the bytes alone
 * prove tree-sitter-c cannot parse (docs/METRICS.md, "Before the first parse").
 * This file walks the tree (errors, damaged items, statement macros) and measures damage;
 * c_lexer.c and c_headers.c apply the text rules to the copy c_copy.c keeps.
 */
#include "analyze/lang/c_family.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/lang.h"
#include "analyze/lang/c_repair.h"
#include "analyze/tswalk.h"

/* Ends the statement at byte end with a `;` written over the first space or tab before
 * the next token (none: nothing is changed). */
static void close_statement(struct repair *r, uint32_t end)
{
	for (uint32_t i = end; i < r->len; i++) {
		char c = r->src[i];
		if (c == ' ' || c == '\t') {
			char *t = c_repair_copy(r);
			if (t)
				t[i] = ';';
			return;
		}
		if (c != '\n' && c != '\r')
			return;
	}
}

static void note_error(struct repair *r, TSNode n)
{
	if (c_repair_grow((void **)&r->errors, &r->errors_cap, r->nerrors + 1, sizeof(*r->errors)) < 0
	    || c_repair_grow((void **)&r->error_ends, &r->error_ends_cap, r->nerrors + 1,
			     sizeof(*r->error_ends)) < 0) {
		r->oom = 1;
		return;
	}
	r->error_ends[r->nerrors] = ts_node_end_byte(n);
	r->errors[r->nerrors++] = ts_node_start_byte(n);
	if (ts_node_is_error(n))
		r->error_rows += ts_node_end_point(n).row - ts_node_start_point(n).row;
}

static void note_item(struct repair *r, TSNode n)
{
	if (c_repair_grow((void **)&r->items, &r->items_cap, r->nitems + 1, sizeof(*r->items)) < 0) {
		r->oom = 1;
		return;
	}
	r->items[r->nitems][0] = ts_node_start_byte(n);
	r->items[r->nitems][1] = ts_node_end_byte(n);
	r->items[r->nitems][2] = ts_node_has_error(n);
	r->nitems++;
}

/* The node types the damage walk asks about, as the grammar's symbols: it meets every
 * node of the damaged items, and a symbol is compared where a name would be looked up
 * and compared as a string. One grammar's at a time (C or C++). */
enum { S_DEFINITION, S_MACRO_TYPE, S_BODY, S_STORAGE, S_TYPE_ID, S_FIRST_CONTAINER };

static const char *const symbol_names[] = {
	"function_definition", "macro_type_specifier", "compound_statement",
	"storage_class_specifier", "type_identifier",
	/* The containers whose children are top-level items: the file, conditional groups
	 * and linkage or namespace bodies at file level. */
	"translation_unit", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif",
	"preproc_elifdef", "linkage_specification", "declaration_list", "namespace_definition"
};

#define NSYMBOLS (sizeof(symbol_names) / sizeof(symbol_names[0]))

static struct {
	const TSLanguage *lang;
	TSSymbol sym[NSYMBOLS];	/* 0: not in this grammar (no node has symbol 0) */
} kinds;

/* Looks up the symbols of the tree's grammar (once per grammar). */
static void kinds_for(const TSTree *tree)
{
	const TSLanguage *lang = ts_tree_language(tree);
	if (kinds.lang == lang)
		return;
	for (size_t i = 0; i < NSYMBOLS; i++)
		kinds.sym[i] = ts_language_symbol_for_name(lang, symbol_names[i],
							  (uint32_t)strlen(symbol_names[i]), true);
	kinds.lang = lang;
}

static int sym_is(TSSymbol s, int kind)
{
	return kinds.sym[kind] && s == kinds.sym[kind];
}

static int is_kind(TSNode n, int kind)
{
	return sym_is(ts_node_symbol(n), kind);
}

static int is_container(TSSymbol s)
{
	for (size_t i = S_FIRST_CONTAINER; i < NSYMBOLS; i++)
		if (kinds.sym[i] && s == kinds.sym[i])
			return 1;
	return 0;
}

/* A function definition that cannot be one: named after a keyword, or a statement of a
 * body (in_body: its parent is a compound statement) that starts with a macro (NAME(args)
 * or a lone NAME) where a type would be; a storage class or a basic type makes it a real
 * definition that a damaged neighbour swallowed. */
static int bogus_definition(TSNode def, const char *src, int in_body)
{
	TSNode fd = c_family_function_declarator(def);
	TSNode name = ts_node_is_null(fd) ? fd : lang_child(fd, "declarator");
	size_t len;
	if (!ts_node_is_null(name)) {
		const char *t = lang_node_text(name, src, &len);
		if (c_family_is_keyword(t, len))
			return 1;
	}
	TSNode type = lang_child(def, "type");
	if (ts_node_is_null(type) || !in_body || is_kind(ts_node_child(def, 0), S_STORAGE))
		return 0;
	return is_kind(type, S_MACRO_TYPE) || is_kind(type, S_TYPE_ID);
}

/* Whether n is alone on its line(s): only blanks before it and after it. */
static int alone_on_line(const struct repair *r, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	while (a > 0 && (r->src[a - 1] == ' ' || r->src[a - 1] == '\t'))
		a--;
	while (b < r->len && (r->src[b] == ' ' || r->src[b] == '\t' || r->src[b] == '\r'))
		b++;
	return (a == 0 || r->src[a - 1] == '\n') && (b == r->len || r->src[b] == '\n');
}

/* One node of the tree walk: errors, statement macros (closed with a `;`) and, right
 * under a container, damaged items. A statement macro is NAME(args) alone on its line
 * in a body (tree-sitter reads it as a type), or the type of a bogus definition. in_body:
 * n lies in a compound statement; parent_body: its parent is one. */
static void visit(struct repair *r, TSNode n, TSSymbol s, int in_body, int parent_body)
{
	if (s == (TSSymbol)-1 || ts_node_is_missing(n))	/* (TSSymbol)-1: ERROR */
		note_error(r, n);
	TSNode end;
	memset(&end, 0, sizeof(end));
	if (sym_is(s, S_DEFINITION) && bogus_definition(n, r->src, parent_body)) {
		r->nbogus++;
		end = lang_child(n, "type");
	} else if (in_body && sym_is(s, S_MACRO_TYPE) && alone_on_line(r, n)) {
		end = n;
	}
	if (ts_node_is_null(end))
		return;
	if (c_repair_grow((void **)&r->closes, &r->closes_cap, r->ncloses + 1, sizeof(*r->closes)) < 0)
		r->oom = 1;
	else
		r->closes[r->ncloses++] = ts_node_end_byte(end);
}

/* Where the walk is: its depth, the depth down to which every node on the path is a
 * container, the depth of the outermost compound statement on it (-1: none), and for each
 * depth whether the node on the path there is a compound statement. */
struct path {
	int depth, container_depth, body_depth;
	uint8_t *body_at;
	size_t body_cap;
};

/* The cursor's next node in preorder, into a child only when descend; 0 at the end. */
static int next_node(struct tswalk *cur, int descend, struct path *at)
{
	if (descend && tswalk_first_child(cur)) {
		at->depth++;
		return 1;
	}
	if (cur->oom)
		return 0;
	while (!tswalk_next_sibling(cur)) {
		if (cur->oom || !tswalk_parent(cur))
			return 0;
		at->depth--;
	}
	/* Every node at this depth or deeper on the old path is left behind. */
	if (at->container_depth >= at->depth)
		at->container_depth = at->depth - 1;
	if (at->body_depth >= at->depth)
		at->body_depth = -1;
	return 1;
}

/* Notes whether n, where the walk is, is a compound statement: 1 or 0, -1 when memory
 * runs out. */
static int note_body(struct path *at, TSSymbol s)
{
	if (c_repair_grow((void **)&at->body_at, &at->body_cap, (size_t)at->depth + 1, 1) < 0)
		return -1;
	at->body_at[at->depth] = (uint8_t)sym_is(s, S_BODY);
	return at->body_at[at->depth];
}

/* One node of the walk, n where at is: noted as an item when it is one, visited when the
 * walk goes into it. Returns whether it does (1 or 0), -1 when memory runs out. */
static int walk_node(struct repair *r, TSNode n, struct path *at)
{
	TSSymbol s = ts_node_symbol(n);	/* asked once: the walk meets every node */
	int item = at->depth == at->container_depth + 1;
	int container = item && is_container(s);
	if (item && !container)
		note_item(r, n);
	if (at->depth <= at->container_depth + 1 && !ts_node_has_error(n))
		return 0;
	int body = note_body(at, s);
	if (body < 0)
		return -1;
	visit(r, n, s, at->body_depth >= 0, at->body_at[at->depth - 1]);
	if (container)
		at->container_depth = at->depth;
	if (at->body_depth < 0 && body)
		at->body_depth = at->depth;
	return 1;
}

/* Walks the damaged items (top-level items whose subtree holds an error) and the way to
 * them, noting every item; an item without an error is not entered. */
static void walk_damage(struct repair *r, TSNode root)
{
	struct tswalk cur;
	struct path at = { 0, 0, -1, NULL, 0 };
	kinds_for(root.tree);
	int descend = tswalk_init(&cur, root) < 0 || note_body(&at, ts_node_symbol(root)) < 0
			      ? -1 : 1;	/* the root, depth 0 */
	while (descend >= 0 && next_node(&cur, descend, &at))
		descend = walk_node(r, tswalk_node(&cur), &at);
	if (descend < 0 || cur.oom)
		r->oom = 1;
	free(at.body_at);
	tswalk_free(&cur);
}

static void survey_free(struct repair *r)
{
	free(r->errors);
	free(r->error_ends);
	free(r->items);
	free(r->closes);
	memset(r, 0, sizeof(*r));
}

/* What the last damage walk found, for the repair of the same tree that follows it
 * (lang.h: the analyzer measures a tree before it repairs it). The key is the tree, its
 * root and the text; it is dropped by the next measurement. */
static struct {
	const TSTree *tree;
	const void *id;
	const char *src;
	size_t len;
	struct repair r;
} last;

/* The walk of root's damaged items: the last measurement's when it was of this tree and
 * text (taken: the memo is left empty), else a walk now. */
static void survey(struct repair *r, TSNode root, const char *src, size_t len)
{
	if (last.tree && last.tree == root.tree && last.id == root.id && last.src == src
	    && last.len == len) {
		*r = last.r;
		memset(&last, 0, sizeof(last));
		return;
	}
	memset(r, 0, sizeof(*r));
	r->src = src;
	r->len = len;
	walk_damage(r, root);
}

char *c_family_repair(TSNode root, const char *src, size_t len)
{
	if (!ts_node_has_error(root))
		return NULL;
	struct repair r;
	survey(&r, root, src, len);
	r.tree_lang = ts_tree_language(root.tree);
	for (size_t i = 0; i < r.ncloses && !r.oom; i++)
		close_statement(&r, r.closes[i]);
	if (!r.oom)
		c_repair_text(&r);
	if (r.oom) {
		free(r.text);
		r.text = NULL;
	}
	char *text = r.text;
	survey_free(&r);
	return text;
}

char *c_family_predict(const TSLanguage *lang, const char *src, size_t len)
{
	c_repair_forget();
	struct repair r;
	memset(&r, 0, sizeof(r));
	r.src = src;
	r.len = len;
	r.predict_lang = lang;
	c_repair_text(&r);
	if (r.oom) {
		c_repair_forget();
		free(r.text);
		r.text = NULL;
	}
	char *text = r.text;
	survey_free(&r);
	return text;
}

/* The damage of a tree: each ERROR or MISSING node and each line an ERROR spans, and ten
 * for a function definition that cannot be one; the most there is when memory ran out
 * before the walk was done (a count cut short must not make a repaired copy look
 * better). */
size_t c_family_damage(TSNode root, const char *src, size_t len)
{
	survey_free(&last.r);
	memset(&last, 0, sizeof(last));
	if (!ts_node_has_error(root))
		return 0;
	struct repair r;
	survey(&r, root, src, len);	/* the memo is empty: a walk now */
	size_t damage = r.nerrors + r.nbogus * 10 + r.error_rows;
	if (r.oom) {
		survey_free(&r);
		return SIZE_MAX;
	}
	last.tree = root.tree;
	last.id = root.id;
	last.src = src;
	last.len = len;
	last.r = r;
	return damage;
}
