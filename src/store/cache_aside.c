/*
 * cache_aside.c - the databases moved aside as corrupt (cache.db.corrupt-TIME): only the
 * newest is kept (see cache_prune_aside in cache_impl.h).
 */
#include "store/cache_impl.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ASIDE_PREFIX "cache.db.corrupt-"

/* The time in a moved-aside database's name (cache.db.corrupt-TIME, its -wal or -shm);
 * -1 for any other name. */
static long aside_time(const char *name)
{
	if (strncmp(name, ASIDE_PREFIX, strlen(ASIDE_PREFIX)) != 0)
		return -1;
	const char *digits = name + strlen(ASIDE_PREFIX);
	char *end;
	long t = strtol(digits, &end, 10);
	if (end == digits || *digits < '0' || *digits > '9')
		return -1;
	return *end == '\0' || strcmp(end, "-wal") == 0 || strcmp(end, "-shm") == 0 ? t : -1;
}

/* The newest moved-aside database's time in dir (-1: none). */
static long newest_aside(DIR *d)
{
	long newest = -1;
	struct dirent *e;
	rewinddir(d);
	while ((e = readdir(d)) != NULL) {
		long t = aside_time(e->d_name);
		if (t > newest)
			newest = t;
	}
	return newest;
}

long cache_prune_aside(const struct cache *c, long keep)
{
	DIR *d = opendir(c->dir);
	if (!d)
		return -1;
	if (keep < 0)
		keep = newest_aside(d);
	long removed = 0;
	struct dirent *e;
	rewinddir(d);
	while ((e = readdir(d)) != NULL) {
		long t = aside_time(e->d_name);
		if (t < 0 || t == keep || unlinkat(dirfd(d), e->d_name, 0) < 0)
			continue;
		removed += strchr(e->d_name + strlen(ASIDE_PREFIX), '-') == NULL;
	}
	closedir(d);
	return removed;
}

long cache_prune_corrupt(struct cache *c)
{
	return cache_prune_aside(c, -1);
}
