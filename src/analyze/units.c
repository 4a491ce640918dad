/*
 * units.c - the units a walk opens and what they count (see walk.h): unit contexts with
 * their names, counters, body hashes and increments; the name stack that qualifies them;
 * and, once the tree is walked, suppressions, line counts and NLOC.
 */
#include "analyze/walk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/suppress.h"
#include "common/hash.h"

static void add_increment(struct walk *w, enum metric_kind m, enum construct c, TSNode n,
			  uint32_t nesting)
{
	struct unit *u = current_unit(w);
	if (!u)
		return;
	/* Saturating: 100 000 nested ifs make a cognitive complexity past 2^32 (5e9). */
	uint32_t amount = nesting < UINT32_MAX ? 1 + nesting : UINT32_MAX;
	uint32_t *sum = m == M_CCN ? &u->ccn : &u->cognitive;
	*sum = *sum > UINT32_MAX - amount ? UINT32_MAX : *sum + amount;
	if (!(w->opt->flags & ANALYZE_INCREMENTS))
		return;
	if (w->rec->nincrements >= RECORD_MAX_INCREMENTS
	    || walk_grow((void **)&w->rec->increments, &w->incs_cap, w->rec->nincrements + 1,
		    sizeof(struct increment)) < 0) {
		w->oom = 1;
		return;
	}
	struct increment *inc = &w->rec->increments[w->rec->nincrements++];
	inc->unit = (uint32_t)top(w)->unit;
	inc->line = line_of(n);
	inc->column = ts_node_start_point(n).column + 1;
	inc->metric = (uint8_t)m;
	inc->construct = (uint8_t)c;
	inc->amount = (uint16_t)(amount > UINT16_MAX ? UINT16_MAX : amount);
	inc->nesting = (uint16_t)(nesting > UINT16_MAX ? UINT16_MAX : nesting);
}

void walk_structural(struct walk *w, enum construct c, TSNode n)
{
	add_increment(w, M_COGNITIVE, c, n, top(w)->cognitive_level);
}

void walk_flat(struct walk *w, enum construct c, TSNode n)
{
	add_increment(w, M_COGNITIVE, c, n, 0);
}

void walk_decision(struct walk *w, enum construct c, TSNode n)
{
	add_increment(w, M_CCN, c, n, 0);
}

/* Name stack: scopes and units push their names; qualified names join them. An entry is
 * the joiner that puts it after the entry before (empty: the separator), NUL, the name,
 * NUL. */
static void name_push_joined(struct walk *w, const struct wbuf *name, const char *joiner)
{
	if (walk_grow((void **)&w->name_offsets, &w->names_cap, w->nnames + 1, sizeof(size_t)) < 0) {
		w->oom = 1;
		return;
	}
	w->name_offsets[w->nnames++] = w->names.len;
	if (joiner)
		wbuf_put(&w->names, joiner, strlen(joiner));
	wbuf_put_u8(&w->names, 0);
	wbuf_put(&w->names, name->data, name->len);
	wbuf_put_u8(&w->names, 0);
	if (w->names.failed)
		w->oom = 1;
}

void walk_name_push(struct walk *w, const struct wbuf *name)
{
	name_push_joined(w, name, NULL);
}

void walk_name_pop(struct walk *w)
{
	if (w->nnames == 0)
		return;
	w->names.len = w->name_offsets[--w->nnames];
}

/* 1 when name ends in the language's name_prefix_end: it is joined to the next name
 * without the separator (a PHP namespace `App\` before `User`). */
static int is_name_prefix(const char *name, const char *end)
{
	if (!end)
		return 0;
	size_t n = strlen(name), e = strlen(end);
	return e > 0 && n >= e && memcmp(name + n - e, end, e) == 0;
}

/* Appends n bytes of s to q, as many as fit in RECORD_MAX_NAME: a record carries no
 * longer name (record_decode refuses one, and the file would fail). */
static void put_name_part(struct wbuf *q, const char *s, size_t n)
{
	size_t room = q->len < RECORD_MAX_NAME ? RECORD_MAX_NAME - q->len : 0;
	wbuf_put(q, s, n < room ? n : room);
}

/* The unit's name joined to the names of the units and scopes around it, cut at
 * RECORD_MAX_NAME bytes. */
