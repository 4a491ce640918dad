/*
 * analyze.c - the language-neutral walker that turns a tree-sitter tree into a record.
 *
 * One iterative pass over the tree with a TSTreeCursor, keeping our own stack of frames
 * (ts_node_parent walks down from the root on every call, so it is never called). Each
 * node's type is looked up in a per-language table of category bits built once per
 * analyzer from the language file's type names (every alias of a name gets the bits).
 *
 * What the frames carry:
 *  - the nesting bonus a node gives its non-header children (an if raises the level of
 *    its branches but not of its condition), undone when the child is left;
 *  - the root of a boolean-operator expression, so a sequence of like operators is
 *    counted once in source order (SonarSource cognitive complexity);
 *  - a pending `else`, resolved when the next named sibling shows whether it is an
 *    else-if or a plain else.
 * Units (function-like definitions) push a unit context that owns their counters; file
 * scope is the context at the bottom of that stack and is not reported. Line kinds
 * (code/comment/blank) are collected per physical line and become nloc at the end.
 */
#include "analyze/analyze.h"

#include <math.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/hash.h"
#include "analyze/lang.h"
#include "analyze/lines.h"
#include "analyze/suppress.h"

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

/* expression_list: a binding may look through it (outside the enum: an int cannot hold it) */
#define K_LIST 0x80000000u

/* Fields whose subtree is a structure's header, not its body: no nesting bonus. */
static const char *const header_field_names[] = {
	"condition", "initializer", "update", "left", "right", "value", "subject", "pattern",
	"declarator", "type", "name", "parameters", "parameter", "arguments", NULL
};
#define MAX_HEADER_FIELDS 16

/* A language's tables resolved against its TSLanguage. */
struct lang_runtime {
	const struct lang_spec *spec;
	const TSLanguage *ts;
	uint32_t nsymbols;
	uint32_t *kinds;
	uint8_t *named;		/* per symbol: a named node (ts_node_is_named without a call) */
	TSFieldId header_fields[MAX_HEADER_FIELDS];
	int nheader_fields;
	TSFieldId f_name, f_parameters, f_parameter, f_operator, f_function, f_guard;
	const struct binding_rule *bindings;
};

struct analyzer {
	TSParser *parser;
	struct lang_runtime langs[LANG_COUNT];
	int ready[LANG_COUNT];	/* 0 not tried, 1 ready, -1 unavailable */
};

/* Distinct-token set for Halstead n1/n2: open addressing over 64-bit token hashes. */
struct token_set {
	uint64_t *keys;
	uint32_t cap, count;
	struct halstead hal;
};

struct unit_context {
	long unit;		/* index into the record's units; -1 for file scope */
	uint32_t cognitive_level;
	uint32_t control_depth;
	struct token_set tokens;
	uint64_t hash;
	const char *simple;	/* simple name, for recursion */
	size_t simple_len;
	size_t name_depth;	/* name-stack depth to restore on pop */
};

struct frame {
	TSNode node;
	TSSymbol sym;
	uint8_t named;
	uint32_t kind;
	TSFieldId field;
	int32_t logic_root;	/* frame index of this boolean expression's root, or -1 */
	uint8_t logic_last;	/* at a root: last operator seen (1 and, 2 or) */
	uint8_t pending_else;
	uint8_t else_if;	/* this if follows an else */
	uint8_t bonus_cognitive, bonus_control;	/* given to non-header named children */
	uint8_t got_cognitive, got_control;	/* received from the parent */
	uint8_t pushed_unit, pushed_name;
};

/* A suppression comment: its lines and what it suppresses (suppress.h). */
struct suppression {
	uint32_t first_line, last_line;
	uint32_t mask;
};

struct walk {
	struct analyzer *a;
	const struct lang_runtime *rt;
	const struct analyze_options *opt;
	const char *src;
	size_t len;
	struct record *rec;
	size_t units_cap, incs_cap;
	struct frame *frames;
	size_t nframes, frames_cap;
	struct unit_context *ctxs;
	size_t nctxs, ctxs_cap;
	struct wbuf names;	/* name stack: NUL-separated entries */
	size_t *name_offsets;
	size_t nnames, names_cap;
	struct token_set file_tokens;
	uint8_t *line_marks;	/* per line: LINE_CODE / LINE_COMMENT bits */
	uint32_t nlines;
	struct suppression *supps;	/* suppression comments met, in order */
	size_t nsupps, supps_cap;
	int oom;
};

/* ---- small helpers ---------------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static const char *node_text(TSNode n, const char *src, size_t *len)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
	*len = e > s ? e - s : 0;
	return src + s;
}

void lang_append_text(struct wbuf *out, TSNode n, const char *src)
{
	size_t len;
	const char *t = node_text(n, src, &len);
	for (size_t i = 0; i < len && out->len < RECORD_MAX_NAME; i++)
		if ((unsigned char)t[i] > ' ')
			wbuf_put_u8(out, (uint8_t)t[i]);
}

int lang_text_is(TSNode n, const char *src, const char *s)
{
	size_t len;
	const char *t = node_text(n, src, &len);
	return len == strlen(s) && memcmp(t, s, len) == 0;
}

TSNode lang_child(TSNode n, const char *name)
{
	static _Thread_local struct {
		const TSLanguage *ts;
		const char *name;
		TSFieldId id;
	} memo[32];
	if (ts_node_is_null(n))
		return n;
	const TSLanguage *ts = ts_tree_language(n.tree);
	size_t i = (((uintptr_t)name >> 3) ^ ((uintptr_t)ts >> 6)) % 32;
	if (memo[i].ts != ts || memo[i].name != name) {
		memo[i].ts = ts;
		memo[i].name = name;
		memo[i].id = ts_language_field_id_for_name(ts, name, (uint32_t)strlen(name));
	}
	return ts_node_child_by_field_id(n, memo[i].id);
}

static int in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/* Generic parameter count: named children of the list that are not comments or in the
 * language's ignore list; a bare identifier standing for the list (x => x) is one. */
