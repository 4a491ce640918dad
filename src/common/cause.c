/*
 * cause.c - the text of each cause (see cause.h).
 */
#include "common/cause.h"

#include <stdarg.h>
#include <stdio.h>

/* What a cause says alone, and how it says its detail ("%s" the detail), in the
 * words every report and the cache have always used. */
static const struct {
	const char *alone;
	const char *with_detail;
} texts[CAUSE_COUNT] = {
	[CAUSE_NONE] = { "", "%s" },
	[CAUSE_EXCLUDED] = { "excluded", "excluded (%s)" },
	[CAUSE_EXCLUDED_LANGUAGE] = { "excluded language", "excluded language (%s)" },
	[CAUSE_UNKNOWN_LANGUAGE] = { "unknown language", "unknown language (%s)" },
	[CAUSE_GENERATED] = { "generated", "generated (%s)" },
	[CAUSE_NOT_REGULAR] = { "not a regular file", "not a regular file (%s)" },
	[CAUSE_SYMLINK] = { "symbolic link (not followed)", "symbolic link (%s)" },
	[CAUSE_SUBMODULE] = { "git submodule (not analyzed)", "git submodule (%s)" },
	[CAUSE_TOO_LARGE] = { "too large", "too large (%s)" },
	[CAUSE_LFS_POINTER] = { "git-lfs pointer (the content is not here)", "git-lfs pointer (%s)" },
	[CAUSE_BINARY] = { "binary", "binary (%s)" },
	[CAUSE_MINIFIED] = { "minified", "minified (%s)" },
	[CAUSE_OUTSIDE_ROOT] = { "symbolic link or outside the root", "symbolic link or outside the root (%s)" },
	[CAUSE_CANNOT_OPEN] = { "cannot open", "cannot open: %s" },
	[CAUSE_CANNOT_STAT] = { "cannot stat", "cannot stat: %s" },
	[CAUSE_READ_ERROR] = { "read error", "read error: %s" },
	[CAUSE_CANNOT_READ_DIR] = { "cannot read directory", "cannot read directory: %s" },
	[CAUSE_GIT_BLOB] = { "cannot read the blob", "cannot read the blob: %s" },
	[CAUSE_OUT_OF_MEMORY] = { "out of memory", "out of memory (%s)" },
	[CAUSE_TIMEOUT] = { "timeout", "timeout (%s)" },
	[CAUSE_TIMEOUT_CPU] = { "timeout (CPU limit)", "timeout (CPU limit, %s)" },
	[CAUSE_SANDBOX_VIOLATION] = { "sandbox violation (SIGSYS)", "sandbox violation (%s)" },
	[CAUSE_CRASHED] = { "crashed", "crashed (%s)" },
	[CAUSE_WORKER_EXIT] = { "worker exited", "worker exited with status %s" },
	[CAUSE_INVALID_REPLY] = { "invalid reply from worker", "invalid reply from worker (%s)" },
	[CAUSE_WORKER_ERROR] = { "worker error", "worker: %s" },
	[CAUSE_GRAMMAR_UNAVAILABLE] = { "grammar unavailable", "grammar unavailable (%s)" },
	[CAUSE_PARSE_TIMEOUT] = { "parse timed out", "parse timed out (%s)" },
	[CAUSE_TOO_LARGE_TO_PARSE] = { "too large", "too large (%s)" },
	[CAUSE_VENDORED] = { "vendored", "vendored (%s)" },
	[CAUSE_SHARD_MISSING] = { "shard missing", "shard %s missing" },
};

const char *cause_text(enum cause c, const char *detail, char *out, size_t len)
{
	if (!len)
		return out;
	if ((unsigned)c >= CAUSE_COUNT) {
		snprintf(out, len, "unknown cause %d", (int)c);
		return out;
	}
	if (detail && detail[0])
		snprintf(out, len, texts[c].with_detail, detail);
	else
		snprintf(out, len, "%s", texts[c].alone);
	return out;
}

int cause_note(struct cause_note *n, enum cause c, const char *fmt, ...)
{
	n->cause = c;
	n->detail[0] = '\0';
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(n->detail, sizeof(n->detail), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int cause_is_not_source(enum cause c)
{
	return c == CAUSE_UNKNOWN_LANGUAGE;
}

int cause_is_routine(enum cause c)
{
	return c == CAUSE_EXCLUDED || c == CAUSE_EXCLUDED_LANGUAGE || c == CAUSE_VENDORED
	       || cause_is_not_source(c);
}

void cause_note_deadline(struct cause_note *n, double seconds)
{
	/* Three digits, whole seconds from 100 s on (not 1.01e+03) */
	if (seconds >= 100)
		cause_note(n, CAUSE_TIMEOUT, "after %.0f s", seconds);
	else
		cause_note(n, CAUSE_TIMEOUT, "after %.3g s", seconds);
}

double cause_deadline(const char *detail)
{
	double seconds;
	char s[2];
	if (!detail || sscanf(detail, "after %lf %1[s]", &seconds, s) != 2 || !(seconds > 0))
		return 0;
	return seconds;
}