static char *qualified_name(struct walk *w)
{
	struct wbuf q;
	const char *sep = w->rt->spec->separator;
	wbuf_init(&q);
	const char *prev = NULL;
	for (size_t i = 0; i < w->nnames; i++) {
		const char *joiner = (const char *)w->names.data + w->name_offsets[i];
		const char *s = joiner + strlen(joiner) + 1;
		if (prev && !is_name_prefix(prev, w->rt->spec->name_prefix_end)) {
			const char *j = *joiner ? joiner : sep;
			put_name_part(&q, j, strlen(j));
		}
		put_name_part(&q, s, strlen(s));
		prev = s;
	}
	wbuf_put_u8(&q, 0);
	if (q.failed) {
		wbuf_free(&q);
		return NULL;
	}
	return (char *)q.data;
}

void walk_mark_lines(struct walk *w, TSNode n, uint8_t bit)
{
	size_t len;
	const char *t = lang_node_text(n, w->src, &len);
	mark_text(w, ts_node_start_point(n).row, t, len, bit);
}

void walk_default_unit_name(const struct lang_runtime *rt, TSNode n, const char *src,
			      struct wbuf *out)
{
	TSNode name = ts_node_child_by_field_id(n, rt->f_name);
	if (!ts_node_is_null(name))
		lang_append_text(out, name, src);
}

static int default_params(const struct lang_runtime *rt, TSNode n)
{
	TSNode list = ts_node_child_by_field_id(n, rt->f_parameters);
	if (ts_node_is_null(list)) {
		TSNode one = ts_node_child_by_field_id(n, rt->f_parameter);
		return ts_node_is_null(one) ? 0 : 1;
	}
	return lang_count_list(list, rt->spec);
}

/* The simple name for recursion: after the last separator (Foo::bar -> bar); none when
 * the unit cannot call itself by name (lang.h may_recurse). */
static void set_simple_name(struct walk *w, struct unit_context *c, const char *name, TSNode n)
{
	const struct lang_spec *spec = w->rt->spec;
	const char *s = name, *sep = spec->separator;
	for (const char *p = strstr(s, sep); p; p = strstr(p + 1, sep))
		s = p + strlen(sep);
	c->simple = s;
	c->simple_len = c->own_len = strlen(s);
	TSNode parent = w->nframes >= 2 ? w->frames[w->nframes - 2].node : (TSNode){ 0 };
	if (spec->may_recurse && !spec->may_recurse(n, parent, w->src))
		c->simple_len = 0;
}

/* Opens a unit for node n named by name (may be empty: "(anonymous)"). */
void walk_unit_push(struct walk *w, struct frame *f, TSNode n, struct wbuf *name)
{
	struct record *rec = w->rec;
	if (name->len == 0)
		wbuf_put(name, "(anonymous)", 11);
	if (name->len > RECORD_MAX_NAME)	/* a language's hook may add to a name cut there */
		name->len = RECORD_MAX_NAME;
	if (rec->nunits >= RECORD_MAX_UNITS
	    || walk_grow((void **)&rec->units, &w->units_cap, rec->nunits + 1, sizeof(struct unit)) < 0
	    || walk_grow((void **)&w->ctxs, &w->ctxs_cap, w->nctxs + 1, sizeof(*w->ctxs)) < 0) {
		w->oom = 1;
		return;
	}
	size_t depth = w->nnames;
	const struct lang_spec *spec = w->rt->spec;
	name_push_joined(w, name, spec->unit_joiner ? spec->unit_joiner(n, w->src) : NULL);
	struct unit *u = &rec->units[rec->nunits];
	memset(u, 0, sizeof(*u));
	u->name = malloc(name->len + 1);
	u->qname = qualified_name(w);
	if (!u->name || !u->qname) {
		free(u->name);
		free(u->qname);
		w->oom = 1;
		return;
	}
	memcpy(u->name, name->data, name->len);
	u->name[name->len] = '\0';
	TSPoint start = ts_node_start_point(n), end = ts_node_end_point(n);
	u->line = start.row + 1;
	u->end_line = end.row + 1;
	if (end.column == 0 && end.row > start.row)
		u->end_line--;
	u->column = start.column + 1;
	u->ccn = 1;
	if (spec->unit_flags)
		u->flags |= spec->unit_flags(n, w->src);
	u->params = (uint32_t)(spec->count_params ? spec->count_params(n, w->src)
						  : default_params(w->rt, n));
	struct unit_context *c = &w->ctxs[w->nctxs++];
	memset(c, 0, sizeof(*c));
	c->unit = (long)rec->nunits++;
	c->hash = 0xcbf29ce484222325ull;
	c->name_depth = depth;
	set_simple_name(w, c, u->name, n);
	f->pushed_unit = 1;
}

