/*
 * test_sha1.c - src/git/sha1.c against the test vectors of FIPS 180-4's examples (NIST's
 * "SHA1.pdf" and "SHA1LongMessage") and blob ids git prints (`git hash-object`),
 * streaming against one-shot hashing at every block boundary, and, where the processor
 * has the x86 SHA extensions (which sha1_update then uses), their compression against the
 * portable one on random states and blocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/sha1.h"
#include "tests/unit/check.h"

static void hex(const uint8_t d[20], char out[41])
{
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int digest_is(const void *data, size_t len, const char *want)
{
	struct sha1 s;
	uint8_t d[20];
	char got[41];
	sha1_init(&s);
	sha1_update(&s, data, len);
	sha1_final(&s, d);
	hex(d, got);
	return strcmp(got, want) == 0;
}

static int blob_id_is(const char *text, const char *want)
{
	uint8_t d[20];
	char got[41];
	sha1_blob_id((const uint8_t *)text, strlen(text), d);
	hex(d, got);
	return strcmp(got, want) == 0;
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
	CHECK(blob_id_is("", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
	      "sha1: git's id of the empty blob");
	CHECK(blob_id_is("hello\n", "ce013625030ba8dba906f756967f9e9ca394464a"),
	      "sha1: git's id of the blob \"hello\\n\"");
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

/* The x86 compression against the portable one: 2000 random states, each over 1 to 8
 * random blocks. Not checked (and said so) on a processor without the extensions: the
 * vectors above then test the portable code, which sha1_update uses there. */
static void test_x86(void)
{
	if (!sha1_x86_available()) {
		printf("# this processor has no SHA extensions: sha1_x86_blocks not checked\n");
		return;
	}
	uint64_t x = 0x9e3779b97f4a7c15u;
	int same = 1;
	for (int round = 0; round < 2000 && same; round++) {
		uint8_t data[8 * 64];
		uint32_t a[5], b[5];
		for (size_t i = 0; i < sizeof(data); i++)
			data[i] = (uint8_t)next_random(&x);
		for (int i = 0; i < 5; i++)
			a[i] = b[i] = (uint32_t)next_random(&x);
		size_t n = 1 + (size_t)(next_random(&x) % 8);
		sha1_portable_blocks(a, data, n);
		sha1_x86_blocks(b, data, n);
		same = memcmp(a, b, sizeof(a)) == 0;
	}
	CHECK(same, "sha1: the x86 SHA extensions compress 2000 random states and blocks as the "
	      "portable code does");
}

int main(void)
{
	test_vectors();
	test_streaming();
	test_x86();
	return check_summary();
}
