/*
 * signing.c - Ed25519 over a BLAKE2b-512 digest, with a context string (see signing.h).
 *
 * The bytes signed are never held whole: an export is written and read as a stream, so
 * it is hashed as it goes and the signature is over the context, a NUL and the 64-byte
 * digest. Ed25519 itself hashes its message with SHA-512; hashing first only keeps the
 * message short. libsodium rejects small-order and non-canonical keys and signatures,
 * so a key taken from an untrusted file is safe to verify with.
 */
#include "store/signing.h"

#include <assert.h>
#include <string.h>

#define DIGEST_BYTES crypto_generichash_BYTES_MAX	/* 64 */
#define MESSAGE_MAX 128					/* context, NUL, digest */

int signing_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int signing_generate(struct signing_secret *k)
{
	struct signing_public pub;
	if (signing_init() < 0)
		return -1;
	crypto_sign_keypair(pub.key, k->key);
	return 0;
}

void signing_from_seed(struct signing_secret *k, const uint8_t seed[SIGNING_SEED_BYTES])
{
	struct signing_public pub;
	(void)signing_init();
	crypto_sign_seed_keypair(pub.key, k->key, seed);
}

void signing_seed_of(const struct signing_secret *k, uint8_t seed[SIGNING_SEED_BYTES])
{
	crypto_sign_ed25519_sk_to_seed(seed, k->key);
}

void signing_public_of(const struct signing_secret *k, struct signing_public *pub)
{
	crypto_sign_ed25519_sk_to_pk(pub->key, k->key);
}

void signing_forget(struct signing_secret *k)
{
	sodium_memzero(k->key, sizeof(k->key));
}

void signing_key_id(const uint8_t key[SIGNING_PUBLIC_BYTES], char out[SIGNING_KEY_ID_TEXT])
{
	uint8_t digest[32];
	crypto_generichash(digest, sizeof(digest), key, SIGNING_PUBLIC_BYTES, NULL, 0);
	sodium_bin2hex(out, SIGNING_KEY_ID_TEXT, digest, (SIGNING_KEY_ID_TEXT - 1) / 2);
}

void signing_start(struct signing_hash *h, const char *context)
{
	(void)signing_init();	/* hashing and verifying need no randomness: cannot fail */
	h->context = context;
	crypto_generichash_init(&h->state, NULL, 0, DIGEST_BYTES);
}

void signing_add(struct signing_hash *h, const void *p, size_t n)
{
	crypto_generichash_update(&h->state, p, n);
}

/* The message actually signed: the context, a NUL, then the digest; its length. */
static size_t signed_message(struct signing_hash *h, uint8_t msg[MESSAGE_MAX])
{
	size_t n = strlen(h->context) + 1;
	assert(n + DIGEST_BYTES <= MESSAGE_MAX);	/* contexts are short constants */
	memcpy(msg, h->context, n);
	crypto_generichash_final(&h->state, msg + n, DIGEST_BYTES);
	return n + DIGEST_BYTES;
}

void signing_sign(struct signing_hash *h, const struct signing_secret *k,
		  uint8_t sig[SIGNING_SIGNATURE_BYTES])
{
	uint8_t msg[MESSAGE_MAX];
	size_t n = signed_message(h, msg);
	crypto_sign_detached(sig, NULL, msg, n, k->key);
}

int signing_verify(struct signing_hash *h, const uint8_t key[SIGNING_PUBLIC_BYTES],
		   const uint8_t sig[SIGNING_SIGNATURE_BYTES])
{
	uint8_t msg[MESSAGE_MAX];
	size_t n = signed_message(h, msg);
	return crypto_sign_verify_detached(sig, msg, n, key) == 0 ? 0 : -1;
}
