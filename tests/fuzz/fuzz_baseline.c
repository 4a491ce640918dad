/*
 * fuzz_baseline.c - libFuzzer target for the baseline reader (baseline_parse in
 * src/store/baseline.c): .assay-baseline comes from the repository, so it is parsed as
 * hostile input. An accepted baseline is applied to a record whose units are named after
 * the input's first line, so lookups hit as well as miss. Built with clang
 * -fsanitize=fuzzer, or with tests/fuzz/run_corpus.c where libFuzzer is missing.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/metrics.h"
#include "common/record.h"
#include "store/baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct baseline *b = baseline_parse("fuzz", (const char *)data, size, err, sizeof(err));
	if (!b)
		return 0;
	/* Names taken from the input: "path TAB name" of a line, when there is one. */
	char path[64] = "a.c", name[64] = "f";
	const char *tab = memchr(data, '\t', size);
	if (tab && (size_t)(tab - (const char *)data) < sizeof(path)) {
		memcpy(path, data, (size_t)(tab - (const char *)data));
		path[tab - (const char *)data] = '\0';
		const char *from = tab + 1, *end = (const char *)data + size;
		size_t n = 0;
		while (from + n < end && n + 1 < sizeof(name) && from[n] != '\t' && from[n] != '\n')
			n++;
		memcpy(name, from, n);
		name[n] = '\0';
	}
	struct unit units[2];
	memset(units, 0, sizeof(units));
	units[0].qname = name;
	units[1].qname = "other";
	for (int m = 0; m < MET_COUNT; m++) {
		uint32_t v = 1000;	/* over every default limit */
		memcpy((char *)&units[0] + metric_info((enum metric)m)->offset, &v, sizeof(v));
	}
	struct record rec;
	memset(&rec, 0, sizeof(rec));
	rec.units = units;
	rec.nunits = 2;
	struct thresholds t;
	thresholds_default(&t);
	baseline_apply(b, path, &rec, &t);
	baseline_free(b);
	return 0;
}
