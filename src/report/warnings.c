/*
 * warnings.c - clang-style warnings, one line per violating unit, in lizard -w's exact
 * shape so editors' problem matchers keep working:
 *   path:line: warning: NAME has N NLOC, N CCN, N token, N PARAM, N length
 * Nothing else goes to standard output in this format.
 */
#include "report.h"

int report_warnings(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	const struct file_list *list = m->list;
	for (size_t i = 0; i < list->nfiles; i++) {
		const struct file_entry *f = &list->files[i];
		if (!f->done || f->rec.status > FILE_FALLBACK)
			continue;
		for (size_t k = 0; k < f->rec.nunits; k++) {
			const struct unit *u = &f->rec.units[k];
			if (!unit_violations(m->thresholds, u))
				continue;
			report_put_text(out, f->path);
			fprintf(out, ":%u: warning: ", u->line);
			report_put_text(out, u->qname);
			fprintf(out, " has %u NLOC, %u CCN, %u token, %u PARAM, %u length\n", u->nloc,
				u->ccn, u->tokens, u->params, u->length);
		}
	}
	return ferror(out) ? -1 : 0;
}
