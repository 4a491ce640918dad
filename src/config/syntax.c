/*
 * syntax.c - git-config syntax into a flat list of entries (see syntax.h).
 *
 * The parser follows git's own (config.c: get_next_char, parse_value, get_base_var) so a
 * file means here what it means to git, with three differences that only refuse input:
 * hard limits, NUL bytes are errors, and the deprecated [section.subsection] form is not
 * accepted. Every byte comes through next_char(), which reads from a struct rbuf, folds
 * CRLF to LF, counts lines and enforces the line limit; after the first error it reports
 * end of input, so every loop in the parser ends on its own and the first error is the
 * one reported.
 */
#include "config/syntax.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "config/text.h"

struct config *config_new(const char *file)
{
	struct config *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->file = text_copy(file ? file : "");
	if (!c->file) {
		free(c);
		return NULL;
	}
	return c;
}

void config_free(struct config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		struct config_entry *e = &c->entries[i];
		free(e->section);
		free(e->subsection);
		free(e->key);
		free(e->value);
	}
	free(c->entries);
	free(c->file);
	free(c);
}

/* Appends an entry; 0, -1 when out of memory, -2 when the file has too many. */
static int push_entry(struct config *c, const struct config_item *item, int key_folded)
{
	if (c->count >= CONFIG_MAX_ENTRIES)
		return -2;
	if (text_grow((void **)&c->entries, &c->cap, c->count + 1, sizeof(*c->entries)) < 0)
		return -1;
	struct config_entry e = { 0 };
	e.section = text_copy_lower(item->section);
	e.subsection = text_copy(item->subsection);
	e.key = text_copy_lower(item->key);
	e.value = text_copy(item->value);
	e.line = item->line;
	e.key_folded = key_folded;
	if (!e.section || !e.key || (item->subsection && !e.subsection)
	    || (item->value && !e.value)) {
		free(e.section);
		free(e.subsection);
		free(e.key);
		free(e.value);
		return -1;
	}
	c->entries[c->count++] = e;
	return 0;
}

int config_add(struct config *c, const struct config_item *item, char *err, size_t errlen)
{
	int rc = push_entry(c, item, 0);
	if (rc == -2)
		snprintf(err, errlen, "%s: more than %d entries", c->file, CONFIG_MAX_ENTRIES);
	else if (rc < 0)
		snprintf(err, errlen, "%s: out of memory", c->file);
	return rc < 0 ? -1 : 0;
}

struct parser {
	struct rbuf in;
	const char *file;
	int line;		/* of the last character read */
	int newline_pending;	/* the last character was a newline: count it on the next */
	size_t column;		/* bytes read on the current physical line */
	int eof;		/* reads give '\n' from now on */
	int failed;
	char *err;
	size_t errlen;
	struct config *config;
	char *section;		/* of the last header; NULL before the first */
	char *subsection;
	struct wbuf word;	/* a section or key name being read */
	struct wbuf text;	/* a subsection or value being read */
};

