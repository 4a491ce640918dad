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

/* Appends what reading language li depends on: its rules and its grammar. */
static void append_language(struct wbuf *b, const struct language_info *li)
{
	static const struct {
		const char *lang, *package, *version;
	} grammars[] = ASSAY_GRAMMAR_VERSIONS;
	wbuf_printf(b, ";lang %s;rules %d", li->name, li->rules_version);
	for (size_t i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
		if (strcmp(grammars[i].lang, li->name) == 0)
			wbuf_printf(b, ";grammar %s %s", grammars[i].package, grammars[i].version);
}

/* What the records of one language depend on, hashed: their format, the walker every
 * language shares, the runtime, the language's grammar and its own rules (and those of
 * the languages it embeds), and the options that change records. A file of no language
 * (an extension-less file whose content named none) depends on the content checks and on
 * every language's interpreters instead. */
static uint64_t engine_id(enum lang_id lang, uint32_t analyze_flags, uint64_t salt)
{
	struct wbuf b;
	wbuf_init(&b);
	wbuf_printf(&b, "record %d;flags %u;", RECORD_VERSION, analyze_flags);
	if (salt)
		wbuf_printf(&b, "salt %016llx;", (unsigned long long)salt);
	const struct language_info *li = language_info(lang);
	if (!li) {
		wbuf_printf(&b, "none;detect %d", DETECT_VERSION);
		for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
			for (const char *const *i = language_info((enum lang_id)l)->interpreters; *i; i++)
				wbuf_printf(&b, ";%s %s", language_info((enum lang_id)l)->name, *i);
	} else {
		wbuf_printf(&b, "core %d;runtime %s", ANALYZE_CORE_VERSION,
			    ASSAY_TREE_SITTER_RUNTIME);
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
