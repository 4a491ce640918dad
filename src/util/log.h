/*
 * log.h - events: what happened during a run, each with a stable name and a severity, on
 * standard error as text for people or as JSON lines for machines (--log-format,
 * --log-level). Names are part of the interface (docs/events.md): worker.crash,
 * worker.timeout, worker.oom, sandbox.violation, sandbox.degraded, sandbox.unavailable,
 * analysis.inprocess, cache.recovered, cache.disabled, file.failed, run.interrupted, ...
 *
 * Usage errors and the like stay error_msg() (util/msg.h): they are not events of a run.
 */
#ifndef ASSAY_LOG_H
#define ASSAY_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERROR, LOG_LEVEL_COUNT };
enum log_format { LOG_TEXT, LOG_JSON };

void log_configure(enum log_format format, enum log_level threshold);
/* The level called name ("debug", "info", "warning", "error"), or -1. */
int log_level_by_name(const char *name);
/* Emits an event at level with a stable name; path (escaped on output) may be NULL. */
void log_event(enum log_level level, const char *event, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* How many events of at least level were emitted (for --fail-on and the summary). */
unsigned log_count(const char *event);

#endif