/* Remembers that a token ending at n's end is the last one seen so far in the current
 * context (lang.h end_at_last_token). */
void walk_note_last_row(struct walk *w, TSNode n)
{
	if (w->rt->spec->end_at_last_token)
		top(w)->last_row = ts_node_end_point(n).row + 1;
}

/* A context popped: its last token is the last one of the context below too. */
static void pass_last_row(struct walk *w, const struct unit_context *c)
{
	if (w->nctxs > 0 && c->last_row > top(w)->last_row)
		top(w)->last_row = c->last_row;
}

void walk_unit_pop(struct walk *w)
{
	struct unit_context *c = top(w);
	struct unit *u = current_unit(w);
	if (c->last_row && c->last_row < u->end_line)
		u->end_line = c->last_row;	/* only set under end_at_last_token */
	u->hal = c->tokens.hal;
	u->body_hash = hash64_finish(c->hash);
	u->length = u->end_line - u->line + 1;
	uint32_t flags = u->flags;
	while (w->nnames > c->name_depth)
		walk_name_pop(w);
	token_set_free(&c->tokens);
	w->nctxs--;
	pass_last_row(w, c);
	struct unit *outer = current_unit(w);
	if (outer && (flags & UNIT_HAS_ERROR))
		outer->flags |= UNIT_HAS_ERROR;
}

enum unit_policy walk_unit_policy(const struct walk *w)
{
	uint32_t asked = (w->opt->flags & ANALYZE_UNITS_MASK) >> 2;
	if (asked != UNITS_LANGUAGE)
		return (enum unit_policy)asked;
	return w->rt->spec->default_units != UNITS_LANGUAGE ? w->rt->spec->default_units
							     : UNITS_BOUND;
}

void walk_scope_context_push(struct walk *w, struct frame *f)
{
	if (walk_grow((void **)&w->ctxs, &w->ctxs_cap, w->nctxs + 1, sizeof(*w->ctxs)) < 0) {
		w->oom = 1;
		return;
	}
	struct unit_context *c = &w->ctxs[w->nctxs++];
	memset(c, 0, sizeof(*c));
	c->unit = -1;
	c->name_depth = w->nnames;
	f->pushed_scope = 1;
}

void walk_scope_context_pop(struct walk *w)
{
	token_set_free(&top(w)->tokens);
	w->nctxs--;
	pass_last_row(w, &w->ctxs[w->nctxs]);
}

/* Names out by rule, whose parent type and value field the binding node parent matched:
 * the text of the rule's name field, or what the language's hook reads. */
static void rule_name(struct walk *w, const struct binding_rule *rule, TSNode parent,
		      TSNode value, struct wbuf *out)
{
	if (!rule->name_field) {
		if (w->rt->spec->binding_name)
			w->rt->spec->binding_name(parent, value, w->src, out);
		return;
	}
	TSNode name = lang_child(parent, rule->name_field);
	if (!ts_node_is_null(name))
		lang_append_text(out, name, w->src);
}

/* Applies the first binding rule that matches parent (the anonymous function value sits
 * in its field field_id); 1 when one matched, bound to a name or not. */
static int apply_binding_rules(struct walk *w, TSNode parent, TSNode value, TSFieldId field_id,
			       struct wbuf *out)
{
	const char *ptype = ts_node_type(parent);
	for (const struct binding_rule *rule = w->rt->bindings; rule && rule->parent; rule++) {
		TSFieldId want = rule->value_field ? lang_field(w->rt->ts, rule->value_field) : 0;
		if (strcmp(rule->parent, ptype) == 0 && field_id == want) {
			rule_name(w, rule, parent, value, out);
			return 1;
		}
	}
	return 0;
}

