/*
 * fuzz_gitindex.c - libFuzzer target for the git index reader (src/git/index.c): the
 * index file comes from the repository, so it is parsed as hostile input. Each input is
 * parsed; when it is accepted, every entry is looked up by its path and by a prefix of
 * it, and the order and bounds the reader promises are checked (abort on a broken
 * promise, so the fuzzer reports it). Built with clang -fsanitize=fuzzer, or with
 * tests/fuzz/run_corpus.c where libFuzzer is missing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "git/index.h"

/* The cache tree's nodes nest: every child lies inside its parent, and looking a child
 * up by name finds a node of that name. */
static void check_tree(const struct gitindex *ix)
{
	for (size_t i = 0; i < ix->ntree; i++) {
		const struct gitindex_tree *t = &ix->tree[i];
		if (t->end <= i || t->end > ix->ntree || (i == 0) != (t->name_len == 0)
		    || (i == 0 && t->end != ix->ntree) || memchr(t->name, '/', t->name_len))
			abort();
		for (size_t c = i + 1; c < t->end; c = ix->tree[c].end) {
			if (ix->tree[c].end > t->end)
				abort();
			size_t found = gitindex_tree_child(ix, i, ix->tree[c].name,
							   ix->tree[c].name_len);
			if (found == SIZE_MAX || ix->tree[found].name_len != ix->tree[c].name_len
			    || memcmp(ix->tree[found].name, ix->tree[c].name, ix->tree[c].name_len))
				abort();
		}
	}
}

/* A prefix's entries end where gitindex_prefix_end says. */
static void check_prefix_end(const struct gitindex *ix)
{
	for (size_t i = 0; i < ix->n; i += 1 + ix->n / 64) {
		const char *slash = strchr(ix->v[i].path, '/');
		size_t plen = slash ? (size_t)(slash - ix->v[i].path) + 1 : ix->v[i].path_len;
		size_t end = gitindex_prefix_end(ix, i, ix->v[i].path, plen);
		if (end <= i || end > ix->n
		    || (end < ix->n && strncmp(ix->v[end].path, ix->v[i].path, plen) == 0))
			abort();
		for (size_t k = i; k < end; k++)
			if (strncmp(ix->v[k].path, ix->v[i].path, plen) != 0)
				abort();
	}
}

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
		check_tree(&ix);
		check_prefix_end(&ix);
		(void)gitindex_find(&ix, "");
		(void)gitindex_has_prefix(&ix, "zzz/");
		gitindex_close(&ix);	/* not the bytes: parse does not own them */
	} else if (err[0] == '\0') {
		abort();	/* a refusal always says why */
	}
	free(copy);
	return 0;
}
