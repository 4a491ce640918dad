/*
 * signing.h - Ed25519 signatures over a stream of bytes (libsodium), for cache exports
 * and anything else the cache hands between machines (docs/CACHE.md, "Signed exports").
 *
 * Public-key, not a shared secret: the jobs that only read a cache (pull requests from
 * forks) hold the public key, which verifies but cannot sign. The bytes are hashed as they
 * are written or read (BLAKE2b-512), and the signature is over a context string naming
 * what is signed followed by that digest, so a signature made for one kind of file is
 * never valid for another. Key files and their checks are store/signkey.h.
 */
#ifndef ASSAY_STORE_SIGNING_H
#define ASSAY_STORE_SIGNING_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define SIGNING_PUBLIC_BYTES 32
#define SIGNING_SEED_BYTES 32
#define SIGNING_SIGNATURE_BYTES 64
#define SIGNING_KEY_ID_TEXT 17	/* 16 hex digits and a NUL */

/* What a signature says it signs: a cache export, or one value of the remote cache. */
#define SIGNING_CONTEXT_EXPORT "assay-cache-export-v1"
#define SIGNING_CONTEXT_REMOTE "assay-remote-cache-v1"
#define SIGNING_CONTEXT_REMOTE_PACK "assay-remote-pack-v1"

struct signing_public {
	uint8_t key[SIGNING_PUBLIC_BYTES];
};

/* libsodium's form: the 32-byte seed, then the public key. Wiped by signing_forget. */
struct signing_secret {
	uint8_t key[crypto_sign_SECRETKEYBYTES];
};

/* A signature being computed or checked: the context and the digest so far. */
struct signing_hash {
	const char *context;
	crypto_generichash_state state;
};

/* Initializes libsodium (once; cheap after). 0, or -1 when it cannot run here. */
int signing_init(void);
/* A new random key pair. 0, or -1 (libsodium could not initialize). */
int signing_generate(struct signing_secret *k);
/* The key pair of a 32-byte seed (what a secret key file holds). */
void signing_from_seed(struct signing_secret *k, const uint8_t seed[SIGNING_SEED_BYTES]);
/* The seed and the public half of a secret key. */
void signing_seed_of(const struct signing_secret *k, uint8_t seed[SIGNING_SEED_BYTES]);
void signing_public_of(const struct signing_secret *k, struct signing_public *pub);
/* Wipes a secret key from memory. */
void signing_forget(struct signing_secret *k);
/* The short name of a public key, for messages: the first 8 bytes of its BLAKE2b-256
 * digest in hex. */
void signing_key_id(const uint8_t key[SIGNING_PUBLIC_BYTES], char out[SIGNING_KEY_ID_TEXT]);

/* Hashing the signed bytes, in order, then signing or checking them. context is a
 * static string (SIGNING_CONTEXT_*). */
void signing_start(struct signing_hash *h, const char *context);
void signing_add(struct signing_hash *h, const void *p, size_t n);
void signing_sign(struct signing_hash *h, const struct signing_secret *k,
		  uint8_t sig[SIGNING_SIGNATURE_BYTES]);
/* 0 when sig is key's signature of the hashed bytes, else -1. */
int signing_verify(struct signing_hash *h, const uint8_t key[SIGNING_PUBLIC_BYTES],
		   const uint8_t sig[SIGNING_SIGNATURE_BYTES]);

#endif
