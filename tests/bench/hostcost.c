/*
 * hostcost.c - bench-hostcost, what this machine charges for the operations a short run of
 * assay is made of, so that `make bench`'s absolute figures can be read against the host.
 *
 *   bench-hostcost
 *
 * Prints one line, "spawn_ms=S fault_us=F syscall_us=C", each the median of its rounds:
 *   spawn_ms    posix_spawn of this program (linked as the worker is) until its exit was
 *               reaped: the least a worker's start costs, and a fair share of a
 *               supervisor's;
 *   fault_us    the first write to a fresh anonymous page (a page fault, the kernel's
 *               zeroed page, its page table entry);
 *   syscall_us  getppid(), the cheapest system call.
 * Where the hypervisor keeps the page tables (shadow or paravirtual paging), a fault and a
 * process start cost many times what they cost on bare metal or with nested paging, and
 * so does the fixed part of every short run: this project's machines measured 1.6-2.2
 * ms, 10-14 us and 1 us (2026-12-06). Exit status: 0, 1 when a measurement could not be made,
 * 2 on a usage error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 21
#define PAGES 512

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_value);
	return v[n / 2];
}

/* One start of this program (/proc/self/exe: the file running, even if it was replaced
 * since) as a child that exits at once; its microseconds, or -1 with errno set. */
static double spawn_once(void)
{
	char *const argv[] = { (char *)"bench-hostcost", (char *)"--exit", NULL };
	char *const envp[] = { NULL };
	pid_t pid;
	double t0 = now_us();
	int rc = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, envp);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	int ws;
	if (waitpid(pid, &ws, 0) != pid || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
		errno = ECHILD;
		return -1;
	}
	return now_us() - t0;
}

/* Microseconds per first write to a fresh anonymous page (never a huge page: with THP
 * "always", 2 MiB aligned would be one fault); -1 when no mapping. */
static double fault_once(void)
{
	long page = sysconf(_SC_PAGESIZE);
	volatile char *p = mmap(NULL, (size_t)(PAGES * page), PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
#ifdef MADV_NOHUGEPAGE
	(void)madvise((void *)p, (size_t)(PAGES * page), MADV_NOHUGEPAGE);
#endif
	double t0 = now_us();
	for (long i = 0; i < PAGES; i++)
		p[i * page] = 1;
	double us = (now_us() - t0) / PAGES;
	munmap((void *)p, (size_t)(PAGES * page));
	return us;
}

static double syscall_once(void)
{
	enum { CALLS = 2000 };
	double t0 = now_us();
	for (int i = 0; i < CALLS; i++)
		(void)getppid();
	return (now_us() - t0) / CALLS;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--exit") == 0)
		return 0;
	if (argc != 1) {
		fprintf(stderr, "usage: bench-hostcost\n");
		return 2;
	}
	double spawn[ROUNDS], fault[ROUNDS], call[ROUNDS];
	for (int i = 0; i < ROUNDS; i++) {
		spawn[i] = spawn_once();
		if (spawn[i] < 0) {
			fprintf(stderr, "bench-hostcost: starting /proc/self/exe: %s\n",
				strerror(errno));
			return 1;
		}
		fault[i] = fault_once();
		if (fault[i] < 0) {
			fprintf(stderr, "bench-hostcost: an anonymous mapping: %s\n", strerror(errno));
			return 1;
		}
		call[i] = syscall_once();
	}
	printf("spawn_ms=%.2f fault_us=%.2f syscall_us=%.3f\n", median(spawn, ROUNDS) / 1e3,
	       median(fault, ROUNDS), median(call, ROUNDS));
	return 0;
}
