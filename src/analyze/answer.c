/*
 * answer.c - a file's analysis as the frame that answers it (see answer.h).
 */
#include "analyze/answer.h"

#include <time.h>

static uint64_t elapsed_ns(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (uint64_t)(t1.tv_sec - t0->tv_sec) * 1000000000u + (uint64_t)t1.tv_nsec
	       - (uint64_t)t0->tv_nsec;
}

int analyzer_answer(struct analyzer *a, const struct proto_file *f, struct wbuf *out)
{
	struct analyze_options opt = { f->flags & (ANALYZE_FLAGS_MASK | ANALYZE_LINES_ONLY),
				       f->timeout_us };
	struct record r;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int known = f->lang > LANG_NONE && f->lang < LANG_COUNT;
	if (!known
	    || analyzer_run(a, (const char *)f->bytes, f->len, (enum lang_id)f->lang, &opt, &r) < 0) {
		struct proto_error e = { f->id, known ? CAUSE_OUT_OF_MEMORY : CAUSE_UNKNOWN_LANGUAGE,
					 NULL };
		return proto_put_error(out, &e);
	}
	size_t start = proto_begin_result(out, f->id, elapsed_ns(&t0));
	record_encode(&r, out);
	record_clear(&r);
	return proto_end(out, start);
}