int lang_count_list(TSNode list, const struct lang_spec *spec)
{
	if (ts_node_is_null(list))
		return 0;
	uint32_t n = ts_node_named_child_count(list);
	if (ts_node_child_count(list) == 0)
		return 1;
	int count = 0;
	TSTreeCursor cur = ts_tree_cursor_new(list);	/* ts_node_named_child(i) is O(i) */
	for (int more = n && ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode c = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(c);
		if (ts_node_is_named(c) && !in_list(spec->comments, type)
		    && !in_list(spec->param_ignored, type))
			count++;
	}
	ts_tree_cursor_delete(&cur);
	return count;
}

/* ---- token sets ------------------------------------------------------------------- */

static void token_set_free(struct token_set *s)
{
	free(s->keys);
	memset(s, 0, sizeof(*s));
}

/* Doubles the table (64 slots the first time) and rehashes the keys into it; returns -1
 * on allocation failure, leaving the set as it was. */
static int token_set_grow(struct token_set *s)
{
	uint32_t ncap = s->cap ? s->cap * 2 : 64;
	uint64_t *nk = calloc(ncap, sizeof(*nk));
	if (!nk)
		return -1;
	for (uint32_t i = 0; i < s->cap; i++) {
		if (!s->keys[i])
			continue;
		uint32_t j = (uint32_t)s->keys[i] & (ncap - 1);
		while (nk[j])
			j = (j + 1) & (ncap - 1);
		nk[j] = s->keys[i];
	}
	free(s->keys);
	s->keys = nk;
	s->cap = ncap;
	return 0;
}

/* Adds a token occurrence; returns -1 on allocation failure. The table is kept at most
 * half full. */
static inline int token_set_add(struct token_set *s, uint64_t h, int operand)
{
	uint64_t key = operand ? h ^ 0x9e3779b97f4a7c15ull : h;
	if (key == 0)
		key = 1;
	if (operand)
		s->hal.N2++;
	else
		s->hal.N1++;
	if ((s->count + 1) * 2 > s->cap && token_set_grow(s) < 0)
		return -1;
	uint32_t j = (uint32_t)key & (s->cap - 1);
	while (s->keys[j]) {
		if (s->keys[j] == key)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->keys[j] = key;
	s->count++;
	if (operand)
		s->hal.n2++;
	else
		s->hal.n1++;
	return 0;
}

/* ---- language tables -------------------------------------------------------------- */

static void mark_types(struct lang_runtime *rt, const char *const *names, uint32_t bit,
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
		if (name && in_list(names, name))
			rt->kinds[sym] |= bit;
	}
}

static TSFieldId field(const TSLanguage *ts, const char *name)
{
	return ts_language_field_id_for_name(ts, name, (uint32_t)strlen(name));
}

