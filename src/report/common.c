/*
 * common.c - what several report writers share (see common.h).
 */
#include "report/common.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"

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
	json_str(&b, s);
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

const char *report_file_path(const struct report_file *f)
{
	return f->repo_path ? f->repo_path : report_repo_path(f->path);
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

uint64_t report_fingerprint_words(const char *const *words, size_t n)
{
	uint64_t h = FNV64_OFFSET;
	for (size_t i = 0; i < n; i++)
		h = fnv1a(h, words[i] ? words[i] : "", strlen(words[i] ? words[i] : "") + 1);
	return h;
}

void report_put_reasons(FILE *out, const struct unit *u, uint32_t bits,
			const struct thresholds *t)
{
	const char *sep = " [";
	for (int k = 0; k < MET_COUNT; k++) {
		if (!(bits & (1u << k)))
			continue;
		fprintf(out, "%s%s %u > %ld", sep, metric_info((enum metric)k)->name,
			unit_metric(u, (enum metric)k), t->limit[k]);
		if (u->base)
			fprintf(out, ", was %u", u->base[k]);
		sep = ", ";
	}
	if (*sep == ',')
		fputc(']', out);
}

char *report_violation_message(const struct unit *u, enum metric k,
			       const struct thresholds *t)
{
	struct wbuf b;
	wbuf_init(&b);
	esc_text(&b, u->qname ? u->qname : "");
	wbuf_printf(&b, " has %s %u (limit %ld", metric_info(k)->label, unit_metric(u, k),
		    t->limit[k]);
	if (u->base)
		wbuf_printf(&b, ", was %u", u->base[k]);
	wbuf_put(&b, ")", 1);
	char *s = xstrndup(b.data && !b.failed ? (const char *)b.data : "", b.failed ? 0 : b.len);
	wbuf_free(&b);
	return s;
}

/* s as a JSON string, or null for NULL. */
static void put_json_or_null(FILE *out, const char *s)
{
	if (s)
		report_put_json(out, s);
	else
		fputs("null", out);
}

void report_put_sandbox(FILE *out, const struct run_model *m)
{
	fprintf(out, "{\"mode\":\"%s\",\"backend\":\"%s\",\"level\":",
		sandbox_mode_name(m->sandbox_mode), sandbox_backend());
	int reported = m->sandbox_mode != SANDBOX_MODE_OFF && m->engine && m->engine->got_level;
	if (m->engine && m->engine->inprocess) {
		fputs("\"off\",\"detail\":\"in-process (--allow-unsandboxed)\"}", out);
		return;
	}
	if (m->sandbox_mode == SANDBOX_MODE_OFF)
		fputs("\"off\"", out);
	else
		put_json_or_null(out, reported ? sandbox_level_name(m->engine->level) : NULL);
	fputs(",\"detail\":", out);
	put_json_or_null(out, reported ? m->engine->detail : NULL);
	fputc('}', out);
}

struct unit_hash {
	uint64_t hash;
	size_t unit;
};

/* qsort order: by hash, then by unit index (so earlier copies come first). */
static int compare_unit_hash(const void *pa, const void *pb)
{
	const struct unit_hash *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->unit < b->unit ? -1 : a->unit > b->unit;
}

void report_count_occurrences(const struct report_file *f, size_t *occurrence)
{
	struct unit_hash *h = xmalloc((f->rec->nunits + 1) * sizeof(*h));
	size_t n = 0;
	for (size_t j = 0; j < f->rec->nunits; j++) {
		occurrence[j] = 0;
		const struct unit *u = &f->rec->units[j];
		if (unit_violations(f->limits, u) || unit_suppressed(f->limits, u)
		    || unit_baselined(f->limits, u))
			h[n++] = (struct unit_hash){ report_fingerprint(report_file_path(f), u, NULL), j };
	}
	qsort(h, n, sizeof(*h), compare_unit_hash);
	for (size_t i = 1; i < n; i++)
		if (h[i].hash == h[i - 1].hash)
			occurrence[h[i].unit] = occurrence[h[i - 1].unit] + 1;
	free(h);
}
