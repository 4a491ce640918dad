/*
 * warnings.c - clang-style warnings, one line per violating unit, in lizard -w's exact
 * shape so editors' problem matchers keep working:
 *   path:line: warning: NAME has N NLOC, N CCN, N token, N PARAM, N length
 * Nothing else goes to standard output in this format.
 */
#include "report/common.h"

#include <stdlib.h>

int report_warnings(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	size_t n;
	struct offender *v = model_violators(m, &n);
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = v[i].unit;
		report_put_text(out, v[i].file->path);
		fprintf(out, ":%u: warning: ", u->line);
		report_put_text(out, u->qname);
		fprintf(out, " has %u NLOC, %u CCN, %u token, %u PARAM, %u length\n", u->nloc,
			u->ccn, u->tokens, u->params, u->length);
	}
	free(v);
	return ferror(out) ? -1 : 0;
}
