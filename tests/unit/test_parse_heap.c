/*
 * test_parse_heap.c - unit tests of the parse heap (src/analyze/parse_heap.h): blocks
 * inside and outside a file, reuse of freed blocks and of slabs, resizing across kinds,
 * big blocks, closing a file, misuse that must abort, running out of memory, and the
 * analyzer on it (records the same file after file). One "ok"/"not ok" line per check,
 * then "N passed, N failed".
 */
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tree_sitter/api.h>

#include "analyze/analyze.h"
#include "analyze/parse_heap.h"
#include "common/heap.h"
#include "tests/unit/check.h"
#include "config.h"

#if defined(ASSAY_SANITIZERS) || defined(__SANITIZE_ADDRESS__)
/* test_out_of_memory asks for more than any allocator gives: under ASan (make
 * check-asan) that must be a NULL from malloc, not an abort. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

/* The runtime's allocator, which parse_heap_install sets (tree-sitter's lib/src/alloc.c
 * keeps it in these globals). */
extern void *(*ts_current_malloc)(size_t);
extern void *(*ts_current_calloc)(size_t, size_t);
extern void *(*ts_current_realloc)(void *, size_t);
extern void (*ts_current_free)(void *);

#define OOM_STATUS 42

static void out_of_memory(void)
{
	_exit(OOM_STATUS);
}

static void fill(void *p, size_t n, unsigned char seed)
{
	unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(seed + i * 7);
}

static int filled(const void *p, size_t n, unsigned char seed)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

/* Runs fn in a child; its exit status, or 128 + the signal that ended it. */
static int in_child(void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static void test_blocks_in_a_file(void)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 256, 257, 511, 512, 513, 4000,
					65535, 65536, 65537, 200000, 3u << 20 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	void *p[N];
	parse_heap_file_begin();
	for (size_t i = 0; i < N; i++) {
		p[i] = ts_current_malloc(sizes[i]);
		fill(p[i], sizes[i], (unsigned char)i);
	}
	void *first_block = p[0];
	int intact = 1, aligned = 1;
	for (size_t i = 0; i < N; i++) {
		intact &= filled(p[i], sizes[i], (unsigned char)i);
		aligned &= ((uintptr_t)p[i] & 15) == 0;
	}
	CHECK(intact, "blocks of every size class, and big ones, keep what was written");
	CHECK(aligned, "every block is 16-byte aligned");

	/* A freed block is the next one of its class. */
	void *was = p[5];
	ts_current_free(p[5]);
	p[5] = ts_current_malloc(sizes[5] - 3);
	CHECK(p[5] == was, "a freed block is handed out again for its size class");

	/* Growing moves the bytes; a big block grows in place or moves, listed either way. */
	for (size_t i = 0; i < N; i++) {
		fill(p[i], sizes[i], (unsigned char)(i + 1));
		p[i] = ts_current_realloc(p[i], sizes[i] * 2 + 40);
	}
	intact = 1;
	for (size_t i = 0; i < N; i++)
		intact &= filled(p[i], sizes[i], (unsigned char)(i + 1));
	CHECK(intact, "resizing a block keeps its bytes, in every class and for big blocks");

	unsigned char *z = ts_current_calloc(300, 7);
	int zero = 1;
	for (size_t i = 0; i < 2100; i++)
		zero &= z[i] == 0;
	CHECK(zero, "calloc's block is zeroed (even one carved where a freed block was)");
	for (size_t i = 0; i < N; i += 2)
		ts_current_free(p[i]);
	parse_heap_file_end();

	/* The next file is carved from the same slab, from its start: the blocks freed
	 * in the closed file are not handed out again. */
	parse_heap_file_begin();
	void *q = ts_current_malloc(sizes[5]);
	void *r = ts_current_malloc(sizes[0]);
	(void)r;
	CHECK(q == first_block, "a file after a closed one carves from the first slab's start, "
	      "not from a block freed in the closed file");
	parse_heap_file_end();
}

static void *bigs[3];

/* Frees the first big block (the last one takes its place in the list), then the last. */
static void free_big_out_of_order(void)
{
	ts_current_free(bigs[0]);
	ts_current_free(bigs[2]);
	ts_current_free(bigs[1]);
}

static void test_big_blocks(void)
{
	parse_heap_file_begin();
	for (int i = 0; i < 3; i++)
		bigs[i] = ts_current_malloc((size_t)(i + 1) << 17);
	CHECK(in_child(free_big_out_of_order) == 0,
	      "big blocks freed in any order keep their places in the list");
	parse_heap_file_end();
}

#ifndef HEAP_SANITIZED
/* The bytes malloc has handed out and not taken back (mapped blocks included). */
static size_t in_use(void)
{
	struct mallinfo2 m = mallinfo2();
	return m.uordblks + m.hblkhd;
}

static void test_closing_gives_back(void)
{
	size_t before = in_use();
	parse_heap_file_begin();
	for (int i = 0; i < 8; i++)
		fill(ts_current_malloc((size_t)2 << 20), (size_t)2 << 20, 1);
	size_t open = in_use();
	parse_heap_file_end();
	CHECK(open - in_use() >= ((size_t)16 << 20),
	      "closing a file frees its big blocks (16 MiB given back)");

	parse_heap_file_begin();
	for (int i = 0; i < 80 * 32; i++)	/* 80 MiB of 32 KiB blocks: 80 slabs and more */
		ts_current_malloc((size_t)32 << 10);
	open = in_use();
	parse_heap_file_end();
	size_t after = in_use();
	CHECK(open - after >= ((size_t)15 << 20) && after - before <= ((size_t)65 << 20),
	      "closing a file keeps 64 slabs for the next one and frees the rest");
}
#endif

