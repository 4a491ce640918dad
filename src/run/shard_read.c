/*
 * shard_read.c - a shard's report read back (see shard_read.h).
 */
#include "run/shard_read.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/jsonread.h"

#define KEY_MAX 64
#define TEXT_MAX 4096			/* a path, a detail, a version */
#define RECORD_MAX ((size_t)512 << 20)	/* a record's base64 */
#define ROWS_MAX ((uint64_t)1 << 26)

struct reading {
	struct json_reader jr;
	struct shard_file *s;
	struct wbuf key, text;
	unsigned seen;			/* SEEN_* */
};

enum { SEEN_VERSION = 1, SEEN_INDEX = 2, SEEN_TOTAL = 4, SEEN_FILES = 8, SEEN_DIGESTS = 16,
       SEEN_RECORDS = 32, SEEN_ALL = 63 };

static int bad(struct reading *g, const char *what)
{
	if (!g->jr.err[0])
		snprintf(g->jr.err, sizeof(g->jr.err), "%s", what);
	return -1;
}

/* A string into a fixed buffer of len bytes. */
static int text_into(struct reading *g, char *out, size_t len)
{
	if (jr_string(&g->jr, &g->text, len - 1, 0) < 0)
		return -1;
	memcpy(out, g->text.data, g->text.len + 1);
	return 0;
}

