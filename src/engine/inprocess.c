/*
 * inprocess.c - the engine of last resort (see engine.h): the supervisor analyzes the
 * files itself, with no sandbox, only when no worker can start at all and the user said
 * --allow-unsandboxed. The same loader, the same hooks, the same core as the pool; only
 * the process boundary is missing. Every report then states the sandbox level
 * "off (in-process, --allow-unsandboxed)".
 */
#include "engine/engine.h"

#include <string.h>

#include "analyze/analyze.h"
#include "engine/engine_impl.h"

static int inprocess_run(const struct engine_params *p, struct engine_job *jobs, size_t njobs,
			 const struct engine_hooks *h, struct engine_stats *stats,
			 volatile sig_atomic_t *stop, int wake_fd)
{
	(void)wake_fd;
	memset(stats, 0, sizeof(*stats));
	stats->inprocess = 1;
	struct analyzer *a = analyzer_new();
	if (!a) {
		stats->unavailable = 1;
		strcpy(stats->why_unavailable, "out of memory");
		return -1;
	}
	struct wbuf bytes;
	wbuf_init(&bytes);
	for (size_t i = 0; i < njobs && !*stop; i++) {
		struct engine_job *job = &jobs[i];
		if (h->load(h->ctx, job, &bytes) != ENGINE_SEND)
			continue;
		struct analyze_options aopt = { p->analyze_flags & ANALYZE_FLAGS_MASK, 0 };
		struct engine_result r;
		memset(&r, 0, sizeof(r));
		if (analyzer_run(a, (const char *)bytes.data, bytes.len, job->lang, &aopt,
				 &r.rec) < 0) {
			struct cause_note why = { CAUSE_OUT_OF_MEMORY, "" };
			engine_verdict(&r, job->lang, &why);
		} else {
			stats->analyzed++;
		}
		h->result(h->ctx, job, &r);
		if (h->progress)
			h->progress(h->ctx, i + 1, njobs);
	}
	stats->interrupted = (int)*stop;
	wbuf_free(&bytes);
	analyzer_free(a);
	return 0;
}

const struct engine engine_inprocess = { "inprocess", inprocess_run };