static int lang_runtime_init(struct lang_runtime *rt, const struct lang_spec *spec)
{
	static const char *const else_word[] = { "else", NULL };

	memset(rt, 0, sizeof(*rt));
	rt->spec = spec;
	rt->ts = spec->language();
	if (!rt->ts)
		return -1;
	rt->nsymbols = ts_language_symbol_count(rt->ts);
	rt->kinds = calloc(rt->nsymbols ? rt->nsymbols : 1, sizeof(*rt->kinds));
	rt->named = calloc(rt->nsymbols ? rt->nsymbols : 1, 1);
	if (!rt->kinds || !rt->named)
		return -1;
	for (uint32_t sym = 0; sym < rt->nsymbols; sym++)
		rt->named[sym] = ts_language_symbol_type(rt->ts, (TSSymbol)sym) == TSSymbolTypeRegular;
	const struct {
		const char *const *names;
		uint32_t bit;
	} named[] = {
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
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		mark_types(rt, named[i].names, named[i].bit, 1);
	mark_types(rt, spec->and_operators, K_AND, 0);
	mark_types(rt, spec->or_operators, K_OR, 0);
	mark_types(rt, spec->coalesce_operators, K_COALESCE, 0);
	mark_types(rt, else_word, K_ELSE_WORD, 0);
	static const char *const lists[] = { "expression_list", NULL };
	mark_types(rt, lists, K_LIST, 1);
	for (const char *const *f = header_field_names; *f; f++) {
		TSFieldId id = field(rt->ts, *f);
		if (id && rt->nheader_fields < MAX_HEADER_FIELDS)
			rt->header_fields[rt->nheader_fields++] = id;
	}
	rt->f_name = field(rt->ts, "name");
	rt->f_parameters = field(rt->ts, "parameters");
	rt->f_parameter = field(rt->ts, "parameter");
	rt->f_operator = field(rt->ts, "operator");
	rt->f_function = field(rt->ts, "function");
	rt->f_guard = field(rt->ts, "guard");
	rt->bindings = spec->bindings;
	return 0;
}

static const struct lang_spec *spec_for(enum lang_id id)
{
	switch (id) {
	case LANG_C: return &lang_c;
	case LANG_CPP: return &lang_cpp;
	case LANG_PYTHON: return &lang_python;
	case LANG_JAVASCRIPT: return &lang_javascript;
	case LANG_TYPESCRIPT: return &lang_typescript;
	case LANG_TSX: return &lang_tsx;
	case LANG_GO: return &lang_go;
	case LANG_RUST: return &lang_rust;
	case LANG_JAVA: return &lang_java;
	default: return NULL;
	}
}

/* The runtime tables for id, built on first use; NULL when the grammar is unusable. */
static const struct lang_runtime *runtime_for(struct analyzer *a, enum lang_id id)
{
	if (id <= LANG_NONE || id >= LANG_COUNT)
		return NULL;
	if (a->ready[id] == 0) {
		const struct lang_spec *spec = spec_for(id);
		a->ready[id] = spec && lang_runtime_init(&a->langs[id], spec) == 0
			       && ts_parser_set_language(a->parser, a->langs[id].ts) ? 1 : -1;
	}
	return a->ready[id] == 1 ? &a->langs[id] : NULL;
}

struct analyzer *analyzer_new(void)
{
	struct analyzer *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->parser = ts_parser_new();
	if (!a->parser) {
		free(a);
		return NULL;
	}
	return a;
}

void analyzer_free(struct analyzer *a)
{
	if (!a)
		return;
	for (int i = 0; i < LANG_COUNT; i++) {
		free(a->langs[i].kinds);
		free(a->langs[i].named);
	}
	ts_parser_delete(a->parser);
	free(a);
}

/* ---- walk state ------------------------------------------------------------------- */

static struct unit_context *top(struct walk *w)
{
	return &w->ctxs[w->nctxs - 1];
}

static struct unit *current_unit(struct walk *w)
{
	long u = top(w)->unit;
	return u >= 0 ? &w->rec->units[u] : NULL;
}

static void add_increment(struct walk *w, enum metric_kind m, enum construct c,
			  uint32_t line, uint32_t nesting)
{
	struct unit *u = current_unit(w);
	if (!u)
		return;
	uint32_t amount = 1 + nesting;
	if (m == M_CCN)
		u->ccn += amount;
	else
		u->cognitive += amount;
	if (!(w->opt->flags & ANALYZE_INCREMENTS))
		return;
	if (w->rec->nincrements >= RECORD_MAX_INCREMENTS
	    || grow((void **)&w->rec->increments, &w->incs_cap, w->rec->nincrements + 1,
		    sizeof(struct increment)) < 0) {
		w->oom = 1;
		return;
	}
	struct increment *inc = &w->rec->increments[w->rec->nincrements++];
	inc->unit = (uint32_t)top(w)->unit;
	inc->line = line;
	inc->metric = (uint8_t)m;
	inc->construct = (uint8_t)c;
	inc->amount = (uint16_t)(amount > UINT16_MAX ? UINT16_MAX : amount);
	inc->nesting = (uint16_t)(nesting > UINT16_MAX ? UINT16_MAX : nesting);
}

static uint32_t line_of(TSNode n)
{
	return ts_node_start_point(n).row + 1;
}

static void structural(struct walk *w, enum construct c, TSNode n)
{
	add_increment(w, M_COGNITIVE, c, line_of(n), top(w)->cognitive_level);
}

static void flat(struct walk *w, enum construct c, TSNode n)
{
	add_increment(w, M_COGNITIVE, c, line_of(n), 0);
}

static void decision(struct walk *w, enum construct c, TSNode n)
{
	add_increment(w, M_CCN, c, line_of(n), 0);
}

/* Name stack: scopes and units push their names; qualified names join them. */
static void name_push(struct walk *w, const struct wbuf *name)
{
	if (grow((void **)&w->name_offsets, &w->names_cap, w->nnames + 1, sizeof(size_t)) < 0) {
		w->oom = 1;
		return;
	}
	w->name_offsets[w->nnames++] = w->names.len;
	wbuf_put(&w->names, name->data, name->len);
	wbuf_put_u8(&w->names, 0);
	if (w->names.failed)
		w->oom = 1;
}

static void name_pop(struct walk *w)
{
	if (w->nnames == 0)
		return;
	w->names.len = w->name_offsets[--w->nnames];
}

static char *qualified_name(struct walk *w)
{
	struct wbuf q;
	const char *sep = w->rt->spec->separator;
	wbuf_init(&q);
	for (size_t i = 0; i < w->nnames; i++) {
		if (i)
			wbuf_put(&q, sep, strlen(sep));
		const char *s = (const char *)w->names.data + w->name_offsets[i];
		wbuf_put(&q, s, strlen(s));
	}
	wbuf_put_u8(&q, 0);
	if (q.failed) {
		wbuf_free(&q);
		return NULL;
	}
	return (char *)q.data;
}

/* Marks the lines of the text t (len bytes, a node starting on row) with bit. Rows are
 * counted the way tree-sitter counts them, by '\n' alone; a node whose text ends with
 * its last line's newline does not reach the line after it. Counting the newlines here
 * costs less than asking the runtime for the node's end point. */
static void mark_text(struct walk *w, uint32_t row, const char *t, size_t len, uint8_t bit)
{
	if (row >= w->nlines)
		return;
	w->line_marks[row] |= bit;
	const char *p = t, *end = t + (len ? len - 1 : 0);
	if (len <= 32) {	/* most tokens: no call */
		for (; p < end; p++)
			if (*p == '\n' && ++row < w->nlines)
				w->line_marks[row] |= bit;
		return;
	}
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		if (++row >= w->nlines)
			return;
		w->line_marks[row] |= bit;
	}
}

static void mark_lines(struct walk *w, TSNode n, uint8_t bit)
{
	size_t len;
	const char *t = node_text(n, w->src, &len);
	mark_text(w, ts_node_start_point(n).row, t, len, bit);
}

/* ---- units ------------------------------------------------------------------------ */

