/*
 * inprocess.c - unsandboxed analysis in the supervisor (see inprocess.h). The same core,
 * the same loader and the same hooks as the pool; only the process boundary is missing.
 */
#include "engine/inprocess.h"

#include <string.h>

#include "analyze/analyze.h"

/* Reads a pending file as the pool would; 1 when it is to be analyzed (bytes hold it), 0
 * when it got a verdict or the cache answered it. */
static int load(const struct pool_options *opt, struct file_list *list, struct file_entry *f,
		struct wbuf *bytes)
{
	int go = opt->load ? opt->load(opt->ctx, f, bytes)
			   : discover_load(list, f, opt->max_size, bytes);
	return go && !(opt->on_loaded && opt->on_loaded(opt->ctx, f, bytes->data, bytes->len));
}

size_t inprocess_run(const struct pool_options *opt, struct file_list *list,
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
		if (f->done)
			continue;
		if (!load(opt, list, f, &bytes)) {
			if (opt->on_result)	/* a verdict or a cache hit, as in the pool */
				opt->on_result(opt->ctx, f);
			continue;
		}
		struct analyze_options aopt = { opt->analyze_flags & ANALYZE_FLAGS_MASK, 0 };
		struct record rec;
		if (analyzer_run(a, (const char *)bytes.data, bytes.len, f->lang, &aopt, &rec) < 0) {
			file_set_verdict(f, FILE_FAILED, CAUSE_OUT_OF_MEMORY, NULL);
		} else {
			record_clear(&f->rec);
			f->rec = rec;
			f->done = 1;
			done++;
		}
		if (opt->on_result)
			opt->on_result(opt->ctx, f);
	}
	wbuf_free(&bytes);
	analyzer_free(a);
	return done;
}