static char *kept;

static void free_kept(void)
{
	ts_current_free(kept);
}

static void test_malloc_blocks_outlive_files(void)
{
	kept = ts_current_malloc(40);	/* outside a file: malloc's */
	strcpy(kept, "the parser's own state");
	parse_heap_file_begin();
	kept = ts_current_realloc(kept, 100000);	/* stays malloc's inside a file */
	void *other = ts_current_malloc(64);
	fill(other, 64, 3);
	parse_heap_file_end();
	parse_heap_file_begin();
	void *again = ts_current_malloc(64);
	fill(again, 64, 9);	/* may be where other was: kept must not be */
	parse_heap_file_end();
	CHECK(strcmp(kept, "the parser's own state") == 0,
	      "a block given outside a file outlives the files it was resized in");
	CHECK(in_child(free_kept) == 0,
	      "a malloc block is freed after the file it was resized in is closed");
	ts_current_free(kept);
}

static void *stale;

static void free_stale(void)
{
	ts_current_free(stale);
}

static void resize_stale(void)
{
	(void)ts_current_realloc(stale, 10);
}

static void free_foreign(void)
{
	char *block = calloc(1, 64);
	ts_current_free(block + 32);	/* no head of this heap before it */
}

/* A slab block whose head's capacity was overwritten (by an overrun of the block before
 * it), and a file opened inside a file. */
static void free_bent(void)
{
	parse_heap_file_begin();
	uint64_t *p = ts_current_malloc(48);
	p[-2] = (uint64_t)1 << 20;	/* the head's capacity: no class' */
	ts_current_free(p);
}

static void open_twice(void)
{
	parse_heap_file_begin();
	parse_heap_file_begin();
}

static void test_misuse_aborts(void)
{
	parse_heap_file_begin();
	stale = ts_current_malloc(48);
	parse_heap_file_end();
	CHECK(in_child(free_stale) == 128 + SIGABRT, "freeing a block of a closed file aborts");
	CHECK(in_child(resize_stale) == 128 + SIGABRT, "resizing a block of a closed file aborts");
#ifndef HEAP_SANITIZED
	/* Its head is freed memory: under AddressSanitizer, reading it is what is caught. */
	parse_heap_file_begin();
	stale = ts_current_malloc(1u << 20);
	parse_heap_file_end();
	CHECK(in_child(free_stale) == 128 + SIGABRT, "freeing a big block of a closed file aborts");
#endif
	CHECK(in_child(free_foreign) == 128 + SIGABRT, "freeing a block of another allocator aborts");
	CHECK(in_child(free_bent) == 128 + SIGABRT,
	      "freeing a block whose head's capacity is no size class aborts");
	CHECK(in_child(open_twice) == 128 + SIGABRT, "opening a file inside a file aborts");
}

static void ask_too_much_in_a_file(void)
{
	parse_heap_file_begin();
	(void)ts_current_malloc((size_t)1 << 46);
}

static void ask_too_much_outside(void)
{
	(void)ts_current_calloc((size_t)1 << 40, (size_t)1 << 40);
}

static void test_out_of_memory(void)
{
	CHECK(in_child(ask_too_much_in_a_file) == OOM_STATUS,
	      "a big block that cannot be had calls out_of_memory");
	CHECK(in_child(ask_too_much_outside) == OOM_STATUS,
	      "a calloc whose size overflows calls out_of_memory");
}

/* A C file whose functions are known: two ifs and a loop; a macro statement the
 * recovery repairs. */
static const char source[] =
	"static int f(int a, int b)\n{\n\tif (a)\n\t\treturn 1;\n\tif (b && a)\n\t\treturn 2;\n"
	"\tfor (int i = 0; i < a; i++)\n\t\tb++;\n\treturn b;\n}\n\n"
	"void g(void)\n{\n\tLIST_HEAD(x)\n\tif (y)\n\t\tz();\n}\n";

static void test_analyzer_on_the_heap(void)
{
	struct analyzer *a = analyzer_new();
	struct analyze_options opt = { 0, 0 };
	struct record first;
	int rc = analyzer_run(a, source, sizeof(source) - 1, LANG_C, &opt, &first);
	CHECK(rc == 0 && first.nunits == 2, "the analyzer measures a file on the parse heap");
	CHECK(first.nunits == 2 && first.units[0].ccn == 5 && first.units[1].ccn == 2,
	      "with the counts of a parse on malloc (f: 5, g: 2)");
	int same = 1;
	for (int i = 0; i < 300 && same; i++) {
		struct record again;
		if (analyzer_run(a, source, sizeof(source) - 1, LANG_C, &opt, &again) != 0)
			same = 0;
		else
			same = again.nunits == first.nunits && again.units[0].ccn == 5
			       && again.units[1].ccn == 2 && again.units[0].tokens == first.units[0].tokens
			       && again.units[1].nloc == first.units[1].nloc;
		record_clear(&again);
	}
	CHECK(same, "300 files later the same file measures the same");
	record_clear(&first);
	analyzer_free(a);
}

int main(void)
{
	parse_heap_install(out_of_memory);
	CHECK(parse_heap_installed(), "the heap says it is installed");
	test_blocks_in_a_file();
	test_big_blocks();
#ifndef HEAP_SANITIZED
	test_closing_gives_back();
#endif
	test_malloc_blocks_outlive_files();
	test_misuse_aborts();
	test_out_of_memory();
	test_analyzer_on_the_heap();
	return check_summary();
}
