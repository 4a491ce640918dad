/*
 * keys.c - blob ids from the git index or from the bytes (see keys.h).
 */
#include "git/keys.h"

#include <stdio.h>
#include <string.h>

#include "git/filter.h"
#include "git/index.h"
#include "git/libgit2.h"
#include "git/sha1.h"
#include "git/sha256.h"
#include "util/testpoint.h"

void keys_shutdown(void)
{
	gitindex_forget();
	if (gitlib_loaded())
		git_libgit2_shutdown();
}

/* The key of the bytes whose ids blob_ids() gave: the SHA-1 id and the digest. */
static void key_bytes(const uint8_t oid[20], const uint8_t digest[32], struct file_key *key)
{
	memcpy(key->oid, oid, sizeof(key->oid));
	if (testpoint_says("keys.collide"))
		memset(key->oid, 0x5a, sizeof(key->oid));	/* every content one SHA-1 */
	key->has_oid = 1;
	memcpy(key->digest, digest, sizeof(key->digest));
	key->has_digest = 1;
}

/* Whether the blob id of data with each CRLF made LF (git's clean conversion of a text
 * file checked out with CRLF: core.autocrlf, eol=crlf) is oid. */
static int crlf_blob_is(const uint8_t *data, size_t len, const uint8_t oid[20])
{
	const uint8_t *cr = memchr(data, '\r', len);
	if (!cr)
		return 0;
	size_t pairs = 0;
	for (size_t i = 0; i + 1 < len; i++)
		pairs += data[i] == '\r' && data[i + 1] == '\n';
	if (!pairs)
		return 0;
	struct sha1 s;
	char head[32];
	int n = snprintf(head, sizeof(head), "blob %zu", len - pairs);
	sha1_init(&s);
	sha1_update(&s, head, (size_t)n + 1);	/* the header with its NUL */
	size_t from = 0;
	for (size_t i = 0; i + 1 < len; i++)
		if (data[i] == '\r' && data[i + 1] == '\n') {
			sha1_update(&s, data + from, i - from);
			from = i + 1;	/* the \n goes with the next run */
		}
	sha1_update(&s, data + from, len - from);
	uint8_t got[20];
	sha1_final(&s, got);
	return memcmp(got, oid, 20) == 0;
}

int keys_check_index(const uint8_t *data, size_t len, struct file_key *key)
{
	if (!key->from_index || key->bytes_checked)
		return KEYS_INDEX_OK;
	key->bytes_checked = 1;
	uint8_t oid[sizeof(key->oid)], digest[sizeof(key->digest)];
	blob_ids(data, len, oid, digest);
	if (memcmp(oid, key->oid, sizeof(oid)) == 0) {
		memcpy(key->digest, digest, sizeof(digest));
		key->has_digest = 1;
		return KEYS_INDEX_OK;
	}
	int crlf = crlf_blob_is(data, len, key->oid);
	memcpy(key->index_oid, key->oid, sizeof(key->oid));
	key->has_index_oid = 1;
	key->from_index = 0;
	key_bytes(oid, digest, key);	/* keyed by the bytes, whose ids are at hand */
	return crlf ? KEYS_INDEX_CRLF : KEYS_INDEX_DIFFERS;
}

void keys_lookup(const uint8_t *data, size_t len, struct file_key *key)
{
	uint8_t oid[sizeof(key->oid)], digest[sizeof(key->digest)];
	blob_ids(data, len, oid, digest);
	key_bytes(oid, digest, key);
}

void keys_distrust_index(struct file_key *key)
{
	key->git_checked = 1;
	if (!key->from_index)
		return;
	key->has_oid = key->from_index = 0;
}

int keys_confirmed(const struct file_key *key)
{
	return key->has_oid && (key->from_index
				|| (key->has_index_oid
				    && memcmp(key->index_oid, key->oid, sizeof(key->oid)) == 0));
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
