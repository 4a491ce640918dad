/*
 * inprocess.c - unsandboxed analysis in the supervisor (see inprocess.h). The same core
 * and the same file loading as the pool; only the process boundary is missing.
 */
#include "inprocess.h"

#include <string.h>

#include "analyze/analyze.h"
#include "util.h"

size_t inprocess_run(struct file_list *list, uint32_t flags, uint64_t max_size,
		     volatile sig_atomic_t *stop)
{
	struct analyzer *a = analyzer_new();
	struct wbuf bytes;
	size_t done = 0;
	if (!a)
		return 0;
	wbuf_init(&bytes);
	for (size_t i = 0; i < list->nfiles && !*stop; i++) {
		struct file_entry *f = &list->files[i];
		if (f->done || !discover_load(list, f, max_size, &bytes))
			continue;
		struct analyze_options opt = { flags & ANALYZE_FLAGS_MASK, 0 };
		struct record rec;
		if (analyzer_run(a, (const char *)bytes.data, bytes.len, f->lang, &opt, &rec) < 0) {
			file_set_verdict(f, FILE_FAILED, "out of memory");
			continue;
		}
		record_clear(&f->rec);
		f->rec = rec;
		f->done = 1;
		done++;
	}
	wbuf_free(&bytes);
	analyzer_free(a);
	return done;
}
