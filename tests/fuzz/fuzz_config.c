/*
 * fuzz_config.c - libFuzzer target for the configuration files (src/config/settings.c), the
 * decoder of the one untrusted file a repository hands us. Each input is parsed, applied
 * as a repository file and as the user's file (each into fresh settings, then the user's
 * and the repository's together), queried through the glob matcher and listed, then
 * freed: ASan and UBSan catch what goes wrong, the parser's own limits keep every run
 * small. Built with clang -fsanitize=fuzzer, or with tests/fuzz/run_corpus.c (a main()
 * replaying a corpus) where libFuzzer is missing.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config/settings.h"
#include "files/glob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Paths whose thresholds, selection and language every input is asked about. */
static const char *const probe_paths[] = {
	"src/main.c", "tests/unit/test_a.c", "a/b/c/d.gen.c", "vendor/x.h", ".hidden",
	"x", "dir/sub/", "tests", "./lib/[x].c",
};

static void exercise(const struct assay_settings *s, const uint8_t *data, size_t size)
{
	struct thresholds scratch;
	for (size_t i = 0; i < sizeof(probe_paths) / sizeof(probe_paths[0]); i++) {
		const struct thresholds *t = settings_thresholds_for(s, probe_paths[i], &scratch);
		(void)t->limit[MET_CCN];
		(void)settings_path_selected(s, probe_paths[i]);
		(void)settings_language_for(s, probe_paths[i]);
		(void)settings_is_critical(s, probe_paths[i]);
	}
	(void)settings_is_generated(s, data, size);
	char note[512];
	(void)settings_sandbox_notice(s, note, sizeof(note));
	struct wbuf out;
	wbuf_init(&out);
	settings_format(s, &out);
	wbuf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct config *c = NULL;
	if (config_parse(".assay", data, size, &c, err, sizeof(err)) < 0) {
		/* An error names the file; a failed parse returns nothing to free. */
		if (c != NULL || strncmp(err, ".assay:", 7) != 0)
			__builtin_trap();
		return 0;
	}
	struct assay_settings repository, user, both;
	settings_init(&repository);
	settings_init(&user);
	settings_init(&both);
	if (settings_apply(&repository, c, CONFIG_REPOSITORY, err, sizeof(err)) == 0)
		exercise(&repository, data, size);
	if (settings_apply(&user, c, CONFIG_USER, err, sizeof(err)) == 0)
		exercise(&user, data, size);
	if (settings_load(&both, c, c, err, sizeof(err)) == 0)
		exercise(&both, data, size);
	/* Every entry's subsection and value, used as glob and path against each other. */
	for (size_t i = 0; i < c->count && i < 64; i++) {
		const struct config_entry *e = &c->entries[i];
		if (e->subsection && e->value)
			(void)glob_match(e->subsection, e->value);
		if (e->value)
			(void)glob_match(e->value, e->key);
	}
	settings_free(&repository);
	settings_free(&user);
	settings_free(&both);
	config_free(c);
	return 0;
}
