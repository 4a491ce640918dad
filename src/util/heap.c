/*
 * heap.c - the supervisor's malloc heap on transparent huge pages (see heap.h).
 *
 * A warm run over a large tree allocates 100-200 MB of small blocks (the file list, the
 * index, cached summaries and records, the report model), and on a virtual machine each
 * first touch of a 4 KiB page is a trap that costs microseconds: the kernel's warm run
 * took 23 000 page faults (a sixth of its perf samples in the fault handler; going to
 * 2 000 took a third off its time). Linux backs memory advised with
 * MADV_HUGEPAGE by 2 MiB pages when THP is "madvise" (Debian's default), one fault each.
 * glibc advises its heap only under GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which must be
 * in the environment before the process starts; so we do it ourselves, with three malloc
 * settings that keep our blocks in one advised region:
 *
 *   - M_TOP_PAD: the heap grows by TOP_PAD at a time, so one advice covers a run's blocks
 *     (a later call advises what it grew by since);
 *   - M_ARENA_MAX 1: the walker and prefetch threads allocate from that heap too, not from
 *     arenas of their own (their locking was not measurable: they mostly wait on the
 *     kernel);
 *   - M_MMAP_THRESHOLD: blocks up to 32 MiB (the index, the file list's arrays, the
 *     prefetched summaries) come from the heap instead of a mapping of their own.
 *
 * Address space reserved is not memory used: pages are backed when touched, 2 MiB at a
 * time. Nothing is done when RLIMIT_AS or RLIMIT_DATA would make the reservation count
 * against a limit the user set, when the first growth fails (strict overcommit), or in
 * sanitizer builds (their allocator is not malloc's).
 */
#include "util/heap.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef HEAP_HINT_BUILT
#include <sys/resource.h>
#include <unistd.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define TOP_PAD (256u << 20)
#define MMAP_THRESHOLD (32u << 20)
/* A limit at least this far above the reservation leaves it room; below, we stay out. */
#define LIMIT_ROOM ((rlim_t)4 << 30)

static int state;		/* 0 not tried, 1 advised, -1 not available */
static uintptr_t advised_to;	/* the end of the heap already advised */

static int limit_allows(int resource)
{
	struct rlimit rl;
	return getrlimit(resource, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY
	       || rl.rlim_cur >= LIMIT_ROOM;
}

/* Advises [from, the heap's end) in whole huge pages; 0, or -1 when the kernel refused
 * (no THP in this kernel). */
static int advise_to_end(uintptr_t from)
{
	uintptr_t lo = (from + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t hi = (uintptr_t)sbrk(0) & ~(HUGE_PAGE - 1);
	if (hi <= lo)
		return 0;
	if (madvise((void *)lo, hi - lo, MADV_HUGEPAGE) != 0)
		return -1;
	advised_to = hi;
	return 0;
}

/* Back to glibc's defaults, as if never asked (but with the mmap threshold fixed). */
static int heap_undo(void)
{
	mallopt(M_TOP_PAD, 128 * 1024);
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	return -1;
}

static int heap_start(void)
{
	if (!limit_allows(RLIMIT_AS) || !limit_allows(RLIMIT_DATA))
		return -1;
	uintptr_t before = (uintptr_t)sbrk(0);
	if (!mallopt(M_TOP_PAD, (int)TOP_PAD) || !mallopt(M_MMAP_THRESHOLD, (int)MMAP_THRESHOLD))
		return heap_undo();
	/* A block the heap's free top cannot hold makes it grow by TOP_PAD now; volatile,
	 * so the compiler cannot drop the malloc/free pair. */
	void *volatile probe = malloc(HUGE_PAGE);
	int grown = probe && (uintptr_t)sbrk(0) >= before + TOP_PAD / 2;
	free(probe);
	if (!grown || advise_to_end(before) != 0)
		return heap_undo();
	mallopt(M_ARENA_MAX, 1);
	return 1;
}

int heap_hint(void)
{
	if (state == 0)
		state = heap_start();
	else if (state == 1 && (uintptr_t)sbrk(0) >= advised_to + HUGE_PAGE)
		(void)advise_to_end(advised_to);
	return state == 1;
}

#else

int heap_hint(void)
{
	return 0;
}

#endif