static void default_unit_name(const struct lang_runtime *rt, TSNode n, const char *src,
			      struct wbuf *out)
{
	TSNode name = ts_node_child_by_field_id(n, rt->f_name);
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

static int default_params(const struct lang_runtime *rt, TSNode n)
{
	TSNode list = ts_node_child_by_field_id(n, rt->f_parameters);
	if (ts_node_is_null(list)) {
		TSNode one = ts_node_child_by_field_id(n, rt->f_parameter);
		return ts_node_is_null(one) ? 0 : 1;
	}
	return lang_count_list(list, rt->spec);
}

/* Opens a unit for node n named by name (may be empty: "(anonymous)"). */
static void unit_push(struct walk *w, struct frame *f, TSNode n, struct wbuf *name)
{
	struct record *rec = w->rec;
	if (name->len == 0)
		wbuf_put(name, "(anonymous)", 11);
	if (rec->nunits >= RECORD_MAX_UNITS
	    || grow((void **)&rec->units, &w->units_cap, rec->nunits + 1, sizeof(struct unit)) < 0
	    || grow((void **)&w->ctxs, &w->ctxs_cap, w->nctxs + 1, sizeof(*w->ctxs)) < 0) {
		w->oom = 1;
		return;
	}
	size_t depth = w->nnames;
	name_push(w, name);
	struct unit *u = &rec->units[rec->nunits];
	memset(u, 0, sizeof(*u));
	u->name = malloc(name->len + 1);
	u->qname = qualified_name(w);
	if (!u->name || !u->qname) {
		free(u->name);
		free(u->qname);
		w->oom = 1;
		return;
	}
	memcpy(u->name, name->data, name->len);
	u->name[name->len] = '\0';
	TSPoint start = ts_node_start_point(n), end = ts_node_end_point(n);
	u->line = start.row + 1;
	u->end_line = end.row + 1;
	if (end.column == 0 && end.row > start.row)
		u->end_line--;
	u->column = start.column + 1;
	u->ccn = 1;
	const struct lang_spec *spec = w->rt->spec;
	u->params = (uint32_t)(spec->count_params ? spec->count_params(n, w->src)
						  : default_params(w->rt, n));
	struct unit_context *c = &w->ctxs[w->nctxs++];
	memset(c, 0, sizeof(*c));
	c->unit = (long)rec->nunits++;
	c->hash = 0xcbf29ce484222325ull;
	c->name_depth = depth;
	/* The simple name for recursion: after the last separator (Foo::bar -> bar). */
	const char *s = u->name, *sep = spec->separator;
	for (const char *p = strstr(s, sep); p; p = strstr(p + 1, sep))
		s = p + strlen(sep);
	c->simple = s;
	c->simple_len = strlen(s);
	f->pushed_unit = 1;
}

static void unit_pop(struct walk *w)
{
	struct unit_context *c = top(w);
	struct unit *u = current_unit(w);
	u->hal = c->tokens.hal;
	u->body_hash = hash64_finish(c->hash);
	u->length = u->end_line - u->line + 1;
	uint32_t flags = u->flags;
	while (w->nnames > c->name_depth)
		name_pop(w);
	token_set_free(&c->tokens);
	w->nctxs--;
	struct unit *outer = current_unit(w);
	if (outer && (flags & UNIT_HAS_ERROR))
		outer->flags |= UNIT_HAS_ERROR;
}

/* The name an anonymous function is bound to, from its parent (or grandparent through an
 * expression list, as in Go's f := func(){}). Empty when it is not bound. */
static void binding_name(struct walk *w, struct wbuf *out)
{
	const struct binding_rule *rule = w->rt->bindings;
	if (!rule || w->nframes < 2)
		return;
	const struct frame *self = &w->frames[w->nframes - 1];
	const struct frame *parent = &w->frames[w->nframes - 2];
	TSFieldId field_id = self->field;
	if (strcmp(ts_node_type(parent->node), "expression_list") == 0 && w->nframes >= 3) {
		if (ts_node_named_child_count(parent->node) != 1)
			return;
		field_id = parent->field;
		parent = &w->frames[w->nframes - 3];
	}
	const char *ptype = ts_node_type(parent->node);
	for (; rule->parent; rule++) {
		if (strcmp(rule->parent, ptype) != 0)
			continue;
		if (field_id != field(w->rt->ts, rule->value_field))
			continue;
		TSNode name = lang_child(parent->node, rule->name_field);
		if (!ts_node_is_null(name))
			lang_append_text(out, name, w->src);
		return;
	}
}

static void mark_error(struct walk *w, TSNode n)
{
	struct record *rec = w->rec;
	if (rec->status == FILE_OK) {
		rec->status = FILE_PARTIAL;
		rec->error_line = line_of(n);
	}
	struct unit *u = current_unit(w);
	if (u)
		u->flags |= UNIT_HAS_ERROR;
}

/* ---- tokens ----------------------------------------------------------------------- */

static int all_space(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)t[i] > ' ')
			return 0;
	return 1;
}

static void boolean_operator(struct walk *w, struct frame *parent, TSNode tok, uint32_t kind)
{
	if (!(parent->kind & K_LOGICAL) || parent->logic_root < 0)
		return;
	if (kind & K_COALESCE) {
		decision(w, C_COALESCE, tok);
		return;
	}
	decision(w, C_AND_OR, tok);
	struct frame *root = &w->frames[parent->logic_root];
	uint8_t op = (kind & K_AND) ? 1 : 2;
	if (root->logic_last != op)
		flat(w, C_AND_OR, tok);
	root->logic_last = op;
}

/* Counts the token t (len bytes) of frame f: its line is code, and it goes into the
 * file's Halstead counts and, inside a unit, the unit's counts, token total and body hash. */
static void token_count(struct walk *w, const struct frame *f, const char *t, size_t len)
{
	mark_text(w, ts_node_start_point(f->node).row, t, len, LINE_CODE);
	int operand = f->named || (f->kind & K_ATOM);
	uint64_t h = hash64(t, len);
	if (token_set_add(&w->file_tokens, h, operand) < 0)
		w->oom = 1;
	struct unit_context *c = top(w);
	if (c->unit < 0)
		return;
	w->rec->units[c->unit].tokens++;
	c->hash = hash64_mix(c->hash, h);
	if (token_set_add(&c->tokens, h, operand) < 0)
		w->oom = 1;
}

/* An `else` keyword under an if (or under an else clause of an if) leaves an else pending
 * on its parent, resolved by the next named sibling (enter). */
static void else_word(struct walk *w, struct frame *parent)
{
	const struct frame *grand = w->nframes >= 3 ? &w->frames[w->nframes - 3] : NULL;
	if ((parent->kind & K_IF)
	    || ((parent->kind & K_ELSE_CLAUSE) && grand && (grand->kind & K_IF)))
		parent->pending_else = 1;
}

