/*
 * msg.h - "assay: error: ..." and "assay: warning: ..." on standard error, for what is not
 * an event of a run (usage and setup errors; events are util/log.h), and signal names.
 */
#ifndef ASSAY_UTIL_MSG_H
#define ASSAY_UTIL_MSG_H

#include <stdio.h>

/* The program name for messages ("assay"). */
extern const char *progname;
/* "assay: error: ..." / "assay: warning: ..." on stderr. */
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* text on out with no control character or text-reordering one left raw (esc_message;
 * without memory for the escapes, every byte that might be one as '?'). */
void msg_put_escaped(FILE *out, const char *text);
/* A line was drawn on stderr to be overwritten (the progress line, without a newline):
 * the next message or event clears it first, so that it stands on a line of its own. */
void msg_transient_shown(void);
/* Clears that line, if one is shown. */
void msg_clear_transient(void);
/* Whether TERM says the terminal is a dumb one (no colour, no \r or erase-line). */
int msg_terminal_dumb(void);

/* "SIGSEGV"-style name of a signal number ("signal 42" for unknown ones; static). */
const char *signal_name(int sig);

#endif
