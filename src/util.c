/*
 * util.c - see util.h.
 */
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *progname = "assay";

static void out_of_memory(void)
{
	static const char msg[] = "assay: error: out of memory\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(4);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xgrow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	*p = xrealloc(*p, n * elem);
	*cap = n;
}

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	char buf[2048];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "%s: %s: %s\n", progname, kind, buf);
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

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not valid. Overlong
 * forms, surrogates and code points past U+10FFFF are invalid. */
static size_t utf8_valid(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;
		if (c == 0xed && s[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

void esc_text(struct wbuf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = utf8_valid(s);
		/* C1 controls (U+0080-U+009F) are terminal escapes too. */
		int c1 = n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
		if (n == 1 && *s >= 0x20 && *s != 0x7f && *s != '\\') {
			wbuf_put_u8(out, *s);
		} else if (*s == '\\') {
			wbuf_put(out, "\\\\", 2);
		} else if (n > 1 && !c1) {
			wbuf_put(out, s, n);
			s += n;
			continue;
		} else {
			size_t k = c1 ? 2 : 1;
			for (size_t i = 0; i < k; i++)
				wbuf_printf(out, "\\x%02x", s[i]);
			s += k;
			continue;
		}
		s++;
	}
}

void esc_json(struct wbuf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = utf8_valid(s);
		if (n == 0) {
			wbuf_put(out, "\\ufffd", 6);
			s++;
			continue;
		}
		if (n > 1) {
			/* U+2028/2029 break JavaScript string literals; escape them too. */
			if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
				wbuf_printf(out, "\\u%04x", s[2] == 0xa8 ? 0x2028 : 0x2029);
			else
				wbuf_put(out, s, n);
			s += n;
			continue;
		}
		switch (*s) {
		case '"': wbuf_put(out, "\\\"", 2); break;
		case '\\': wbuf_put(out, "\\\\", 2); break;
		case '\n': wbuf_put(out, "\\n", 2); break;
		case '\t': wbuf_put(out, "\\t", 2); break;
		case '\r': wbuf_put(out, "\\r", 2); break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				wbuf_printf(out, "\\u%04x", *s);
			else
				wbuf_put_u8(out, *s);
		}
		s++;
	}
}

void json_str(struct wbuf *out, const char *s)
{
	wbuf_put_u8(out, '"');
	esc_json(out, s ? s : "");
	wbuf_put_u8(out, '"');
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
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
