/*
 * heap.c - the malloc heap of the supervisor and of each worker on transparent huge pages
 * (see heap.h).
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
 *
 * The heap starts where the kernel put the break, anywhere in a 2 MiB page: the part
 * below the first boundary cannot be a huge page, and a small run's blocks all fit in
 * it (23 faults of a one-file run's 275 were malloc's, in it); and a huge page's range
 * that malloc wrote to before the advice keeps 4 KiB pages for good. So the break is
 * first moved to one page below a boundary (at most 2 MiB of address space, never
 * touched), where malloc's first writes land, and the heap's blocks fill the huge pages
 * above it.
 *
 * The worker (heap_hint_worker) is the same with a 16 MiB reservation: parsing a 10 KB
 * C file touches about 600 KB of fresh heap, 145 of a fresh worker's 305 page faults
 * (about 3 ms of a changed file's run on this project's virtual machines). Its limits
 * (RLIMIT_AS and RLIMIT_DATA, about 600 MiB by default) leave room for that; a limit
 * under 256 MiB leaves the heap as it is. The reservation is taken from what the limits
 * allow, so a worker near its limit runs out of memory up to 16 MiB sooner.
 */
#include "common/heap.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef HEAP_HINT_BUILT
#include <sys/resource.h>
#include <unistd.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define TOP_PAD (256u << 20)
#define WORKER_TOP_PAD (16u << 20)
#define MMAP_THRESHOLD (32u << 20)
/* A limit at least this many reservations large leaves room; below, we stay out (4 GiB
 * for the supervisor, 256 MiB for a worker). */
#define LIMIT_ROOM 16

static int state;		/* 0 not tried, 1 advised, -1 not available */
static uintptr_t advised_to;	/* the end of the heap already advised */

static int limit_allows(int resource, size_t pad)
{
	struct rlimit rl;
	return getrlimit(resource, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY
	       || rl.rlim_cur >= (rlim_t)pad * LIMIT_ROOM;
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

/* Moves the break to one page below a 2 MiB boundary; its new value, or 0 when it cannot
 * move. malloc's first block and its top's header are written there at once, before the
 * heap is advised: in a huge page's range they would pin it to 4 KiB pages, below it they
 * share the one page every later block fills first. */
static uintptr_t break_below_boundary(void)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t brk_now = (uintptr_t)sbrk(0);
	uintptr_t target = ((brk_now + page + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)) - page;
	if (target != brk_now && sbrk((intptr_t)(target - brk_now)) == (void *)-1)
		return 0;
	return (uintptr_t)sbrk(0);
}

static int heap_start(size_t pad)
{
	if (!limit_allows(RLIMIT_AS, pad) || !limit_allows(RLIMIT_DATA, pad))
		return -1;
	uintptr_t before = break_below_boundary();
	if (!before)
		return -1;
	if (!mallopt(M_TOP_PAD, (int)pad) || !mallopt(M_MMAP_THRESHOLD, (int)MMAP_THRESHOLD))
		return heap_undo();
	/* The first block makes the heap grow by the reservation now. A heap that holds
	 * blocks already (heap_hint called late) may hold that one too: then a block it
	 * cannot hold, long enough that the header malloc writes past its end lands above
	 * the first huge page. volatile, so the compiler cannot drop the malloc/free pairs. */
	void *volatile probe = malloc(64);
	int grown = probe && (uintptr_t)sbrk(0) >= before + pad / 2;
	free(probe);
	if (!grown) {
		probe = malloc(2 * HUGE_PAGE);
		grown = probe && (uintptr_t)sbrk(0) >= before + pad / 2;
		free(probe);
	}
	if (!grown || advise_to_end(before) != 0)
		return heap_undo();
	mallopt(M_ARENA_MAX, 1);
	return 1;
}

static int hint(size_t pad)
{
	if (state == 0)
		state = heap_start(pad);
	else if (state == 1 && (uintptr_t)sbrk(0) >= advised_to + HUGE_PAGE)
		(void)advise_to_end(advised_to);
	return state == 1;
}

int heap_hint(void)
{
	return hint(TOP_PAD);
}

int heap_hint_worker(void)
{
	return hint(WORKER_TOP_PAD);
}

#else

int heap_hint(void)
{
	return 0;
}

int heap_hint_worker(void)
{
	return 0;
}

#endif
