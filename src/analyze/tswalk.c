/*
 * tswalk.c - a cursor over a tree's visible nodes (see tswalk.h).
 *
 * The stack holds every level from the start node down to the node under the cursor,
 * hidden levels included (the rules a grammar hides, such as the repeat nodes lists are
 * built from). An entry is a child slot of its parent's subtree, where it starts (after
 * its padding), its index among the parent's production's structural (non-extra)
 * children, whether it is a visible node (so the way up need not ask again), and the
 * scan of its parent's children stopped right after it, so that the step to the next
 * sibling goes on from there. A node is visible when its subtree says so or when
 * the parent's production aliases that structural child; a hidden node with visible
 * descendants is gone through, one without is skipped, as TSTreeCursor does.
 */
#include "analyze/tswalk.h"

#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include "language.h"
#include "subtree.h"
#include "tree.h"
#pragma GCC diagnostic pop

/* Where a level's children are read from: the parent's children, the alias sequence of
 * its production, and the next child's slot, start and structural index. */
struct child_scan {
	const Subtree *children;
	uint32_t count;
	const TSSymbol *aliases;
	uint32_t index, structural;
	Length position;
};

struct tswalk_entry {
	const Subtree *subtree;
	Length position;
	uint32_t structural_child_index;
	uint8_t visible;
	struct child_scan after;	/* the parent's children after this one */
};

static int reserve(struct tswalk *w, uint32_t depth)
{
	if (depth <= w->cap)
		return 0;
	uint32_t cap = w->cap ? w->cap * 2 : 64;
	while (cap < depth)
		cap *= 2;
	struct tswalk_entry *s = realloc(w->stack, (size_t)cap * sizeof(*s));
	if (!s) {
		w->oom = 1;
		return -1;
	}
	w->stack = s;
	w->cap = cap;
	return 0;
}

int tswalk_init(struct tswalk *w, TSNode node)
{
	memset(w, 0, sizeof(*w));
	w->tree = node.tree;
	w->lang = ts_tree_language(node.tree);
	w->root_alias = (TSSymbol)node.context[3];
	if (reserve(w, 1) < 0)
		return -1;
	w->stack[0] = (struct tswalk_entry){
		.subtree = (const Subtree *)node.id,
		.position = { ts_node_start_byte(node), ts_node_start_point(node) },
		.visible = 1,
	};
	w->depth = 1;
	return 0;
}

void tswalk_free(struct tswalk *w)
{
	free(w->stack);
	w->stack = NULL;
	w->depth = w->cap = 0;
}

int tswalk_copy(struct tswalk *dst, const struct tswalk *src)
{
	struct tswalk_entry *keep = dst->stack;
	uint32_t cap = dst->cap;
	*dst = *src;
	dst->stack = keep;
	dst->cap = cap;
	if (reserve(dst, src->depth) < 0)
		return -1;
	memcpy(dst->stack, src->stack, (size_t)src->depth * sizeof(*src->stack));
	return 0;
}

/* The scan of the children of the subtree at level i, from its first child. */
static struct child_scan scan_from_first(const struct tswalk *w, uint32_t i)
{
	Subtree parent = *w->stack[i].subtree;
	struct child_scan s = { 0 };
	s.count = ts_subtree_child_count(parent);
	if (!s.count)
		return s;
	s.children = ts_subtree_children(parent);
	s.aliases = ts_language_alias_sequence(w->lang, parent.ptr->production_id);
	s.position = w->stack[i].position;
	return s;
}

/* The scan's next child as an entry (visible or not); 0 when there is none. */
static inline int scan_next(struct child_scan *s, struct tswalk_entry *out)
{
	if (s->index >= s->count)
		return 0;
	const Subtree *child = &s->children[s->index];
	out->subtree = child;
	out->position = s->position;
	out->structural_child_index = s->structural;
	int visible = ts_subtree_visible(*child);
	if (!ts_subtree_extra(*child)) {
		if (s->aliases && s->aliases[s->structural])
			visible = 1;
		s->structural++;
	}
	out->visible = (uint8_t)visible;
	s->position = length_add(s->position, ts_subtree_size(*child));
	if (++s->index < s->count)
		s->position = length_add(s->position, ts_subtree_padding(s->children[s->index]));
	out->after = *s;
	return 1;
}

static int push(struct tswalk *w, const struct tswalk_entry *e)
{
	if (reserve(w, w->depth + 1) < 0)
		return -1;
	w->stack[w->depth++] = *e;
	return 0;
}

/* Enters the scan's next child that is visible or has visible descendants: 1 visible, 2
 * hidden (to go through), 0 none, -1 out of memory. */
static int enter_next(struct tswalk *w, struct child_scan *s)
{
	struct tswalk_entry e;
	while (scan_next(s, &e)) {
		if (e.visible || ts_subtree_visible_child_count(*e.subtree) > 0)
			return push(w, &e) < 0 ? -1 : e.visible ? 1 : 2;
	}
	return 0;
}

/* Enters the top level's first child that is visible or has visible descendants. */
static int enter_first(struct tswalk *w)
{
	struct child_scan s = scan_from_first(w, w->depth - 1);
	return enter_next(w, &s);
}

int tswalk_first_child(struct tswalk *w)
{
	if (w->oom)
		return 0;
	for (;;) {
		int step = enter_first(w);
		if (step != 2)
			return step == 1;
	}
}

int tswalk_next_sibling(struct tswalk *w)
{
	uint32_t start = w->depth;
	if (w->oom)
		return 0;
	while (w->depth > 1) {
		uint32_t i = --w->depth;
		int left_visible = w->stack[i].visible;
		/* A visible node left on the way up ends the search: its siblings are not ours. */
		if (left_visible && i + 1 < start)
			break;
		struct child_scan s = w->stack[i].after;
		int step = enter_next(w, &s);
		if (step == 2 && !tswalk_first_child(w) && w->oom)
			return 0;	/* (through the hidden node to its first) */
		if (step)
			return step > 0;
	}
	w->depth = start;
	return 0;
}

int tswalk_parent(struct tswalk *w)
{
	if (w->oom)
		return 0;
	for (uint32_t i = w->depth - 1; i-- > 0;) {
		if (w->stack[i].visible) {
			w->depth = i + 1;
			return 1;
		}
	}
	return 0;
}

TSNode tswalk_node(const struct tswalk *w)
{
	const struct tswalk_entry *e = &w->stack[w->depth - 1];
	int extra = ts_subtree_extra(*e->subtree);
	TSSymbol alias = extra ? 0 : w->root_alias;
	if (w->depth > 1 && !extra)
		alias = ts_language_alias_at(w->lang, w->stack[w->depth - 2].subtree->ptr->production_id,
					     e->structural_child_index);
	return ts_node_new(w->tree, e->subtree, e->position, alias);
}

TSFieldId tswalk_field(const struct tswalk *w)
{
	for (uint32_t i = w->depth - 1; i > 0; i--) {
		const struct tswalk_entry *e = &w->stack[i];
		if (i != w->depth - 1 && e->visible)
			break;
		if (ts_subtree_extra(*e->subtree))
			break;
		const TSFieldMapEntry *map, *end;
		ts_language_field_map(w->lang, w->stack[i - 1].subtree->ptr->production_id, &map, &end);
		for (; map < end; map++)
			if (!map->inherited && map->child_index == e->structural_child_index)
				return map->field_id;
	}
	return 0;
}
