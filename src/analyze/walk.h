/*
 * walk.h - the state of one walk over a file's tree and what walk.c and units.c share.
 *
 * walk.c visits the nodes (what each node means: decisions, nesting, tokens); units.c
 * keeps the units the walk opens (their names, counters and increments) and, at the end,
 * the file's totals. The helpers every node or token calls are inline here.
 */
#ifndef ASSAY_ANALYZE_WALK_H
#define ASSAY_ANALYZE_WALK_H

#include <stdint.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "analyze/analyze.h"
#include "analyze/lines.h"
#include "analyze/tables.h"
#include "analyze/tokens.h"
#include "common/buf.h"

struct unit_context {
	long unit;		/* index into the record's units; -1 for file scope */
	uint32_t cognitive_level;
	uint32_t control_depth;
	struct token_set tokens;
	uint64_t hash;
	const char *simple;	/* simple name, for recursion */
	size_t simple_len;
	size_t own_len;		/* simple's length as the body hash marks it, which
				   may_recurse does not zero (0: none) */
	size_t name_depth;	/* name-stack depth to restore on pop */
	uint32_t last_row;	/* row the last token seen in this context ends on, +1
				   (0: none yet); lang.h end_at_last_token */
};

struct frame {
	TSNode node;
	TSSymbol sym;
	uint8_t named;
	uint64_t kind;
	TSFieldId field;
	int32_t logic_root;	/* frame index of this boolean expression's root, or -1 */
	uint8_t logic_last;	/* at a root: last operator seen (1 and, 2 or) */
	uint8_t pending_else;
	uint8_t else_if;	/* this if follows an else */
	uint8_t bonus_cognitive, bonus_control;	/* given to non-header named children */
	uint8_t got_cognitive, got_control;	/* received from the parent */
	uint8_t pushed_unit, pushed_name;
	uint8_t pushed_scope;	/* a scope inside a unit: its body belongs to no unit */
	/* A sibling head (lang.h) followed by its body (head); on the parent, the unit the
	 * last head left open for that body (carry_unit). */
	uint8_t head, carry_unit;
	/* A string with substitutions (splice) and one of its substitutions (splice_sub, which
	 * sets seen_code once its code is entered): the string's text outside the code is one
	 * token per piece, the next piece starting at piece_start (byte) on piece_row. */
	uint8_t splice, splice_sub, seen_code;
	uint32_t piece_start, piece_row;
};

/* A suppression comment: its lines, the line of its "assay:" form and what it
 * suppresses (suppress.h). */
struct suppression {
	uint32_t first_line, last_line, form_line;
	uint32_t mask;
	int before;		/* what precedes it on its line (units.c: apply_suppressions) */
};

struct walk {
	struct analyzer *a;
	const struct lang_runtime *rt;
	const struct analyze_options *opt;
	const char *src;
	size_t len;
	const char *repaired;	/* the copy the tree was parsed from (lang.h repair), or NULL */
	const char *line_src;	/* the text lines are counted on, when not src: a
				   component's whole file (lang.h extract) */
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

static inline struct unit_context *top(struct walk *w)
{
	return &w->ctxs[w->nctxs - 1];
}

static inline struct unit *current_unit(struct walk *w)
{
	long u = top(w)->unit;
	return u >= 0 ? &w->rec->units[u] : NULL;
}

static inline uint32_t line_of(TSNode n)
{
	return ts_node_start_point(n).row + 1;
}

/* Marks the lines of the text t (len bytes, a node starting on row) with bit. Rows are
 * counted the way tree-sitter counts them, by '\n' alone; a node whose text ends with
 * its last line's newline does not reach the line after it. Counting the newlines here
 * costs less than asking the runtime for the node's end point. */
static inline void mark_text(struct walk *w, uint32_t row, const char *t, size_t len, uint8_t bit)
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

/* Grows *p (elem bytes each) to hold need; -1 when memory runs out. */
int walk_grow(void **p, size_t *cap, size_t need, size_t elem);

/* Increments of the current unit at node n: cognitive at the current nesting level
 * (structural), cognitive without it (flat), CCN (decision). */
void walk_structural(struct walk *w, enum construct c, TSNode n);
void walk_flat(struct walk *w, enum construct c, TSNode n);
void walk_decision(struct walk *w, enum construct c, TSNode n);

/* The name stack: scopes and units push their names; qualified names join them. */
void walk_name_push(struct walk *w, const struct wbuf *name);
void walk_name_pop(struct walk *w);
/* Marks the lines of node n with bit (LINE_CODE, LINE_COMMENT). */
void walk_mark_lines(struct walk *w, TSNode n, uint8_t bit);
/* The text of n's name field into out. */
void walk_default_unit_name(const struct lang_runtime *rt, TSNode n, const char *src,
			    struct wbuf *out);
/* Opens a unit for node n named by name (may be empty: "(anonymous)"), marked on f. */
void walk_unit_push(struct walk *w, struct frame *f, TSNode n, struct wbuf *name);
/* Closes the current unit. */
void walk_unit_pop(struct walk *w);
void walk_note_last_row(struct walk *w, TSNode n);
/* A class (or other scope) inside a unit, marked on f: what its body holds outside its
 * methods belongs to no unit, as a class body at file scope does (radon, ESLint). */
void walk_scope_context_push(struct walk *w, struct frame *f);
void walk_scope_context_pop(struct walk *w);
/* The name an anonymous function is bound to (x = function...), into out. */
void walk_binding_name(struct walk *w, struct wbuf *out);
/* The unit policy of this walk: the one asked for, else the language's default. */
enum unit_policy walk_unit_policy(const struct walk *w);
/* n is an ERROR or MISSING node: the file is partial, the current unit flagged. */
void walk_mark_error(struct walk *w, TSNode n);

/* Allocates the per-line marks and the unit-context stack; -1 when memory runs out. */
int walk_start(struct walk *w, uint32_t nlines);
/* Pushes the language's file-wide name prefix (Go's package), if any. */
void walk_push_file_prefix(struct walk *w, TSTree *tree);
/* Units over lines a recovery rule changed are flagged, and those lines hold code. */
void walk_note_repairs(struct walk *w);
/* Suppressions, line counts, NLOC and the file's figures, once the tree is walked. */
void walk_finish_file(struct walk *w, const struct line_table *lt);
void walk_free(struct walk *w);

/* Walks tree (parsed from w->src) and fills w->rec; -1 when memory runs out. */
int walk_file(struct walk *w, TSTree *tree);

#endif
