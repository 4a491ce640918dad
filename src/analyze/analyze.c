/*
 * analyze.c - the analysis core's entry point (see analyze.h): bytes and a language in, a
 * record out. It keeps a parser (on the worker's parse heap, one per file: parse_heap.h)
 * and each language's tables (built on first use), parses with a deadline, and hands the
 * tree to the walker (walk.c); a file that cannot be parsed at all gets line counts from
 * a lexical pass (lines.c) and status fallback.
 */
#include "analyze/analyze.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/parse_heap.h"
#include "analyze/registry.h"
#include "analyze/walk.h"

struct analyzer {
	TSParser *parser;
	struct lang_runtime langs[LANG_COUNT];
	int ready[LANG_COUNT];	/* 0 not tried, 1 ready, -1 unavailable */
};

/* The runtime tables for id, built on first use; NULL when the grammar is unusable. */
static const struct lang_runtime *runtime_for(struct analyzer *a, enum lang_id id)
{
	if (id <= LANG_NONE || id >= LANG_COUNT)
		return NULL;
	if (a->ready[id] == 0) {
		const struct lang_spec *spec = lang_spec_for(id);
		a->ready[id] = spec && lang_runtime_init(&a->langs[id], spec, lang_grammar_for(id)) == 0
			       && ts_parser_set_language(a->parser, a->langs[id].ts) ? 1 : -1;
	}
	return a->ready[id] == 1 ? &a->langs[id] : NULL;
}

struct analyzer *analyzer_new(void)
{
	struct analyzer *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->parser = ts_parser_new();
	if (!a->parser) {
		free(a);
		return NULL;
	}
	return a;
}

void analyzer_free(struct analyzer *a)
{
	if (!a)
		return;
	for (int i = 0; i < LANG_COUNT; i++)
		lang_runtime_free(&a->langs[i]);
	ts_parser_delete(a->parser);
	free(a);
}

static int fallback(struct record *rec, const char *src, size_t len, enum lang_id lang,
		    enum cause why)
{
	struct line_table lt;
	if (lines_scan(&lt, src, len) < 0)
		return -1;
	uint8_t *marks = calloc((size_t)lt.nlines + 1, 1);
	if (!marks) {
		lines_free(&lt);
		return -1;
	}
	lines_lexical(&lt, src, len, language_info(lang), marks);
	rec->status = FILE_FALLBACK;
	rec->cause = (uint8_t)why;
	rec->lines = lt.nlines;
	for (uint32_t i = 0; i < lt.nlines; i++) {
		enum line_kind k = lines_classify(&lt, i, marks[i]);
		rec->code += k == LINE_KIND_CODE;
		rec->comment += k == LINE_KIND_COMMENT;
		rec->blank += k == LINE_KIND_BLANK;
	}
	rec->mi = rec->code ? 0 : 100;
	free(marks);
	lines_free(&lt);
	return 0;
}

/* Skips a UTF-8 byte order mark: it is not code, and tree-sitter would see an error. */
static void skip_bom(const char **src, size_t *len)
{
	if (*len >= 3 && memcmp(*src, "\xef\xbb\xbf", 3) == 0) {
		*src += 3;
		*len -= 3;
	}
}

/* fallback(), leaving the record cleared when it fails. */
static int fallback_or_clear(struct record *rec, const char *src, size_t len,
			     enum lang_id lang, enum cause why)
{
	int rc = fallback(rec, src, len, lang, why);
	if (rc < 0)
		record_clear(rec);
	return rc;
}

/* The source as tree-sitter reads it: the rest of the buffer from byte on. */
struct source {
	const char *src;
	uint32_t len;
};

