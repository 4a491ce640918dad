/*
 * lines.c - line tables, line classification, the lexical fallback and the
 * maintainability index (see lines.h).
 */
#include "lines.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int lines_scan(struct line_table *lt, const char *src, size_t len)
{
	uint32_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += src[i] == '\n';
	if (len > 0 && src[len - 1] != '\n')
		n++;
	lt->nlines = n;
	lt->blank = malloc((size_t)n + 1);
	if (!lt->blank)
		return -1;
	uint32_t line = 0;
	int blank = 1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '\n') {
			lt->blank[line++] = (uint8_t)blank;
			blank = 1;
		} else if (c > ' ') {
			blank = 0;
		}
	}
	if (line < n)
		lt->blank[line] = (uint8_t)blank;
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

void lines_lexical(const struct line_table *lt, const char *src, size_t len,
		   const struct language_info *li, uint8_t *marks)
{
	enum { CODE, LINE_COMMENT_STATE, BLOCK, STRING } state = CODE;
	char quote = 0;
	int triple = 0;
	uint32_t line = 0;

	for (size_t i = 0; i < len; i++) {
		char c = src[i];
		if (c == '\n') {
			line++;
			if (state == LINE_COMMENT_STATE
			    || (state == STRING && !triple && quote != '`'))
				state = CODE;
			continue;
		}
		if (line >= lt->nlines || (unsigned char)c <= ' ')
			continue;
		switch (state) {
		case CODE:
			if (li && (starts(src, len, i, li->line_comment)
				   || starts(src, len, i, li->line_comment2))) {
				state = LINE_COMMENT_STATE;
				marks[line] |= LINE_COMMENT;
			} else if (li && starts(src, len, i, li->block_open)) {
				state = BLOCK;
				marks[line] |= LINE_COMMENT;
				i += strlen(li->block_open) - 1;
			} else {
				marks[line] |= LINE_CODE;
				if (c == '"' || c == '\'' || c == '`') {
					state = STRING;
					quote = c;
					triple = li && li->triple_quotes && i + 2 < len
						 && src[i + 1] == c && src[i + 2] == c;
					if (triple)
						i += 2;
				}
			}
			break;
		case LINE_COMMENT_STATE:
		case BLOCK:
			marks[line] |= LINE_COMMENT;
			if (state == BLOCK && starts(src, len, i, li->block_close)) {
				i += strlen(li->block_close) - 1;
				state = CODE;
			}
			break;
		case STRING:
			marks[line] |= LINE_CODE;
			if (c == '\\') {
				if (i + 1 < len && src[i + 1] != '\n')
					i++;
			} else if (c == quote) {
				if (!triple) {
					state = CODE;
				} else if (i + 2 < len && src[i + 1] == quote && src[i + 2] == quote) {
					i += 2;
					state = CODE;
				}
			}
			break;
		}
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