/* The name an anonymous function is bound to, from its parent (or grandparent through an
 * expression list, as in Go's f := func(){}), by the binding rules (a rule without a
 * value field matches a value in no field, id 0), else by the language's binding_name
 * hook. Empty when it is not bound. */
void walk_binding_name(struct walk *w, struct wbuf *out)
{
	const struct lang_spec *spec = w->rt->spec;
	if ((!w->rt->bindings && !spec->binding_name) || w->nframes < 2)
		return;
	const struct frame *self = &w->frames[w->nframes - 1];
	const struct frame *parent = &w->frames[w->nframes - 2];
	TSFieldId field_id = self->field;
	if (strcmp(ts_node_type(parent->node), "expression_list") == 0 && w->nframes >= 3) {
		if (ts_node_named_child_count(parent->node) != 1)
			return;
		field_id = parent->field;
		parent = &w->frames[w->nframes - 3];
	}
	if (!apply_binding_rules(w, parent->node, self->node, field_id, out) && spec->binding_name)
		spec->binding_name(parent->node, self->node, w->src, out);
}

void walk_mark_error(struct walk *w, TSNode n)
{
	struct record *rec = w->rec;
	if (rec->status == FILE_OK) {
		rec->status = FILE_PARTIAL;
		rec->error_line = line_of(n);
	}
	struct unit *u = current_unit(w);
	if (u)
		u->flags |= UNIT_HAS_ERROR;
}

/* The innermost unit whose span holds line, or NULL. */
static struct unit *innermost_unit(struct record *rec, uint32_t line)
{
	struct unit *best = NULL;
	for (size_t i = 0; i < rec->nunits; i++) {
		struct unit *u = &rec->units[i];
		if (u->line <= line && line <= u->end_line
		    && (!best || u->end_line - u->line < best->end_line - best->line))
			best = u;
	}
	return best;
}

/* s applies to u (on its first line or the line before): the metrics it names are
 * suppressed, and an unknown name is flagged with where the comment's form is. */
static void suppress_unit(struct unit *u, const struct suppression *s)
{
	u->suppressed |= s->mask & SUPPRESS_ALL;
	if (!(s->mask & SUPPRESS_UNKNOWN) || (u->flags & UNIT_SUPPRESS_UNKNOWN))
		return;
	uint32_t back = s->form_line < u->line ? u->line - s->form_line : 0;
	if (back > UNIT_SUPPRESS_BACK_MAX)
		back = UNIT_SUPPRESS_BACK_MAX;
	u->flags |= UNIT_SUPPRESS_UNKNOWN | back << UNIT_SUPPRESS_BACK_SHIFT;
}

/* Suppression comments on a unit's first line or, alone on their line or after a
 * decorator, an attribute or a template head, the line before suppress it (one after
 * other code applies to its own line's unit only); lizard's
 * "#lizard forgives" also from inside (the innermost unit holding it). */
static void apply_suppressions(struct walk *w)
{
	struct record *rec = w->rec;
	for (size_t k = 0; k < w->nsupps; k++) {
		const struct suppression *s = &w->supps[k];
		int own_line_only = s->before == SUPP_AFTER_CODE;
		for (size_t i = 0; i < rec->nunits; i++) {
			struct unit *u = &rec->units[i];
			if (s->last_line + !own_line_only >= u->line && s->first_line <= u->line)
				suppress_unit(u, s);
		}
		struct unit *inside = (s->mask & SUPPRESS_LIZARD) ? innermost_unit(rec, s->first_line)
								  : NULL;
		if (inside)
			inside->suppressed |= SUPPRESS_ALL;
	}
}

/* The first byte from i on where a and b differ, or len (a repair changes a few bytes of a
 * file: the equal runs are compared eight bytes at a time). */
static size_t first_difference(const char *a, const char *b, size_t i, size_t len)
{
	for (; i + 8 <= len; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
	}
	while (i < len && a[i] == b[i])
		i++;
	return i;
}

