/*
 * memwatch.c - memory during a run (see memwatch.h).
 */
#include "engine/memwatch.h"

#include <stdio.h>
#include <unistd.h>

#include "util/testpoint.h"

uint64_t memwatch_available(void)
{
	FILE *f = fopen(testpoint_file("/proc/meminfo"), "re");
	if (!f)
		return 0;
	char line[128];
	unsigned long long kb = 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb << 10;
}

uint64_t memwatch_resident(pid_t pid)
{
	char path[64];
	if (pid)
		snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/statm");
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	unsigned long long size = 0, resident = 0;
	int ok = fscanf(f, "%llu %llu", &size, &resident) == 2;
	fclose(f);
	long page = sysconf(_SC_PAGESIZE);
	return ok && page > 0 ? (uint64_t)resident * (uint64_t)page : 0;
}

uint64_t memwatch_worker_share(const struct engine_params *opt, int workers)
{
	uint64_t own = memwatch_resident(0);
	uint64_t left = opt->memory_total > own ? opt->memory_total - own : 0;
	return left / (uint64_t)(workers > 0 ? workers : 1);
}

int memwatch_affordable(const struct engine_params *opt, int wanted)
{
	uint64_t afford = (uint64_t)wanted;
	uint64_t avail = memwatch_available();
	if (avail && avail / (256ull << 20) < afford)
		afford = avail / (256ull << 20);
	uint64_t fit = opt->memory_total ? memwatch_worker_share(opt, 1) / MEMWATCH_WORKER_MIN
					 : afford;
	if (fit < afford)
		afford = fit;
	return afford < 1 ? 1 : (int)afford;
}
