/*
 * record.c - encoding and bounded decoding of file records (see record.h).
 *
 * Layout (version 5): u8 version, u8 status, u8 lang, u8 cause, str detail, v lines, code,
 * comment, blank, error_line, 4×v halstead, f64 mi, v nunits, units..., v nincrements,
 * increments... where v is a u32 in 1 to 5 bytes (wbuf_put_vu32), str a v length and its
 * bytes, and f64 and u64 are 8 bytes little-endian. A unit: str name, v qname (0: the same
 * as name, else its length + 1, then its bytes), v line, end_line - line, column, ccn,
 * cognitive, nloc, length, params, tokens, nesting, exits, 4×v halstead, u64 body_hash,
 * v flags, v suppressed. An increment: v unit, line, column, u8 metric, construct, v
 * amount, nesting (each at most 65535).
 *
 * Versions 4 and before wrote every number as a fixed u32 and both names in full, and
 * were stored deflated: 2.3 KB a file on average, 1.0 KB deflated. Version 5 is about
 * the deflated size with no deflating, which took a third of what filling a cache cost
 * the supervisor (docs/TUNING.md).
 */
#include "common/record.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/languages.h"

static const char *const status_names[FILE_STATUS_COUNT] = {
	"ok", "partial", "fallback", "skipped", "failed"
};

static const char *const construct_names[C_CONSTRUCT_COUNT] = {
	"if", "else if", "else", "loop", "case", "switch", "catch", "conditional operator",
	"boolean operators", "null coalescing", "comprehension clause", "? operator", "goto",
	"labelled jump", "recursion", "preprocessor conditional", "nested function", "default value",
	"optional chaining", "logical assignment"
};

const char *file_status_name(enum file_status s)
{
	return (unsigned)s < FILE_STATUS_COUNT ? status_names[s] : "unknown";
}

const char *record_reason(const struct record *r, char *out, size_t len)
{
	return cause_text((enum cause)r->cause, r->detail, out, len);
}

const char *construct_name(enum construct c)
{
	return (unsigned)c < C_CONSTRUCT_COUNT ? construct_names[c] : "unknown";
}

void record_unit_free(struct unit *u)
{
	/* Decoded units hold both names in one block, qname right after name's NUL; units
	 * built by the core hold two (a separate block can never start right there). */
	int joined = u->name && u->qname == u->name + strlen(u->name) + 1;
	free(u->name);
	if (!joined)
		free(u->qname);
	u->name = u->qname = NULL;
	free(u->base);
	u->base = NULL;
}

void record_clear(struct record *r)
{
	for (size_t i = 0; i < r->nunits; i++)
		record_unit_free(&r->units[i]);
	free(r->units);
	free(r->increments);
	free(r->detail);
	memset(r, 0, sizeof(*r));
}

static void put_halstead(struct wbuf *out, const struct halstead *h)
{
	wbuf_put_vu32(out, h->n1);
	wbuf_put_vu32(out, h->n2);
	wbuf_put_vu32(out, h->N1);
	wbuf_put_vu32(out, h->N2);
}

/* A length and its bytes; a length past what the format holds fails the buffer (names
 * and details are far shorter: the decoder's limits). */
static void put_vstr(struct wbuf *out, const char *s, size_t n)
{
	if (n >= UINT32_MAX) {
		out->failed = 1;
		return;
	}
	wbuf_put_vu32(out, (uint32_t)n);
	wbuf_put(out, s, n);
}

