/*
 * alloc.h - allocation for the supervisor: the x* functions never return NULL. The first
 * time memory runs out, a reserve set aside at start-up is released, the run is told to
 * stop (as a signal would, with STOP_OUT_OF_MEMORY) and the allocation is retried, so that
 * what was measured is committed and reported; running out again after that prints and
 * exits 4 (internal error).
 */
#ifndef ASSAY_UTIL_ALLOC_H
#define ASSAY_UTIL_ALLOC_H

#include <signal.h>
#include <stddef.h>

/* What the allocator stores in the run's stop flag (struct run_signals) when memory runs
 * out: no signal has this number. */
#define STOP_OUT_OF_MEMORY (-1)
/* The reserve's size: room for the model, the reports and the cache's last commit. */
#define ALLOC_RESERVE_BYTES ((size_t)8 << 20)

/* Sets the reserve aside (mapped, never touched: it costs address space, not memory) and
 * names the flag to set, and the descriptor to wake a poll() through, when memory runs
 * out. Without it (a worker, a test), running out of memory exits 4 at once. */
void alloc_reserve(volatile sig_atomic_t *stop, int wake_fd);
/* Memory ran out (for the x* functions, or for a caller with its own NULL path: a wbuf,
 * SQLite): the reserve released and the run told to stop. 1 when that happened now, so
 * one retry may succeed; 0 when the reserve was gone already (or never set aside). */
int alloc_out_of_memory(void);
/* Set by the test build's testpoints only (tests/support/testpoint.c): the next x*
 * allocation fails as if memory had run out. */
extern volatile int alloc_fail_next;

/* Allocation that cannot fail (see above). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grows *p to hold at least need elements of size elem (doubling). */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);
/* Frees the n strings of v, then v. */
void free_strings(char **v, size_t n);

#endif