static const char *source_read(void *payload, uint32_t byte, TSPoint position, uint32_t *n)
{
	const struct source *s = payload;
	(void)position;
	*n = byte < s->len ? s->len - byte : 0;
	return s->src + (byte < s->len ? byte : s->len);
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Progress callback: true (stop) once the parse is past its deadline. The runtime calls
 * it every hundred parse operations. */
static bool parse_overdue(TSParseState *state)
{
	const uint64_t *deadline_ns = state->payload;
	return monotonic_ns() > *deadline_ns;
}

/* Parses src, reusing the parts of old (edited to match src; NULL none) that did not
 * change; NULL when the parse ran out of time (opt->parse_timeout_us, 0 none). */
static TSTree *parse(TSParser *parser, const TSTree *old, const char *src, uint32_t len,
		     const struct analyze_options *opt)
{
	struct source s = { src, len };
	TSInput input = { &s, source_read, TSInputEncodingUTF8, NULL };
	uint64_t deadline_ns = opt->parse_timeout_us
				       ? monotonic_ns() + opt->parse_timeout_us * 1000u : 0;
	TSParseOptions po = { &deadline_ns, opt->parse_timeout_us ? parse_overdue : NULL };
	return ts_parser_parse_with_options(parser, old, input, po);
}

/* A text being recovered: the tree, the text it was parsed from (NULL: the source) and
 * its damage (lang.h). */
struct recovery {
	TSTree *tree;
	char *copy;
	size_t damage;
};

/* Moves *at (the point of byte *counted of text) on to byte to. */
static void advance_point(const char *text, uint32_t *counted, uint32_t to, TSPoint *at)
{
	for (; *counted < to; (*counted)++) {
		if (text[*counted] == '\n')
			*at = (TSPoint){ at->row + 1, 0 };
		else
			at->column++;
	}
}

/* The end of the run of changed bytes from i: the last difference before 64 equal
 * bytes in a row. */
static uint32_t changed_run_end(const char *was, const char *text, uint32_t len, uint32_t i)
{
	uint32_t end = i + 1;
	for (uint32_t j = end; j < len && j < end + 64; j++)
		if (was[j] != text[j])
			end = j + 1;
	return end;
}

/* Tells tree (parsed from was) where text differs from it. A repair keeps every byte's
 * line and column (it blanks bytes or writes over a space), so each run of changed bytes
 * is an edit of the same length; the parser then reparses only around them instead of the
 * whole file. Runs closer than 64 bytes are one edit. */
static void edit_changes(TSTree *tree, const char *was, const char *text, uint32_t len)
{
	TSPoint at = { 0, 0 };
	uint32_t counted = 0;
	for (uint32_t i = 0; i < len; i++) {
		if (was[i] == text[i])
			continue;
		uint32_t end = changed_run_end(was, text, len, i);
		advance_point(was, &counted, i, &at);
		TSPoint start = at;
		advance_point(was, &counted, end, &at);
		TSInputEdit e = { i, end, end, start, at, at };
		ts_tree_edit(tree, &e);
		i = end - 1;
	}
}

/* One round of the language's repair: 1 when the repaired copy parses less damaged and
 * has replaced rc's tree and text, 0 when nothing better came of it. */
static int repair_round(TSParser *parser, const struct lang_spec *spec, struct recovery *rc,
			const char *src, uint32_t len, const struct analyze_options *opt)
{
	const char *now = rc->copy ? rc->copy : src;
	char *text = spec->repair(ts_tree_root_node(rc->tree), now, len);
	if (!text)
		return 0;
	TSTree *old = ts_tree_copy(rc->tree);
	edit_changes(old, now, text, len);
	TSTree *next = parse(parser, old, text, len, opt);
	ts_tree_delete(old);
	if (!next) {
		ts_parser_reset(parser);
		free(text);
		return 0;
	}
	size_t after = spec->damage(ts_tree_root_node(next), text, len);
	if (after >= rc->damage) {
		ts_tree_delete(next);
		free(text);
		return 0;
	}
	ts_tree_delete(rc->tree);
	free(rc->copy);
	*rc = (struct recovery){ next, text, after };
	return 1;
}

/* The language's macro recovery (lang.h repair): while a repaired copy parses less
 * damaged, it replaces the tree (two rounds at most, the second repairing the first's
 * copy). tree was parsed from *copy (the prediction's copy: lang.h predict), or from src
 * when it is NULL. Returns the tree to walk; *copy is then the text it was parsed from,
 * or NULL. */
static TSTree *recover(TSParser *parser, const struct lang_spec *spec, TSTree *tree,
		       const char *src, uint32_t len, const struct analyze_options *opt,
		       char **copy)
{
	struct recovery rc = { tree, *copy, 0 };
	if (spec->repair && spec->damage)
		rc.damage = spec->damage(ts_tree_root_node(tree), *copy ? *copy : src, len);
	for (int round = 0; round < 2 && rc.damage > 0; round++)
		if (!repair_round(parser, spec, &rc, src, len, opt))
			break;
	*copy = rc.copy;
	return rc.tree;
}

/* What run_parsed measures: text (src, or the code a component embeds: line_src is then
 * the whole file) in rt's language, into out. */
struct parse_job {
	const struct lang_runtime *rt;
	const char *src, *line_src;
	size_t len;
	const struct analyze_options *opt;
	struct record *out;
};

/* Parses and walks the job's text with parser; returns the walk's result (or the
 * fallback's, when the parse ran out of time). *tree is the tree walked, which the caller
 * frees, or NULL. */
static int parse_and_walk(struct analyzer *a, TSParser *parser, const struct parse_job *j,
			  TSTree **tree)
{
	ts_parser_set_language(parser, j->rt->ts);
	char *copy = j->rt->spec->predict ? j->rt->spec->predict(j->rt->ts, j->src, j->len) : NULL;
	*tree = parse(parser, NULL, copy ? copy : j->src, (uint32_t)j->len, j->opt);
	if (!*tree) {
		free(copy);
		ts_parser_reset(parser);
		return fallback_or_clear(j->out, j->line_src ? j->line_src : j->src, j->len,
					 j->out->lang, CAUSE_PARSE_TIMEOUT);
	}

	*tree = recover(parser, j->rt->spec, *tree, j->src, (uint32_t)j->len, j->opt, &copy);

	struct walk w;
	memset(&w, 0, sizeof(w));
	w.a = a;
	w.rt = j->rt;
	w.opt = j->opt;
	w.src = j->src;
	w.len = j->len;
	w.repaired = copy;
	w.line_src = j->line_src;
	w.rec = j->out;
	wbuf_init(&w.names);
	int rc = walk_file(&w, *tree);
	walk_free(&w);
	free(copy);
	if (rc < 0)
		record_clear(j->out);
	return rc;
}

/* Parses text (src, or the code a component embeds: line_src is then the whole file) with
 * rt's grammar and walks it into out. With the parse heap (parse_heap.h) the file gets a
 * parser of its own, and its trees go with the file's blocks when it is closed instead
 * of node by node. */
static int run_parsed(struct analyzer *a, const struct lang_runtime *rt, const char *src,
		      size_t len, const char *line_src, const struct analyze_options *opt,
		      struct record *out)
{
	struct parse_job job = { rt, src, line_src, len, opt, out };
	TSTree *tree;
	if (!parse_heap_installed()) {
		int rc = parse_and_walk(a, a->parser, &job, &tree);
		ts_tree_delete(tree);
		return rc;
	}
	parse_heap_file_begin();
	TSParser *parser = ts_parser_new();
	int rc = parse_and_walk(a, parser, &job, &tree);
	ts_parser_delete(parser);
	parse_heap_file_end();
	return rc;
}

/* A component (lang.h extract): its scripts, blanked around, measured in their language. */
static int run_embedded(struct analyzer *a, const struct lang_spec *spec, const char *src,
			size_t len, const struct analyze_options *opt, struct record *out)
{
	enum lang_id as = LANG_NONE;
	char *code = spec->extract(src, len, &as);
	if (!code) {
		record_clear(out);
		return -1;
	}
	const struct lang_runtime *rt = runtime_for(a, as);
	if (!rt) {
		free(code);
		return fallback_or_clear(out, src, len, out->lang, CAUSE_GRAMMAR_UNAVAILABLE);
	}
	int rc = run_parsed(a, rt, code, len, src, opt, out);
	free(code);
	return rc;
}

int analyzer_run(struct analyzer *a, const char *src, size_t len, enum lang_id lang,
		 const struct analyze_options *opt, struct record *out)
{
	memset(out, 0, sizeof(*out));
	out->lang = (uint8_t)lang;
	skip_bom(&src, &len);
	if (opt->flags & ANALYZE_LINES_ONLY)	/* the supervisor sets the cause */
		return fallback_or_clear(out, src, len, lang, CAUSE_WORKER_ERROR);
	const struct lang_runtime *rt = runtime_for(a, lang);
	if (!rt || len > UINT32_MAX)
		return fallback_or_clear(out, src, len, lang,
					 !rt ? CAUSE_GRAMMAR_UNAVAILABLE : CAUSE_TOO_LARGE_TO_PARSE);
	if (rt->spec->extract)
		return run_embedded(a, rt->spec, src, len, opt, out);
	return run_parsed(a, rt, src, len, NULL, opt, out);
}