static void put_unit(struct wbuf *out, const struct unit *u)
{
	const char *name = u->name ? u->name : "", *qname = u->qname ? u->qname : "";
	size_t ln = strlen(name), lq = strlen(qname);
	put_vstr(out, name, ln);
	if (lq == ln && memcmp(name, qname, ln) == 0) {
		wbuf_put_vu32(out, 0);
	} else if (lq >= UINT32_MAX - 1) {
		out->failed = 1;	/* its length + 1 would not fit */
	} else {
		wbuf_put_vu32(out, (uint32_t)lq + 1);
		wbuf_put(out, qname, lq);
	}
	const uint32_t v[] = { u->line, u->end_line - u->line, u->column, u->ccn,
			       u->cognitive, u->nloc, u->length, u->params, u->tokens,
			       u->nesting, u->exits };
	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
		wbuf_put_vu32(out, v[k]);
	put_halstead(out, &u->hal);
	wbuf_put_u64(out, u->body_hash);
	wbuf_put_vu32(out, u->flags);
	wbuf_put_vu32(out, u->suppressed);
}

void record_encode(const struct record *r, struct wbuf *out)
{
	wbuf_put_u8(out, RECORD_VERSION);
	wbuf_put_u8(out, r->status);
	wbuf_put_u8(out, r->lang);
	wbuf_put_u8(out, r->cause);
	put_vstr(out, r->detail ? r->detail : "", r->detail ? strlen(r->detail) : 0);
	const uint32_t totals[] = { r->lines, r->code, r->comment, r->blank, r->error_line };
	for (size_t k = 0; k < sizeof(totals) / sizeof(totals[0]); k++)
		wbuf_put_vu32(out, totals[k]);
	put_halstead(out, &r->hal);
	wbuf_put_f64(out, r->mi);
	wbuf_put_vu32(out, (uint32_t)r->nunits);
	for (size_t i = 0; i < r->nunits; i++)
		put_unit(out, &r->units[i]);
	wbuf_put_vu32(out, (uint32_t)r->nincrements);
	for (size_t i = 0; i < r->nincrements; i++) {
		const struct increment *inc = &r->increments[i];
		wbuf_put_vu32(out, inc->unit);
		wbuf_put_vu32(out, inc->line);
		wbuf_put_vu32(out, inc->column);
		wbuf_put_u8(out, inc->metric);
		wbuf_put_u8(out, inc->construct);
		wbuf_put_vu32(out, inc->amount);
		wbuf_put_vu32(out, inc->nesting);
	}
}

static int get_halstead(struct rbuf *in, struct halstead *h)
{
	return rbuf_get_vu32(in, &h->n1) | rbuf_get_vu32(in, &h->n2) | rbuf_get_vu32(in, &h->N1)
	       | rbuf_get_vu32(in, &h->N2);
}

/* The smallest encoded unit: an empty name, qname the same, 11 one-byte numbers,
 * halstead, hash, flags, suppressed. */
#define UNIT_MIN_BYTES (1 + 1 + 11 + 4 + 8 + 1 + 1)
#define INCREMENT_BYTES (1 + 1 + 1 + 1 + 1 + 1 + 1)

/* Reads a number into each of the n fields in order; -1 at the first one that is
 * missing. */
static int get_u32_fields(struct rbuf *in, uint32_t *const *fields, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (rbuf_get_vu32(in, fields[k]) < 0)
			return -1;
	return 0;
}

/* Reads an element count; -1 when it is past max or when the bytes left cannot hold that
 * many elements of at least min_bytes each (so a hostile count allocates nothing). */
static int get_count(struct rbuf *in, uint32_t max, size_t min_bytes, uint32_t *n)
{
	if (rbuf_get_vu32(in, n) < 0 || *n > max || (size_t)*n > rbuf_left(in) / min_bytes)
		return -1;
	return 0;
}

/* n bytes without NUL bytes, at most RECORD_MAX_NAME, pointed at in place. */
static int get_name_bytes(struct rbuf *in, uint32_t n, const uint8_t **p)
{
	return n > RECORD_MAX_NAME || rbuf_get_bytes(in, n, p) < 0 || (n && memchr(*p, 0, n))
		       ? -1 : 0;
}

/* The unit's two names in one allocation, name first: a large run holds hundreds of
 * thousands of units, and this halves their allocations. */
