/*
 * escape.c - every name from the analyzed tree on its way into a terminal, a text file, a
 * JSON document, XML, CSV or a URI (see escape.h). Invalid UTF-8 and control characters
 * never pass raw.
 */
#include "util/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* One row per range of multi-byte lead bytes: the sequence length and the range its
 * second byte must fall in. The second-byte ranges narrower than 80-BF are what rule out
 * overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4). */
static const struct utf8_lead {
	unsigned char first_lo, first_hi, len, second_lo, second_hi;
} utf8_leads[] = {
	{ 0xc2, 0xdf, 2, 0x80, 0xbf },
	{ 0xe0, 0xe0, 3, 0xa0, 0xbf },
	{ 0xe1, 0xec, 3, 0x80, 0xbf },
	{ 0xed, 0xed, 3, 0x80, 0x9f },
	{ 0xee, 0xef, 3, 0x80, 0xbf },
	{ 0xf0, 0xf0, 4, 0x90, 0xbf },
	{ 0xf1, 0xf3, 4, 0x80, 0xbf },
	{ 0xf4, 0xf4, 4, 0x80, 0x8f },
};

/* The utf8_leads row for lead byte c, or NULL when c cannot start a multi-byte sequence. */
static const struct utf8_lead *utf8_lead_for(unsigned char c)
{
	for (size_t i = 0; i < sizeof(utf8_leads) / sizeof(utf8_leads[0]); i++)
		if (c >= utf8_leads[i].first_lo && c <= utf8_leads[i].first_hi)
			return &utf8_leads[i];
	return NULL;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not valid. Overlong
 * forms, surrogates and code points past U+10FFFF are invalid. Reads no byte past the
 * first one that is not a continuation byte, so never past a terminating NUL. */
static size_t utf8_valid(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	const struct utf8_lead *lead = utf8_lead_for(s[0]);
	if (!lead || s[1] < lead->second_lo || s[1] > lead->second_hi)
		return 0;
	for (size_t i = 2; i < lead->len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return lead->len;
}

int esc_text_is_plain(const char *str)
{
	for (const unsigned char *p = (const unsigned char *)str; *p; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '\\')
			return 0;
	return 1;
}

/* The code point of the valid n-byte sequence at s when it reorders or breaks text on
 * display (the bidirectional controls a name can hide behind, as in "Trojan Source", and
 * U+2028/2029); else 0. */
static unsigned reordering(const unsigned char *s, size_t n)
{
	if (n == 2 && s[0] == 0xd8 && s[1] == 0x9c)
		return 0x061c;	/* ARABIC LETTER MARK */
	if (n != 3 || s[0] != 0xe2 || (s[1] != 0x80 && s[1] != 0x81))
		return 0;
	unsigned cp = 0x2000 + ((unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f));
	return (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e)
	       || (cp >= 0x2066 && cp <= 0x2069) ? cp : 0;
}

/* One character of esc_text_as at s: written escaped or as it is; the bytes it took. */
static size_t esc_text_char(struct wbuf *out, const unsigned char *s, int message)
{
	size_t n = utf8_valid(s);
	if (n > 1) {
		unsigned hidden = reordering(s, n);
		int c1 = n == 2 && s[0] == 0xc2 && s[1] < 0xa0;	/* terminal escapes too */
		if (hidden)
			wbuf_printf(out, "\\u%04x", hidden);
		else if (c1)
			wbuf_printf(out, "\\x%02x\\x%02x", s[0], s[1]);
		else
			wbuf_put(out, s, n);
		return n;
	}
	if (message && *s == '\\')
		wbuf_put_u8(out, *s);
	else if (*s == '\\')
		wbuf_put(out, "\\\\", 2);
	else if (n == 1 && *s >= 0x20 && *s != 0x7f)
		wbuf_put_u8(out, *s);
	else
		wbuf_printf(out, "\\x%02x", *s);	/* a control, DEL, or not UTF-8 */
	return 1;
}

/* esc_text, or with message set a message's text: a backslash kept (a message may quote
 * an escaped name). */
static void esc_text_as(struct wbuf *out, const char *str, int message)
{
	for (const unsigned char *s = (const unsigned char *)str; *s;)
		s += esc_text_char(out, s, message);
}

void esc_text(struct wbuf *out, const char *str)
{
	esc_text_as(out, str, 0);
}

void esc_message(struct wbuf *out, const char *str)
{
	esc_text_as(out, str, 1);
}

/* Appends the valid n-byte (n > 1) UTF-8 sequence at s for a JSON string: as it is,
 * except C1 controls (C2 80 to C2 9F), which terminals may obey, U+2028/2029, which
 * break JavaScript string literals, and the bidirectional controls, which reorder the
 * text of anyone reading the file: those are escaped (the string decodes the same). */
static void esc_json_multibyte(struct wbuf *out, const unsigned char *s, size_t n)
{
	unsigned hidden = reordering(s, n);
	if (n == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		wbuf_printf(out, "\\u%04x", s[1]);
	else if (hidden)
		wbuf_printf(out, "\\u%04x", hidden);
	else
		wbuf_put(out, s, n);
}

/* Appends the ASCII byte c for a JSON string: quote, backslash and controls escaped. */
static void esc_json_ascii(struct wbuf *out, unsigned char c)
{
	switch (c) {
	case '"': wbuf_put(out, "\\\"", 2); break;
	case '\\': wbuf_put(out, "\\\\", 2); break;
	case '\n': wbuf_put(out, "\\n", 2); break;
	case '\t': wbuf_put(out, "\\t", 2); break;
	case '\r': wbuf_put(out, "\\r", 2); break;
	default:
		if (c < 0x20 || c == 0x7f)
			wbuf_printf(out, "\\u%04x", c);
		else
			wbuf_put_u8(out, c);
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
		} else if (n > 1) {
			esc_json_multibyte(out, s, n);
			s += n;
		} else {
			esc_json_ascii(out, *s);
			s++;
		}
	}
}

void json_str(struct wbuf *out, const char *s)
{
	wbuf_put_u8(out, '"');
	esc_json(out, s ? s : "");
	wbuf_put_u8(out, '"');
}

static void put_replacement(struct wbuf *out)
{
	wbuf_put(out, "\xef\xbf\xbd", 3);
}

/* Appends the ASCII byte c for XML: markup characters as entities, the controls XML 1.0
 * allows as character references, the ones it forbids as U+FFFD. */
static void esc_xml_ascii(struct wbuf *out, unsigned char c)
{
	switch (c) {
	case '&': wbuf_put(out, "&amp;", 5); break;
	case '<': wbuf_put(out, "&lt;", 4); break;
	case '>': wbuf_put(out, "&gt;", 4); break;
	case '"': wbuf_put(out, "&quot;", 6); break;
	case '\'': wbuf_put(out, "&apos;", 6); break;
	case '\t': case '\n': case '\r': case 0x7f:
		wbuf_printf(out, "&#x%X;", c);
		break;
	default:
		if (c < 0x20)
			put_replacement(out);
		else
			wbuf_put_u8(out, c);
	}
}

void esc_xml(struct wbuf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = utf8_valid(s);
		if (n == 0) {
			put_replacement(out);
			s++;
		} else if (n == 1) {
			esc_xml_ascii(out, *s);
			s++;
		} else {
			unsigned hidden = reordering(s, n);
			if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)	/* C1 control */
				wbuf_printf(out, "&#x%X;", s[1]);
			else if (hidden)	/* no raw bidi control in the file */
				wbuf_printf(out, "&#x%X;", hidden);
			else if (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
				put_replacement(out);		/* U+FFFE, U+FFFF: not XML chars */
			else
				wbuf_put(out, s, n);
			s += n;
		}
	}
}

/* Whether a CSV field of text t[0..n) must be quoted: it holds a separator (',' or the
 * ';' of many locales), a quote or a line break. */
static int csv_needs_quotes(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr(",;\"\r\n", t[i]) && t[i])
			return 1;
	return 0;
}

