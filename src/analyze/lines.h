/*
 * lines.h - physical lines: where they start, which are blank, how each is classified,
 * the lexical fallback used when there is no tree, and the maintainability index.
 */
#ifndef ASSAY_ANALYZE_LINES_H
#define ASSAY_ANALYZE_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "common/languages.h"

/* Marks collected per line while walking (bits). */
#define LINE_CODE 0x1u
#define LINE_COMMENT 0x2u

enum line_kind { LINE_KIND_BLANK, LINE_KIND_COMMENT, LINE_KIND_CODE };

struct line_table {
	uint32_t nlines;
	uint8_t *blank;		/* 1 when the line holds only white space */
};

/* Splits src into lines ("a\nb" and "a\nb\n" are both 2 lines, "" is 0).
 * Returns -1 when memory runs out. */
int lines_scan(struct line_table *lt, const char *src, size_t len);
void lines_free(struct line_table *lt);
/* Blank when only white space; else code when a code token touches it; else comment when
 * a comment does; else code (text no token claimed). */
enum line_kind lines_classify(const struct line_table *lt, uint32_t line, uint8_t marks);
/* Marks code and comment lines with a lexer that knows only the language's comment and
 * string syntax (the fallback when no tree is available). */
void lines_lexical(const struct line_table *lt, const char *src, size_t len,
		   const struct language_info *li, uint8_t *marks);
/* Maintainability index on the 0-100 scale (METRICS.md); 100 when there is no code. */
double lines_maintainability(double volume, double ccn_sum, uint32_t code_lines);

#endif