static int get_names(struct rbuf *in, struct unit *u)
{
	const uint8_t *pn, *pq;
	uint32_t ln, lq, tag;
	if (rbuf_get_vu32(in, &ln) < 0 || get_name_bytes(in, ln, &pn) < 0
	    || rbuf_get_vu32(in, &tag) < 0)
		return -1;
	if (tag == 0) {
		pq = pn;
		lq = ln;
	} else if (lq = tag - 1, get_name_bytes(in, lq, &pq) < 0) {
		return -1;
	}
	char *block = core_malloc((size_t)ln + lq + 2);
	if (!block)
		return -1;
	memcpy(block, pn, ln);
	block[ln] = '\0';
	memcpy(block + ln + 1, pq, lq);
	block[ln + 1 + lq] = '\0';
	u->name = block;
	u->qname = block + ln + 1;
	return 0;
}

/* One unit; its end line, stored as its distance from the first, must fit in a u32. */
static int decode_unit(struct rbuf *in, struct unit *u)
{
	uint32_t *const v[] = { &u->line, &u->end_line, &u->column, &u->ccn, &u->cognitive,
				&u->nloc, &u->length, &u->params, &u->tokens, &u->nesting,
				&u->exits };
	if (get_names(in, u) < 0)
		return -1;
	if (get_u32_fields(in, v, sizeof(v) / sizeof(v[0])) < 0)
		return -1;
	if (get_halstead(in, &u->hal) < 0 || rbuf_get_u64(in, &u->body_hash) < 0
	    || rbuf_get_vu32(in, &u->flags) < 0 || rbuf_get_vu32(in, &u->suppressed) < 0)
		return -1;
	if (u->end_line > UINT32_MAX - u->line)
		return -1;
	u->end_line += u->line;
	return 0;
}

/* The record's first fields: version (which must be ours), status, language, cause and
 * its detail. */
static int decode_header(struct rbuf *in, struct record *r)
{
	uint8_t version;
	uint32_t n;
	const uint8_t *p;

	if (rbuf_get_u8(in, &version) < 0 || version != RECORD_VERSION)
		return -1;
	if (rbuf_get_u8(in, &r->status) < 0 || r->status >= FILE_STATUS_COUNT)
		return -1;
	if (rbuf_get_u8(in, &r->lang) < 0 || r->lang >= LANG_COUNT)
		return -1;
	if (rbuf_get_u8(in, &r->cause) < 0 || r->cause >= CAUSE_COUNT)
		return -1;
	if (rbuf_get_vu32(in, &n) < 0 || n > RECORD_MAX_DETAIL || rbuf_get_bytes(in, n, &p) < 0
	    || memchr(p, 0, n))
		return -1;
	r->detail = core_malloc((size_t)n + 1);
	if (!r->detail)
		return -1;
	memcpy(r->detail, p, n);
	r->detail[n] = '\0';
	return 0;
}

/* The file's line counts, Halstead counts and maintainability index; the line kinds must
 * add up to the lines and the index must be a number. */
static int decode_totals(struct rbuf *in, struct record *r)
{
	uint32_t *const v[] = { &r->lines, &r->code, &r->comment, &r->blank, &r->error_line };
	if (get_u32_fields(in, v, sizeof(v) / sizeof(v[0])) < 0 || get_halstead(in, &r->hal) < 0
	    || rbuf_get_f64(in, &r->mi) < 0)
		return -1;
	if ((uint64_t)r->code + r->comment + r->blank != r->lines || !isfinite(r->mi))
		return -1;
	return 0;
}

/* The unit count and the units; r->nunits counts a half-decoded unit so that
 * record_clear frees it. */
static int decode_units(struct rbuf *in, struct record *r)
{
	uint32_t n;

	if (get_count(in, RECORD_MAX_UNITS, UNIT_MIN_BYTES, &n) < 0)
		return -1;
	if (n) {
		r->units = core_calloc(n, sizeof(*r->units));
		if (!r->units)
			return -1;
	}
	for (uint32_t i = 0; i < n; i++) {
		r->nunits = i + 1;
		if (decode_unit(in, &r->units[i]) < 0)
			return -1;
	}
	return 0;
}

