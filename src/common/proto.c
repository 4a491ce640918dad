/*
 * proto.c - frame parsing and building (see proto.h).
 */
#include "common/proto.h"

#include <string.h>

int proto_frame_parse(const uint8_t *data, size_t len, struct proto_frame *f, size_t *used)
{
	struct rbuf r;
	uint32_t n;
	uint8_t type;

	rbuf_init(&r, data, len);
	if (rbuf_get_u32(&r, &n) < 0)
		return 0;
	if (n < 1 || n > PROTO_MAX_FRAME)
		return -1;
	if (rbuf_get_u8(&r, &type) < 0)
		return 0;
	if (type < PROTO_HELLO || type > PROTO_ERROR)
		return -1;
	if (rbuf_left(&r) < (size_t)n - 1)
		return 0;
	f->type = type;
	f->payload = data + PROTO_HEADER;
	f->len = (size_t)n - 1;
	*used = (size_t)n + 4;
	return 1;
}

size_t proto_begin(struct wbuf *out, enum proto_type type)
{
	size_t start = out->len;
	wbuf_put_u32(out, 0);
	wbuf_put_u8(out, (uint8_t)type);
	return start;
}

int proto_end(struct wbuf *out, size_t start)
{
	size_t n = out->len - start - 4;
	if (out->failed || n > PROTO_MAX_FRAME)
		return -1;
	wbuf_patch_u32(out, start, (uint32_t)n);
	return 0;
}

int proto_decode_hello(const struct proto_frame *f, struct proto_hello *h)
{
	struct rbuf r;
	memset(h, 0, sizeof(*h));
	if (f->type != PROTO_HELLO)
		return -1;
	rbuf_init(&r, f->payload, f->len);
	if (rbuf_get_u32(&r, &h->version) < 0 || rbuf_get_u8(&r, &h->sandbox_level) < 0
	    || rbuf_get_str(&r, 256, &h->detail) < 0)
		return -1;
	return 0;
}

int proto_decode_file(const struct proto_frame *f, struct proto_file *file)
{
	struct rbuf r;
	memset(file, 0, sizeof(*file));
	if (f->type != PROTO_FILE)
		return -1;
	rbuf_init(&r, f->payload, f->len);
	if (rbuf_get_u32(&r, &file->id) < 0 || rbuf_get_u8(&r, &file->lang) < 0
	    || rbuf_get_u32(&r, &file->flags) < 0 || rbuf_get_u64(&r, &file->timeout_us) < 0)
		return -1;
	file->len = rbuf_left(&r);
	return rbuf_get_bytes(&r, file->len, &file->bytes);
}

int proto_decode_id(const struct proto_frame *f, uint32_t *id, const uint8_t **rest,
		    size_t *restlen)
{
	struct rbuf r;
	if (f->type != PROTO_RESULT && f->type != PROTO_ERROR)
		return -1;
	rbuf_init(&r, f->payload, f->len);
	if (rbuf_get_u32(&r, id) < 0)
		return -1;
	*restlen = rbuf_left(&r);
	return rbuf_get_bytes(&r, *restlen, rest);
}
