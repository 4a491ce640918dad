/*
 * walk.c - the language-neutral walker that turns a tree-sitter tree into a record.
 *
 * One iterative pass over the tree with our own cursor (tswalk.h), keeping a stack of frames
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
 *  - a unit a sibling head (lang.h) left open for the body that follows it.
 * Units (function-like definitions) push a unit context that owns their counters; file
 * scope is the context at the bottom of that stack and is not reported. Line kinds
 * (code/comment/blank) are collected per physical line and become nloc at the end.
 */
#include "analyze/walk.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/suppress.h"
#include "analyze/tswalk.h"
#include "common/hash.h"

static int all_space(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)t[i] > ' ')
			return 0;
	return 1;
}

static void boolean_operator(struct walk *w, struct frame *parent, TSNode tok, uint64_t kind)
{
	if (!(parent->kind & K_LOGICAL) || parent->logic_root < 0)
		return;
	if (kind & K_COALESCE) {
		walk_decision(w, C_COALESCE, tok);
		return;
	}
	walk_decision(w, C_AND_OR, tok);
	struct frame *root = &w->frames[parent->logic_root];
	uint8_t op = (kind & K_AND) ? 1 : 2;
	if (root->logic_last != op)
		walk_flat(w, C_AND_OR, tok);
	root->logic_last = op;
}

/* The boolean-operator bits of an operator the language tells apart by text (lang.h
 * operator_kind), 0 for any other. */
static uint64_t operator_bits(const struct walk *w, TSNode op)
{
	switch (w->rt->spec->operator_kind(op, w->src)) {
	case LANG_OP_AND:
		return K_AND;
	case LANG_OP_OR:
		return K_OR;
	default:
		return 0;
	}
}

/* What the unit's own name hashes as in its body hash (token_count). */
#define OWN_NAME_MARK 0x6f776e206e616d65ull

/* Counts the token t (len bytes) starting on row: its lines are code, and it goes into the
 * file's Halstead counts and, inside a unit, the unit's counts, token total and body hash;
 * the unit's own name goes into the hash as a fixed mark, so that a renamed function (its
 * recursive calls renamed too) keeps its hash. */
static void token_count(struct walk *w, uint32_t row, const char *t, size_t len, int operand)
{
	mark_text(w, row, t, len, LINE_CODE);
	uint64_t h = hash64(t, len);
	if (token_set_add(&w->file_tokens, h, operand) < 0)
		w->oom = 1;
	struct unit_context *c = top(w);
	if (c->unit < 0)
		return;
	w->rec->units[c->unit].tokens++;
	/* The own name hashes as a marker: a rename keeps the hash, a recursive call added
	 * or removed does not. */
	int own = c->own_len > 0 && len == c->own_len && memcmp(t, c->simple, len) == 0;
	c->hash = hash64_mix(c->hash, own ? OWN_NAME_MARK : h);
	if (token_set_add(&c->tokens, h, operand) < 0)
		w->oom = 1;
}

/* An `else` keyword under an if (or under an else clause of an if) leaves an else pending
 * on its parent, resolved by the next named sibling (enter). */
static void else_word(struct walk *w, struct frame *parent)
{
	const struct frame *grand = w->nframes >= 3 ? &w->frames[w->nframes - 3] : NULL;
	if (parent->kind & K_GUARD)
		return;	/* a guard's else is the guard's own */
	if ((parent->kind & K_IF)
	    || ((parent->kind & K_ELSE_CLAUSE) && grand && (grand->kind & K_IF)))
		parent->pending_else = 1;
}

/* What a token means to its parent: a boolean operator (by type, or by text: lang.h
 * operator_kind) or an else keyword. */
