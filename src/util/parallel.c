/*
 * parallel.c - a loop run on the online CPUs (see parallel.h).
 */
#include "util/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

struct loop {
	size_t n, chunk;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	atomic_size_t next;
};

static void *run_chunks(void *arg)
{
	struct loop *l = arg;
	for (;;) {
		size_t from = atomic_fetch_add(&l->next, l->chunk);
		if (from >= l->n)
			return NULL;
		for (size_t i = from; i < l->n && i < from + l->chunk; i++)
			l->fn(l->ctx, i);
	}
}

void parallel_for(size_t n, size_t chunk, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct loop l = { .n = n, .chunk = chunk ? chunk : 1, .fn = fn, .ctx = ctx };
	atomic_init(&l.next, 0);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cpus < 1 ? 1 : cpus > PARALLEL_THREADS ? PARALLEL_THREADS : (int)cpus;
	pthread_t t[PARALLEL_THREADS];
	int started = 0;
	while (n > 4 * l.chunk && started + 1 < want
	       && pthread_create(&t[started], NULL, run_chunks, &l) == 0)
		started++;
	run_chunks(&l);
	for (int k = 0; k < started; k++)
		pthread_join(t[k], NULL);
}
