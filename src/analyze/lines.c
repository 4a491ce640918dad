/*
 * lines.c - line tables, line classification, the lexical fallback and the
 * maintainability index (see lines.h).
 */
#include "analyze/lines.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int lines_scan(struct line_table *lt, const char *src, size_t len)
{
	uint32_t n = 0;
	for (const char *p = src, *end = src + len; p < end; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	lt->nlines = n;
	lt->blank = malloc((size_t)n + 1);
	if (!lt->blank)
		return -1;
	/* A line is blank up to its first byte above a space: most lines stop early. */
	const char *p = src, *end = src + len;
	for (uint32_t line = 0; line < n; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		uint8_t blank = 1;
		for (const char *q = p; q < stop; q++)
			if ((unsigned char)*q > ' ') {
				blank = 0;
				break;
			}
		lt->blank[line] = blank;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

void lines_free(struct line_table *lt)
{
	free(lt->blank);
	lt->blank = NULL;
	lt->nlines = 0;
}

enum line_kind lines_classify(const struct line_table *lt, uint32_t line, uint8_t marks)
{
	if (lt->blank[line])
		return LINE_KIND_BLANK;
	if (marks & LINE_CODE)
		return LINE_KIND_CODE;
	if (marks & LINE_COMMENT)
		return LINE_KIND_COMMENT;
	return LINE_KIND_CODE;
}

static int starts(const char *src, size_t len, size_t i, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n && i + n <= len && memcmp(src + i, s, n) == 0;
}

/* The lexical fallback is a state machine over the bytes: one function per state, called
 * for each byte that is not white space; newlines are handled apart (lexer_newline). A
 * state function may consume more than its byte by moving pos. */
enum lexer_state { LEX_CODE, LEX_LINE_COMMENT, LEX_BLOCK_COMMENT, LEX_STRING };

struct lexer {
	const char *src;
	size_t len;
	const struct language_info *li;	/* NULL: no comment syntax, no triple quotes */
	uint8_t *marks;
	size_t pos;			/* index of the byte being looked at */
	uint32_t line;
	enum lexer_state state;
	char quote;			/* the quote that opened the current string */
	int triple;			/* the current string is triple-quoted */
};

/* Whether the marker s (may be NULL: never) starts at the current byte. */
static int lexer_starts(const struct lexer *lx, const char *s)
{
	return starts(lx->src, lx->len, lx->pos, s);
}

/* Marks the current line as holding code or comment (a LINE_* bit). */
static void lexer_mark(struct lexer *lx, uint8_t bit)
{
	lx->marks[lx->line] |= bit;
}

/* A newline ends a line comment, and a string unless it is triple-quoted or a template
 * (backquoted) string. */
static void lexer_newline(struct lexer *lx)
{
	lx->line++;
	if (lx->state == LEX_LINE_COMMENT
	    || (lx->state == LEX_STRING && !lx->triple && lx->quote != '`'))
		lx->state = LEX_CODE;
}

/* Opens a string at quote c, triple-quoted when the language has those and c is tripled. */
static void lexer_open_string(struct lexer *lx, char c)
{
	const char *src = lx->src;
	size_t i = lx->pos;
	lx->state = LEX_STRING;
	lx->quote = c;
	lx->triple = lx->li && lx->li->triple_quotes && i + 2 < lx->len && src[i + 1] == c
		     && src[i + 2] == c;
	if (lx->triple)
		lx->pos += 2;
}

/* Code: a comment opener starts a comment, a quote starts a string. The block opener is
 * tried first: it may begin with the line-comment marker (Lua's `--[[` and `--`). */
static void lexer_code(struct lexer *lx, char c)
{
	const struct language_info *li = lx->li;
	if (li && lexer_starts(lx, li->block_open)) {
		lx->state = LEX_BLOCK_COMMENT;
		lexer_mark(lx, LINE_COMMENT);
		lx->pos += strlen(li->block_open) - 1;
	} else if (li && (lexer_starts(lx, li->line_comment)
			  || lexer_starts(lx, li->line_comment2))) {
		lx->state = LEX_LINE_COMMENT;
		lexer_mark(lx, LINE_COMMENT);
	} else {
		lexer_mark(lx, LINE_CODE);
		if (c == '"' || c == '\'' || c == '`')
			lexer_open_string(lx, c);
	}
}

/* Inside a line comment: everything is comment until the newline. */
static void lexer_line_comment(struct lexer *lx, char c)
{
	(void)c;
	lexer_mark(lx, LINE_COMMENT);
}

/* Inside a block comment: comment up to and including the closing marker. */
static void lexer_block_comment(struct lexer *lx, char c)
{
	(void)c;
	lexer_mark(lx, LINE_COMMENT);
	if (lexer_starts(lx, lx->li->block_close)) {
		lx->pos += strlen(lx->li->block_close) - 1;
		lx->state = LEX_CODE;
	}
}

/* At a quote like the opening one: closes a plain string, or a triple-quoted one when
 * the quote is tripled. */
static void lexer_string_quote(struct lexer *lx)
{
	const char *src = lx->src;
	size_t i = lx->pos;
	if (!lx->triple) {
		lx->state = LEX_CODE;
	} else if (i + 2 < lx->len && src[i + 1] == lx->quote && src[i + 2] == lx->quote) {
		lx->pos += 2;
		lx->state = LEX_CODE;
	}
}

/* Inside a string: code until the closing quote; a backslash escapes the next character
 * unless that is a newline. */
static void lexer_string(struct lexer *lx, char c)
{
	lexer_mark(lx, LINE_CODE);
	if (c == '\\') {
		if (lx->pos + 1 < lx->len && lx->src[lx->pos + 1] != '\n')
			lx->pos++;
	} else if (c == lx->quote) {
		lexer_string_quote(lx);
	}
}

/* The state functions, by state. */
static void (*const lexer_states[])(struct lexer *, char) = {
	[LEX_CODE] = lexer_code,
	[LEX_LINE_COMMENT] = lexer_line_comment,
	[LEX_BLOCK_COMMENT] = lexer_block_comment,
	[LEX_STRING] = lexer_string,
};

void lines_lexical(const struct line_table *lt, const char *src, size_t len,
		   const struct language_info *li, uint8_t *marks)
{
	struct lexer lx = { .src = src, .len = len, .li = li, .marks = marks,
			    .state = LEX_CODE };

	for (lx.pos = 0; lx.pos < len; lx.pos++) {
		char c = src[lx.pos];
		if (c == '\n')
			lexer_newline(&lx);
		else if (lx.line < lt->nlines && (unsigned char)c > ' ')
			lexer_states[lx.state](&lx, c);
	}
}

double lines_maintainability(double volume, double ccn_sum, uint32_t code_lines)
{
	if (code_lines == 0)
		return 100.0;
	double v = volume > 1.0 ? volume : 1.0;
	double mi = (171.0 - 5.2 * log(v) - 0.23 * ccn_sum - 16.2 * log((double)code_lines))
		    * 100.0 / 171.0;
	if (mi < 0)
		mi = 0;
	if (mi > 100)
		mi = 100;
	return mi;
}
