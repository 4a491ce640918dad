/*
 * c_headers.c - attribute macros in a C or C++ declaration header (see c_repair.h): the
 * tokens at brace depth 0 between two of `;`, `{`, `}` of a damaged item. The declarator
 * is the last NAME(...) that reads as a parameter list; around it, a macro is a
 * NAME(args) group followed by a word, a word before a storage class or basic type, a
 * word after a basic type, all but the first of the words before the name, and the words
 * and groups between the declarator's `)` and the end; NAME(name, ...) alone before a body
 * defines a function named name (docs/METRICS.md, "C macro recovery").
 */
#include "analyze/lang/c_repair.h"

#include <string.h>

#include <tree_sitter/api.h>

/* Words after which a declaration's type is complete: an identifier there is no type. */
static const char *const type_words[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
	"_Bool", "_Complex", "bool", NULL
};
/* Words no typedef name can stand before: storage classes and basic types. */
static const char *const specifier_words[] = {
	"static", "extern", "inline", "void", "char", "short", "int", "long", "float", "double",
	"signed", "unsigned", "_Bool", "struct", "union", "enum", "typedef", "constexpr",
	"virtual", "explicit", "friend", NULL
};

static int is_punct(const struct tok *t, char c)
{
	return t->kind == T_PUNCT && t->c == c;
}

static int word_in(const struct repair *r, const struct tok *t, const char *const *list)
{
	size_t len = t->end - t->start;
	for (; *list; list++)
		if (strlen(*list) == len && memcmp(*list, r->src + t->start, len) == 0)
			return 1;
	return 0;
}

static void blank_tokens(struct repair *r, struct tok *t, size_t from, size_t to)
{
	for (size_t i = from; i <= to; i++)
		t[i].gone = 1;
	c_repair_blank(r, t[from].start, t[to].end);
}

/* The `)` closing the `(` at open (within [open, end)), or end when there is none. */
static size_t closing(const struct tok *t, size_t open, size_t end)
{
	int level = 0;
	for (size_t i = open; i < end; i++) {
		level += is_punct(&t[i], '(') - is_punct(&t[i], ')');
		if (level == 0)
			return i;
	}
	return end;
}

/* Whether (open, close) reads as a parameter list rather than a macro's arguments: it is
 * empty, or holds a `*`, `...`, a keyword or two words in a row. */
static int parameter_like(const struct tok *t, size_t open, size_t close)
{
	if (close == open + 1)
		return 1;
	for (size_t i = open + 1; i < close; i++) {
		if (t[i].kind == T_KEYWORD || is_punct(&t[i], '*') || is_punct(&t[i], '.'))
			return 1;
		if (i + 1 < close && t[i].kind == T_IDENT && t[i + 1].kind == T_IDENT)
			return 1;
	}
	return 0;
}

/* The declarator of segment [a, b): the last NAME(...) at paren depth 0 that reads as a
 * parameter list, else the last NAME(...); b when there is none. */
static size_t declarator(const struct tok *t, size_t a, size_t b)
{
	size_t last = b, last_params = b;
	for (size_t i = a; i + 1 < b; i++) {
		if (t[i].kind != T_IDENT || !is_punct(&t[i + 1], '('))
			continue;
		size_t close = closing(t, i + 1, b);
		last = i;
		if (close < b && parameter_like(t, i + 1, close))
			last_params = i;
		i = close;
	}
	return last_params < b ? last_params : last;
}

/* Before the declarator: NAME(args) followed by a word or `*` is an attribute macro. */
static void prefix_groups(struct repair *r, struct tok *t, size_t a, size_t d, size_t b)
{
	for (size_t i = a; i < d && i + 1 < b; i++) {
		if (t[i].kind != T_IDENT || !is_punct(&t[i + 1], '('))
			continue;
		size_t close = closing(t, i + 1, d);
		if (close < d && (t[close + 1].kind <= T_KEYWORD || is_punct(&t[close + 1], '*')))
			blank_tokens(r, t, i, close);
		i = close;
	}
}

/* The token after i that no rule removed, or end. */
static size_t next_kept(const struct tok *t, size_t i, size_t end)
{
	for (i++; i < end && t[i].gone; i++)
		;
	return i;
}

/* Before the declarator: words standing before a storage class or basic type (no type
 * name can; right to left, so a run of them goes), and words after a basic type (the
 * type is complete). */
static void prefix_words(struct repair *r, struct tok *t, size_t a, size_t d)
{
	/* k: the first token after i - 1 that no rule removed (d: none), kept as the scan
	 * goes left, so that a long run of removed tokens is not crossed again per token. */
	for (size_t i = d, k = d; i > a; i--) {
		if (t[i - 1].kind == T_IDENT && !t[i - 1].gone && k < d
		    && t[k].kind == T_KEYWORD && word_in(r, &t[k], specifier_words))
			blank_tokens(r, t, i - 1, i - 1);
		if (!t[i - 1].gone)
			k = i - 1;
	}
	for (size_t i = a; i + 1 < d; i++) {
		if (t[i].kind != T_KEYWORD || !word_in(r, &t[i], type_words))
			continue;
		size_t k = next_kept(t, i, d);
		if (k < d && t[k].kind == T_IDENT)
			blank_tokens(r, t, k, k);
	}
}

