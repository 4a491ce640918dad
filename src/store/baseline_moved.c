/*
 * baseline_moved.c - an entry whose function left a file that is still there (moved to
 * another file, or a new one) stands for the unit with its body elsewhere (see
 * baseline.h). Unlike a gone file's entries, whether one left is known only once its file
 * is measured, so these are matched after every file is settled, in path order.
 */
#include "store/baseline.h"
#include "store/baseline_impl.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void baseline_note_left(struct baseline *b, const char *path, const struct record *rec)
{
	size_t lo, hi, len = strlen(path);
	if (!b || !b->n)
		return;
	baseline_file_range(b, path, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		struct baseline_entry *e = &b->v[i];
		int here = !e->has_hash || baseline_entry_names_a_unit(e, len, rec);
		for (size_t k = 0; k < rec->nunits && !here; k++)
			here = rec->units[k].body_hash == e->hash;
		e->left = !here;
	}
}

static void list_left(struct baseline *b)
{
	b->left_listed = 1;
	b->left = xcalloc(b->n + 1, sizeof(*b->left));
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].left)
			b->left[b->nleft++] = &b->v[i];
	if (b->nleft)
		qsort(b->left, b->nleft, sizeof(*b->left), baseline_by_hash);
}

uint32_t baseline_accept_moved(struct baseline *b, const struct unit *u,
			       const struct thresholds *t, int by_name, int *took)
{
	uint32_t over = b && b->n ? unit_violations(t, u) : 0;
	*took = 0;
	if (!over)
		return 0;
	if (!b->left_listed)
		list_left(b);
	struct baseline_entry *pick = NULL;
	const struct baseline_entry *const *left = (const struct baseline_entry *const *)b->left;
	for (size_t i = baseline_first_with_hash(left, b->nleft, u->body_hash); i < b->nleft && !pick;
	     i++) {
		struct baseline_entry *e = b->left[i];
		if (e->hash != u->body_hash)
			break;
		if (!e->taken && (!by_name || strcmp(baseline_entry_name(e), u->qname) == 0))
			pick = e;
	}
	if (!pick)
		return 0;
	pick->taken = pick->used = 1;
	*took = 1;
	return baseline_entry_accepts(pick, u, over);
}

size_t baseline_moved_taken(const struct baseline *b)
{
	size_t n = 0;
	for (size_t i = 0; b && i < b->n; i++)
		n += b->v[i].taken;
	return n;
}
