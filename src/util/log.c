/*
 * log.c - run events on standard error (see log.h), each with the run's id (util/runid.h).
 * Counts per event name are kept so a run can fail on them (--fail-on) and report them.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/escape.h"
#include "util/msg.h"
#include "util/runid.h"

#define MAX_EVENT_NAMES 32

static enum log_format log_fmt = LOG_TEXT;
static enum log_level log_threshold = LOG_WARNING;
static struct {
	const char *name;
	unsigned count;
} counts[MAX_EVENT_NAMES];

static const char *const level_names[LOG_LEVEL_COUNT] = { "debug", "info", "warning", "error" };

void log_configure(enum log_format format, enum log_level threshold)
{
	log_fmt = format;
	log_threshold = threshold;
}

int log_level_by_name(const char *name)
{
	for (int i = 0; i < LOG_LEVEL_COUNT; i++)
		if (strcmp(name, level_names[i]) == 0)
			return i;
	return -1;
}

static void count_event(const char *event)
{
	for (int i = 0; i < MAX_EVENT_NAMES; i++) {
		if (!counts[i].name)
			counts[i].name = event;
		if (strcmp(counts[i].name, event) == 0) {
			counts[i].count++;
			return;
		}
	}
}

unsigned log_count(const char *event)
{
	for (int i = 0; i < MAX_EVENT_NAMES && counts[i].name; i++)
		if (strcmp(counts[i].name, event) == 0)
			return counts[i].count;
	return 0;
}

static void emit_json(enum log_level level, const char *event, const char *path,
		      const char *message)
{
	struct wbuf b;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	wbuf_init(&b);
	wbuf_printf(&b, "{\"time\":%lld.%03ld,\"level\":\"%s\",\"event\":\"%s\",\"message\":",
		    (long long)ts.tv_sec, ts.tv_nsec / 1000000, level_names[level], event);
	json_str(&b, message);
	if (path) {
		wbuf_put(&b, ",\"path\":", 8);
		json_str(&b, path);
	}
	wbuf_printf(&b, ",\"run_id\":\"%s\"}\n", run_id());
	fwrite(b.data, 1, b.len, stderr);
	wbuf_free(&b);
}

static void emit_text(enum log_level level, const char *event, const char *path,
		      const char *message)
{
	struct wbuf b;
	wbuf_init(&b);
	wbuf_printf(&b, "%s: %s: ", progname, level_names[level]);
	if (path) {
		esc_text(&b, path);
		wbuf_put(&b, ": ", 2);
	}
	esc_text(&b, message);
	wbuf_printf(&b, " [%s] run=%s\n", event, run_id());
	fwrite(b.data, 1, b.len, stderr);
	wbuf_free(&b);
}

void log_event(enum log_level level, const char *event, const char *path, const char *fmt, ...)
{
	char message[1024];
	va_list ap;
	count_event(event);
	if (level < log_threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	msg_clear_transient();
	if (log_fmt == LOG_JSON)
		emit_json(level, event, path, message);
	else
		emit_text(level, event, path, message);
	fflush(stderr);
}
