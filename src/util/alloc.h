/*
 * alloc.h - allocation for the supervisor, where running out of memory has no useful
 * recovery: the x* functions print and exit 4 (internal error) instead of returning NULL.
 */
#ifndef ASSAY_UTIL_ALLOC_H
#define ASSAY_UTIL_ALLOC_H

#include <stddef.h>

/* Allocation that cannot fail: on exhaustion it prints and exits 4 (internal error).
 * Used by the supervisor only, where running out of memory has no useful recovery. */
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
