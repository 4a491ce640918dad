/*
 * fuzz_sfc.c - libFuzzer target for the extraction of a Vue or Svelte component's
 * <script> blocks (src/analyze/lang/sfc.c), which reads a repository's bytes in the
 * worker. Checks what the walker counts on: the copy is as long as the input, keeps every
 * newline where it was, and holds only the input's own bytes or blanks. Built with clang
 * -fsanitize=fuzzer, or with tests/fuzz/run_corpus.c where libFuzzer is missing.
 */
#include <stdint.h>
#include <stdlib.h>

#include "analyze/lang.h"

extern const struct lang_spec lang_vue;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum lang_id as = LANG_NONE;
	const char *src = (const char *)data;
	char *copy = lang_vue.extract(src, size, &as);
	if (!copy)
		return 0;
	if (as != LANG_JAVASCRIPT && as != LANG_TYPESCRIPT && as != LANG_TSX)
		abort();
	for (size_t i = 0; i < size; i++)
		if ((src[i] == '\n') != (copy[i] == '\n') || (copy[i] != src[i] && copy[i] != ' '))
			abort();
	if (copy[size] != '\0')
		abort();
	free(copy);
	return 0;
}
