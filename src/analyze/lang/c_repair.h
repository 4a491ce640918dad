/*
 * c_repair.h - what the files of C macro recovery share (c_repair.c walks the tree,
 * c_lexer.c reads the text, c_headers.c applies the declaration-header rules, c_copy.c
 * writes the repaired copy). Private to src/analyze/lang/; see c_family.h for the hooks.
 */
#ifndef ASSAY_LANG_C_REPAIR_H
#define ASSAY_LANG_C_REPAIR_H

#include <stddef.h>
#include <stdint.h>

/* One repair: the source, the copy being written, and what the tree walk found. */
struct repair {
	const char *src;
	size_t len;
	char *text;		/* the copy being patched, NULL until the first change */
	uint32_t *errors;	/* start bytes of ERROR and MISSING nodes, in order */
	uint32_t *error_ends;	/* and their end bytes */
	size_t nerrors, errors_cap, error_ends_cap;
	uint32_t (*items)[3];	/* top-level items: byte range, damaged (has an error) */
	size_t nitems, items_cap;
	size_t error_rows;	/* lines spanned by ERROR nodes */
	size_t nbogus;		/* function definitions that cannot be one */
	uint32_t *closes;	/* where statement macros end: a `;` goes after each */
	size_t ncloses, closes_cap;
	int oom;
	/* Before the first parse (c_family_predict): no tree, every header at brace depth 0
	 * is read, and the header rules run only on one the grammar cannot parse. */
	const void *predict_lang;
	/* A repair: the tree's grammar (whether the prediction's lexing is of this text). */
	const void *tree_lang;
};

enum tok_kind { T_IDENT, T_KEYWORD, T_PUNCT, T_OTHER };

struct tok {
	uint32_t start, end;
	uint32_t item;		/* the damaged item it lies in */
	uint32_t directives;	/* directive lines before it */
	uint8_t kind;
	char c;			/* T_PUNCT: the character */
	uint8_t gone;		/* blanked by a rule */
};

/* Grows *p (elem bytes each) to hold need; -1 when memory runs out. */
int c_repair_grow(void **p, size_t *cap, size_t need, size_t elem);
/* The copy, made on the first change; NULL when memory runs out. */
char *c_repair_copy(struct repair *r);
/* Blanks [a, b) of the copy, keeping line breaks. */
void c_repair_blank(struct repair *r, uint32_t a, uint32_t b);
/* Lexes the file and applies the text rules: split conditionals and loop macros as met,
 * then each declaration header of the damaged items (c_lexer.c). A prediction keeps
 * what its lexing found for the first repair of the text it leaves to be parsed, which
 * then does not lex it again. */
void c_repair_text(struct repair *r);
/* Drops what the last prediction's lexing kept (c_lexer.c). */
void c_repair_forget(void);
/* The header rules on the tokens [a, b) of one declaration header, followed by a `{`
 * when before_brace (c_headers.c). */
void c_repair_header(struct repair *r, struct tok *t, size_t a, size_t b, int before_brace);
/* Predicting: whether the header [a, b), ended by end (`;`, `{`, `}`, or 0 at the end of
 * the file), is one tree-sitter-c cannot parse (c_headers.c). */
int c_repair_header_broken(const struct repair *r, const struct tok *t, size_t a, size_t b,
			   char end);

#endif
