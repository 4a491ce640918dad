/*
 * shard.c - sharing a run's files out between shards (see shard.h).
 */
#include "run/shard.h"

#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "run/lookup.h"
#include "util/alloc.h"

static void hex_digest(crypto_hash_sha256_state *st, char out[SHARD_DIGEST_HEX])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(st, d);
	sodium_bin2hex(out, SHARD_DIGEST_HEX, d, sizeof(d));
}

/* The engines' ids (what a record means) and the run's limits (what it is judged by). */
static void config_digest(const struct run_params *p, char out[SHARD_DIGEST_HEX])
{
	uint64_t engines[LANG_COUNT];
	crypto_hash_sha256_state st;
	lookup_engines(p, engines);
	crypto_hash_sha256_init(&st);
	for (int l = 0; l < LANG_COUNT; l++) {
		unsigned char b[8];
		for (int k = 0; k < 8; k++)
			b[k] = (unsigned char)(engines[l] >> (8 * k));
		crypto_hash_sha256_update(&st, b, sizeof(b));
	}
	for (int m = 0; m < MET_COUNT; m++) {
		char num[32];
		int n = snprintf(num, sizeof(num), "%ld;", p->thresholds.limit[m]);
		crypto_hash_sha256_update(&st, (const unsigned char *)num, (size_t)n);
	}
	crypto_hash_sha256_update(&st, (const unsigned char *)p->rank_max, sizeof(p->rank_max));
	hex_digest(&st, out);
}

struct big_file {
	size_t file;
	uint64_t size;
	char *path;			/* run_stable_path's */
};

static int larger_first(const void *a, const void *b)
{
	const struct big_file *x = a, *y = b;
	if (x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return strcmp(x->path, y->path);
}

/* The files too large to be placed by their hash go, largest first, to the lightest bin
 * (the lowest numbered of equals). */
static void place_big(struct shard_plan *plan, struct big_file *big, size_t nbig,
		      uint64_t *load)
{
	qsort(big, nbig, sizeof(*big), larger_first);
	for (size_t k = 0; k < nbig; k++) {
		unsigned best = 0;
		for (unsigned b = 1; b < plan->total; b++)
			if (load[b] < load[best])
				best = b;
		load[best] += big[k].size;
		plan->bin[big[k].file] = best + 1;
	}
}

int shard_path_inside(const char *p)
{
	size_t len = strlen(p);
	return !(p[0] == '/' || strcmp(p, "..") == 0 || strncmp(p, "../", 3) == 0
		 || strstr(p, "/../") || (len >= 3 && strcmp(p + len - 3, "/..") == 0));
}

void shard_plan_make(const struct run *r, unsigned total, struct shard_plan *plan)
{
	size_t n = r->list.nfiles;
	char buf[2 * PATH_MAX];
	uint64_t bytes = 0;
	crypto_hash_sha256_state st;
	memset(plan, 0, sizeof(*plan));
	plan->total = total;
	plan->bin = xcalloc(n + 1, sizeof(*plan->bin));
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < n; i++)
		if (!r->state[i].done) {
			bytes += r->list.files[i].size;
			plan->files++;
			const char *path = run_stable_path(r, i, buf, sizeof(buf));
			char size[32];
			int len = snprintf(size, sizeof(size), "\n%llu\n",
					   (unsigned long long)r->list.files[i].size);
			crypto_hash_sha256_update(&st, (const unsigned char *)path, strlen(path));
			crypto_hash_sha256_update(&st, (const unsigned char *)size, (size_t)len);
		}
	hex_digest(&st, plan->files_digest);
	config_digest(r->p, plan->config_digest);
	uint64_t big_from = bytes / ((uint64_t)total * 8) + 1;
	uint64_t *load = xcalloc(total, sizeof(*load));
	struct big_file *big = xcalloc(plan->files + 1, sizeof(*big));
	size_t nbig = 0;
	for (size_t i = 0; i < n; i++) {
		if (r->state[i].done)
			continue;
		const struct file_entry *f = &r->list.files[i];
		if (total > 1 && f->size >= big_from) {
			big[nbig++] = (struct big_file){ i, f->size,
							 xstrdup(run_stable_path(r, i, buf, sizeof(buf))) };
			continue;
		}
		unsigned b = (unsigned)(hash_path(run_stable_path(r, i, buf, sizeof(buf))) % total);
		load[b] += f->size;
		plan->bin[i] = b + 1;
	}
	place_big(plan, big, nbig, load);
	for (size_t k = 0; k < nbig; k++)
		free(big[k].path);
	free(big);
	free(load);
}

void shard_plan_pairs(const struct run *r, struct shard_plan *plan)
{
	for (size_t i = 0; i < r->list.nfiles && r->changes; i++) {
		const struct file_change *c = &r->changes[i];
		if (c->side == 1 && c->partner >= 0 && plan->bin[i])
			plan->bin[i] = plan->bin[c->partner] ? plan->bin[c->partner] : plan->bin[i];
	}
}

void shard_plan_free(struct shard_plan *plan)
{
	free(plan->bin);
	plan->bin = NULL;
}

void shard_keep_own(struct run *r, struct shard_plan *plan)
{
	size_t n = r->list.nfiles;
	uint8_t *keep = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		keep[i] = plan->bin[i] == 0 || plan->bin[i] == plan->index;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			plan->bin[k++] = plan->bin[i];
	run_keep_files(r, keep);
	free(keep);
}
