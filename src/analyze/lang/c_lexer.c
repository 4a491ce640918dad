/*
 * c_lexer.c - one pass over the text of a C or C++ file for macro recovery (see
 * c_repair.h): brace depth from the file's start (a namespace or extern "C" body is not
 * deeper), conditional groups (an #if group around an error inside a function keeps its
 * first branch: its directives and other branches are blanked), loop macros (`do { }
 * while_each_thread(p, t);`: the word is overwritten with `while`), and the tokens of the
 * damaged items at depth 0, cut into declaration headers for c_headers.c.
 */
#include "analyze/lang/c_repair.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/lang/c_family.h"

/* An #if group being read: its #if line, its first #else/#elif, its brace depth. */
struct group {
	uint32_t if_start, if_end, alt_start;
	int depth;
	int depth_at_alt;	/* the brace depth at its first #else/#elif */
	int brace_in_alt;	/* a `{` in an alternative branch */
	int brackets;		/* predicting: the brackets open at its #if */
	int unparseable;	/* predicting: its #if stands where the grammar takes none */
};

/* The last token, as far as the next `{` cares: a do body, a namespace's or extern "C"
 * block's body, or any other. */
enum last_token { L_OTHER, L_DO, L_NAMESPACE, L_EXTERN, L_EXTERN_STRING };

/* One pass over the whole file (brace depth is counted from its start, so an item that
 * begins inside a body is not read as declarations). */
struct lexer {
	struct repair *r;
	uint32_t pos, end;
	int depth;			/* brace depth */
	size_t item;			/* the first damaged item not yet behind pos */
	struct tok *toks;		/* tokens of damaged items at brace depth 0 */
	size_t ntoks, toks_cap;
	struct group stack[32];		/* open #if groups (deeper ones are left alone) */
	int nopen;
	uint64_t do_bodies;		/* bit d: the `{` at depth d opened a do body */
	uint64_t open_scopes;		/* bit r: the r-th open `{` is a namespace's or an
					   extern "C" block's: it does not deepen */
	int raw;			/* open braces of any kind */
	uint32_t directives;		/* directive lines met */
	enum last_token last;		/* what the last token means to the next `{` */
	int after_do_body;		/* the last token closed a do body */
	int mid_line;			/* a token met since the last line break (comments and
					   blanks are none: `#` then starts no directive) */
	/* Predicting (no tree): the (, [ and { open in the first branches of #if groups
	 * ('p', 's', 'i' for an initializer list, 'b' for any other brace), whether they
	 * stopped pairing up, the open groups in an alternative branch, and the character
	 * of the last token ('w' for a word or literal). */
	char brackets[64];
	int nbrackets, brackets_lost, alts;
	char prev;
};

/* Bytes that make up words: letters, digits, `_` and `$` (the lexer asks of every byte
 * of the file). */
