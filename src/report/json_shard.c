/*
 * json_shard.c - the "shard" object of a shard's JSON report (docs/json.md): which part
 * of which run it is, the digests `assay merge` checks, what its workers reported about
 * their sandbox, and each of its files' record, base64 of the encoding workers and the
 * cache use (common/record.h), so that a merge reports them exactly as measured.
 */
#include "report/common.h"

#include <sodium.h>
#include <stdlib.h>

#include "config.h"
#include "util/alloc.h"
#include "common/buf.h"

static void put_record(FILE *out, const struct record *rec)
{
	struct wbuf enc;
	wbuf_init(&enc);
	record_encode(rec, &enc);
	size_t len = sodium_base64_encoded_len(enc.len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = xmalloc(len);
	sodium_bin2base64(b64, len, enc.data, enc.len, sodium_base64_VARIANT_ORIGINAL);
	fprintf(out, "\"%s\"", b64);
	free(b64);
	wbuf_free(&enc);
}

/* One row per file shared out to this shard: its number among all the shards' files
 * (in path order), its path for people, the git blob id of the content measured (when
 * known), and its record (null: never measured). */
static void put_records(FILE *out, const struct run_model *m)
{
	const struct model_shard *s = m->shard;
	size_t n = 0;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!s->bin[i])
			continue;
		fputs(n++ ? ",\n{\"path\":" : "\n{\"path\":", out);
		report_put_json(out, f->path);
		const uint8_t *key = s->keys + i * SHARD_KEY;
		if (key[0]) {
			fputs(",\"oid\":\"", out);
			for (int b = 1; b < SHARD_KEY; b++)
				fprintf(out, "%02x", key[b]);
			fputc('"', out);
		}
		fprintf(out, ",\"refused\":%s,\"record\":", f->generated_refused ? "true" : "false");
		if (f->done)
			put_record(out, f->rec);
		else
			fputs("null", out);
		fputc('}', out);
	}
}

static void put_engine(FILE *out, const struct model_engine *e, enum sandbox_mode mode)
{
	fprintf(out, "\"engine\":{\"mode\":%d,\"got_level\":%d,\"level\":%d,\"detail\":",
		(int)mode, e->got_level, (int)e->level);
	report_put_json(out, e->detail);
	fprintf(out, ",\"inprocess\":%d,\"unavailable\":%d,\"why_unavailable\":", e->inprocess,
		e->unavailable);
	report_put_json(out, e->why_unavailable);
	fprintf(out, ",\"started\":%u,\"crashes\":%u,\"timeouts\":%u,\"violations\":%u},",
		e->started, e->crashes, e->timeouts, e->violations);
}

void json_put_shard(FILE *out, const struct run_model *m)
{
	const struct model_shard *s = m->shard;
	if (!s)
		return;
	fprintf(out, "\"shard\":{\"assay_version\":\"%s\",\"command\":\"%s\",\"index\":%u,\"total\":%u,"
		"\"files\":%zu,\"files_digest\":\"%s\",\"config_digest\":\"%s\",\"paths\":[",
		PACKAGE_VERSION, s->command, s->index, s->total, s->files, s->files_digest, s->config_digest);
	for (size_t i = 0; i < s->npaths; i++) {
		if (i)
			fputc(',', out);
		report_put_json(out, s->paths[i]);
	}
	fputs("],", out);
	put_engine(out, m->engine, m->sandbox_mode);
	fputs("\"records\":[", out);
	put_records(out, m);
	fputs("\n]},", out);
}