static void token_in_parent(struct walk *w, struct frame *f, struct frame *parent)
{
	if (f->kind & (K_AND | K_OR | K_COALESCE)) {
		boolean_operator(w, parent, f->node, f->kind);
	} else if ((parent->kind & K_LOGICAL) && w->rt->spec->operator_kind) {
		uint64_t bits = operator_bits(w, f->node);
		if (bits)
			boolean_operator(w, parent, f->node, bits);
	}
	if (f->kind & K_ELSE_WORD)
		else_word(w, parent);
}

static int case_is_counted(struct walk *w, TSNode n, int modified);

/* A named leaf of the cases or exits lists: a keyword the grammar names, with no node
 * around its construct (tree-sitter-sql's keyword_when of a CASE arm, keyword_return). A
 * case counts as a case node does (case_counts decides); an exit as an exit statement. */
static void named_keyword(struct walk *w, const struct frame *f)
{
	int modified = (w->opt->flags & ANALYZE_MODIFIED_CCN) != 0;
	if ((f->kind & K_CASE) && case_is_counted(w, f->node, modified))
		walk_decision(w, C_CASE, f->node);
	if ((f->kind & K_EXIT) && current_unit(w))
		current_unit(w)->exits++;
}

/* Decisions that are single tokens: short-circuits (ESLint's complexity counts them) and
 * case keywords of a grammar without case nodes (lang.h case_tokens). */
static void token_decisions(struct walk *w, const struct frame *f, const struct frame *parent,
			    const char *t, size_t len)
{
	if (f->kind & K_OPTIONAL_CHAIN)
		walk_decision(w, C_OPTIONAL_CHAIN, f->node);
	if (f->kind & K_LOGICAL_ASSIGN)
		walk_decision(w, C_LOGICAL_ASSIGNMENT, f->node);
	if ((f->kind & K_CASE) && !f->named)
		walk_decision(w, C_CASE, f->node);
	if (f->named && (f->kind & (K_CASE | K_EXIT)) && ts_node_child_count(f->node) == 0)
		named_keyword(w, f);
	if (parent && (parent->kind & K_CHAIN_PARENT) && len == 1 && t[0] == '?' && !f->named)
		walk_decision(w, C_OPTIONAL_CHAIN, f->node);	/* Dart's a?[i], ...?xs */
}

/* A leaf (or atom) node: counted when it is not empty, then its meaning to its parent as
 * a boolean operator or an else keyword. */
static void token(struct walk *w, struct frame *f)
{
	size_t len;
	const char *t = lang_node_text(f->node, w->src, &len);
	if (len == 0) {
		/* Only an empty leaf can be MISSING (inserted by error recovery). */
		if (ts_node_is_missing(f->node)
		    && !(w->rt->spec->missing_ok && w->rt->spec->missing_ok(f->node, w->src)))
			walk_mark_error(w, f->node);
		return;
	}
	/* Nor is a line continuation (a backslash before a line break). */
	if (all_space(t, len) || (t[0] == '\\' && all_space(t + 1, len - 1) && memchr(t, '\n', len)))
		return;
	token_count(w, ts_node_start_point(f->node).row, t, len,
		    (f->named && !(f->kind & K_OPERATOR_LEAF))
			    || (f->kind & (K_ATOM | K_SPLICE_STRING)));
	walk_note_last_row(w, f->node);
	struct frame *parent = w->nframes >= 2 ? &w->frames[w->nframes - 2] : NULL;
	token_decisions(w, f, parent, t, len);
	if (parent)
		token_in_parent(w, f, parent);
}

static void check_recursion(struct walk *w, TSNode call)
{
	struct unit_context *c = top(w);
	if (c->unit < 0 || c->simple_len == 0)
		return;
	TSNode callee = w->rt->spec->callee ? w->rt->spec->callee(call)
					    : ts_node_child_by_field_id(call, w->rt->f_function);
	if (ts_node_is_null(callee) || ts_node_child_count(callee) != 0)
		return;
	size_t len;
	const char *t = lang_node_text(callee, w->src, &len);
	if (len == c->simple_len && memcmp(t, c->simple, len) == 0)
		walk_flat(w, C_RECURSION, call);
}