static const uint8_t word_byte[256] = {
	['$'] = 1, ['_'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* The brackets a prediction follows. */
static const uint8_t bracket_byte[256] = {
	['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1,
};

static int ident_char(char c)
{
	return word_byte[(unsigned char)c];
}

/* The bytes of a backslash-newline continuation at p (`\\\n` or `\\\r\n`), or 0. */
static uint32_t continuation(const struct lexer *x, uint32_t p)
{
	const char *s = x->r->src;
	if (s[p] != '\\' || p + 1 >= x->end)
		return 0;
	if (s[p + 1] == '\n')
		return 2;
	return s[p + 1] == '\r' && p + 2 < x->end && s[p + 2] == '\n' ? 3 : 0;
}

/* The end of the line at p, past continuations (the newline excluded). */
static uint32_t line_end(const struct lexer *x, uint32_t p)
{
	const char *s = x->r->src;
	while (p < x->end && s[p] != '\n') {
		uint32_t n = continuation(x, p);
		p += n ? n : 1;
	}
	return p;
}

static uint32_t skip_comment(const struct lexer *x, uint32_t p);
static uint32_t skip_quoted(const struct lexer *x, uint32_t p);

/* The end of the directive line at p: past continuations, literals (no comment starts
 * inside one: "http://x") and block comments, which run on over lines as the preprocessor
 * reads them (the newline excluded). */
static uint32_t directive_end(const struct lexer *x, uint32_t p)
{
	const char *s = x->r->src;
	while (p < x->end && s[p] != '\n') {
		uint32_t q = s[p] == '/' ? skip_comment(x, p) : skip_quoted(x, p);
		if (q > p && s[q - 1] == '\n')
			q--;	/* a literal left open ends with its line */
		uint32_t n = continuation(x, p);
		p = q != p ? q : p + (n ? n : 1);
	}
	return p;
}

/* The end of the comment at p, or p when there is none. */
static uint32_t skip_comment(const struct lexer *x, uint32_t p)
{
	const char *s = x->r->src;
	if (s[p] != '/' || p + 1 >= x->end)
		return p;
	if (s[p + 1] == '/')
		return line_end(x, p);
	if (s[p + 1] != '*')
		return p;
	for (p += 2; p + 1 < x->end; p++) {
		const char *star = memchr(s + p, '*', x->end - 1 - p);
		if (!star)
			break;
		p = (uint32_t)(star - s);
		if (s[p + 1] == '/')
			return p + 2;
	}
	return x->end;
}

/* The end of the string or character literal at p (it ends at its line's end at the
 * latest), or p when there is none. */
static uint32_t skip_quoted(const struct lexer *x, uint32_t p)
{
	const char *s = x->r->src;
	char q = s[p];
	if (q != '"' && q != '\'')
		return p;
	for (p++; p < x->end && s[p] != q && s[p] != '\n'; p++)
		p += s[p] == '\\';
	return p < x->end ? p + 1 : x->end;
}

/* An error lies in [a, b]. */
static int error_within(const struct repair *r, uint32_t a, uint32_t b)
{
	for (size_t i = 0; i < r->nerrors; i++)
		if (r->errors[i] >= a && r->errors[i] <= b)
			return 1;
	return 0;
}

/* An ERROR node spans [a, b] whole. */
static int error_around(const struct repair *r, uint32_t a, uint32_t b)
{
	for (size_t i = 0; i < r->nerrors; i++)
		if (r->errors[i] <= a && r->error_ends[i] >= b)
			return 1;
	return 0;
}

/* Whether the group's branches leave the braces unbalanced (`} else {` / `#else` / `{`):
 * the first branch ends at another depth than it began, or the last does (depth: the
 * depth at its #endif). */
static int split_braces(const struct group *g, int depth)
{
	return g->alt_start && (g->depth_at_alt != g->depth || depth != g->depth_at_alt);
}

/* A closed #if group: its #endif line and the brace depth there. */
struct group_seen {
	struct group g;
	uint32_t endif_start, endif_end;
	int depth;
};

/* What a prediction's lexing found, for the first repair of the text it leaves to be
 * parsed (its copy, or the source when it changed nothing): that text's tokens at depth 0
 * and its closed #if groups, so that the repair need not lex it again. The key is the
 * grammar, the text and its length: each C file's prediction replaces it first, and a
 * tree of another grammar never matches it. */
static struct {
	const void *lang;
	const char *text;
	size_t len;
	struct tok *toks;
	size_t ntoks, toks_cap;
	struct group_seen *groups;
	size_t ngroups, groups_cap;
	int unusable;	/* the copy lexes otherwise than the source did: lex it again */
} seen;

void c_repair_forget(void)
{
	free(seen.toks);
	free(seen.groups);
	memset(&seen, 0, sizeof(seen));
}

/* Predicting: notes a closed group for the repair that may follow. */
static void note_group(const struct group *g, uint32_t endif_start, uint32_t endif_end,
		       int depth)
{
	if (c_repair_grow((void **)&seen.groups, &seen.groups_cap, seen.ngroups + 1,
			  sizeof(*seen.groups)) < 0) {
		seen.unusable = 1;
		return;
	}
	seen.groups[seen.ngroups++] = (struct group_seen){ *g, endif_start, endif_end, depth };
}

/* The group rule on a closed group (depth: the brace depth at its #endif): a group inside
 * a body (or whose alternatives define nothing) around an error keeps its first branch
 * only, and its directives go. Around an error: one starts in the group, or (a group whose
 * branches split the braces, which tree-sitter cannot read as a group at all) an ERROR
 * node holds it whole; predicting, it stands where the grammar takes no directive. */
static void judge_group(struct lexer *x, const struct group *g, uint32_t endif_start,
			uint32_t endif_end, int depth)
{
	uint32_t after = endif_end < x->end ? line_end(x, endif_end + 1) : endif_end;
	int around = x->r->predict_lang
			     ? g->unparseable && !x->brackets_lost && x->nbrackets == g->brackets
			     : error_within(x->r, g->if_start, after)
				       || (split_braces(g, depth) && error_around(x->r, g->if_start, after));
	/* At file level a group only matters for its alternatives, and one whose
	 * alternatives define something is kept whole (both are in the source). */
	if (!around || (g->depth == 0 && (!g->alt_start || g->brace_in_alt)))
		return;
	if (x->r->predict_lang && g->alt_start && depth != g->depth_at_alt)
		seen.unusable = 1;	/* the branches blanked changed the depth after them */
	c_repair_blank(x->r, g->if_start, g->if_end);
	c_repair_blank(x->r, g->alt_start ? g->alt_start : endif_start, endif_end);
}

/* #endif: the group rule; predicting, the group is noted too. */
static void close_group(struct lexer *x, uint32_t endif_start, uint32_t endif_end)
{
	const struct group *g = &x->stack[--x->nopen];
	x->alts -= g->alt_start != 0;
	if (x->r->predict_lang)
		note_group(g, endif_start, endif_end, x->depth);
	judge_group(x, g, endif_start, endif_end, x->depth);
}

#define MAX_GROUPS ((int)(sizeof(((struct lexer *)0)->stack) / sizeof(struct group)))

/* Predicting: a directive here is one the grammar cannot parse, so an #if group opened
 * here breaks the parse. tree-sitter-c takes directives between declarations, statements,
 * struct members and enumerators, never inside parentheses, brackets or an initializer
 * list; the brackets are those of the first branches, as the group rule keeps them. */
static int unparseable_here(const struct lexer *x)
{
	return x->r->predict_lang && !x->brackets_lost && x->alts == 0 && x->nbrackets > 0
	       && x->brackets[x->nbrackets - 1] != 'b';
}

/* Predicting: a `(`, `[` or `{` opens (see struct lexer). A `{` right after `=`, or
 * after `,` or `{` inside an initializer list, opens one. */
static void open_bracket(struct lexer *x, char c)
{
	if (x->nbrackets == (int)sizeof(x->brackets)) {
		x->brackets_lost = 1;
		return;
	}
	char top = x->nbrackets ? x->brackets[x->nbrackets - 1] : 0;
	int list = x->prev == '=' || (top == 'i' && (x->prev == ',' || x->prev == '{'));
	x->brackets[x->nbrackets++] = c == '(' ? 'p' : c == '[' ? 's' : list ? 'i' : 'b';
}

/* Predicting: a `)`, `]` or `}` closes what is open, or they stop pairing up. */
static void close_bracket(struct lexer *x, char c)
{
	char want = c == ')' ? 'p' : c == ']' ? 's' : 'b';
	char top = x->nbrackets ? x->brackets[x->nbrackets - 1] : 0;
	if ((top == 'i' ? 'b' : top) == want)
		x->nbrackets--;
	else
		x->brackets_lost = 1;
}

/* Predicting: the bracket c, in a first branch, while they still pair up. */
static void track_bracket(struct lexer *x, char c)
{
	if (x->alts > 0 || x->brackets_lost)
		return;
	if (c == '(' || c == '[' || c == '{')
		open_bracket(x, c);
	else
		close_bracket(x, c);
}

/* The directive's word (`if`, `ifdef`, `else`, ...) after the `#` at p: its start in *w,
 * its length returned. */
static size_t directive_word(const struct lexer *x, uint32_t p, uint32_t e, uint32_t *w)
{
	const char *s = x->r->src;
	uint32_t a = p + 1;
	while (a < e && (s[a] == ' ' || s[a] == '\t'))
		a++;
	uint32_t b = a;
	while (b < e && ident_char(s[b]))
		b++;
	*w = a;
	return b - a;
}

static int word_is(const char *s, size_t n, const char *word, int prefix)
{
	size_t len = strlen(word);
	return (prefix ? n >= len : n == len) && memcmp(s, word, len) == 0;
}

/* A directive line [p, e): #if... opens a group, #else and #elif... mark its first
 * alternative, #endif closes it. Groups nested deeper than the stack are only counted. */
static void directive(struct lexer *x, uint32_t p, uint32_t e)
{
	uint32_t w;
	size_t n = directive_word(x, p, e, &w);
	const char *word = x->r->src + w;
	if (word_is(word, n, "if", 1)) {
		if (x->nopen < MAX_GROUPS)
			x->stack[x->nopen] = (struct group){ p, e, 0, x->depth, 0, 0, x->nbrackets,
							     unparseable_here(x) };
		else
			x->brackets_lost = 1;	/* its branches are not told apart */
		x->nopen++;
		return;
	}
	if (x->nopen == 0)
		return;
	int deep = x->nopen > MAX_GROUPS;
	if (word_is(word, n, "else", 0) || word_is(word, n, "elif", 1)) {
		if (!deep && !x->stack[x->nopen - 1].alt_start) {
			x->alts++;
			x->stack[x->nopen - 1].alt_start = p;
			x->stack[x->nopen - 1].depth_at_alt = x->depth;
		}
	} else if (word_is(word, n, "endif", 0)) {
		if (deep)
			x->nopen--;
		else
			close_group(x, p, e);
	}
}

/* Whether a token at start lies at brace depth 0 inside an item: damaged, or (when
 * any_item) of any kind. */
static int in_item(struct lexer *x, uint32_t start, int any_item)
{
	const struct repair *r = x->r;
	if (x->depth != 0 || r->predict_lang)
		return x->depth == 0;
	while (x->item < r->nitems && r->items[x->item][1] <= start)
		x->item++;
	return x->depth == 0 && x->item < r->nitems && start >= r->items[x->item][0]
	       && (any_item || r->items[x->item][2]);
}

/* Keeps a token when it lies at brace depth 0 inside a damaged item; of an undamaged
 * item, only `{`, `;` and `}`, where a damaged item's header may end (a macro line that
 * tree-sitter took for a statement, then a body it took for a block). */
static void add_token(struct lexer *x, uint32_t start, uint32_t end, uint8_t kind, char c)
{
	if (!in_item(x, start, kind == T_PUNCT && (c == '{' || c == ';' || c == '}')))
		return;
	if (c_repair_grow((void **)&x->toks, &x->toks_cap, x->ntoks + 1, sizeof(*x->toks)) < 0) {
		x->r->oom = 1;
		return;
	}
	x->toks[x->ntoks++] = (struct tok){ start, end, (uint32_t)x->item, x->directives, kind, c, 0 };
}

/* `{`: one deeper (a do body remembered), but a namespace's or extern "C" block's body is
 * not deeper: its items are read as at file level. A `{` in an alternative branch of the
 * open groups is noted. */
static void open_brace(struct lexer *x)
{
	for (int i = 0; i < x->nopen && i < MAX_GROUPS; i++)
		if (x->stack[i].alt_start)
			x->stack[i].brace_in_alt = 1;
	uint64_t scope = x->raw < 64 ? 1ull << x->raw : 0;
	x->raw++;
	if (x->last == L_NAMESPACE || x->last == L_EXTERN_STRING) {
		x->open_scopes |= scope;
		return;
	}
	if (x->last == L_DO && x->depth < 64)
		x->do_bodies |= 1ull << x->depth;
	x->depth++;
}

/* `}`: the brace it closes; whether it ends a do body. */
static void close_brace(struct lexer *x)
{
	x->raw -= x->raw > 0;
	uint64_t scope = x->raw < 64 ? 1ull << x->raw : 0;
	if (x->open_scopes & scope) {
		x->open_scopes &= ~scope;
		return;
	}
	if (x->depth == 0)
		return;
	x->depth--;
	uint64_t bit = x->depth < 64 ? 1ull << x->depth : 0;
	x->after_do_body = (x->do_bodies & bit) != 0;
	x->do_bodies &= ~bit;
}

/* `do { ... } NAME(cond);`: a loop macro standing for `while` (the kernel's
 * while_each_thread); NAME is overwritten with `while` and spaces. */
static void loop_macro(struct lexer *x, uint32_t p, uint32_t q)
{
	const char *s = x->r->src;
	uint32_t k = q;
	while (k < x->end && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (q - p < 5 || k >= x->end || s[k] != '(' || (q - p == 5 && memcmp(s + p, "while", 5) == 0))
		return;
	if (x->depth == 0)
		seen.unusable = 1;	/* a token kept would read otherwise in the copy */
	c_repair_blank(x->r, p, q);
	char *t = c_repair_copy(x->r);
	if (t)
		memcpy(t + p, "while", 5);
}

/* What the word w (n bytes) means to the next `{`: `do`, `namespace` and its name,
 * `extern`, or nothing. */
static enum last_token word_role(const struct lexer *x, const char *w, size_t n, int kw)
{
	if (n == 2 && memcmp(w, "do", 2) == 0)
		return L_DO;
	if ((n == 9 && memcmp(w, "namespace", 9) == 0) || (x->last == L_NAMESPACE && !kw))
		return L_NAMESPACE;
	return n == 6 && memcmp(w, "extern", 6) == 0 ? L_EXTERN : L_OTHER;
}

/* A word. Whether it is a keyword is asked only where that matters (most words of a file
 * lie in bodies, where none of it does): after a do body, after `namespace`, and in the
 * tokens kept. */
static void lex_word(struct lexer *x, uint32_t p, uint32_t q)
{
	const char *s = x->r->src;
	int kept = in_item(x, p, 0);
	int kw = (kept || x->after_do_body || x->last == L_NAMESPACE)
		 && c_family_is_keyword(s + p, q - p);
	if (x->after_do_body && !kw)
		loop_macro(x, p, q);
	x->last = word_role(x, s + p, q - p, kw);
	if (kept)
		add_token(x, p, q, kw ? T_KEYWORD : (s[p] >= '0' && s[p] <= '9') ? T_OTHER : T_IDENT, 0);
}

/* A character that is no word, comment or literal: braces count, punctuation is a token.
 * Returns whether a do body's end is still the last thing met. */
static int lex_char(struct lexer *x, uint32_t p)
{
	char c = x->r->src[p];
	if ((unsigned char)c <= ' ')
		return x->after_do_body;
	if (bracket_byte[(unsigned char)c] && x->r->predict_lang)
		track_bracket(x, c);
	x->prev = c;
	/* Only tokens at depth 0 are kept (in_item): the test here spares most calls. */
	if (c != '}' && x->depth == 0)	/* `{` belongs to the depth it opens from */
		add_token(x, p, p + 1, T_PUNCT, c);
	if (c == '{')
		open_brace(x);
	else if (c == '}')
		close_brace(x);
	if (c == '}' && x->depth == 0)	/* and `}` to the depth it closes to */
		add_token(x, p, p + 1, T_PUNCT, c);
	if (!(c == ':' && x->last == L_NAMESPACE))	/* namespace a::b { */
		x->last = L_OTHER;
	return c == '}' && x->after_do_body;
}

/* One token (or directive, comment, literal) at x->pos; advances past it. Directives,
 * comments and white space leave "a do body just ended" as it was. */
static void lex_one(struct lexer *x)
{
	const char *s = x->r->src;
	uint32_t p = x->pos, q = p + 1;
	int closes_do = x->after_do_body;
	if (s[p] == '#' && !x->mid_line) {
		q = directive_end(x, p);
		directive(x, p, q);
		x->directives++;
	} else if ((q = skip_comment(x, p)) != p) {
		/* nothing: a comment is no token */
	} else if ((q = skip_quoted(x, p)) != p) {
		x->mid_line = s[q - 1] != '\n';	/* a literal left open ends with its line */
		add_token(x, p, q, T_OTHER, s[p]);
		x->last = x->last == L_EXTERN ? L_EXTERN_STRING : L_OTHER;
		x->prev = 'w';
	} else if (ident_char(s[p])) {
		for (q = p; q < x->end && ident_char(s[q]); q++)
			;
		lex_word(x, p, q);
		x->prev = 'w';
		x->mid_line = 1;
		closes_do = 0;
	} else {
		q = p + 1;
		closes_do = lex_char(x, p);
		x->mid_line = 1;
	}
	x->after_do_body = closes_do;
	x->pos = q > p ? q : p + 1;
}

/* Lexes the whole file. White space changes nothing (a control byte is none either). */
static void lex_all(struct lexer *x)
{
	const char *s = x->r->src;
	while (x->pos < x->end && !x->r->oom) {
		while (x->pos < x->end && (unsigned char)s[x->pos] <= ' ')
			x->mid_line &= s[x->pos++] != '\n';
		if (x->pos < x->end)
			lex_one(x);
	}
}

/* Drops the tokens of branches a group rule removed. */
static void drop_blanked(const struct repair *r, struct lexer *x)
{
	size_t kept = 0;
	for (size_t i = 0; i < x->ntoks; i++)
		if (!r->text || r->text[x->toks[i].start] == r->src[x->toks[i].start])
			x->toks[kept++] = x->toks[i];
	x->ntoks = kept;
}

/* Token i ends a header: it is `;`, `{` or `}`. */
static int ends_header(const struct tok *t)
{
	return t->kind == T_PUNCT && (t->c == ';' || t->c == '{' || t->c == '}');
}

/* Whether the header rules run on [a, b), ended by end (0: the file's end): on every
 * header of a damaged item, or, predicting, on one tree-sitter-c cannot read. */
static int header_wanted(const struct repair *r, const struct tok *t, size_t a, size_t b,
			 char end)
{
	return !r->predict_lang || c_repair_header_broken(r, t, a, b, end);
}

/* Cuts the tokens into declaration headers and applies the header rules. */
static void repair_headers(struct repair *r, struct lexer *x)
{
	size_t a = 0;
	for (size_t i = 0; i < x->ntoks && !r->oom; i++) {
		int boundary = ends_header(&x->toks[i]);
		/* Headers run on from one damaged item into the next (a line of attribute
		 * macros can be an item of its own), never across an undamaged one. */
		if (!boundary && (i == a || x->toks[i].item <= x->toks[i - 1].item + 1))
			continue;
		/* (predicting, every token is of one item: only a boundary ends a header) */
		if (i > a && header_wanted(r, x->toks, a, i, boundary ? x->toks[i].c : ';'))
			c_repair_header(r, x->toks, a, i, x->toks[i].c == '{');
		a = boundary ? i + 1 : i;
	}
	if (a < x->ntoks && !r->oom && header_wanted(r, x->toks, a, x->ntoks, 0))
		c_repair_header(r, x->toks, a, x->ntoks, 0);
}

/* Predicting, once the rules ran: the tokens and groups the text left to be parsed still
 * has (none the rules blanked) go to seen, with their key. */
static void keep_seen(struct lexer *x)
{
	struct repair *r = x->r;
	const char *text = r->text ? r->text : r->src;
	size_t k = 0;
	for (size_t i = 0; i < x->ntoks; i++)
		if (!x->toks[i].gone && text[x->toks[i].start] == r->src[x->toks[i].start])
			x->toks[k++] = x->toks[i];
	size_t n = 0;
	for (size_t i = 0; i < seen.ngroups; i++)
		if (text[seen.groups[i].g.if_start] == r->src[seen.groups[i].g.if_start])
			seen.groups[n++] = seen.groups[i];
	seen.ngroups = n;
	seen.toks = x->toks;
	seen.ntoks = k;
	seen.toks_cap = x->toks_cap;
	x->toks = NULL;
	seen.lang = r->predict_lang;
	seen.text = text;
	seen.len = r->len;
}

/* A repair of the text the last prediction left to be parsed: its groups judged by the
 * tree's errors, its tokens of the damaged items taken, as lexing it again would; 0 when
 * seen is of another text. */
static int take_seen(struct lexer *x)
{
	struct repair *r = x->r;
	if (seen.unusable || !seen.lang || seen.lang != r->tree_lang || seen.text != r->src
	    || seen.len != r->len)
		return 0;
	for (size_t i = 0; i < seen.ngroups; i++)
		judge_group(x, &seen.groups[i].g, seen.groups[i].endif_start,
			    seen.groups[i].endif_end, seen.groups[i].depth);
	size_t kept = 0;
	for (size_t i = 0; i < seen.ntoks; i++) {
		struct tok t = seen.toks[i];
		if (!in_item(x, t.start, t.kind == T_PUNCT && (t.c == '{' || t.c == ';' || t.c == '}')))
			continue;
		t.item = (uint32_t)x->item;
		seen.toks[kept++] = t;
	}
	x->toks = seen.toks;
	x->ntoks = kept;
	x->toks_cap = seen.toks_cap;
	seen.toks = NULL;
	c_repair_forget();
	return 1;
}

void c_repair_text(struct repair *r)
{
	struct lexer x;
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.end = (uint32_t)r->len;
	if (!take_seen(&x))
		lex_all(&x);
	drop_blanked(r, &x);
	repair_headers(r, &x);
	if (r->predict_lang && !r->oom)
		keep_seen(&x);
	free(x.toks);
}
