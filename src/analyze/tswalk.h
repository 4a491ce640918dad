/*
 * tswalk.h - a cursor over a tree's visible nodes in document order, for the walker
 * (walk.c): the moves and answers of tree-sitter's TSTreeCursor that the walker uses,
 * giving the same nodes, fields and positions, at a fraction of the cost.
 *
 * TSTreeCursor rebuilds its child iterator from the parent at every step to the next
 * sibling, and keeps a descendant index the walker never reads; with the hidden "repeat"
 * nodes every list of statements or arguments is built from, a step to the next sibling
 * cost about 520 instructions on Linux's fs/ (8% of a worker's time). This cursor keeps
 * what each level needs for its children (their alias sequence, whether it is visible)
 * on its own stack, computed once per level. It reads tree-sitter's internal layout
 * (subtree.h, language.h) of the pinned runtime (contrib/grammars.lock), so it is
 * compiled with the runtime's private headers; tests/unit/test_tswalk.c checks it
 * against TSTreeCursor node by node on every fixture.
 */
#ifndef ASSAY_TSWALK_H
#define ASSAY_TSWALK_H

#include <stdint.h>
#include <tree_sitter/api.h>

struct tswalk_entry;

struct tswalk {
	const TSTree *tree;
	const TSLanguage *lang;
	TSSymbol root_alias;
	struct tswalk_entry *stack;
	uint32_t depth, cap;
	int oom;		/* a move needed memory that was not there */
};

/* Starts at node (the walk never leaves it). 0, or -1 when memory runs out. */
int tswalk_init(struct tswalk *w, TSNode node);
void tswalk_free(struct tswalk *w);
/* A copy of src into dst (initialised or zeroed; freed with tswalk_free); 0 or -1. */
int tswalk_copy(struct tswalk *dst, const struct tswalk *src);
/* The moves, as ts_tree_cursor_goto_first_child, _next_sibling and _parent: 1 when the
 * cursor moved, 0 when there is no such node or memory ran out. Running out of memory is
 * final: oom is set, the cursor is left anywhere on the way, and every later move
 * returns 0; the caller gives the walk up. */
int tswalk_first_child(struct tswalk *w);
int tswalk_next_sibling(struct tswalk *w);
int tswalk_parent(struct tswalk *w);
/* The node under the cursor and its field in its parent, as
 * ts_tree_cursor_current_node and ts_tree_cursor_current_field_id. */
TSNode tswalk_node(const struct tswalk *w);
TSFieldId tswalk_field(const struct tswalk *w);

#endif