/* Whether t is written in capitals (digits and `_` allowed): a macro by convention. */
static int capitals(const struct repair *r, const struct tok *t)
{
	int letters = 0;
	for (uint32_t i = t->start; i < t->end; i++) {
		char c = r->src[i];
		if (c >= 'a' && c <= 'z')
			return 0;
		letters += c >= 'A' && c <= 'Z';
	}
	return letters > 0;
}

/* The run of words right before the declarator's name at d (the removed ones skipped):
 * its first token, how many, and how many in capitals. */
struct word_run {
	size_t first, count, caps;
};

static struct word_run name_run(const struct repair *r, const struct tok *t, size_t a,
				size_t d)
{
	struct word_run run = { d, 0, 0 };
	for (size_t i = d; i > a; i--) {
		const struct tok *p = &t[i - 1];
		if (p->gone)
			continue;
		if (p->kind != T_IDENT)
			break;
		run.first = i - 1;
		run.count++;
		run.caps += (size_t)capitals(r, p);
	}
	return run;
}

/* Words right before the declarator's name: after a basic type or `*`, all are macros;
 * of two or more, the ones in capitals are when some are not (FASTFLOAT_CONSTEXPR20
 * adjusted_mantissa f), else all but the first (reg_errcode_t internal_function f). */
static void name_macros(struct repair *r, struct tok *t, size_t a, size_t d)
{
	struct word_run run = name_run(r, t, a, d);
	if (run.count == 0)
		return;
	size_t before = run.first;
	while (before > a && t[before - 1].gone)
		before--;
	int after_type = before > a && (is_punct(&t[before - 1], '*')
					|| word_in(r, &t[before - 1], type_words));
	int by_case = run.caps > 0 && run.caps < run.count;
	for (size_t i = run.first; i < d; i++) {
		if (t[i].gone)
			continue;
		if (after_type || (by_case ? capitals(r, &t[i]) : i != run.first))
			blank_tokens(r, t, i, i);
	}
}

/* After the declarator's `)`: words and NAME(args) only (`internal_function`,
 * `__THROW`, `LIKE_PRINTF(1, 2)`) are macros. */
static void suffix_macros(struct repair *r, struct tok *t, size_t close, size_t b)
{
	static const char *const specifiers[] = { "override", "final", "noexcept", NULL };
	size_t i = close + 1;
	while (i < b && t[i].kind == T_IDENT && !word_in(r, &t[i], specifiers))
		i = i + 1 < b && is_punct(&t[i + 1], '(') ? closing(t, i + 1, b) + 1 : i + 1;
	if (i == b && b > close + 1)
		blank_tokens(r, t, close + 1, b - 1);
}

/* NAME(first, more...) alone before a `{`: a function a macro defines (the kernel's
 * SYSCALL_DEFINE3(name, type, arg, ...)). What follows its first argument is blanked, so
 * it reads as TEST_BEGIN(name) does and is named by that argument (c_family.c). */
static int defining_macro(struct repair *r, const struct tok *t, size_t a, size_t b)
{
	if (b - a < 5 || t[a].kind != T_IDENT || !is_punct(&t[a + 1], '(')
	    || t[a + 2].kind != T_IDENT || !is_punct(&t[a + 3], ',') || closing(t, a + 1, b) != b - 1)
		return 0;
	c_repair_blank(r, t[a + 3].start, t[b - 1].start);
	return 1;
}

/* One declaration header: the tokens between two of `;`, `{`, `}`. */
void c_repair_header(struct repair *r, struct tok *t, size_t a, size_t b, int before_brace)
{
	if (before_brace && defining_macro(r, t, a, b))
		return;
	size_t d = declarator(t, a, b);
	prefix_groups(r, t, a, d, b);
	prefix_words(r, t, a, d < b ? d : b);
	if (d == b)
		return;
	name_macros(r, t, a, d);
	size_t close = closing(t, d + 1, b);
	if (close < b)
		suffix_macros(r, t, close, b);
}

/* The words the grammar reads as no identifier: its keywords and attribute words
 * (__attribute__, __forceinline, _Atomic...), its anonymous symbols that are words. Read
 * once per grammar. */
static struct {
	const TSLanguage *lang;
	struct {
		const char *name;
		size_t len;
	} word[256];
	size_t n;
} grammar_words;