/* A leaf (or atom) node: counted when it is not empty, then its meaning to its parent as
 * a boolean operator or an else keyword. */
static void token(struct walk *w, struct frame *f)
{
	size_t len;
	const char *t = node_text(f->node, w->src, &len);
	if (len == 0) {
		/* Only an empty leaf can be MISSING (inserted by error recovery). */
		if (ts_node_is_missing(f->node))
			mark_error(w, f->node);
		return;
	}
	if (all_space(t, len))
		return;
	token_count(w, f, t, len);
	struct frame *parent = w->nframes >= 2 ? &w->frames[w->nframes - 2] : NULL;
	if (!parent)
		return;
	if (f->kind & (K_AND | K_OR | K_COALESCE))
		boolean_operator(w, parent, f->node, f->kind);
	if (f->kind & K_ELSE_WORD)
		else_word(w, parent);
}

/* ---- entering and leaving nodes --------------------------------------------------- */

static int is_header_field(const struct lang_runtime *rt, TSFieldId id)
{
	for (int i = 0; i < rt->nheader_fields; i++)
		if (rt->header_fields[i] == id)
			return 1;
	return 0;
}

static int has_label(struct walk *w, TSNode n)
{
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSSymbol s = ts_node_symbol(ts_node_named_child(n, i));
		if (s < w->rt->nsymbols && (w->rt->kinds[s] & K_LABEL))
			return 1;
	}
	return 0;
}

static void check_recursion(struct walk *w, TSNode call)
{
	struct unit_context *c = top(w);
	if (c->unit < 0)
		return;
	TSNode callee = w->rt->spec->callee ? w->rt->spec->callee(call)
					    : ts_node_child_by_field_id(call, w->rt->f_function);
	if (ts_node_is_null(callee) || ts_node_child_count(callee) != 0)
		return;
	size_t len;
	const char *t = node_text(callee, w->src, &len);
	if (len == c->simple_len && memcmp(t, c->simple, len) == 0)
		flat(w, C_RECURSION, call);
}

/* The node's boolean-expression bookkeeping: roots and inheritance through parentheses. */
static void logical_enter(struct walk *w, struct frame *f, struct frame *parent)
{
	f->logic_root = -1;
	if (f->kind & K_LOGICAL) {
		TSNode op = ts_node_child_by_field_id(f->node, w->rt->f_operator);
		TSSymbol s = ts_node_is_null(op) ? 0 : ts_node_symbol(op);
		if (ts_node_is_null(op) || s >= w->rt->nsymbols
		    || !(w->rt->kinds[s] & (K_AND | K_OR | K_COALESCE))) {
			f->kind &= ~(uint32_t)K_LOGICAL;	/* arithmetic, comparison, ... */
			return;
		}
		if (parent && parent->logic_root >= 0)
			f->logic_root = parent->logic_root;
		else
			f->logic_root = (int32_t)(w->nframes - 1);
	} else if ((f->kind & K_PAREN) && parent && parent->logic_root >= 0
		   && (parent->kind & (K_LOGICAL | K_PAREN))) {
		f->logic_root = parent->logic_root;
	}
}

static void nest(struct frame *f, uint8_t cognitive, uint8_t control)
{
	f->bonus_cognitive = cognitive;
	f->bonus_control = control;
}

static void enter_unit_like(struct walk *w, struct frame *f, TSNode n)
{
	const struct lang_spec *spec = w->rt->spec;
	struct wbuf name;
	wbuf_init(&name);
	if (f->kind & K_UNIT) {
		if (spec->unit_name)
			spec->unit_name(n, w->src, &name);
		else
			default_unit_name(w->rt, n, w->src, &name);
		unit_push(w, f, n, &name);
	} else {
		binding_name(w, &name);
		if (name.len > 0 || top(w)->unit < 0)
			unit_push(w, f, n, &name);
		else
			nest(f, 1, 0);	/* folded into the enclosing unit */
	}
	wbuf_free(&name);
}

static void enter_scope(struct walk *w, struct frame *f, TSNode n)
{
	struct wbuf name;
	wbuf_init(&name);
	if (w->rt->spec->scope_name)
		w->rt->spec->scope_name(n, w->src, &name);
	else
		default_unit_name(w->rt, n, w->src, &name);
	if (name.len > 0) {
		name_push(w, &name);
		f->pushed_name = 1;
	}
	wbuf_free(&name);
}

/* An if (or elif): an else-if is a flat increment; a plain if is structural and nests
 * its body. */
static void enter_if(struct walk *w, struct frame *f, TSNode n)
{
	if (f->else_if || (f->kind & K_ELIF)) {
		decision(w, C_ELSE_IF, n);
		flat(w, C_ELSE_IF, n);
	} else {
		decision(w, C_IF, n);
		structural(w, C_IF, n);
		nest(f, 1, 1);
	}
}

/* The constructs that nest what they contain: ifs, loops, switches, catches and
 * conditional operators, which also count; try and with only deepen control nesting.
 * A node is at most one of these, in this order of precedence. */
static void enter_structure(struct walk *w, struct frame *f, TSNode n, int modified)
{
	uint32_t k = f->kind;
	if (k & (K_IF | K_ELIF)) {
		enter_if(w, f, n);
	} else if (k & (K_LOOP | K_COG_LOOP)) {
		if (k & K_LOOP)
			decision(w, C_LOOP, n);
		structural(w, C_LOOP, n);
		nest(f, 1, 1);
	} else if (k & K_SWITCH) {
		if (modified)
			decision(w, C_SWITCH, n);
		structural(w, C_SWITCH, n);
		nest(f, 1, 1);
	} else if (k & K_CATCH) {
		decision(w, C_CATCH, n);
		structural(w, C_CATCH, n);
		nest(f, 1, 0);
	} else if (k & K_TERNARY) {
		decision(w, C_TERNARY, n);
		structural(w, C_TERNARY, n);
		nest(f, 1, 0);
	} else if (k & (K_TRY | K_WITH)) {
		nest(f, 0, 1);
	}
}