/* The line breaks in s[0, n). */
static uint32_t newlines(const char *s, size_t n)
{
	uint32_t count = 0;
	for (const char *end = s + n; (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
		count++;
	return count;
}

/* Per line: 1 when the repaired copy differs there (a recovery rule changed it). NULL
 * when memory runs out. */
static uint8_t *repaired_lines(const struct walk *w)
{
	uint8_t *changed = calloc((size_t)w->nlines + 1, 1);
	uint32_t row = 0;
	size_t counted = 0;	/* the newlines before this byte are counted in row */
	for (size_t i = 0; changed && i < w->len; i++) {
		i = first_difference(w->src, w->repaired, i, w->len);
		if (i == w->len)
			break;
		row += newlines(w->src + counted, i - counted);
		counted = i;
		if (row >= w->nlines)
			break;
		changed[row] = 1;
	}
	return changed;
}

void walk_note_repairs(struct walk *w)
{
	if (!w->repaired)
		return;
	uint8_t *changed = repaired_lines(w);
	if (!changed) {
		w->oom = 1;
		return;
	}
	/* A blanked macro is not in the tree, but its line holds code. */
	for (uint32_t i = 0; i < w->nlines; i++)
		w->line_marks[i] |= changed[i] ? LINE_CODE : 0;
	struct record *rec = w->rec;
	for (size_t k = 0; k < rec->nunits; k++) {
		struct unit *u = &rec->units[k];
		for (uint32_t line = u->line; line <= u->end_line && line <= w->nlines; line++)
			if (changed[line - 1]) {
				u->flags |= UNIT_RECOVERED;
				break;
			}
	}
	free(changed);
}

void walk_finish_file(struct walk *w, const struct line_table *lt)
{
	apply_suppressions(w);
	struct record *rec = w->rec;
	rec->lines = lt->nlines;
	uint32_t *code_before = calloc((size_t)lt->nlines + 1, sizeof(uint32_t));
	if (!code_before) {
		w->oom = 1;
		return;
	}
	for (uint32_t i = 0; i < lt->nlines; i++) {
		enum line_kind k = lines_classify(lt, i, w->line_marks[i]);
		rec->code += k == LINE_KIND_CODE;
		rec->comment += k == LINE_KIND_COMMENT;
		rec->blank += k == LINE_KIND_BLANK;
		code_before[i + 1] = code_before[i] + (k == LINE_KIND_CODE);
	}
	double ccn_sum = 0;
	for (size_t i = 0; i < rec->nunits; i++) {
		struct unit *u = &rec->units[i];
		uint32_t s = u->line, e = u->end_line > lt->nlines ? lt->nlines : u->end_line;
		u->nloc = e >= s ? code_before[e] - code_before[s - 1] : 0;
		ccn_sum += u->ccn;
	}
	free(code_before);
	rec->hal = w->file_tokens.hal;
	rec->mi = lines_maintainability(halstead_volume(&rec->hal), ccn_sum, rec->code);
}

void walk_free(struct walk *w)
{
	while (w->nctxs > 0) {
		token_set_free(&w->ctxs[w->nctxs - 1].tokens);
		w->nctxs--;
	}
	free(w->ctxs);
	free(w->supps);
	free(w->frames);
	free(w->name_offsets);
	wbuf_free(&w->names);
	token_set_free(&w->file_tokens);
	free(w->line_marks);
}

/* Allocates the per-line marks for nlines lines and the unit-context stack with file
 * scope at its bottom; -1 when memory runs out (walk_free still frees what was taken). */
int walk_start(struct walk *w, uint32_t nlines)
{
	w->nlines = nlines;
	w->line_marks = calloc((size_t)nlines + 1, 1);
	w->ctxs = calloc(16, sizeof(*w->ctxs));
	if (!w->line_marks || !w->ctxs)
		return -1;
	w->ctxs_cap = 16;
	w->nctxs = 1;
	w->ctxs[0].unit = -1;
	return 0;
}

/* Pushes the name every qualified name in the file starts with (Go's package), if the
 * language has one. */
void walk_push_file_prefix(struct walk *w, TSTree *tree)
{
	if (!w->rt->spec->file_prefix)
		return;
	struct wbuf prefix;
	wbuf_init(&prefix);
	w->rt->spec->file_prefix(ts_tree_root_node(tree), w->src, &prefix);
	if (prefix.len)
		walk_name_push(w, &prefix);
	wbuf_free(&prefix);
}

int walk_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

