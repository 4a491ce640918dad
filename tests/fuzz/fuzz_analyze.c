/*
 * fuzz_analyze.c - libFuzzer target for the analysis core (src/analyze/): every byte of a
 * repository's source files reaches it in the worker, C macro recovery included. The
 * first byte picks the language (1 + byte % (LANG_COUNT - 1)), the second the options
 * (bit 0 -m, bit 1 the increments of explain, bits 2-3 the unit policy); the rest is the
 * file. Checks what the supervisor counts on: the analysis finishes, its record is one
 * the supervisor's decoder accepts (a record it refused would turn a measured file into
 * a failed one), and its counts are coherent: code, comment and blank lines add up to the
 * file's lines, every unit lies within them and its NLOC within its length, every
 * increment belongs to a unit. Built with clang -fsanitize=fuzzer (`make fuzz`), or with
 * tests/fuzz/run_corpus.c in `make check`, which replays the fixtures' seeds
 * (make_analyze_corpus.sh makes them at each run) and tests/fuzz/corpus/analyze. Outside
 * sanitizer builds the runtime allocates from the parse heap, as in the worker.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "analyze/parse_heap.h"
#include "common/buf.h"
#include "common/heap.h"
#include "common/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* tree-sitter-sql 0.3.11's external scanner leaks the tag of a dollar-quoted string
 * (third-party code, fetched, not ours to change; tests/unit/test_core.c says how, and the
 * same to make check-asan). Read by LeakSanitizer when there is one, unused when there is
 * none. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tree_sitter_sql_external_scanner_deserialize\n"
	       "leak:tree-sitter-sql/src/scanner.c\n";
}

/* A hang is what libFuzzer's -timeout finds; this bounds a parse the way a worker does. */
#define PARSE_TIMEOUT_US 5000000u

static void check_units(const struct record *r)
{
	for (size_t i = 0; i < r->nunits; i++) {
		const struct unit *u = &r->units[i];
		if (u->line < 1 || u->end_line < u->line || u->end_line > r->lines + 1)
			abort();
		if (u->nloc > u->end_line - u->line + 1 || !u->name || !u->qname)
			abort();
		if (strlen(u->name) > RECORD_MAX_NAME || strlen(u->qname) > RECORD_MAX_NAME)
			abort();	/* what record_decode would refuse */
	}
	for (size_t i = 0; i < r->nincrements; i++)
		if (r->increments[i].unit >= r->nunits)
			abort();
}

/* The record as the worker sends it, decoded as the supervisor reads it. */
static void check_round_trip(const struct record *r)
{
	struct wbuf out;
	wbuf_init(&out);
	record_encode(r, &out);
	struct record back;
	if (out.failed || record_decode(out.data, out.len, &back) < 0)
		abort();
	if (back.nunits != r->nunits || back.lines != r->lines || back.status != r->status)
		abort();
	record_clear(&back);
	wbuf_free(&out);
}

#ifndef HEAP_SANITIZED
static void out_of_memory(void)
{
	abort();	/* not under a fuzzer's inputs */
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct analyzer *a;
	if (size < 2)
		return 0;
#ifndef HEAP_SANITIZED
	/* The worker's allocator for the runtime; a sanitizer build keeps malloc, whose
	 * every block it sees. */
	if (!a)
		parse_heap_install(out_of_memory);
#endif
	if (!a && !(a = analyzer_new()))
		abort();
	enum lang_id lang = (enum lang_id)(1 + data[0] % (LANG_COUNT - 1));
	struct analyze_options opt = { data[1] & ANALYZE_FLAGS_MASK, PARSE_TIMEOUT_US };
	struct record r;
	if (analyzer_run(a, (const char *)data + 2, size - 2, lang, &opt, &r) < 0)
		abort();	/* memory ran out: not under a fuzzer's inputs */
	if (r.lang != lang || r.code + r.comment + r.blank != r.lines)
		abort();
	check_units(&r);
	check_round_trip(&r);
	record_clear(&r);
	return 0;
}