/* Whether a case counts for CCN: not under --modified (the switch counted instead), and
 * only when the language's hook, if any, says so (a default or a fallthrough may not). */
static int case_is_counted(struct walk *w, TSNode n, int modified)
{
	const struct lang_spec *spec = w->rt->spec;
	return !modified && (!spec->case_counts || spec->case_counts(n, w->src));
}

/* Whether frame f is a match guard (case x if y:), which is part of its case, not a
 * comprehension clause. */
static int is_match_guard(struct walk *w, const struct frame *f)
{
	return w->rt->f_guard && f->field == w->rt->f_guard;
}

/* Branch points that add to CCN without nesting: cases, comprehension clauses, ?
 * operators and preprocessor conditionals (which add to cognitive complexity too). */
static void enter_branches(struct walk *w, struct frame *f, TSNode n, int modified)
{
	uint32_t k = f->kind;
	if ((k & K_CASE) && case_is_counted(w, n, modified))
		decision(w, C_CASE, n);
	if ((k & K_COMPREHENSION) && !is_match_guard(w, f))
		decision(w, C_COMPREHENSION, n);
	if (k & K_TRY_OP)
		decision(w, C_TRY_OPERATOR, n);
	if (k & K_PREPROC) {
		decision(w, C_PREPROCESSOR, n);
		flat(w, C_PREPROCESSOR, n);
	}
}

/* Jumps and calls: goto and labelled jumps add to cognitive complexity, exits are counted,
 * and a call may be a recursion. */
static void enter_jumps(struct walk *w, struct frame *f, TSNode n)
{
	uint32_t k = f->kind;
	if (k & K_GOTO)
		flat(w, C_GOTO, n);
	if ((k & K_JUMP) && has_label(w, n))
		flat(w, C_LABELED_JUMP, n);
	if ((k & K_EXIT) && current_unit(w))
		current_unit(w)->exits++;
	if (k & K_CALL)
		check_recursion(w, n);
}

/* Everything a node adds to the metrics of the unit it is in, in a fixed order (which is
 * the order of the increments `explain` lists). */
static void enter_decisions(struct walk *w, struct frame *f, TSNode n)
{
	int modified = (w->opt->flags & ANALYZE_MODIFIED_CCN) != 0;

	enter_structure(w, f, n, modified);
	enter_branches(w, f, n, modified);
	enter_jumps(w, f, n);
}

/* A statement that is only a string (a docstring) counts as comment lines. */
static int is_docstring(struct walk *w, TSNode n)
{
	if (ts_node_named_child_count(n) != 1)
		return 0;
	TSSymbol s = ts_node_symbol(ts_node_named_child(n, 0));
	return s < w->rt->nsymbols && (w->rt->kinds[s] & K_ATOM)
	       && strcmp(ts_node_type(ts_node_named_child(n, 0)), "string") == 0;
}

/* Pushes a zeroed frame for the node under the cursor, with its field and category bits;
 * NULL when memory runs out. Invalidates pointers to other frames. */
static struct frame *frame_push(struct walk *w, TSTreeCursor *cur)
{
	if (grow((void **)&w->frames, &w->frames_cap, w->nframes + 1, sizeof(struct frame)) < 0) {
		w->oom = 1;
		return NULL;
	}
	struct frame *f = &w->frames[w->nframes++];
	memset(f, 0, sizeof(*f));
	f->node = ts_tree_cursor_current_node(cur);
	TSSymbol sym = ts_node_symbol(f->node);
	f->sym = sym;
	f->kind = sym < w->rt->nsymbols ? w->rt->kinds[sym] : 0;
	/* An ERROR node (symbol 65535) is named; a symbol the table does not know is asked. */
	f->named = sym < w->rt->nsymbols ? w->rt->named[sym] : ts_node_is_named(f->node);
	/* The field costs a scan of the parent's field map in this runtime: only asked for
	 * where a rule reads it (nesting headers, bindings, match guards). */
	const struct frame *parent = w->nframes >= 2 ? &w->frames[w->nframes - 2] : NULL;
	if ((parent && (parent->bonus_cognitive || parent->bonus_control))
	    || (f->kind & (K_ANON | K_COMPREHENSION | K_LIST)))
		f->field = ts_tree_cursor_current_field_id(cur);
	return f;
}

/* A non-header child of a nesting construct takes the parent's nesting bonus (undone in
 * leave) and may set the unit's deepest nesting. */
static void inherit_nesting(struct walk *w, const struct frame *parent, struct frame *f)
{
	if (!(parent->bonus_cognitive || parent->bonus_control)
	    || is_header_field(w->rt, f->field))
		return;
	f->got_cognitive = parent->bonus_cognitive;
	f->got_control = parent->bonus_control;
	struct unit_context *c = top(w);
	c->cognitive_level += f->got_cognitive;
	c->control_depth += f->got_control;
	struct unit *u = current_unit(w);
	if (u && c->control_depth > u->nesting)
		u->nesting = c->control_depth;
}

/* The named sibling after an `else` resolves it: an if there is an else-if, anything else
 * makes a plain else. */
static void resolve_pending_else(struct walk *w, struct frame *parent, struct frame *f)
{
	if (!parent->pending_else)
		return;
	parent->pending_else = 0;
	if (f->kind & K_IF)
		f->else_if = 1;
	else
		flat(w, C_ELSE, f->node);
}

/* Comments, docstrings and tokens (leaves and atoms): marks their lines and counts the
 * tokens; returns 1 when f is one of them, whose children are not walked. */
