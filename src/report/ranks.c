/*
 * ranks.c - xenon's aggregate limits over the model (see ranks.h).
 */
#include "report/ranks.h"

#include <stdio.h>

/* The files whose units count: measured, with the units they have (see rank_build). */
static int measured(const struct report_file *f)
{
	return f->done && f->rec->status <= FILE_FALLBACK;
}

static double sum_ccn(const struct report_file *f)
{
	double sum = 0;
	for (size_t k = 0; k < f->rec->nunits; k++)
		sum += f->rec->units[k].ccn;
	return sum;
}

double rank_file_mean(const struct report_file *f)
{
	return measured(f) && f->rec->nunits ? sum_ccn(f) / (double)f->rec->nunits : 0;
}

/* 1 when a mean of rank r breaks the limit max (0: no limit). */
static int worse(char r, char max)
{
	return max && r > max;
}

void rank_build(struct run_model *m)
{
	double sum = 0;
	size_t units = 0;
	m->ranks_broken = 0;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!measured(f))
			continue;
		sum += sum_ccn(f);
		units += f->rec->nunits;
		m->ranks_broken += worse(rank_of_ccn(rank_file_mean(f)), m->rank_max[RANK_MODULES]);
	}
	m->ccn_units = units;
	m->ccn_mean = units ? sum / (double)units : 0;
	m->ranks_broken += worse(rank_of_ccn(m->ccn_mean), m->rank_max[RANK_AVERAGE]);
}

void rank_each(const struct run_model *m, void (*visit)(void *ctx, const struct rank_item *),
	       void *ctx)
{
	char max = m->rank_max[RANK_MODULES];
	for (size_t i = 0; max && i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		double mean = rank_file_mean(f);
		if (measured(f) && worse(rank_of_ccn(mean), max))
			visit(ctx, &(struct rank_item){ RANK_MODULES, f, mean, f->rec->nunits,
							rank_of_ccn(mean), max });
	}
	max = m->rank_max[RANK_AVERAGE];
	if (worse(rank_of_ccn(m->ccn_mean), max))
		visit(ctx, &(struct rank_item){ RANK_AVERAGE, NULL, m->ccn_mean, m->ccn_units,
						rank_of_ccn(m->ccn_mean), max });
}

void rank_item_text(const struct rank_item *it, char *out, size_t len)
{
	snprintf(out, len, "mean CCN %.2f of %s%zu function%s ranks %c, worse than --%s=%c",
		 it->mean, it->file ? "" : "all ", it->units, it->units == 1 ? "" : "s", it->rank,
		 rank_limit_name(it->limit), it->max);
}
