/*
 * trace.c - Chrome trace-event output (see trace.h). Complete events ("ph":"X") with
 * microsecond timestamps from the run's start; process 1 is assay, thread 0 the
 * supervisor, thread N+1 worker slot N. The run's id is in the trace's metadata
 * ("otherData") and in the arguments of each of the supervisor's phases.
 */
#include "run/trace.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files/safewrite.h"
#include "report/model.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/msg.h"
#include "util/runid.h"

static void put_event(struct wbuf *b, int *first, const char *name, int tid, double ts,
		      double dur)
{
	wbuf_put(b, *first ? "\n" : ",\n", *first ? 1 : 2);
	*first = 0;
	wbuf_put(b, "{\"name\":", 8);
	json_str(b, name);
	wbuf_printf(b, ",\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.0f,\"dur\":%.0f", tid,
		    ts * 1e6, dur > 0 ? dur * 1e6 : 0);
}

static void put_thread_name(struct wbuf *b, int *first, int tid, const char *name)
{
	wbuf_put(b, *first ? "\n" : ",\n", *first ? 1 : 2);
	*first = 0;
	wbuf_printf(b, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
		    "\"args\":{\"name\":\"%s\"}}", tid, name);
}

static void put_worker_spans(struct wbuf *b, int *first, const struct run *r, double t0)
{
	int max_worker = -1;
	const struct engine_stats *es = &r->engine;
	for (size_t i = 0; i < es->nspans; i++) {
		const struct engine_span *s = &es->spans[i];
		if (s->worker > max_worker)
			max_worker = s->worker;
		if (s->file == SIZE_MAX) {
			put_event(b, first, "worker", s->worker + 1, s->start - t0, s->end - s->start);
			wbuf_printf(b, "%s}", s->early ? ",\"args\":{\"early\":true}" : "");
			continue;
		}
		const struct file_entry *f = &r->list.files[s->file];
		put_event(b, first, f->path, s->worker + 1, s->start - t0, s->end - s->start);
		wbuf_printf(b, ",\"args\":{\"parse_us\":%llu,\"bytes\":%llu,\"status\":\"%s\"%s}}",
			    (unsigned long long)s->parse_us, (unsigned long long)f->size,
			    file_status_name((enum file_status)r->state[s->file].rec.status),
			    s->late ? ",\"late\":true" : "");
	}
	for (int w = 0; w <= max_worker; w++) {
		char name[32];
		snprintf(name, sizeof(name), "worker %d", w + 1);
		put_thread_name(b, first, w + 1, name);
	}
}

int trace_write(const char *path, const struct run *r)
{
	const struct run_times *t = &r->t;
	const double end[PHASE_COUNT] = { t->discovered, t->keyed, t->cached, t->analyzed,
					  t->reported };
	struct wbuf b;
	int first = 1;
	wbuf_init(&b);
	wbuf_printf(&b, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"run_id\":\"%s\"},"
		    "\"traceEvents\":[", run_id());
	put_thread_name(&b, &first, 0, "supervisor");
	double t0 = t->start, from = t->start;
	for (int p = 0; p < PHASE_COUNT; p++) {
		put_event(&b, &first, phase_name((enum phase)p), 0, from - t0, end[p] - from);
		wbuf_printf(&b, ",\"args\":{\"run_id\":\"%s\"}}", run_id());
		from = end[p];
	}
	put_worker_spans(&b, &first, r, t0);
	wbuf_put(&b, "\n]}\n", 4);
	char err[PATH_MAX + 256];
	int rc = b.failed ? (snprintf(err, sizeof(err), "%s: out of memory", path), -1)
			  : safewrite_all(path, 0666, b.data, b.len, err, sizeof(err));
	if (rc < 0)
		error_msg("cannot write the trace: %s", err);
	wbuf_free(&b);
	return rc;
}
