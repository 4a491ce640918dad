/*
 * jsonread.c - the JSON pull reader (see jsonread.h).
 */
#include "util/jsonread.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void jr_init(struct json_reader *jr, int fd)
{
	memset(jr, 0, sizeof(*jr));
	jr->fd = fd;
}

static int fail(struct json_reader *jr, const char *fmt, ...)
{
	if (jr->err[0])
		return -1;
	char what[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(jr->err, sizeof(jr->err), "%s at byte %llu", what,
		 (unsigned long long)(jr->offset + jr->pos));
	return -1;
}

/* The next byte without taking it; -1 at the end (or after an error). */
static int peek_byte(struct json_reader *jr)
{
	if (jr->err[0])
		return -1;
	if (jr->pos < jr->len)
		return jr->buf[jr->pos];
	if (jr->eof)
		return -1;
	jr->offset += jr->len;
	jr->pos = jr->len = 0;
	ssize_t n;
	do
		n = read(jr->fd, jr->buf, sizeof(jr->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		fail(jr, "cannot read: %s", strerror(errno));
		return -1;
	}
	jr->eof = n == 0;
	jr->len = (size_t)n;
	return n ? jr->buf[0] : -1;
}

static int take_byte(struct json_reader *jr)
{
	int c = peek_byte(jr);
	if (c >= 0)
		jr->pos++;
	return c;
}

/* The next byte that is not white space, not taken. */
static int peek_token(struct json_reader *jr)
{
	int c;
	while ((c = peek_byte(jr)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		jr->pos++;
	return c;
}

static int expect(struct json_reader *jr, int want, const char *what)
{
	if (peek_token(jr) != want)
		return fail(jr, "%s expected", what);
	jr->pos++;
	return 0;
}

static int open_level(struct json_reader *jr, int c, const char *what)
{
	if (jr->depth >= JR_MAX_DEPTH)
		return fail(jr, "nested deeper than %d", JR_MAX_DEPTH);
	if (expect(jr, c, what) < 0)
		return -1;
	jr->first[jr->depth++] = 1;
	return 0;
}

int jr_object(struct json_reader *jr)
{
	return open_level(jr, '{', "an object");
}

int jr_array(struct json_reader *jr)
{
	return open_level(jr, '[', "an array");
}

/* Before a member or an element: 1 when one follows (its comma taken), 0 at the closing
 * byte (taken, the level closed). */
static int next_item(struct json_reader *jr, int close)
{
	if (jr->err[0] || jr->depth == 0)
		return fail(jr, "no open object or array");
	int c = peek_token(jr);
	if (c == close) {
		jr->pos++;
		jr->depth--;
		return 0;
	}
	if (!jr->first[jr->depth - 1] && expect(jr, ',', "a comma") < 0)
		return -1;
	jr->first[jr->depth - 1] = 0;
	return 1;
}

int jr_key(struct json_reader *jr, struct wbuf *key, size_t max)
{
	int more = next_item(jr, '}');
	if (more <= 0)
		return more;
	if (jr_string(jr, key, max, 0) < 0 || expect(jr, ':', "a colon") < 0)
		return -1;
	return 1;
}

int jr_next(struct json_reader *jr)
{
	int more = next_item(jr, ']');
	if (more > 0 && peek_token(jr) == ']')
		return fail(jr, "a value expected");
	return more;
}

static int hex4(struct json_reader *jr, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		int c = take_byte(jr);
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return fail(jr, "a bad \\u escape");
		*out = *out << 4 | (unsigned)d;
	}
	return 0;
}

static void put_utf8(struct wbuf *out, unsigned cp)
{
	unsigned char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | cp >> 18);
		b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	wbuf_put(out, b, n);
}

/* After "\u": one code point, a surrogate pair joined. */
static int unicode_escape(struct json_reader *jr, struct wbuf *out)
{
	unsigned cp, low;
	if (hex4(jr, &cp) < 0)
		return -1;
	if (cp >= 0xdc00 && cp < 0xe000)
		return fail(jr, "a lone low surrogate");
	if (cp >= 0xd800 && cp < 0xdc00) {
		if (take_byte(jr) != '\\' || take_byte(jr) != 'u' || hex4(jr, &low) < 0
		    || low < 0xdc00 || low >= 0xe000)
			return fail(jr, "a high surrogate without its low one");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	}
	put_utf8(out, cp);
	return 0;
}

static int escape(struct json_reader *jr, struct wbuf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	int c = take_byte(jr);
	if (c == 'u')
		return unicode_escape(jr, out);
	const char *at = c > 0 ? strchr(from, c) : NULL;
	if (!at)
		return fail(jr, "a bad escape");
	wbuf_put(out, &to[at - from], 1);
	return 0;
}

static int literal(struct json_reader *jr, const char *word)
{
	for (const char *w = word; *w; w++)
		if (take_byte(jr) != *w)
			return fail(jr, "a bad literal (%s?)", word);
	return 0;
}

/* A string's next byte (an escape decoded) into out; 1 at its closing quote. */
static int string_byte(struct json_reader *jr, struct wbuf *out)
{
	int c = take_byte(jr);
	if (c == '"')
		return 1;
	if (c < 0x20)
		return fail(jr, c < 0 ? "an unterminated string" : "a control byte in a string");
	if (c == '\\')
		return escape(jr, out);
	unsigned char b = (unsigned char)c;
	wbuf_put(out, &b, 1);
	return 0;
}

int jr_string(struct json_reader *jr, struct wbuf *out, size_t max, int null_ok)
{
	wbuf_reset(out);
	if (null_ok && peek_token(jr) == 'n')
		return literal(jr, "null") < 0 ? -1 : 1;
	if (expect(jr, '"', "a string") < 0)
		return -1;
	int rc;
	while ((rc = string_byte(jr, out)) == 0)
		if (out->len > max || out->failed)
			return fail(jr, "a string longer than %zu bytes", max);
	if (rc < 0)
		return -1;
	wbuf_put(out, "", 1);
	out->len--;
	return out->failed ? fail(jr, "out of memory") : 0;
}

int jr_uint(struct json_reader *jr, uint64_t max, uint64_t *out)
{
	int c = peek_token(jr);
	if (c < '0' || c > '9')
		return fail(jr, "a non-negative integer expected");
	uint64_t v = 0;
	while ((c = peek_byte(jr)) >= '0' && c <= '9') {
		if (v > (max - (uint64_t)(c - '0')) / 10)
			return fail(jr, "a number larger than %llu", (unsigned long long)max);
		v = v * 10 + (uint64_t)(c - '0');
		jr->pos++;
	}
	if (c == '.' || c == 'e' || c == 'E')
		return fail(jr, "an integer expected");
	*out = v;
	return 0;
}

int jr_bool(struct json_reader *jr, int *out)
{
	int c = peek_token(jr);
	if (c != 't' && c != 'f')
		return fail(jr, "true or false expected");
	*out = c == 't';
	return literal(jr, *out ? "true" : "false");
}

/* A number, not kept: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int skip_digits(struct json_reader *jr)
{
	int c = peek_byte(jr);
	if (c < '0' || c > '9')
		return fail(jr, "a digit expected");
	while ((c = peek_byte(jr)) >= '0' && c <= '9')
		jr->pos++;
	return 0;
}

static int skip_number(struct json_reader *jr)
{
	if (peek_byte(jr) == '-')
		jr->pos++;
	if (peek_byte(jr) == '0')
		jr->pos++;
	else if (skip_digits(jr) < 0)
		return -1;
	if (peek_byte(jr) == '.') {
		jr->pos++;
		if (skip_digits(jr) < 0)
			return -1;
	}
	int c = peek_byte(jr);
	if (c != 'e' && c != 'E')
		return 0;
	jr->pos++;
	if ((c = peek_byte(jr)) == '+' || c == '-')
		jr->pos++;
	return skip_digits(jr);
}

/* A string, not kept (its escapes checked as jr_string would). */
static int skip_string(struct json_reader *jr)
{
	struct wbuf one;
	wbuf_init(&one);
	int rc = expect(jr, '"', "a string");
	while (rc == 0 && (rc = string_byte(jr, &one)) == 0)
		wbuf_reset(&one);
	wbuf_free(&one);
	return rc < 0 ? -1 : 0;
}

static int skip_container(struct json_reader *jr, int object)
{
	int more;
	if ((object ? jr_object(jr) : jr_array(jr)) < 0)
		return -1;
	while ((more = object ? next_item(jr, '}') : jr_next(jr)) > 0)
		if ((object && (skip_string(jr) < 0 || expect(jr, ':', "a colon") < 0))
		    || jr_skip(jr) < 0)
			return -1;
	return more;
}

int jr_skip(struct json_reader *jr)
{
	switch (peek_token(jr)) {
	case '{':
		return skip_container(jr, 1);
	case '[':
		return skip_container(jr, 0);
	case '"':
		return skip_string(jr);
	case 't':
		return literal(jr, "true");
	case 'f':
		return literal(jr, "false");
	case 'n':
		return literal(jr, "null");
	default:
		return skip_number(jr);
	}
}

int jr_end(struct json_reader *jr)
{
	if (peek_token(jr) >= 0)
		return fail(jr, "bytes after the document");
	return jr->err[0] ? -1 : 0;
}