static int word_shaped(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
		      || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

static void grammar_words_for(const TSLanguage *lang)
{
	if (grammar_words.lang == lang)
		return;
	grammar_words.n = 0;
	uint32_t count = ts_language_symbol_count(lang);
	for (TSSymbol s = 1; s < count && grammar_words.n < 256; s++) {
		const char *name = ts_language_symbol_name(lang, s);
		if (ts_language_symbol_type(lang, s) != TSSymbolTypeAnonymous || !name
		    || !word_shaped(name))
			continue;
		grammar_words.word[grammar_words.n].name = name;
		grammar_words.word[grammar_words.n++].len = strlen(name);
	}
	grammar_words.lang = lang;
}

/* A word the grammar reads as no identifier. */
static int grammar_word(const struct repair *r, const struct tok *t)
{
	grammar_words_for(r->predict_lang);
	size_t len = t->end - t->start;
	for (size_t i = 0; i < grammar_words.n; i++)
		if (grammar_words.word[i].len == len
		    && memcmp(grammar_words.word[i].name, r->src + t->start, len) == 0)
			return 1;
	return 0;
}

static int plain(const struct repair *r, const struct tok *t)
{
	return t->kind == T_IDENT && !grammar_word(r, t);
}

/* Basic types after which no word but the declarator's name can stand (`long` and the
 * other size words can take a type name: `unsigned u32`). */
static const char *const complete_types[] = {
	"void", "char", "int", "float", "double", "_Bool", "bool", NULL
};
/* The C type words no type name or NAME(args) can stand right before (two types): not the
 * storage classes and qualifiers, which C lets follow the type (`size_t static f`,
 * `typeof(int) static f`), nor the size words, which the grammar lets a type name stand
 * beside (`__int128 unsigned f`), nor C++'s words, names in C (`size_t friend(size_t n)`). */
static const char *const c_type_words[] = {
	"void", "char", "int", "float", "double", "_Bool", "struct", "union", "enum", NULL
};

/* After the declarator's `)` at close: words and NAME(args) only, as suffix_macros reads
 * them, and an argument reaches a member (`__releases(&net->lock)`): the grammar takes
 * a word or a preprocessor call there, and no `->` or `.` in a preprocessor call. */
static int suffix_member(const struct repair *r, const struct tok *t, size_t close, size_t b)
{
	int member = 0;
	size_t i = close + 1;
	while (i < b && plain(r, &t[i])) {
		if (i + 1 >= b || !is_punct(&t[i + 1], '(')) {
			i++;
			continue;
		}
		size_t end = closing(t, i + 1, b);
		for (size_t k = i + 2; k + 1 < end; k++)
			member |= (is_punct(&t[k], '-') && is_punct(&t[k + 1], '>'))
				  || (is_punct(&t[k], '.') && t[k + 1].kind == T_IDENT);
		i = end + 1;
	}
	return member && i == b;
}

static int c_type_word(const struct repair *r, const struct tok *t)
{
	return t->kind == T_KEYWORD && word_in(r, t, c_type_words);
}

/* The n tokens from i (all before b) are words the grammar takes for identifiers. */
static int plain_run(const struct repair *r, const struct tok *t, size_t i, size_t n, size_t b)
{
	if (i + n > b)
		return 0;
	for (size_t k = i; k < i + n; k++)
		if (t[k].kind != T_IDENT)
			return 0;
	for (size_t k = i; k < i + n; k++)
		if (!plain(r, &t[k]))
			return 0;
	return 1;
}

/* Whether the tokens from i (the declarator at d) start a shape tree-sitter-c cannot
 * read: a word before a type word (STATIC int), two words after a complete basic type
 * (int __init f), three words in a row (reg_errcode_t internal_function f). */
static int broken_at(const struct repair *r, const struct tok *t, size_t i, size_t d, size_t b)
{
	if (i < d && i + 1 < b && c_type_word(r, &t[i + 1]) && plain_run(r, t, i, 1, b))
		return 1;
	if (t[i].kind == T_KEYWORD && word_in(r, &t[i], complete_types))
		return plain_run(r, t, i + 1, 2, b);
	return plain_run(r, t, i, 3, b);
}

int c_repair_header_broken(const struct repair *r, const struct tok *t, size_t a, size_t b,
			   char end)
{
	if (t[a].directives != t[b - 1].directives)
		return 0;	/* a header split by #if branches: the tree tells */
	if (!end)
		return 1;	/* words after the last declaration, with no `;` */
	size_t d = declarator(t, a, b);
	for (size_t i = a; i < b; i++) {
		if (broken_at(r, t, i, d, b))
			return 1;
		if (i >= d || i + 1 >= b || t[i].kind != T_IDENT || !is_punct(&t[i + 1], '('))
			continue;
		/* NAME(args) before the declarator, then a type word (__printf(2, 3) void),
		 * in a header before a body: before a `;` it may be a K&R definition's name
		 * and parameters, then their declarations (`int f(a) char a[N(3)];`). Its
		 * arguments are skipped, so the scan stays linear. */
		size_t close = closing(t, i + 1, b);
		if (end == '{' && close + 1 < b && c_type_word(r, &t[close + 1]) && plain(r, &t[i]))
			return 1;
		i = close;
	}
	return d < b && suffix_member(r, t, closing(t, d + 1, b), b);
}
