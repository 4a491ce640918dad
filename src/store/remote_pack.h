/*
 * remote_pack.h - a pack: the remote cache's values of a group of files in one signed
 * object (docs/SCALING.md), so that a fresh machine fetches a few hundred objects for a
 * tree like the kernel instead of one per file, and checks one signature per group.
 * No I/O: run/remote_pack.c groups the files, asks for packs and builds them.
 *
 * A pack is keyed by the content of its group: the SHA-256 of the remote keys of the
 * group's files (remote_value.h), in their order. A file changed in the work tree changes
 * its group's key, so a pack is never out of date; it is absent, and that group's files
 * are asked one by one. A file whose language its bytes decide (a .h) joins its group
 * by remote_header_key; its entry says the language found.
 *
 * A pack, little-endian:
 *   "ASSAYRP1", the 32-byte key it was written for, u32 number of entries, then per
 *   entry: the 20-byte blob id, u8 language, u64 cost_us, u32 raw size, u32 packed
 *   length, the packed record (zlib, as a cache row), u32 summary length and the
 *   summary row (record_summary_encode);
 *   then the signer's 32-byte public key and its Ed25519 signature (signing.h, context
 *   SIGNING_CONTEXT_REMOTE_PACK) of every byte before the signature.
 * An entry carries the summary the writer's cache keeps beside the record, so a reader
 * settles a file showing violations only without decoding its record, as a warm local
 * cache does. The whole layout is checked, then the key inside, the signer and the
 * signature, before any entry is handed out.
 */
#ifndef ASSAY_STORE_REMOTE_PACK_H
#define ASSAY_STORE_REMOTE_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "store/cache.h"
#include "store/remote_value.h"
#include "store/signing.h"

#define REMOTE_PACK_MAGIC "ASSAYRP1"
/* The largest pack read or written: a transfer past it is aborted. */
#define REMOTE_PACK_MAX (8u << 20)
/* The most entries a pack may hold (run/remote_pack.c makes groups of fewer files). */
#define REMOTE_PACK_ENTRIES_MAX 4096

/* The key of a group whose files have the n remote keys at members (n * 32 bytes). */
void remote_pack_key(const uint8_t *members, size_t n, uint8_t key[REMOTE_KEY_BYTES]);
/* The member key of a file whose language its bytes decide (C, C++ or Objective-C): its
 * blob id and those languages' engine ids. */
void remote_header_key(const uint8_t oid[CACHE_OID_LEN], const uint64_t engines[LANG_COUNT],
		       uint8_t key[REMOTE_KEY_BYTES]);

/* A pack being written: remote_pack_begin, remote_pack_add per entry, remote_pack_end. */
struct remote_pack_build {
	struct wbuf out;
	uint32_t count;
};
void remote_pack_begin(struct remote_pack_build *b, const uint8_t key[REMOTE_KEY_BYTES]);
/* Adds a cache row (its packed record and summary). 0, or -1 when the pack would pass
 * REMOTE_PACK_MAX or REMOTE_PACK_ENTRIES_MAX (nothing added). */
int remote_pack_add(struct remote_pack_build *b, const uint8_t oid[CACHE_OID_LEN],
		    enum lang_id lang, uint64_t cost_us, const struct cache_row *row);
/* Signs it: b->out holds the pack. 0, or -1 (out of memory). */
int remote_pack_end(struct remote_pack_build *b, const struct signing_secret *signer);

/* One entry of an opened pack, pointing into its bytes. */
struct remote_pack_entry {
	const uint8_t *oid;
	enum lang_id lang;
	uint64_t cost_us;
	uint32_t raw_size, packed_len, summary_len;
	const uint8_t *packed, *summary;
};

/* A pack checked by remote_pack_open. */
struct remote_pack {
	struct rbuf entries;		/* the entries not yet handed out */
	uint32_t count, left;
	const uint8_t *pub, *sig;	/* the signer's key and its signature, in the bytes */
	char key_id[SIGNING_KEY_ID_TEXT];	/* the signer's */
};

/* Checks bytes received for key: size, layout (every entry), the key inside, a trusted
 * signer and its signature, in that order. 0, or -1 with why. */
int remote_pack_open(const uint8_t *data, size_t len, const uint8_t key[REMOTE_KEY_BYTES],
		     const struct cache_trust *trust, struct remote_pack *p, char *why,
		     size_t whylen);
/* The next entry of an opened pack: 1, or 0 after the last. */
int remote_pack_next(struct remote_pack *p, struct remote_pack_entry *e);
/* The record of an entry, decoded, of the entry's language. 0, or -1 with
 * *rec cleared. */
int remote_pack_record(const struct remote_pack_entry *e, struct record *rec);

#endif
