/*
 * fuzz_gitindex.c - libFuzzer target for the git index reader (src/gitindex.c): the
 * index file comes from the repository, so it is parsed as hostile input. Each input is
 * parsed; when it is accepted, every entry is looked up by its path and by a prefix of
 * it, and the order and bounds the reader promises are checked (abort on a broken
 * promise, so the fuzzer reports it). Built with clang -fsanitize=fuzzer, or with
 * tests/fuzz/run_corpus.c where libFuzzer is missing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/gitindex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entries(const struct gitindex *ix)
{
	for (size_t i = 0; i < ix->n; i++) {
		const struct gitindex_entry *e = &ix->v[i];
		if (strlen(e->path) != e->path_len || e->path_len == 0 || e->stage > 3)
			abort();
		const struct gitindex_entry *found = gitindex_find(ix, e->path);
		if (!found || strcmp(found->path, e->path) != 0 || found->stage > e->stage)
			abort();
		char prefix[64];
		size_t n = e->path_len < sizeof(prefix) - 1 ? e->path_len : sizeof(prefix) - 1;
		memcpy(prefix, e->path, n);
		prefix[n] = '\0';
		if (!gitindex_has_prefix(ix, prefix))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The reader keeps the bytes: a copy of exactly size bytes, so ASan sees any read
	 * past the end. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct gitindex ix;
	char err[128];
	if (gitindex_parse(&ix, copy, size, err, sizeof(err)) == 0) {
		check_entries(&ix);
		(void)gitindex_find(&ix, "");
		(void)gitindex_has_prefix(&ix, "zzz/");
		free(ix.v);
		free(ix.paths);
	} else if (err[0] == '\0') {
		abort();	/* a refusal always says why */
	}
	free(copy);
	return 0;
}