/* One increment; it must name one of the nunits units, a metric and a construct. */
static int decode_increment(struct rbuf *in, struct increment *inc, size_t nunits)
{
	uint32_t amount, nesting;
	if (rbuf_get_vu32(in, &inc->unit) < 0 || rbuf_get_vu32(in, &inc->line) < 0
	    || rbuf_get_vu32(in, &inc->column) < 0 || rbuf_get_u8(in, &inc->metric) < 0
	    || rbuf_get_u8(in, &inc->construct) < 0 || rbuf_get_vu32(in, &amount) < 0
	    || rbuf_get_vu32(in, &nesting) < 0)
		return -1;
	if (inc->unit >= nunits || inc->metric > M_COGNITIVE
	    || inc->construct >= C_CONSTRUCT_COUNT || amount > UINT16_MAX || nesting > UINT16_MAX)
		return -1;
	inc->amount = (uint16_t)amount;
	inc->nesting = (uint16_t)nesting;
	return 0;
}

/* The increment count and the increments (after the units they refer to). */
static int decode_increments(struct rbuf *in, struct record *r)
{
	uint32_t n;

	if (get_count(in, RECORD_MAX_INCREMENTS, INCREMENT_BYTES, &n) < 0)
		return -1;
	if (n) {
		r->increments = core_calloc(n, sizeof(*r->increments));
		if (!r->increments)
			return -1;
	}
	r->nincrements = n;
	for (uint32_t i = 0; i < n; i++)
		if (decode_increment(in, &r->increments[i], r->nunits) < 0)
			return -1;
	return 0;
}

/* A whole record, which must use up the input exactly. */
static int decode_body(struct rbuf *in, struct record *r)
{
	if (decode_header(in, r) < 0 || decode_totals(in, r) < 0 || decode_units(in, r) < 0
	    || decode_increments(in, r) < 0)
		return -1;
	return rbuf_left(in) == 0 ? 0 : -1;
}

int record_decode(const void *data, size_t len, struct record *r)
{
	struct rbuf in;

	memset(r, 0, sizeof(*r));
	rbuf_init(&in, data, len);
	if (decode_body(&in, r) < 0) {
		record_clear(r);
		return -1;
	}
	return 0;
}

int record_summary_covers(const struct record_summary *s, const long limits[MET_COUNT])
{
	for (int m = 0; m < MET_COUNT; m++) {
		int none_over = limits[m] < 0 || (long)s->max[m] <= limits[m];
		int kept = s->floor[m] >= 0 && s->floor[m] <= limits[m];
		if (!none_over && !kept)
			return 0;
	}
	return 1;
}

void record_floor_merge(long out[MET_COUNT], const long a[MET_COUNT], const long b[MET_COUNT])
{
	for (int m = 0; m < MET_COUNT; m++)
		out[m] = a[m] < 0 ? b[m] : b[m] < 0 ? a[m] : a[m] < b[m] ? a[m] : b[m];
}

/* Limits are at most 10^9 (thresholds_parse), so a u32 holds them; off is UINT32_MAX. */
#define FLOOR_OFF UINT32_MAX

/* The largest value of each metric among r's units. */
static void units_max(const struct record *r, uint32_t max[MET_COUNT])
{
	memset(max, 0, MET_COUNT * sizeof(*max));
	for (size_t i = 0; i < r->nunits; i++)
		for (int m = 0; m < MET_COUNT; m++) {
			uint32_t v = unit_metric(&r->units[i], (enum metric)m);
			max[m] = v > max[m] ? v : max[m];
		}
}

