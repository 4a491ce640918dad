/*
 * pairing.h - how the units of a file's new version pair with those of an old version
 * of it: which old unit each is a version of, and which are unchanged. The gate gates by
 * it (cmd/gate.c) and --strict keeps a suppression the base revision had by it
 * (run/strict.c).
 */
#ifndef ASSAY_PAIRING_H
#define ASSAY_PAIRING_H

#include <stddef.h>
#include <stdint.h>

#include "common/record.h"

struct pairing {
	const struct unit **was;	/* [k]: the old unit k is a version of; NULL: new */
	uint8_t *same;			/* [k]: k's body is unchanged */
	uint8_t *used;			/* [i]: old unit i is paired */
};

/* The arrays for new units of rec and nold old ones, zeroed. */
void pairing_init(struct pairing *pr, size_t nnew, size_t nold);
void pairing_free(struct pairing *pr);

/* Pairs the units of rec with the old version's. Within a name, units pair with an old
 * unit of their body first (deleting or reordering one of several same-named functions,
 * overloads or a getter and a setter, leaves the others unchanged), then with one of
 * their parameter count (f(a) and f(a, b) changed and reordered), then in order; a unit
 * of a new name is unchanged when an old unit left unpaired had its body (a rename). An
 * old unit pairs with one new unit at most, so a function copied beside its original,
 * changed or not, is new. Overloads of one parameter count that are changed and
 * reordered at once cannot be told apart without their types: they pair in order. */
void pair_units(const struct record *old, const struct record *rec, struct pairing *pr);

#endif
