/*
 * lang_support.c - what the language files under analyze/lang/ share (see lang.h): a
 * node's text, a child by field name, a parameter-list count. They call these and nothing
 * else of the core, so a rules file depends on this file alone.
 */
#include "analyze/lang.h"

#include <stdint.h>
#include <string.h>

#include "common/record.h"

const char *lang_node_text(TSNode n, const char *src, size_t *len)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
	*len = e > s ? e - s : 0;
	return src + s;
}

void lang_append_text(struct wbuf *out, TSNode n, const char *src)
{
	size_t len;
	const char *t = lang_node_text(n, src, &len);
	for (size_t i = 0; i < len && out->len < RECORD_MAX_NAME; i++)
		if ((unsigned char)t[i] > ' ')
			wbuf_put_u8(out, (uint8_t)t[i]);
}

int lang_text_is(TSNode n, const char *src, const char *s)
{
	size_t len;
	const char *t = lang_node_text(n, src, &len);
	return len == strlen(s) && memcmp(t, s, len) == 0;
}

int lang_text_in(TSNode n, const char *src, const char *const *list)
{
	size_t len;
	const char *t = lang_node_text(n, src, &len);
	for (; list && *list; list++)
		if (strlen(*list) == len && memcmp(*list, t, len) == 0)
			return 1;
	return 0;
}

int lang_is_type(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

TSNode lang_child_of_type(TSNode n, const char *type)
{
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		if (strcmp(ts_node_type(c), type) == 0)
			return c;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

TSNode lang_child(TSNode n, const char *name)
{
	static _Thread_local struct {
		const TSLanguage *ts;
		const char *name;
		TSFieldId id;
	} memo[32];
	if (ts_node_is_null(n))
		return n;
	const TSLanguage *ts = ts_tree_language(n.tree);
	size_t i = (((uintptr_t)name >> 3) ^ ((uintptr_t)ts >> 6)) % 32;
	if (memo[i].ts != ts || memo[i].name != name) {
		memo[i].ts = ts;
		memo[i].name = name;
		memo[i].id = ts_language_field_id_for_name(ts, name, (uint32_t)strlen(name));
	}
	return ts_node_child_by_field_id(n, memo[i].id);
}

int lang_in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/* Generic parameter count: named children of the list that are not comments or in the
 * language's ignore list; a bare identifier standing for the list (x => x) is one. */
int lang_count_list(TSNode list, const struct lang_spec *spec)
{
	if (ts_node_is_null(list))
		return 0;
	uint32_t n = ts_node_named_child_count(list);
	if (ts_node_child_count(list) == 0)
		return 1;
	int count = 0;
	TSTreeCursor cur = ts_tree_cursor_new(list);	/* ts_node_named_child(i) is O(i) */
	for (int more = n && ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode c = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(c);
		/* Extras (comments, Python's line continuations) are no item. */
		if (ts_node_is_named(c) && !ts_node_is_extra(c) && !lang_in_list(spec->comments, type)
		    && !lang_in_list(spec->param_ignored, type))
			count++;
	}
	ts_tree_cursor_delete(&cur);
	return count;
}