/* Remembers a comment that suppresses metrics; units pick them up in finish_file. */
static void note_suppression(struct walk *w, TSNode n)
{
	size_t len;
	const char *t = node_text(n, w->src, &len);
	uint32_t mask = suppress_parse(t, len);
	if (!mask)
		return;
	if (grow((void **)&w->supps, &w->supps_cap, w->nsupps + 1, sizeof(*w->supps)) < 0) {
		w->oom = 1;
		return;
	}
	w->supps[w->nsupps++] = (struct suppression){ ts_node_start_point(n).row + 1,
						       ts_node_end_point(n).row + 1, mask };
}

static int enter_leaf(struct walk *w, struct frame *f, uint32_t nchildren)
{
	if ((f->kind & K_COMMENT) || ((f->kind & K_DOCSTRING) && is_docstring(w, f->node))) {
		mark_lines(w, f->node, LINE_COMMENT);
		if (f->kind & K_COMMENT)
			note_suppression(w, f->node);
		return 1;
	}
	if (nchildren == 0 || (f->kind & K_ATOM)) {
		token(w, f);
		return 1;
	}
	return 0;
}

/* Enters the node under the cursor; returns 1 when its children are to be walked. */
static int enter(struct walk *w, TSTreeCursor *cur)
{
	struct frame *f = frame_push(w, cur);
	if (!f)
		return 0;
	struct frame *parent = w->nframes >= 2 ? &w->frames[w->nframes - 2] : NULL;
	TSNode n = f->node;
	uint32_t nchildren = ts_node_child_count(n);
	if (f->sym == (TSSymbol)-1)
		mark_error(w, n);	/* ERROR; a MISSING leaf is found in token() */
	if (parent && f->named && !(f->kind & K_COMMENT)) {
		inherit_nesting(w, parent, f);
		resolve_pending_else(w, parent, f);
	}
	if (enter_leaf(w, f, nchildren))
		return 0;
	logical_enter(w, f, parent);
	if (f->kind & (K_UNIT | K_ANON))
		enter_unit_like(w, f, n);
	else if (f->kind & K_SCOPE)
		enter_scope(w, f, n);
	enter_decisions(w, f, n);
	return 1;
}

static void leave(struct walk *w)
{
	struct frame *f = &w->frames[w->nframes - 1];
	if (f->pushed_unit)
		unit_pop(w);
	if (f->pushed_name)
		name_pop(w);
	struct unit_context *c = top(w);
	c->cognitive_level -= f->got_cognitive;
	c->control_depth -= f->got_control;
	w->nframes--;
}

