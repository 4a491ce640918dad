/*
 * abi.c - the build an analysis core is of (see analyzer_abi in analyze.h). Apart from
 * the rest of the core, so that the supervisor, which loads the core instead of linking
 * it (engine/analyzer_lib.h), computes its own without linking any grammar.
 */
#include "analyze/analyze.h"

#include <stdio.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/proto.h"

const char *analyzer_abi(void)
{
	static char abi[96];
	if (!abi[0])
		snprintf(abi, sizeof(abi), "%s/proto %u/record %zu/options %zu", PACKAGE_VERSION,
			 (unsigned)PROTO_VERSION, sizeof(struct record),
			 sizeof(struct analyze_options));
	return abi;
}
