/*
 * keys.c - blob ids from the git index or from the bytes (see keys.h).
 */
#include "git/keys.h"

#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "git/filter.h"
#include "git/index.h"
#include "git/libgit2.h"
#include "git/sha1.h"
#include "util/testpoint.h"

static pthread_t preloader;
static int preloading;	/* the thread was started: keys_shutdown joins it */

static void *preload(void *unused)
{
	(void)unused;
#ifdef __linux__
	/* Behind the worker that parses meanwhile: on two cores, the three of us. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
#endif
	gitlib_preload();	/* a failure is said by the gitlib() call that needs it */
	return NULL;
}

void keys_prepare_hardening(void)
{
	if (preloading || gitlib_loaded())
		return;
	preloading = pthread_create(&preloader, NULL, preload, NULL) == 0;
}

void keys_shutdown(void)
{
	gitindex_forget();
	if (preloading)
		pthread_join(preloader, NULL);
	preloading = 0;
	if (gitlib_loaded())
		git_libgit2_shutdown();
}

int keys_hash(const uint8_t *data, size_t len, uint8_t oid[20])
{
	git_oid id;
	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) != 0 || testpoint_says("keys.attack"))
		return -1;
	memcpy(oid, id.id, 20);
	return 0;
}

int keys_lookup(const uint8_t *data, size_t len, struct file_key *key)
{
	key->plain = !gitlib_loaded();
	if (key->plain)
		sha1_blob_id(data, len, key->oid);
	else if (keys_hash(data, len, key->oid) < 0)
		return -1;
	key->has_oid = 1;
	return 0;
}

int keys_harden(const uint8_t *data, size_t len, struct file_key *key)
{
	if (!key->has_oid || !key->plain)
		return 0;
	uint8_t hardened[20];
	key->plain = 0;
	if (keys_hash(data, len, hardened) < 0 || memcmp(hardened, key->oid, 20) != 0) {
		key->has_oid = 0;	/* a plain id no hardened one confirms keys nothing */
		return -1;
	}
	return 0;
}

/* File i, of root r, is still to key from the index. */
static int to_key(const struct file_list *list, size_t i, size_t r)
{
	const struct file_key *k = &list->keys[i];
	return list->files[i].root == r && !list->verdicts[i].given && !k->has_oid
	       && !k->git_checked;
}

/* Whether any file of root r is still to key (the index is read only then). */
static int root_needs_keys(const struct file_list *list, size_t r)
{
	for (size_t i = 0; i < list->nfiles; i++)
		if (to_key(list, i, r))
			return 1;
	return 0;
}

size_t keys_from_git_index(struct file_list *list)
{
	size_t keyed = 0;
	for (size_t r = 0; r < list->nroots; r++) {
		struct gitfilter *g = root_needs_keys(list, r) ? gitfilter_open(list->root_paths[r], NULL)
							       : NULL;
		for (size_t i = 0; g && i < list->nfiles; i++) {
			const struct file_entry *f = &list->files[i];
			if (!to_key(list, i, r))
				continue;
			list->keys[i].in_git = 1;
			keyed += (size_t)gitfilter_key(g, gitfilter_entry(g, f->relpath), f,
						       &list->keys[i]);
		}
		gitfilter_free(g);
	}
	return keyed;
}