static void walk_tree(struct walk *w, TSTree *tree)
{
	TSNode root = ts_tree_root_node(tree);
	TSTreeCursor cur = ts_tree_cursor_new(root);
	int descend = enter(w, &cur);
	while (!w->oom) {
		if (descend && ts_tree_cursor_goto_first_child(&cur)) {
			descend = enter(w, &cur);
			continue;
		}
		for (;;) {
			leave(w);
			if (ts_tree_cursor_goto_next_sibling(&cur)) {
				descend = enter(w, &cur);
				break;
			}
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
}

/* ---- the whole file --------------------------------------------------------------- */

/* The innermost unit whose span holds line, or NULL. */
static struct unit *innermost_unit(struct record *rec, uint32_t line)
{
	struct unit *best = NULL;
	for (size_t i = 0; i < rec->nunits; i++) {
		struct unit *u = &rec->units[i];
		if (u->line <= line && line <= u->end_line
		    && (!best || u->end_line - u->line < best->end_line - best->line))
			best = u;
	}
	return best;
}

/* Suppression comments on a unit's first line or the line before suppress it; lizard's
 * "#lizard forgives" also from inside (the innermost unit holding it). */
static void apply_suppressions(struct walk *w)
{
	struct record *rec = w->rec;
	for (size_t k = 0; k < w->nsupps; k++) {
		const struct suppression *s = &w->supps[k];
		for (size_t i = 0; i < rec->nunits; i++) {
			struct unit *u = &rec->units[i];
			if (s->last_line + 1 >= u->line && s->first_line <= u->line)
				u->suppressed |= s->mask & SUPPRESS_ALL;
		}
		struct unit *inside = (s->mask & SUPPRESS_LIZARD) ? innermost_unit(rec, s->first_line)
								  : NULL;
		if (inside)
			inside->suppressed |= SUPPRESS_ALL;
	}
}

static void finish_file(struct walk *w, const struct line_table *lt)
{
	apply_suppressions(w);
	struct record *rec = w->rec;
	rec->lines = lt->nlines;
	uint32_t *code_before = calloc((size_t)lt->nlines + 1, sizeof(uint32_t));
	if (!code_before) {
		w->oom = 1;
		return;
	}
	for (uint32_t i = 0; i < lt->nlines; i++) {
		enum line_kind k = lines_classify(lt, i, w->line_marks[i]);
		rec->code += k == LINE_KIND_CODE;
		rec->comment += k == LINE_KIND_COMMENT;
		rec->blank += k == LINE_KIND_BLANK;
		code_before[i + 1] = code_before[i] + (k == LINE_KIND_CODE);
	}
	double ccn_sum = 0;
	for (size_t i = 0; i < rec->nunits; i++) {
		struct unit *u = &rec->units[i];
		uint32_t s = u->line, e = u->end_line > lt->nlines ? lt->nlines : u->end_line;
		u->nloc = e >= s ? code_before[e] - code_before[s - 1] : 0;
		ccn_sum += u->ccn;
	}
	free(code_before);
	rec->hal = w->file_tokens.hal;
	rec->mi = lines_maintainability(halstead_volume(&rec->hal), ccn_sum, rec->code);
}

static void walk_free(struct walk *w)
{
	while (w->nctxs > 0) {
		token_set_free(&w->ctxs[w->nctxs - 1].tokens);
		w->nctxs--;
	}
	free(w->ctxs);
	free(w->supps);
	free(w->frames);
	free(w->name_offsets);
	wbuf_free(&w->names);
	token_set_free(&w->file_tokens);
	free(w->line_marks);
}

static int fallback(struct record *rec, const char *src, size_t len, enum lang_id lang,
		    const char *why)
{
	struct line_table lt;
	if (lines_scan(&lt, src, len) < 0)
		return -1;
	uint8_t *marks = calloc((size_t)lt.nlines + 1, 1);
	if (!marks) {
		lines_free(&lt);
		return -1;
	}
	lines_lexical(&lt, src, len, language_info(lang), marks);
	rec->status = FILE_FALLBACK;
	rec->reason = strdup(why);
	rec->lines = lt.nlines;
	for (uint32_t i = 0; i < lt.nlines; i++) {
		enum line_kind k = lines_classify(&lt, i, marks[i]);
		rec->code += k == LINE_KIND_CODE;
		rec->comment += k == LINE_KIND_COMMENT;
		rec->blank += k == LINE_KIND_BLANK;
	}
	rec->mi = rec->code ? 0 : 100;
	free(marks);
	lines_free(&lt);
	return rec->reason ? 0 : -1;
}

/* Skips a UTF-8 byte order mark: it is not code, and tree-sitter would see an error. */
static void skip_bom(const char **src, size_t *len)
{
	if (*len >= 3 && memcmp(*src, "\xef\xbb\xbf", 3) == 0) {
		*src += 3;
		*len -= 3;
	}
}

/* fallback(), leaving the record cleared when it fails. */
static int fallback_or_clear(struct record *rec, const char *src, size_t len,
			     enum lang_id lang, const char *why)
{
	int rc = fallback(rec, src, len, lang, why);
	if (rc < 0)
		record_clear(rec);
	return rc;
}

/* Allocates the per-line marks for nlines lines and the unit-context stack with file
 * scope at its bottom; -1 when memory runs out (walk_free still frees what was taken). */
static int walk_start(struct walk *w, uint32_t nlines)
{
	w->nlines = nlines;
	w->line_marks = calloc((size_t)nlines + 1, 1);
	w->ctxs = calloc(16, sizeof(*w->ctxs));
	if (!w->line_marks || !w->ctxs)
		return -1;
	w->ctxs_cap = 16;
	w->nctxs = 1;
	w->ctxs[0].unit = -1;
	return 0;
}

/* Pushes the name every qualified name in the file starts with (Go's package), if the
 * language has one. */
static void push_file_prefix(struct walk *w, TSTree *tree)
{
	if (!w->rt->spec->file_prefix)
		return;
	struct wbuf prefix;
	wbuf_init(&prefix);
	w->rt->spec->file_prefix(ts_tree_root_node(tree), w->src, &prefix);
	if (prefix.len)
		name_push(w, &prefix);
	wbuf_free(&prefix);
}

/* Walks tree (parsed from w->src) and fills w->rec; -1 when memory runs out. */
static int walk_file(struct walk *w, TSTree *tree)
{
	struct line_table lt;
	if (lines_scan(&lt, w->src, w->len) < 0)
		return -1;
	int rc = -1;
	if (walk_start(w, lt.nlines) == 0) {
		push_file_prefix(w, tree);
		walk_tree(w, tree);
		if (!w->oom)
			finish_file(w, &lt);
		rc = w->oom ? -1 : 0;
	}
	lines_free(&lt);
	return rc;
}

/* The source as tree-sitter reads it: the rest of the buffer from byte on. */
struct source {
	const char *src;
	uint32_t len;
};

static const char *source_read(void *payload, uint32_t byte, TSPoint position, uint32_t *n)
{
	const struct source *s = payload;
	(void)position;
	*n = byte < s->len ? s->len - byte : 0;
	return s->src + (byte < s->len ? byte : s->len);
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Progress callback: true (stop) once the parse is past its deadline. The runtime calls
 * it every hundred parse operations. */
static bool parse_overdue(TSParseState *state)
{
	const uint64_t *deadline_ns = state->payload;
	return monotonic_ns() > *deadline_ns;
}

/* Parses src; NULL when the parse ran out of time (opt->parse_timeout_us, 0 none). */
static TSTree *parse(TSParser *parser, const char *src, uint32_t len,
		     const struct analyze_options *opt)
{
	struct source s = { src, len };
	TSInput input = { &s, source_read, TSInputEncodingUTF8, NULL };
	uint64_t deadline_ns = opt->parse_timeout_us
				       ? monotonic_ns() + opt->parse_timeout_us * 1000u : 0;
	TSParseOptions po = { &deadline_ns, opt->parse_timeout_us ? parse_overdue : NULL };
	return ts_parser_parse_with_options(parser, NULL, input, po);
}

int analyzer_run(struct analyzer *a, const char *src, size_t len, enum lang_id lang,
		 const struct analyze_options *opt, struct record *out)
{
	memset(out, 0, sizeof(*out));
	out->lang = (uint8_t)lang;
	skip_bom(&src, &len);
	const struct lang_runtime *rt = runtime_for(a, lang);
	if (!rt || len > UINT32_MAX)
		return fallback_or_clear(out, src, len, lang,
					 !rt ? "grammar unavailable" : "too large");
	ts_parser_set_language(a->parser, rt->ts);
	TSTree *tree = parse(a->parser, src, (uint32_t)len, opt);
	if (!tree) {
		ts_parser_reset(a->parser);
		return fallback_or_clear(out, src, len, lang, "parse timed out");
	}

	struct walk w;
	memset(&w, 0, sizeof(w));
	w.a = a;
	w.rt = rt;
	w.opt = opt;
	w.src = src;
	w.len = len;
	w.rec = out;
	wbuf_init(&w.names);
	int rc = walk_file(&w, tree);
	walk_free(&w);
	ts_tree_delete(tree);
	if (rc < 0)
		record_clear(out);
	return rc;
}