/* Records the first error (later ones are consequences) and ends the input. */
static void parse_error(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void parse_error(struct parser *p, int line, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = 1;
	p->eof = 1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s", p->file, line, msg);
}

/* The next character, '\n' for CRLF and at the end of input (git's get_next_char). */
static int next_char(struct parser *p)
{
	if (p->eof)
		return '\n';
	if (p->newline_pending) {
		p->line++;
		p->column = 0;
		p->newline_pending = 0;
	}
	uint8_t c;
	if (rbuf_get_u8(&p->in, &c) < 0) {
		p->eof = 1;
		return '\n';
	}
	if (c == '\r' && rbuf_left(&p->in) > 0 && p->in.data[p->in.off] == '\n')
		(void)rbuf_get_u8(&p->in, &c);
	if (c == '\n') {
		p->newline_pending = 1;
		return '\n';
	}
	if (c == '\0') {
		parse_error(p, p->line, "NUL byte");
		return '\n';
	}
	if (++p->column > CONFIG_MAX_LINE_BYTES) {
		parse_error(p, p->line, "line longer than %d bytes", CONFIG_MAX_LINE_BYTES);
		return '\n';
	}
	return c;
}

/* Appends c to b, failing when b already holds max bytes or memory ran out. */
static int put_char(struct parser *p, struct wbuf *b, int c, size_t max, const char *what)
{
	if (b->len >= max) {
		parse_error(p, p->line, "%s longer than %zu bytes", what, max);
		return -1;
	}
	wbuf_put_u8(b, (uint8_t)c);
	if (b->failed) {
		parse_error(p, p->line, "out of memory");
		return -1;
	}
	return 0;
}

/* The bytes of b as a C string (b keeps ownership); NULL when out of memory. */
static const char *wbuf_text(struct parser *p, struct wbuf *b)
{
	wbuf_put_u8(b, 0);
	if (b->failed) {
		parse_error(p, p->line, "out of memory");
		return NULL;
	}
	b->len--;
	return (const char *)b->data;
}

static void skip_comment(struct parser *p)
{
	while (next_char(p) != '\n')
		;
}

/* Reads a section name, folded to lower case, into p->word; returns the character after
 * it, or -1 after an error. */
static int read_section_name(struct parser *p)
{
	int c = next_char(p);
	while (text_is_alnum(c) || c == '-') {
		if (put_char(p, &p->word, text_to_lower(c), CONFIG_MAX_LINE_BYTES, "section name") < 0)
			return -1;
		c = next_char(p);
	}
	return c;
}

/* After the blank c that follows a section name: blanks, then "subsection" into p->text, a
 * backslash dropped before any byte. Returns the character after the closing quote, or -1
 * after an error (reported at line, the header's). */
static int read_subsection(struct parser *p, int line, int c)
{
	while (text_is_blank(c))
		c = next_char(p);
	if (c != '"') {
		parse_error(p, line, "bad section header");
		return -1;
	}
	for (c = next_char(p); c != '"'; c = next_char(p)) {
		if (c == '\\')
			c = next_char(p);	/* git drops the backslash before any byte */
		if (c == '\n') {
			parse_error(p, line, "bad section header");
			return -1;
		}
		if (put_char(p, &p->text, c, CONFIG_MAX_LINE_BYTES, "subsection") < 0)
			return -1;
	}
	return next_char(p);
}

/* Makes the header just read (p->word, and p->text when has_subsection) the section the
 * following keys belong to; an [includeIf] header is an error. */
static void enter_section(struct parser *p, int line, int has_subsection)
{
	const char *name = wbuf_text(p, &p->word);
	const char *sub = has_subsection ? wbuf_text(p, &p->text) : NULL;
	if (p->failed)
		return;
	if (strcmp(name, "includeif") == 0) {
		parse_error(p, line, "includes are not allowed");
		return;
	}
	free(p->section);
	free(p->subsection);
	p->section = text_copy(name);
	p->subsection = text_copy(sub);
	if (!p->section || (sub && !p->subsection))
		parse_error(p, line, "out of memory");
}

/* After '[': "name]" or "name "subsection"]" (git's get_base_var). */
static void parse_section_header(struct parser *p)
{
	int line = p->line;
	wbuf_reset(&p->word);
	wbuf_reset(&p->text);
	int c = read_section_name(p);
	if (c < 0)
		return;
	int has_subsection = p->word.len > 0 && text_is_blank(c);
	if (has_subsection)
		c = read_subsection(p, line, c);
	if (c < 0)
		return;
	if (p->word.len == 0 || c != ']') {
		parse_error(p, line, "bad section header");
		return;
	}
	enter_section(p, line, has_subsection);
}

/* Where parse_value is within a value. */
struct value_state {
	int quote;		/* inside "..." */
	int comment;		/* after an unquoted # or ;: the rest of the line is ignored */
	size_t spaces;		/* blanks seen outside quotes, written only if more follows */
};

/* After a backslash in a value: reads the escaped character into *c. 1 when *c is to be
 * written, 0 for a continuation line (nothing to write), -1 after an error. */
static int read_escape(struct parser *p, int *c)
{
	int e = next_char(p);
	if (p->failed)
		return -1;
	switch (e) {
	case '\n':
		return 0;	/* a continuation line */
	case 't': *c = '\t'; return 1;
	case 'b': *c = '\b'; return 1;
	case 'n': *c = '\n'; return 1;
	case '\\': case '"': *c = e; return 1;
	default:
		if (e >= 0x20 && e < 0x7f)
			parse_error(p, p->line, "unknown escape '\\%c' in value", e);
		else
			parse_error(p, p->line, "unknown escape in value");
		return -1;
	}
}

/* Writes the blanks held back in st, now that more of the value follows them. */
static int flush_spaces(struct parser *p, struct value_state *st)
{
	for (; st->spaces; st->spaces--)
		if (put_char(p, &p->text, ' ', CONFIG_MAX_VALUE_BYTES, "value") < 0)
			return -1;
	return 0;
}

/* One character of a value other than the line's end: a comment, a blank (held back),
 * a quote, an escape or a character to write. 0, or -1 after an error. */
static int value_char(struct parser *p, struct value_state *st, int c)
{
	if (st->comment)
		return 0;
	if (text_is_space(c) && !st->quote) {
		if (p->text.len)
			st->spaces++;
		return 0;
	}
	if (!st->quote && (c == '#' || c == ';')) {
		st->comment = 1;
		return 0;
	}
	if (flush_spaces(p, st) < 0)
		return -1;
	if (c == '"') {
		st->quote = !st->quote;
		return 0;
	}
	if (c == '\\') {
		int rc = read_escape(p, &c);
		if (rc <= 0)
			return rc;
	}
	return put_char(p, &p->text, c, CONFIG_MAX_VALUE_BYTES, "value");
}

/* After '=': the value into p->text (git's parse_value). 0, or -1 after an error. */
static int parse_value(struct parser *p)
{
	struct value_state st = { 0 };
	wbuf_reset(&p->text);
	for (;;) {
		int c = next_char(p);
		if (p->failed)
			return -1;
		if (c == '\n')
			break;
		if (value_char(p, &st, c) < 0)
			return -1;
	}
	if (st.quote) {
		parse_error(p, p->line, "unterminated quote");
		return -1;
	}
	return 0;
}

/* A key name starting with *c (a letter), folded to lower case, into p->word; *c is left
 * at the character after it and *folded set when the key had upper-case letters. The key
 * as a C string, or NULL after an error (reported at line, the key's). */
static const char *read_key(struct parser *p, int line, int *c, int *folded)
{
	wbuf_reset(&p->word);
	*folded = 0;
	while (text_is_alnum(*c) || *c == '-') {
		*folded |= text_is_upper(*c);
		if (put_char(p, &p->word, text_to_lower(*c), CONFIG_MAX_LINE_BYTES, "key") < 0)
			return NULL;
		*c = next_char(p);
	}
	if (*c != '=' && *c != '\n' && *c != '#' && *c != ';' && !text_is_blank(*c)) {
		char at[2] = { (char)*c, '\0' }, shown[8];
		text_printable(at, 1, shown, sizeof(shown));
		parse_error(p, line, "invalid key name '%s%s...': a key holds letters, digits and "
			    "'-' only", wbuf_text(p, &p->word), shown);
		return NULL;
	}
	return wbuf_text(p, &p->word);
}

/* What follows key, from c: blanks, then "= value", a comment or the line's end. Sets
 * *value (NULL for a key alone); 0, or -1 after an error. */
static int read_key_rest(struct parser *p, int line, const char *key, int c, const char **value)
{
	while (text_is_blank(c))
		c = next_char(p);
	*value = NULL;
	if (c == '=') {
		if (parse_value(p) < 0)
			return -1;
		*value = wbuf_text(p, &p->text);
		return *value ? 0 : -1;
	}
	if (c == '#' || c == ';') {
		skip_comment(p);
		return 0;
	}
	if (c != '\n') {
		parse_error(p, line, "expected '=' after key '%s'", key);
		return -1;
	}
	return 0;
}

/* A key line whose first character is first. */
static void parse_entry(struct parser *p, int first)
{
	int line = p->line;
	if (!text_is_alpha(first)) {
		char at[2] = { (char)first, '\0' }, shown[8];
		text_printable(at, 1, shown, sizeof(shown));
		parse_error(p, line, "invalid key name starting '%s': a key starts with a letter",
			    shown);
		return;
	}
	if (!p->section) {
		parse_error(p, line, "key before any section header");
		return;
	}
	int c = first, folded;
	const char *key = read_key(p, line, &c, &folded);
	struct config_item item = { p->section, p->subsection, key, NULL, line };
	if (!key || read_key_rest(p, line, key, c, &item.value) < 0 || p->failed)
		return;
	int rc = push_entry(p->config, &item, folded);
	if (rc == -2)
		parse_error(p, line, "more than %d entries", CONFIG_MAX_ENTRIES);
	else if (rc < 0)
		parse_error(p, line, "out of memory");
}

int config_parse(const char *file, const void *data, size_t len, struct config **out,
		 char *err, size_t errlen)
{
	*out = NULL;
	if (len > CONFIG_MAX_FILE_BYTES) {
		snprintf(err, errlen, "%s: larger than %u bytes (1 MiB)", file,
			 CONFIG_MAX_FILE_BYTES);
		return -1;
	}
	struct parser p = { .file = file, .line = 1, .err = err, .errlen = errlen };
	rbuf_init(&p.in, data, len);
	static const uint8_t bom[3] = { 0xef, 0xbb, 0xbf };
	if (len >= 3 && memcmp(data, bom, 3) == 0) {
		const uint8_t *skipped;
		(void)rbuf_get_bytes(&p.in, 3, &skipped);
	}
	wbuf_init(&p.word);
	wbuf_init(&p.text);
	p.config = config_new(file);
	if (!p.config)
		parse_error(&p, 0, "out of memory");
	while (!p.eof) {
		int c = next_char(&p);
		if (c == '\n' || text_is_space(c))
			continue;
		if (c == '#' || c == ';')
			skip_comment(&p);
		else if (c == '[')
			parse_section_header(&p);
		else
			parse_entry(&p, c);
	}
	wbuf_free(&p.word);
	wbuf_free(&p.text);
	free(p.section);
	free(p.subsection);
	if (p.failed) {
		config_free(p.config);
		return -1;
	}
	*out = p.config;
	return 0;
}
