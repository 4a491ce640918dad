/*
 * msg.c - messages to the user on standard error, and signal names for them (see msg.h).
 */
#include "util/msg.h"

#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"

const char *progname = "assay";

void msg_put_escaped(FILE *out, const char *text)
{
	struct wbuf b;
	wbuf_init(&b);
	esc_message(&b, text);
	if (!b.failed) {
		fwrite(b.data, 1, b.len, out);
	} else {
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			fputc(*p < 0x20 || *p >= 0x7f ? '?' : *p, out);
	}
	wbuf_free(&b);
}

int msg_terminal_dumb(void)
{
	const char *term = getenv("TERM");
	return term && strcmp(term, "dumb") == 0;
}

/* A line on stderr that the next message must clear first (the progress line). */
static atomic_int transient;

void msg_transient_shown(void)
{
	atomic_store(&transient, 1);
}

void msg_clear_transient(void)
{
	if (atomic_exchange(&transient, 0))
		fputs("\r\033[K", stderr);
}

/* The message, its names from the command line or the analyzed tree (paths, function
 * names) escaped (msg_put_escaped). */
static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	char buf[2048];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	msg_clear_transient();
	fprintf(stderr, "%s: %s: ", progname, kind);
	msg_put_escaped(stderr, buf);
	fputc('\n', stderr);
}

void error_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("error", fmt, ap);
	va_end(ap);
}

void warning_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("warning", fmt, ap);
	va_end(ap);
}

const char *signal_name(int sig)
{
	static const struct {
		int sig;
		const char *name;
	} names[] = {
		{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" },
		{ SIGILL, "SIGILL" }, { SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
		{ SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" }, { SIGKILL, "SIGKILL" },
		{ SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
		{ SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" },
		{ SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" }, { SIGSYS, "SIGSYS" },
	};
	static char other[32];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	snprintf(other, sizeof(other), "signal %d", sig);
	return other;
}

/* Appends U+FFFD, the stand-in for what an output format cannot carry. */
