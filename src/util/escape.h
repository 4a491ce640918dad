/*
 * escape.h - the only way a name from the analyzed tree (a path, a function name) reaches a
 * terminal, a text file, JSON, XML, CSV or a URI: every such name is attacker-controlled.
 */
#ifndef ASSAY_UTIL_ESCAPE_H
#define ASSAY_UTIL_ESCAPE_H

#include "common/buf.h"

/* Text for a terminal or a plain-text file: control characters, DEL, C1 controls and
 * invalid UTF-8 become \xNN, a backslash becomes \\, the characters that reorder text
 * on display (bidirectional controls, U+2028/2029) become \uNNNN. Other UTF-8 passes. */
void esc_text(struct wbuf *out, const char *s);
/* A message's text for standard error (util/msg.c): as esc_text, but a backslash
 * passes (any escaping already in it); a line feed is escaped too, so a name cannot
 * forge a line of its own. */
void esc_message(struct wbuf *out, const char *s);
/* 1 when esc_text would copy s unchanged (printable ASCII without a backslash): the
 * caller may then write s as it is. */
int esc_text_is_plain(const char *s);
/* The inside of a JSON string: quotes, backslashes, controls (C0, DEL and C1, U+0080 to
 * U+009F, which some terminals obey as escape sequences), U+2028/2029 and the
 * bidirectional controls written as \u escapes; invalid UTF-8 bytes become U+FFFD. The
 * string decodes to exactly s (when valid) and its text holds no control character. */
void esc_json(struct wbuf *out, const char *s);
/* A JSON string with its quotes. */
void json_str(struct wbuf *out, const char *s);

/* An XML 1.0 attribute value or text (no quotes around it): & < > " ' as entities; tab,
 * LF, CR, DEL, C1 controls and the bidirectional controls (and U+2028/2029) as character
 * references, so the value survives exactly and no raw control is written; the C0 controls XML 1.0 cannot carry at all, U+FFFE,
 * U+FFFF and invalid UTF-8 bytes become U+FFFD. */
void esc_xml(struct wbuf *out, const char *s);
/* One CSV field (RFC 4180): the text of s escaped as esc_text does (so it holds no control
 * character), a leading ' when it starts with = + - @ tab or CR (so a spreadsheet does not
 * read it as a formula), then in double quotes with quotes doubled when it holds a comma,
 * a semicolon (the separator of spreadsheets in many locales), a quote, CR or LF, when it
 * holds a '#' (a reader would take the rest of the row for a comment), or always when
 * quote_always is set. */
void esc_csv(struct wbuf *out, const char *s, int quote_always);
/* A path as a URI reference: every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~) and
 * '/' percent-encoded (upper-case hex), so no space, control or ':' is left raw. */
void esc_uri_path(struct wbuf *out, const char *s);
/* A Prometheus label value (text exposition format, without its quotes): backslash,
 * quote and line feed escaped; invalid UTF-8 bytes become U+FFFD (the format is UTF-8,
 * and promtool refuses a file with a byte that is not); the other control characters
 * and the bidirectional ones, which the format has no escape for, are written as text
 * ("\x1b", "\u202e": an escaped backslash and the rest), as the text report shows them. */
void esc_prom_label(struct wbuf *out, const char *s);

#endif
