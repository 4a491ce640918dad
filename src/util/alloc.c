/*
 * alloc.c - allocation that cannot fail, and the reserve that lets a run that runs out of
 * memory still report (see alloc.h).
 */
#include "util/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

volatile int alloc_fail_next;
static void *_Atomic reserve;	/* the pointer is atomic (tree-sitter-c reads this form) */
static volatile sig_atomic_t *stop_flag;
static int wake = -1;

void alloc_reserve(volatile sig_atomic_t *stop, int wake_fd)
{
	void *p = mmap(NULL, ALLOC_RESERVE_BYTES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stop_flag = stop;
	wake = wake_fd;
	if (p != MAP_FAILED)
		atomic_store(&reserve, p);
}

int alloc_out_of_memory(void)
{
	alloc_fail_next = 0;
	void *p = atomic_exchange(&reserve, NULL);
	if (!p)
		return 0;
	munmap(p, ALLOC_RESERVE_BYTES);
	if (stop_flag && !*stop_flag)
		*stop_flag = STOP_OUT_OF_MEMORY;
	if (wake >= 0)
		(void)!write(wake, "m", 1);
	return 1;
}

/* Memory ran out for good: there is nothing left to report with. */
static void out_of_memory(void)
{
	static const char msg[] = "assay: error: out of memory\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(4);
}

/* After an allocation failed: the reserve released for one retry, or the end. */
static void failed(void)
{
	if (!alloc_out_of_memory())
		out_of_memory();
}

void *xmalloc(size_t n)
{
	void *p = alloc_fail_next ? NULL : malloc(n ? n : 1);
	if (!p) {
		failed();
		if (!(p = malloc(n ? n : 1)))
			out_of_memory();
	}
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = alloc_fail_next ? NULL : calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		failed();
		if (!(p = calloc(n ? n : 1, size ? size : 1)))
			out_of_memory();
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = alloc_fail_next ? NULL : realloc(p, n ? n : 1);
	if (!q) {
		failed();
		if (!(q = realloc(p, n ? n : 1)))
			out_of_memory();
	}
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xgrow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	*p = xrealloc(*p, n * elem);
	*cap = n;
}

void free_strings(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}
