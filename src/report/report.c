/*
 * report.c - the table of report formats (see report.h), and what several writers share:
 * escaping helpers, the fingerprint of a unit and the wording of a violation. Adding a
 * format is adding a writer file and a row here.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"

static const struct report_format formats[] = {
	{ "text", "txt", report_text },
	{ "warnings", "warnings", report_warnings },
	{ "json", "json", report_json },
	{ "sarif", "sarif", report_sarif },
	{ "checkstyle", "xml", report_checkstyle },
	{ "codeclimate", "", report_codeclimate },	/* its .json would be ambiguous */
	{ "csv", "csv", report_csv },
	{ "csv-lizard", "", report_csv_lizard },
	{ "html", "html htm", report_html },
	{ "prometheus", "prom", report_prometheus },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct report_format *report_format_by_name(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const struct report_format *report_format_by_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < NFORMATS; i++) {
		const char *e = formats[i].extensions;
		size_t n = strlen(dot + 1);
		while (*e) {
			size_t k = strcspn(e, " ");
			if (k == n && strncmp(e, dot + 1, n) == 0)
				return &formats[i];
			e += k;
			while (*e == ' ')
				e++;
		}
	}
	return NULL;
}

const char *report_format_names(void)
{
	static char names[256];
	if (!names[0]) {
		size_t len = 0;
		for (size_t i = 0; i < NFORMATS && len < sizeof(names); i++)
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
						i ? ", " : "", formats[i].name);
	}
	return names;
}

/* Writes what b holds, or nothing when building it failed. */
static void put_wbuf(FILE *out, const struct wbuf *b)
{
	if (b->data && !b->failed)
		fwrite(b->data, 1, b->len, out);
}

void report_put_text(FILE *out, const char *s)
{
	if (!s || esc_text_is_plain(s)) {
		fputs(s ? s : "", out);
		return;
	}
	struct wbuf b;
	wbuf_init(&b);
	esc_text(&b, s ? s : "");
	put_wbuf(out, &b);
	wbuf_free(&b);
}

void report_put_json(FILE *out, const char *s)
{
	struct wbuf b;
	wbuf_init(&b);
	json_str_strict(&b, s);
	put_wbuf(out, &b);
	wbuf_free(&b);
}

void report_put_xml(FILE *out, const char *s)
{
	struct wbuf b;
	wbuf_init(&b);
	esc_xml(&b, s ? s : "");
	put_wbuf(out, &b);
	wbuf_free(&b);
}

const char *report_repo_path(const char *path)
{
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	return path;
}

#define FNV64_OFFSET 0xcbf29ce484222325ull
#define FNV64_PRIME 0x100000001b3ull

/* FNV-1a over n bytes, continuing from h. Chosen for being fully specified and tiny: a
 * fingerprint must never change between versions, or every alert would reopen. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV64_PRIME;
	}
	return h;
}

uint64_t report_fingerprint(const char *path, const struct unit *u, const char *extra)
{
	char body[17];
	snprintf(body, sizeof(body), "%016llx", (unsigned long long)u->body_hash);
	const char *rel = report_repo_path(path);
	const char *qname = u->qname ? u->qname : "";
	uint64_t h = FNV64_OFFSET;
	h = fnv1a(h, rel, strlen(rel) + 1);	/* the NUL is the separator */
	h = fnv1a(h, qname, strlen(qname) + 1);
	h = fnv1a(h, body, 16);
	if (extra) {
		h = fnv1a(h, "", 1);
		h = fnv1a(h, extra, strlen(extra));
	}
	return h;
}

char *report_violation_message(const struct unit *u, enum metric k,
			       const struct thresholds *t)
{
	struct wbuf b;
	wbuf_init(&b);
	esc_text(&b, u->qname ? u->qname : "");
	wbuf_printf(&b, " has %s %u (limit %ld)", metric_info(k)->label, unit_metric(u, k),
		    t->limit[k]);
	char *s = xstrndup(b.data && !b.failed ? (const char *)b.data : "", b.failed ? 0 : b.len);
	wbuf_free(&b);
	return s;
}