void record_summary_encode(const struct record *r, const long *floor, struct wbuf *out)
{
	uint32_t max[MET_COUNT];
	struct record head = *r;
	head.units = core_malloc((r->nunits ? r->nunits : 1) * sizeof(*head.units));
	head.nunits = 0;
	head.nincrements = 0;
	head.increments = NULL;
	if (!head.units) {
		out->failed = 1;
		return;
	}
	units_max(r, max);
	/* A unit flagged for an unknown suppression name is kept too: the run warns of it. */
	for (size_t i = 0; i < r->nunits; i++)
		if ((floor && unit_over(floor, &r->units[i]))
		    || (r->units[i].flags & UNIT_SUPPRESS_UNKNOWN))
			head.units[head.nunits++] = r->units[i];
	wbuf_put_u32(out, (uint32_t)r->nunits);
	for (int m = 0; m < MET_COUNT; m++)
		wbuf_put_u32(out, max[m]);
	for (int m = 0; m < MET_COUNT; m++)
		wbuf_put_u32(out, floor && floor[m] >= 0 ? (uint32_t)floor[m] : FLOOR_OFF);
	record_encode(&head, out);
	free(head.units);
}

/* Whether a summary's parts agree, as record_summary_encode made them: every unit kept is
 * over the floor (or flagged), none is over the file's maximum, and a maximum over the
 * floor is some kept unit's. A row damaged in one place (a unit's metric, a maximum)
 * seldom keeps that: it is refused, a miss, rather than a report that passes. */
static int summary_agrees(const struct record *head, const struct record_summary *s)
{
	uint32_t reached = 0;
	for (size_t i = 0; i < head->nunits; i++) {
		const struct unit *u = &head->units[i];
		if (!unit_over(s->floor, u) && !(u->flags & UNIT_SUPPRESS_UNKNOWN))
			return 0;
		for (int m = 0; m < MET_COUNT; m++) {
			uint32_t v = unit_metric(u, (enum metric)m);
			if (v > s->max[m])
				return 0;
			reached |= (uint32_t)(v == s->max[m]) << m;
		}
	}
	for (int m = 0; m < MET_COUNT; m++)
		if (s->floor[m] >= 0 && (long)s->max[m] > s->floor[m] && !(reached & (1u << m)))
			return 0;
	return 1;
}

/* Where a summary's file-level record starts: after its unit count and each metric's
 * maximum and floor (u32 each). */
#define SUMMARY_HEAD_BYTES (4 + 2 * 4 * (size_t)MET_COUNT)

int record_summary_version(const void *data, size_t len)
{
	return len > SUMMARY_HEAD_BYTES ? ((const uint8_t *)data)[SUMMARY_HEAD_BYTES] : -1;
}

int record_summary_decode(const void *data, size_t len, struct record *head,
			  struct record_summary *s)
{
	struct rbuf in;
	uint32_t floor[MET_COUNT];
	memset(head, 0, sizeof(*head));
	rbuf_init(&in, data, len);
	int bad = rbuf_get_u32(&in, &s->nunits);
	for (int m = 0; m < MET_COUNT; m++)
		bad |= rbuf_get_u32(&in, &s->max[m]);
	for (int m = 0; m < MET_COUNT; m++) {
		bad |= rbuf_get_u32(&in, &floor[m]);
		s->floor[m] = floor[m] == FLOOR_OFF ? -1 : (long)floor[m];
	}
	if (bad || s->nunits > RECORD_MAX_UNITS)
		return -1;
	size_t used = len - rbuf_left(&in);
	if (record_decode((const uint8_t *)data + used, len - used, head) < 0)
		return -1;
	if (head->nunits > s->nunits || head->nincrements != 0 || !summary_agrees(head, s)) {
		record_clear(head);
		return -1;
	}
	return 0;
}

double halstead_volume(const struct halstead *h)
{
	double n = (double)h->n1 + h->n2, N = (double)h->N1 + h->N2;
	return n > 1 ? N * log2(n) : 0.0;
}

double halstead_difficulty(const struct halstead *h)
{
	return h->n2 ? (h->n1 / 2.0) * ((double)h->N2 / h->n2) : 0.0;
}

double halstead_effort(const struct halstead *h)
{
	return halstead_difficulty(h) * halstead_volume(h);
}
