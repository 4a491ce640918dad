/*
 * cache_engine.c - each language's engine id: what its cached records depend on, hashed
 * (see cache.h).
 */
#include "store/cache_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "common/hash.h"
#include "grammars/versions.h"

/* The decimal digits of v, or (hex) its 16 hex digits, appended: the bytes wbuf_printf's
 * "%d", "%u" and "%016llx" wrote, without its formatting machinery (every run computes
 * the ids: 300 000 instructions through printf, a tenth of a cache hit's run). */
static void put_number(struct wbuf *b, unsigned long long v, int negative, int hex)
{
	char digits[24];
	size_t n = sizeof(digits);
	do {
		digits[--n] = "0123456789abcdef"[hex ? v % 16 : v % 10];
		v = hex ? v / 16 : v / 10;
	} while (v || (hex && n > sizeof(digits) - 16));
	if (negative)
		digits[--n] = '-';
	wbuf_put(b, digits + n, sizeof(digits) - n);
}

/* s's bytes appended, without its length (wbuf_put_str is the record encoding's). */
static void put_text(struct wbuf *b, const char *s)
{
	wbuf_put(b, s, strlen(s));
}

static void put_int(struct wbuf *b, long long v)
{
	put_number(b, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0, 0);
}

/* Appends what reading language li depends on: its rules and its grammar. */
static void append_language(struct wbuf *b, const struct language_info *li)
{
	static const struct {
		const char *lang, *package, *version;
	} grammars[] = ASSAY_GRAMMAR_VERSIONS;
	put_text(b, ";lang ");
	put_text(b, li->name);
	put_text(b, ";rules ");
	put_int(b, li->rules_version);
	for (size_t i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
		if (strcmp(grammars[i].lang, li->name) == 0) {
			put_text(b, ";grammar ");
			put_text(b, grammars[i].package);
			put_text(b, " ");
			put_text(b, grammars[i].version);
		}
}

/* What the records of one language depend on, hashed: their format, the walker every
 * language shares, the runtime, the language's grammar and its own rules (and those of
 * the languages it embeds), and the options that change records. A file of no language
 * (an extension-less file whose content named none) depends on the content checks and on
 * every language's interpreters instead. The text is that of the format strings kept in
 * the comments, byte for byte: a different text would orphan every cached row. */
static uint64_t engine_id(enum lang_id lang, uint32_t analyze_flags, uint64_t salt)
{
	struct wbuf b;
	wbuf_init(&b);
	put_text(&b, "record ");	/* "record %d;flags %u;" */
	put_int(&b, RECORD_VERSION);
	put_text(&b, ";flags ");
	put_number(&b, analyze_flags, 0, 0);
	put_text(&b, ";");
	if (salt) {
		put_text(&b, "salt ");	/* "salt %016llx;" */
		put_number(&b, salt, 0, 1);
		put_text(&b, ";");
	}
	const struct language_info *li = language_info(lang);
	if (!li) {
		put_text(&b, "none;detect ");	/* "none;detect %d", then ";%s %s" each */
		put_int(&b, DETECT_VERSION);
		for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
			for (const char *const *i = language_info((enum lang_id)l)->interpreters; *i; i++) {
				put_text(&b, ";");
				put_text(&b, language_info((enum lang_id)l)->name);
				put_text(&b, " ");
				put_text(&b, *i);
			}
	} else {
		put_text(&b, "core ");	/* "core %d;runtime %s" */
		put_int(&b, ANALYZE_CORE_VERSION);
		put_text(&b, ";runtime ");
		put_text(&b, ASSAY_TREE_SITTER_RUNTIME);
		append_language(&b, li);
		for (const enum lang_id *e = language_embeds(lang); *e != LANG_NONE; e++)
			append_language(&b, language_info(*e));
	}
	uint64_t id = hash64(b.data, b.len);
	wbuf_free(&b);
	return id & 0x7fffffffffffffffull;	/* SQLite integers are signed */
}

void cache_engine_ids(uint32_t analyze_flags, const uint32_t lang_flags[LANG_COUNT],
		      uint64_t salt, uint64_t engines[LANG_COUNT])
{
	for (int l = 0; l < LANG_COUNT; l++)
		engines[l] = engine_id((enum lang_id)l,
				       analyze_flags | (lang_flags ? lang_flags[l] : 0), salt);
}