/* The operator of a logical parent without an `operator` field (tree-sitter-swift calls
 * it `op`, and its `a ?? b` has none): its first child that is an and, or or coalesce
 * token. */
static TSNode operator_token(struct walk *w, TSNode n)
{
	uint32_t count = ts_node_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_child(n, i);
		TSSymbol s = ts_node_symbol(c);
		if (s < w->rt->nsymbols && (w->rt->kinds[s] & (K_AND | K_OR | K_COALESCE)))
			return c;
	}
	return ts_node_child_by_field_id(n, w->rt->f_operator);
}

/* The boolean operator of a logical_parents node whose operators are named nodes in no
 * field (tree-sitter-elm's flat bin_op_expr, a || b && c, holds `operator` nodes among
 * its operands): its first named child that operator_kind calls one, or a null node. */
static TSNode named_operator(struct walk *w, TSNode n)
{
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		if (w->rt->spec->operator_kind(c, w->src))
			return c;
	}
	return (TSNode){ 0 };
}

/* What the operator of a logical_parents node is: K_AND, K_OR or K_COALESCE bits, 0 for
 * any other operator (or none). */
static uint64_t logical_operator(struct walk *w, TSNode n)
{
	TSNode op = ts_node_child_by_field_id(n, w->rt->f_operator);
	if (ts_node_is_null(op))
		op = operator_token(w, n);
	if (ts_node_is_null(op) && w->rt->spec->operator_kind)
		op = named_operator(w, n);
	if (ts_node_is_null(op))
		return 0;
	if (w->rt->spec->operator_kind)
		return operator_bits(w, op);
	TSSymbol s = ts_node_symbol(op);
	return s < w->rt->nsymbols ? w->rt->kinds[s] & (K_AND | K_OR | K_COALESCE) : 0;
}

/* The node's boolean-expression bookkeeping: roots and inheritance through parentheses
 * (and, for a grammar of one precedence, through other infix operators: lang.h
 * operator_kind). */
static void logical_enter(struct walk *w, struct frame *f, struct frame *parent)
{
	f->logic_root = -1;
	int inherit = parent && parent->logic_root >= 0;
	if (f->kind & K_LOGICAL) {
		if (logical_operator(w, f->node))
			f->logic_root = inherit ? parent->logic_root : (int32_t)(w->nframes - 1);
		else if (inherit && w->rt->spec->operator_kind
			 && !ts_node_is_null(ts_node_child_by_field_id(f->node, w->rt->f_operator)))
			f->logic_root = parent->logic_root;
		else
			f->kind &= ~(uint64_t)K_LOGICAL;	/* arithmetic, comparison, ... */
	} else if ((f->kind & K_PAREN) && inherit && (parent->kind & (K_LOGICAL | K_PAREN))) {
		f->logic_root = parent->logic_root;
	}
}

static void nest(struct frame *f, uint8_t cognitive, uint8_t control)
{
	f->bonus_cognitive = cognitive;
	f->bonus_control = control;
}

/* An anonymous function: a unit of its own, or folded into the enclosing unit, as the
 * unit policy says. Unbound, a named function expression goes by its own name. */
static void enter_anonymous(struct walk *w, struct frame *f, TSNode n, struct wbuf *name)
{
	const struct lang_spec *spec = w->rt->spec;
	if (spec->function_body && w->nframes >= 2
	    && spec->function_body(n, w->frames[w->nframes - 2].node))
		return;	/* the body of the function around it (lang.h) */
	enum unit_policy policy = walk_unit_policy(w);
	int outside = top(w)->unit < 0;
	if (outside || policy != UNITS_FOLD)
		walk_binding_name(w, name);
	if (!outside && policy != UNITS_EACH && !(policy == UNITS_BOUND && name->len > 0)) {
		nest(f, 1, 0);	/* folded into the enclosing unit */
		return;
	}
	if (name->len == 0)
		walk_default_unit_name(w->rt, n, w->src, name);
	walk_unit_push(w, f, n, name);
}

