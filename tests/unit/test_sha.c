/*
 * test_sha.c - src/git/sha1.c and sha256.c against the test vectors of FIPS 180-4's
 * examples (NIST's "SHA1.pdf", "SHA256.pdf" and their long messages) and blob ids git
 * prints (`git hash-object`, in a SHA-1 and in a SHA-256 repository), streaming against
 * one-shot hashing at every block boundary, blob_ids() against each hash alone
 * (SHA-256: libsodium's), and, where the processor has the x86 SHA extensions (which the
 * hashes then use), their compressions against the portable ones on random states and
 * blocks.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/sha1.h"
#include "git/sha256.h"
#include "tests/unit/check.h"

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Whether the n bytes of d are the digest written in hex as want. */
static int hex_is(const uint8_t *d, size_t n, const char *want)
{
	char got[65];
	hex(d, n, got);
	return strcmp(got, want) == 0;
}

static int digest_is(const void *data, size_t len, const char *want)
{
	struct sha1 s;
	uint8_t d[20];
	sha1_init(&s);
	sha1_update(&s, data, len);
	sha1_final(&s, d);
	return hex_is(d, 20, want);
}

static int sha256_is(const void *data, size_t len, const char *want)
{
	uint8_t d[32];
	sha256_digest(data, len, d);
	return hex_is(d, 32, want);
}

/* Both ids of text, as blob_ids gives them, against git's SHA-1 and SHA-256 ones, and
 * the SHA-1 one as sha1_blob_id gives it. */
static int blob_id_is(const char *text, const char *want, const char *want256)
{
	uint8_t d[20], d256[32];
	sha1_blob_id((const uint8_t *)text, strlen(text), d);
	int same = hex_is(d, 20, want);
	blob_ids((const uint8_t *)text, strlen(text), d, d256);
	return same && hex_is(d, 20, want) && hex_is(d256, 32, want256);
}

static void test_vectors(void)
{
	CHECK(digest_is("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d"),
	      "sha1: FIPS 180-4 one-block message \"abc\"");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	CHECK(digest_is(two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
	      "sha1: FIPS 180-4 two-block message (448 bits: the padding takes a block)");
	CHECK(digest_is("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709"), "sha1: empty message");
	size_t million = 1000000;
	char *a = malloc(million);
	if (a) {
		memset(a, 'a', million);
		CHECK(digest_is(a, million, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
		      "sha1: a million 'a' (FIPS 180-4's long message)");
		free(a);
	}
	CHECK(sha256_is("abc", 3,
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
	      "sha256: FIPS 180-4 one-block message \"abc\"");
	CHECK(sha256_is(two, strlen(two),
			"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
	      "sha256: FIPS 180-4 two-block message");
	CHECK(sha256_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	      "sha256: empty message");
	a = malloc(million);
	if (a) {
		memset(a, 'a', million);
		CHECK(sha256_is(a, million,
				"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
		      "sha256: a million 'a'");
		free(a);
	}
	CHECK(blob_id_is("", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
			 "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813"),
	      "blob ids: git's ids of the empty blob (SHA-1 and SHA-256 object formats)");
	CHECK(blob_id_is("hello\n", "ce013625030ba8dba906f756967f9e9ca394464a",
			 "2cf8d83d9ee29543b34a87727421fdecb7e3f3a183d337639025de576db9ebb4"),
	      "blob ids: git's ids of the blob \"hello\\n\"");
}

/* Fed in pieces of every size from 1 to 130 bytes, 0 to 300 bytes hash as they do whole. */
static void test_streaming(void)
{
	uint8_t data[300];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 131 + 7);
	int same = 1;
	for (size_t len = 0; len <= sizeof(data) && same; len++) {
		uint8_t whole[20];
		struct sha1 s;
		sha1_init(&s);
		sha1_update(&s, data, len);
		sha1_final(&s, whole);
		for (size_t piece = 1; piece <= 130 && same; piece++) {
			uint8_t parts[20];
			sha1_init(&s);
			for (size_t off = 0; off < len; off += piece)
				sha1_update(&s, data + off, len - off < piece ? len - off : piece);
			sha1_final(&s, parts);
			same = memcmp(whole, parts, 20) == 0;
		}
	}
	CHECK(same, "sha1: every split of every length up to 300 bytes gives the one-shot digest");
}

/* A small xorshift generator: the same blocks on every run. */
static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* blob_ids against SHA-1's blob id and libsodium's SHA-256 of the same message, at every
 * length up to 300 bytes and at a few of a megabyte or so. */
static int ids_agree(const uint8_t *data, size_t len)
{
	uint8_t sha1[20], sha256[32], want1[20], want256[32];
	char head[32];
	crypto_hash_sha256_state st;
	blob_ids(data, len, sha1, sha256);
	sha1_blob_id(data, len, want1);
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)head, (size_t)blob_header(len, head));
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, want256);
	return memcmp(sha1, want1, 20) == 0 && memcmp(sha256, want256, 32) == 0;
}

static void test_blob_ids(uint64_t x)
{
	size_t big = (1u << 20) + 77;
	uint8_t *data = malloc(big);
	if (!data) {
		CHECK(0, "blob ids: a megabyte to hash");
		return;
	}
	for (size_t i = 0; i < big; i++)
		data[i] = (uint8_t)next_random(&x);
	int same = 1;
	for (size_t len = 0; len <= 300 && same; len++)
		same = ids_agree(data, len);
	CHECK(same, "blob ids: both ids of every length up to 300 bytes are each hash's alone");
	CHECK(ids_agree(data, big) && ids_agree(data, big - 77) && ids_agree(data + 1, big - 1),
	      "blob ids: ... and of a megabyte, aligned or not");
	free(data);
}

/* Random states and blocks for compressions over n-word states: 2000 states, each over 1
 * to 8 random blocks; whether the two compressions agree on them all. */
static int compressions_agree(void (*one)(uint32_t *, const uint8_t *, size_t),
			      void (*other)(uint32_t *, const uint8_t *, size_t), unsigned words)
{
	uint64_t x = 0x9e3779b97f4a7c15u;
	int same = 1;
	for (int round = 0; round < 2000 && same; round++) {
		uint8_t data[8 * 64];
		uint32_t a[8], b[8];
		for (size_t i = 0; i < sizeof(data); i++)
			data[i] = (uint8_t)next_random(&x);
		for (unsigned i = 0; i < words; i++)
			a[i] = b[i] = (uint32_t)next_random(&x);
		size_t n = 1 + (size_t)(next_random(&x) % 8);
		one(a, data, n);
		other(b, data, n);
		same = memcmp(a, b, words * sizeof(a[0])) == 0;
	}
	return same;
}

/* The x86 compressions against the portable ones. Not checked (and said so) on a
 * processor without the extensions: the vectors above then test the portable code, which
 * the hashes use there. */
static void test_x86(void)
{
	if (!sha_x86_available()) {
		printf("# this processor has no SHA extensions: the x86 compressions not checked\n");
		return;
	}
	CHECK(compressions_agree(sha1_portable_blocks, sha1_x86_blocks, 5),
	      "sha1: the x86 SHA extensions compress 2000 random states and blocks as the "
	      "portable code does");
	CHECK(compressions_agree(sha256_portable_blocks, sha256_x86_blocks, 8),
	      "sha256: the x86 SHA extensions compress 2000 random states and blocks as the "
	      "portable code does");
}

int main(void)
{
	test_vectors();
	test_streaming();
	test_blob_ids(0x2545f4914f6cdd1du);
	test_x86();
	return check_summary();
}
