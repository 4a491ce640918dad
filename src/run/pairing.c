/*
 * pairing.c - a new version's units paired with an old version's (see pairing.h).
 */
#include "run/pairing.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

enum pair_by { PAIR_BODY, PAIR_PARAMS, PAIR_NAME };

void pairing_init(struct pairing *pr, size_t nnew, size_t nold)
{
	*pr = (struct pairing){ xcalloc(nnew + 1, sizeof(*pr->was)), xcalloc(nnew + 1, 1),
				xcalloc(nold + 1, 1) };
}

void pairing_free(struct pairing *pr)
{
	free(pr->was);
	free(pr->same);
	free(pr->used);
	memset(pr, 0, sizeof(*pr));
}

/* Whether old unit o may pair with u by how. */
static int pairs(const struct unit *o, const struct unit *u, enum pair_by how)
{
	return strcmp(o->qname, u->qname) == 0
	       && (how != PAIR_BODY || o->body_hash == u->body_hash)
	       && (how != PAIR_PARAMS || o->params == u->params);
}

/* Pairs unit k of rec with the first unused old unit of its name: of its body, of its
 * parameter count, or any; 1 when it did. */
static int pair_by_name(const struct record *old, const struct record *rec, size_t k,
			enum pair_by how, struct pairing *pr)
{
	const struct unit *u = &rec->units[k];
	for (size_t i = 0; i < old->nunits; i++)
		if (!pr->used[i] && pairs(&old->units[i], u, how)) {
			pr->was[k] = &old->units[i];
			pr->used[i] = 1;
			return 1;
		}
	return 0;
}

void pair_units(const struct record *old, const struct record *rec, struct pairing *pr)
{
	for (size_t k = 0; k < rec->nunits; k++)
		pr->same[k] = (uint8_t)pair_by_name(old, rec, k, PAIR_BODY, pr);
	for (enum pair_by how = PAIR_PARAMS; how <= PAIR_NAME; how++)
		for (size_t k = 0; k < rec->nunits; k++)
			if (!pr->was[k])
				pair_by_name(old, rec, k, how, pr);
	for (size_t k = 0; k < rec->nunits; k++)
		for (size_t i = 0; i < old->nunits && !pr->was[k] && !pr->same[k]; i++)
			if (!pr->used[i] && old->units[i].body_hash == rec->units[k].body_hash)
				pr->same[k] = pr->used[i] = 1;
}