void esc_csv(struct wbuf *out, const char *s, int quote_always)
{
	struct wbuf text;
	wbuf_init(&text);
	esc_text(&text, s ? s : "");
	const char *t = text.data ? (const char *)text.data : "";
	size_t n = text.len;
	int formula = n > 0 && strchr("=+-@\t\r", t[0]) != NULL;
	/* A '#' would start a comment for readers that take one (pandas' comment='#' cuts
	 * the row there, anywhere in it): quoted, it is data. */
	int quote = quote_always || csv_needs_quotes(t, n) || memchr(t, '#', n) != NULL;
	if (quote)
		wbuf_put_u8(out, '"');
	if (formula)
		wbuf_put_u8(out, '\'');
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '"' && quote)
			wbuf_put_u8(out, '"');
		wbuf_put_u8(out, (uint8_t)t[i]);
	}
	if (quote)
		wbuf_put_u8(out, '"');
	if (text.failed)
		out->failed = 1;
	wbuf_free(&text);
}

void esc_uri_path(struct wbuf *out, const char *str)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *s = (const unsigned char *)str; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')
		    || strchr("-._~/", *s) != NULL) {
			wbuf_put_u8(out, *s);
		} else {
			char e[3] = { '%', hex[*s >> 4], hex[*s & 15] };
			wbuf_put(out, e, 3);
		}
	}
}

void esc_prom_label(struct wbuf *out, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	while (*p) {
		size_t n = utf8_valid(p);
		if (n == 0) {
			wbuf_put(out, "\xef\xbf\xbd", 3);	/* U+FFFD */
			p++;
			continue;
		}
		unsigned hidden = reordering(p, n);
		if (*p == '\\')
			wbuf_put(out, "\\\\", 2);
		else if (*p == '"')
			wbuf_put(out, "\\\"", 2);
		else if (*p == '\n')
			wbuf_put(out, "\\n", 2);
		else if (*p < 0x20 || *p == 0x7f)	/* no escape of its own: as text */
			wbuf_printf(out, "\\\\x%02x", *p);
		else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)	/* C1 */
			wbuf_printf(out, "\\\\x%02x\\\\x%02x", p[0], p[1]);
		else if (hidden)
			wbuf_printf(out, "\\\\u%04x", hidden);
		else
			wbuf_put(out, p, n);
		p += n;
	}
}