static int uint_into(struct reading *g, uint64_t max, unsigned *out)
{
	uint64_t v;
	if (jr_uint(&g->jr, max, &v) < 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int read_paths(struct reading *g)
{
	struct shard_file *s = g->s;
	size_t cap = 0;
	if (jr_array(&g->jr) < 0)
		return -1;
	int more;
	while ((more = jr_next(&g->jr)) > 0) {
		if (s->npaths >= 4096 || jr_string(&g->jr, &g->text, TEXT_MAX, 0) < 0)
			return bad(g, "too many paths");
		xgrow((void **)&s->paths, &cap, s->npaths + 1, sizeof(*s->paths));
		s->paths[s->npaths++] = xstrdup((const char *)g->text.data);
	}
	return more;
}

static int engine_member(struct reading *g, const char *k, struct shard_engine *e)
{
	static const char *const ints[] = { "got_level", "level", "inprocess", "unavailable",
					    "started", "crashes", "timeouts", "violations" };
	unsigned *targets[] = { &e->got_level, &e->level,
				&e->inprocess, &e->unavailable,
				&e->started, &e->crashes, &e->timeouts, &e->violations };
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (strcmp(k, ints[i]) == 0)
			return uint_into(g, 1u << 30, targets[i]);
	if (strcmp(k, "mode") == 0) {
		e->got_mode = 1;
		return uint_into(g, 1u << 30, &e->mode);
	}
	if (strcmp(k, "detail") == 0)
		return text_into(g, e->detail, sizeof(e->detail));
	if (strcmp(k, "why_unavailable") == 0)
		return text_into(g, e->why_unavailable, sizeof(e->why_unavailable));
	return jr_skip(&g->jr);
}

static int read_engine(struct reading *g)
{
	int more;
	if (jr_object(&g->jr) < 0)
		return -1;
	while ((more = jr_key(&g->jr, &g->key, KEY_MAX)) > 0)
		if (engine_member(g, (const char *)g->key.data, &g->s->engine) < 0)
			return -1;
	if (more == 0 && g->s->engine.level > 2)	/* enum sandbox_level */
		return bad(g, "an unknown sandbox level");
	if (more == 0 && g->s->engine.mode > SANDBOX_MODE_STRICT)
		return bad(g, "an unknown sandbox mode");
	return more;
}

/* A record: base64 of its encoding, decoded and checked like a worker's reply. */
static int read_record(struct reading *g, struct shard_row *row)
{
	int rc = jr_string(&g->jr, &g->text, RECORD_MAX, 1);
	if (rc != 0)
		return rc < 0 ? -1 : 0;	/* null: never measured */
	size_t len;
	uint8_t *bin = xmalloc(g->text.len / 4 * 3 + 3);
	if (sodium_base642bin(bin, g->text.len / 4 * 3 + 3, (const char *)g->text.data,
			      g->text.len, NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0
	    || record_decode(bin, len, &row->rec) < 0) {
		free(bin);
		return bad(g, "a record that does not decode");
	}
	free(bin);
	if (row->rec.status >= FILE_STATUS_COUNT || row->rec.lang >= LANG_COUNT)
		return bad(g, "a record that does not decode");
	row->measured = 1;
	return 0;
}

/* The git blob id of the content the shard measured: 40 hexadecimal digits. */
static int read_oid(struct reading *g, struct shard_row *row)
{
	size_t len;
	if (jr_string(&g->jr, &g->text, TEXT_MAX, 0) < 0)
		return -1;
	if (g->text.len != 2 * sizeof(row->oid)
	    || sodium_hex2bin(row->oid, sizeof(row->oid), (const char *)g->text.data, g->text.len,
			      NULL, &len, NULL) != 0 || len != sizeof(row->oid))
		return bad(g, "an oid that is not 40 hexadecimal digits");
	row->has_oid = 1;
	return 0;
}

static int row_member(struct reading *g, const char *k, struct shard_row *row)
{
	if (strcmp(k, "refused") == 0)
		return jr_bool(&g->jr, &row->refused);
	if (strcmp(k, "oid") == 0)
		return read_oid(g, row);
	if (strcmp(k, "record") == 0)
		return read_record(g, row);
	if (strcmp(k, "path") != 0 || row->path)
		return jr_skip(&g->jr);
	if (jr_string(&g->jr, &g->text, TEXT_MAX, 0) < 0)
		return -1;
	row->path = xstrdup((const char *)g->text.data);
	return 0;
}

static int read_row(struct reading *g, struct shard_row *row)
{
	int more;
	if (jr_object(&g->jr) < 0)
		return -1;
	while ((more = jr_key(&g->jr, &g->key, KEY_MAX)) > 0)
		if (row_member(g, (const char *)g->key.data, row) < 0)
			return -1;
	return more < 0 || row->path ? more : bad(g, "a record without its path");
}

static int read_rows(struct reading *g)
{
	struct shard_file *s = g->s;
	size_t cap = 0;
	int more;
	if (jr_array(&g->jr) < 0)
		return -1;
	while ((more = jr_next(&g->jr)) > 0) {
		if (s->nrows >= ROWS_MAX)
			return bad(g, "too many records");
		xgrow((void **)&s->rows, &cap, s->nrows + 1, sizeof(*s->rows));
		memset(&s->rows[s->nrows], 0, sizeof(*s->rows));
		if (read_row(g, &s->rows[s->nrows++]) < 0)
			return -1;
	}
	return more;
}

static int shard_member(struct reading *g, const char *k)
{
	struct shard_file *s = g->s;
	static const char *const names[] = { "assay_version", "index", "total", "files",
					     "files_digest", "config_digest", "paths", "engine",
					     "records", "command" };
	size_t i = 0;
	while (i < sizeof(names) / sizeof(names[0]) && strcmp(k, names[i]) != 0)
		i++;
	uint64_t files;
	switch (i) {
	case 0: g->seen |= SEEN_VERSION; return text_into(g, s->version, sizeof(s->version));
	case 1: g->seen |= SEEN_INDEX; return uint_into(g, 100000, &s->index);
	case 2: g->seen |= SEEN_TOTAL; return uint_into(g, 100000, &s->total);
	case 3: g->seen |= SEEN_FILES;
		return jr_uint(&g->jr, UINT64_MAX, &files) < 0 ? -1 : (s->files = files, 0);
	case 4: g->seen |= SEEN_DIGESTS;
		return text_into(g, s->files_digest, sizeof(s->files_digest));
	case 5: return text_into(g, s->config_digest, sizeof(s->config_digest));
	case 6: return read_paths(g);
	case 7: return read_engine(g);
	case 8: g->seen |= SEEN_RECORDS; return read_rows(g);
	case 9: return text_into(g, s->command, sizeof(s->command));
	default: return jr_skip(&g->jr);
	}
}

static int read_shard_object(struct reading *g)
{
	int more;
	if (jr_object(&g->jr) < 0)
		return -1;
	while ((more = jr_key(&g->jr, &g->key, KEY_MAX)) > 0)
		if (shard_member(g, (const char *)g->key.data) < 0)
			return -1;
	if (more < 0)
		return -1;
	if (g->seen != SEEN_ALL || !g->s->config_digest[0])
		return bad(g, "its shard object lacks a member");
	if (g->s->index < 1 || g->s->index > g->s->total)
		return bad(g, "its shard index is not between 1 and its total");
	return 0;
}

/* The report's members up to "shard", which is read; the rest is not needed. */
static int read_document(struct reading *g)
{
	int more, found = 0;
	if (jr_object(&g->jr) < 0)
		return -1;
	/* The whole document, to its end: a report cut or added to after its shard object is
	 * not the one the shard wrote. */
	while ((more = jr_key(&g->jr, &g->key, KEY_MAX)) > 0) {
		int shard = strcmp((const char *)g->key.data, "shard") == 0;
		if (shard && found)
			return bad(g, "two shard objects");
		if ((shard ? read_shard_object(g) : jr_skip(&g->jr)) < 0)
			return -1;
		found |= shard;
	}
	if (more < 0 || jr_end(&g->jr) < 0)
		return -1;
	return found ? 0 : bad(g, "no shard object (was it written by `assay --shard=K/N`?)");
}

int shard_read(const char *name, struct shard_file *s, char *err, size_t errlen)
{
	int fd = open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	int rc = -1;
	memset(s, 0, sizeof(*s));
	if (fd < 0 || fstat(fd, &st) < 0)
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(err, errlen, "%s: not a regular file", name);
	else
		rc = shard_read_fd(fd, name, s, err, errlen);
	if (fd >= 0)
		close(fd);
	return rc;
}

int shard_read_fd(int fd, const char *name, struct shard_file *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	struct reading *g = xcalloc(1, sizeof(*g));
	g->s = s;
	jr_init(&g->jr, fd);
	wbuf_init(&g->key);
	wbuf_init(&g->text);
	int rc = read_document(g);
	if (rc < 0)
		snprintf(err, errlen, "%s: not a shard report: %s", name, g->jr.err);
	wbuf_free(&g->key);
	wbuf_free(&g->text);
	free(g);
	return rc;
}

void shard_file_free(struct shard_file *s)
{
	for (size_t i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	free(s->paths);
	for (size_t i = 0; i < s->nrows; i++) {
		free(s->rows[i].path);
		record_clear(&s->rows[i].rec);
	}
	free(s->rows);
	memset(s, 0, sizeof(*s));
}