/* 1 when a child of n is of one of the types in list. */
static int has_child_type(TSNode n, const char *const *list)
{
	uint32_t count = ts_node_child_count(n);
	for (uint32_t i = 0; i < count; i++)
		if (lang_in_list(list, ts_node_type(ts_node_child(n, i))))
			return 1;
	return 0;
}

/* 1 when units node n is no unit: a declaration without a body (its tokens belong to the
 * enclosing scope), or a block macro inside a unit (its code is that unit's). */
static int not_a_unit(struct walk *w, TSNode n)
{
	const struct lang_spec *spec = w->rt->spec;
	if (spec->unit_body && ts_node_is_null(lang_child(n, spec->unit_body)))
		return 1;	/* no body in the body's field */
	if (spec->declaration && spec->declaration(n, w->src))
		return 1;	/* the language says so */
	if (spec->unit_body_types && !has_child_type(n, spec->unit_body_types))
		return 1;	/* no child of a body's type */
	return spec->nested_block && top(w)->unit >= 0 && spec->nested_block(n, w->src);
}

static void enter_unit_like(struct walk *w, struct frame *f, TSNode n)
{
	const struct lang_spec *spec = w->rt->spec;
	if ((f->kind & K_HEAD) && !f->head)
		return;	/* a signature without a body: a declaration */
	if ((f->kind & K_UNIT) && spec->nested_statement && top(w)->unit >= 0) {
		const char *role = spec->nested_statement(n, w->src);
		if (role) {
			f->kind = lang_role_kinds(w->rt, role);	/* its decisions are counted next */
			return;
		}
	}
	if ((f->kind & K_UNIT) && not_a_unit(w, n))
		return;
	struct wbuf name;
	wbuf_init(&name);
	if (!(f->kind & K_UNIT)) {
		enter_anonymous(w, f, n, &name);
	} else {
		/* A name is read from the repaired copy, if any: no removed macro in it. */
		const char *text = w->repaired ? w->repaired : w->src;
		if (spec->unit_name)
			spec->unit_name(n, text, &name);
		else
			walk_default_unit_name(w->rt, n, text, &name);
		walk_unit_push(w, f, n, &name);
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
		walk_default_unit_name(w->rt, n, w->src, &name);
	if (name.len > 0) {
		walk_name_push(w, &name);
		f->pushed_name = 1;
	}
	wbuf_free(&name);
	if (top(w)->unit >= 0)
		walk_scope_context_push(w, f);
}

/* An if (or elif): an else-if is a flat increment; a plain if is structural and nests
 * its body. */
static void enter_if(struct walk *w, struct frame *f, TSNode n)
{
	if (f->else_if || (f->kind & K_ELIF)) {
		walk_decision(w, C_ELSE_IF, n);
		walk_flat(w, C_ELSE_IF, n);
	} else {
		walk_decision(w, C_IF, n);
		walk_structural(w, C_IF, n);
		nest(f, 1, 1);
	}
}

/* The constructs that nest what they contain: ifs, loops, switches, catches and
 * conditional operators, which also count; try and with only deepen control nesting.
 * A node is at most one of these, in this order of precedence. */
static void enter_structure(struct walk *w, struct frame *f, TSNode n, int modified)
{
	uint64_t k = f->kind;
	if (k & (K_IF | K_ELIF)) {
		enter_if(w, f, n);
	} else if (k & (K_LOOP | K_COG_LOOP)) {
		if (k & K_LOOP)
			walk_decision(w, C_LOOP, n);
		walk_structural(w, C_LOOP, n);
		nest(f, 1, 1);
	} else if (k & K_SWITCH) {
		if (modified)
			walk_decision(w, C_SWITCH, n);
		walk_structural(w, C_SWITCH, n);
		nest(f, 1, 1);
	} else if (k & K_CATCH) {
		walk_decision(w, C_CATCH, n);
		walk_structural(w, C_CATCH, n);
		nest(f, 1, 0);
	} else if (k & K_TERNARY) {
		walk_decision(w, C_TERNARY, n);
		walk_structural(w, C_TERNARY, n);
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

/* Whether n, a node that may hold a default value (a parameter, a destructuring target),
 * holds one. */
static int has_default_value(struct walk *w, TSNode n)
{
	const struct lang_runtime *rt = w->rt;
	return (rt->f_value && !ts_node_is_null(ts_node_child_by_field_id(n, rt->f_value)))
	       || (rt->f_right && !ts_node_is_null(ts_node_child_by_field_id(n, rt->f_right)));
}

/* Branch points that add to CCN without nesting: cases, comprehension clauses, ?
 * operators, default values, optional chains that are nodes (C#'s a?.b) and preprocessor
 * conditionals (which add to cognitive complexity too). */
static void enter_branches(struct walk *w, struct frame *f, TSNode n, int modified)
{
	uint64_t k = f->kind;
	if ((k & K_CASE) && case_is_counted(w, n, modified))
		walk_decision(w, C_CASE, n);
	if ((k & K_COMPREHENSION) && !is_match_guard(w, f))
		walk_decision(w, C_COMPREHENSION, n);
	if (k & K_TRY_OP)
		walk_decision(w, C_TRY_OPERATOR, n);
	if ((k & K_DEFAULT_VALUE) && has_default_value(w, n))
		walk_decision(w, C_DEFAULT_VALUE, n);
	if (k & K_OPTIONAL_NODE)
		walk_decision(w, C_OPTIONAL_CHAIN, n);
	if (k & K_PREPROC) {
		walk_decision(w, C_PREPROCESSOR, n);
		walk_flat(w, C_PREPROCESSOR, n);
	}
}

/* Jumps and calls: goto and labelled jumps add to cognitive complexity, exits are counted,
 * and a call may be a recursion or (lang.h call_decision) a loop. */
static void enter_jumps(struct walk *w, struct frame *f, TSNode n)
{
	uint64_t k = f->kind;
	if (k & K_GOTO)
		walk_flat(w, C_GOTO, n);
	int transfer = TRANSFER_NONE;
	if (w->rt->spec->transfer_kind && (k & (K_EXIT | K_JUMP)))
		transfer = w->rt->spec->transfer_kind(n, w->src);
	else if (k & K_JUMP)
		transfer = lang_has_child_of_kind(w->rt, n, K_LABEL) ? TRANSFER_LABELED_JUMP : TRANSFER_JUMP;
	else if (k & K_EXIT)
		transfer = TRANSFER_EXIT;
	if (transfer == TRANSFER_LABELED_JUMP)
		walk_flat(w, C_LABELED_JUMP, n);
	if (transfer == TRANSFER_EXIT && current_unit(w))
		current_unit(w)->exits++;
	if (k & K_CALL) {
		check_recursion(w, n);
		if (w->rt->spec->call_decision && current_unit(w)
		    && w->rt->spec->call_decision(n, w->src))
			walk_decision(w, C_LAMBDA, n);
	}
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

/* Pushes a zeroed frame for the node under the cursor, with its field and category bits;
 * NULL when memory runs out. Invalidates pointers to other frames. */
static struct frame *frame_push(struct walk *w, const struct tswalk *cur)
{
	if (walk_grow((void **)&w->frames, &w->frames_cap, w->nframes + 1, sizeof(struct frame)) < 0) {
		w->oom = 1;
		return NULL;
	}
	struct frame *f = &w->frames[w->nframes++];
	memset(f, 0, sizeof(*f));
	f->node = tswalk_node(cur);
	TSSymbol sym = ts_node_symbol(f->node);
	f->sym = sym;
	f->kind = sym < w->rt->nsymbols ? w->rt->kinds[sym] : 0;
	/* An ERROR node (symbol 65535) is named; a symbol the table does not know is asked. */
	f->named = sym < w->rt->nsymbols ? w->rt->named[sym] : ts_node_is_named(f->node);
	const struct frame *parent = w->nframes >= 2 ? &w->frames[w->nframes - 2] : NULL;
	if (w->rt->spec->node_role && parent && f->named) {
		/* One node type for many constructs (lang.h node_role). */
		const char *role = w->rt->spec->node_role(f->node, parent->node, w->src);
		if (role)
			f->kind = lang_role_kinds(w->rt, role);
	}
	/* The field costs a scan of the parent's field map in this runtime: only asked for
	 * where a rule reads it (nesting headers, bindings, match guards). */
	if ((parent && (parent->bonus_cognitive || parent->bonus_control))
	    || (f->kind & (K_ANON | K_COMPREHENSION | K_LIST)))
		f->field = tswalk_field(cur);
	return f;
}

/* 1 when f, a child of the nesting construct parent, is outside its body where only the
 * body nests (the language's body_only_nesting: a header without field names). */
static int outside_body(const struct walk *w, const struct frame *parent, const struct frame *f)
{
	const struct lang_spec *spec = w->rt->spec;
	return spec->body_only_nesting && f->field != w->rt->f_body
	       && lang_in_list(spec->body_only_nesting, ts_node_type(parent->node));
}

/* A non-header child of a nesting construct takes the parent's nesting bonus (undone in
 * leave) and may set the unit's deepest nesting. */
static void inherit_nesting(struct walk *w, const struct frame *parent, struct frame *f)
{
	if (!(parent->bonus_cognitive || parent->bonus_control)
	    || lang_is_header_field(w->rt, f->field) || outside_body(w, parent, f))
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
 * makes a plain else. In a language whose else-if is only its own keyword (Ruby's elsif:
 * spec else_if_nests) an if there is nested in the else. */
static void resolve_pending_else(struct walk *w, struct frame *parent, struct frame *f)
{
	if (!parent->pending_else)
		return;
	parent->pending_else = 0;
	if (f->kind & K_ELSE_WRAPPER)
		f->pending_else = 1;	/* its child resolves it */
	else if ((f->kind & K_IF) && !w->rt->spec->else_if_nests)
		f->else_if = 1;
	else
		walk_flat(w, C_ELSE, f->node);
}

/* Remembers a comment that suppresses metrics; units pick them up in finish_file. */
static void note_suppression(struct walk *w, TSNode n)
{
	size_t len;
	const char *t = lang_node_text(n, w->src, &len);
	uint32_t mask = suppress_parse(t, len);
	if (!mask)
		return;
	if (walk_grow((void **)&w->supps, &w->supps_cap, w->nsupps + 1, sizeof(*w->supps)) < 0) {
		w->oom = 1;
		return;
	}
	uint32_t first = ts_node_start_point(n).row + 1;
	w->supps[w->nsupps++] = (struct suppression){ first, ts_node_end_point(n).row + 1,
						       first + suppress_line(t, len), mask,
						       suppress_before(w->src, w->len, ts_node_start_byte(n)) };
}

/*
 * Strings with substitutions (JS template literals, Python f-strings): the code of each
 * substitution is walked like any other code, and the text around it -- from the string's
 * start, or from the end of the previous substitution's code, to the start of the next
 * code or the string's end, delimiters included -- is one token: `a${x}b` is the three
 * tokens `a${, x and }b`. A string without substitutions stays one token.
 */
enum { SPLICE_SKIP, SPLICE_DESCEND, SPLICE_CODE };

/* Counts the split string s's text from its piece_start to byte end as one token. */
static void splice_piece(struct walk *w, const struct frame *s, uint32_t end)
{
	if (end > s->piece_start && end <= w->len)
		token_count(w, s->piece_row, w->src + s->piece_start, end - s->piece_start, 1);
}

/* A child f of a split string (parent->splice) or of one of its substitutions: a
 * substitution is descended into, the first named child of a substitution is its code
 * (the text before it is counted as a piece), everything else is text of the pieces. */
static int enter_spliced(struct walk *w, struct frame *parent, struct frame *f)
{
	if (parent->splice) {
		f->splice_sub = (f->kind & K_SUBSTITUTION) != 0;
		return f->splice_sub ? SPLICE_DESCEND : SPLICE_SKIP;
	}
	if (!f->named || (f->kind & K_COMMENT) || parent->seen_code)
		return SPLICE_SKIP;
	parent->seen_code = 1;
	struct frame *s = parent - 1;
	splice_piece(w, s, ts_node_start_byte(f->node));
	s->piece_start = ts_node_end_byte(f->node);
	s->piece_row = ts_node_end_point(f->node).row;
	return SPLICE_CODE;
}

/* Comments, docstrings and tokens (leaves and atoms): marks their lines and counts the
 * tokens; returns 1 when f is one of them, whose children are not walked. A string with
 * substitutions is not: it is split (see above). */
static int enter_leaf(struct walk *w, struct frame *f, uint32_t nchildren)
{
	if ((f->kind & K_COMMENT) || ((f->kind & K_DOCSTRING) && lang_is_docstring(w->rt, f->node))) {
		walk_mark_lines(w, f->node, LINE_COMMENT);
		if (f->kind & K_COMMENT)
			note_suppression(w, f->node);
		return 1;
	}
	if ((f->kind & K_SPLICE_STRING) && lang_has_child_of_kind(w->rt, f->node, K_SUBSTITUTION)) {
		f->splice = 1;
		f->piece_start = ts_node_start_byte(f->node);
		f->piece_row = ts_node_start_point(f->node).row;
		return 0;
	}
	if (nchildren == 0 || (f->kind & (K_ATOM | K_SPLICE_STRING))) {
		token(w, f);
		return 1;
	}
	return 0;
}

/* 1 when the sibling after the head under cur, comments aside, is a body (lang.h
 * sibling_heads). */
static int body_follows(struct walk *w, const struct tswalk *cur)
{
	struct tswalk c = { 0 };
	int found = 0;
	if (tswalk_copy(&c, cur) < 0)
		w->oom = 1;
	while (!w->oom && tswalk_next_sibling(&c)) {
		TSNode n = tswalk_node(&c);
		if (ts_node_is_extra(n))
			continue;
		TSSymbol s = ts_node_symbol(n);
		found = s < w->rt->nsymbols && (w->rt->kinds[s] & K_HEAD_BODY);
		break;
	}
	w->oom |= c.oom;
	tswalk_free(&c);
	return found;
}

/* A head is left: its unit stays open, on the parent, for the body that follows. What
 * the head got from its parent's nesting is undone now, in the context around the unit. */
static void hand_to_body(struct walk *w, struct frame *f)
{
	if (w->nframes < 2 || !f->pushed_unit || w->nctxs < 2)
		return;
	w->frames[w->nframes - 2].carry_unit = 1;
	struct unit_context *outer = &w->ctxs[w->nctxs - 2];
	outer->cognitive_level -= f->got_cognitive;
	outer->control_depth -= f->got_control;
	f->got_cognitive = f->got_control = 0;
	f->pushed_unit = 0;
}

/* The body after a head takes its unit, which now ends where the body ends and is closed
 * when the body is left. The nesting around the unit is not the unit's own. */
static void take_from_head(struct walk *w, struct frame *parent, struct frame *f)
{
	parent->carry_unit = 0;
	struct unit *u = current_unit(w);
	if (!u)
		return;
	f->pushed_unit = 1;
	TSPoint end = ts_node_end_point(f->node);
	u->end_line = end.row + 1;
	if (end.column == 0 && end.row + 1 > u->line)
		u->end_line--;
}

/* What a node takes from its parent: being a catch (a catch block under a try; the field
 * is known, as a try nests its children and frame_push read it), the unit a sibling head
 * left open, or else the parent's nesting and a pending else. */
static void from_parent(struct walk *w, struct frame *parent, struct frame *f)
{
	if ((f->kind & K_CATCH_BLOCK) && (parent->kind & K_TRY) && f->field == 0)
		f->kind |= K_CATCH;
	if (parent->carry_unit && !ts_node_is_extra(f->node)) {
		take_from_head(w, parent, f);
	} else if (f->named && !(f->kind & K_COMMENT)) {
		inherit_nesting(w, parent, f);
		resolve_pending_else(w, parent, f);
	}
}

/* Enters the node under the cursor; returns 1 when its children are to be walked. */
static int enter(struct walk *w, const struct tswalk *cur)
{
	struct frame *f = frame_push(w, cur);
	if (!f)
		return 0;
	struct frame *parent = w->nframes >= 2 ? &w->frames[w->nframes - 2] : NULL;
	TSNode n = f->node;
	uint32_t nchildren = ts_node_child_count(n);
	if (f->sym == (TSSymbol)-1)
		walk_mark_error(w, n);	/* ERROR; a MISSING leaf is found in token() */
	if (parent)
		from_parent(w, parent, f);
	if (parent && (parent->splice || parent->splice_sub)) {
		int how = enter_spliced(w, parent, f);
		if (how != SPLICE_CODE)
			return how == SPLICE_DESCEND;
	}
	if (enter_leaf(w, f, nchildren))
		return 0;
	logical_enter(w, f, parent);
	if (f->kind & K_HEAD)
		f->head = (uint8_t)body_follows(w, cur);
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
	if (f->splice) {
		splice_piece(w, f, ts_node_end_byte(f->node));
		walk_note_last_row(w, f->node);
	}
	if (f->carry_unit)
		walk_unit_pop(w);	/* a head whose body never came (not expected) */
	if (f->head)
		hand_to_body(w, f);
	if (f->pushed_unit)
		walk_unit_pop(w);
	if (f->pushed_scope)
		walk_scope_context_pop(w);
	if (f->pushed_name)
		walk_name_pop(w);
	struct unit_context *c = top(w);
	c->cognitive_level -= f->got_cognitive;
	c->control_depth -= f->got_control;
	w->nframes--;
}

/* Leaves nodes up to the next sibling and moves there: 1, or 0 at the walk's end. */
static int leave_to_next(struct walk *w, struct tswalk *cur)
{
	for (;;) {
		leave(w);
		if (tswalk_next_sibling(cur))
			return 1;
		if (cur->oom || !tswalk_parent(cur))
			return 0;
	}
}

static void walk_tree(struct walk *w, TSTree *tree)
{
	struct tswalk cur;
	if (tswalk_init(&cur, ts_tree_root_node(tree)) < 0) {
		w->oom = 1;
		return;
	}
	int descend = enter(w, &cur);
	while (!w->oom && !cur.oom) {
		if (!(descend && tswalk_first_child(&cur)) && (cur.oom || !leave_to_next(w, &cur)))
			break;
		descend = enter(w, &cur);
	}
	w->oom |= cur.oom;
	tswalk_free(&cur);
}

/* Walks tree (parsed from w->src) and fills w->rec; -1 when memory runs out. */
int walk_file(struct walk *w, TSTree *tree)
{
	struct line_table lt;
	if (lines_scan(&lt, w->line_src ? w->line_src : w->src, w->len) < 0)
		return -1;
	int rc = -1;
	if (walk_start(w, lt.nlines) == 0) {
		walk_push_file_prefix(w, tree);
		walk_tree(w, tree);
		walk_note_repairs(w);
		if (!w->oom)
			walk_finish_file(w, &lt);
		rc = w->oom ? -1 : 0;
	}
	lines_free(&lt);
	return rc;
}

