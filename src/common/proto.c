/*
 * proto.c - every frame of the worker protocol, encoded and decoded (see proto.h).
 */
#include "common/proto.h"

#include <stdlib.h>
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
	if (type < PROTO_HELLO || type > PROTO_WITHDRAWN)
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

int proto_put_hello(struct wbuf *out, const struct proto_hello *h)
{
	size_t start = proto_begin(out, PROTO_HELLO);
	wbuf_put_u32(out, h->version);
	wbuf_put_u8(out, h->sandbox_level);
	wbuf_put_str(out, h->detail);
	return proto_end(out, start);
}

int proto_decode_hello(const struct proto_frame *f, struct proto_hello *h)
{
	struct rbuf r;
	memset(h, 0, sizeof(*h));
	if (f->type != PROTO_HELLO)
		return -1;
	rbuf_init(&r, f->payload, f->len);
	if (rbuf_get_u32(&r, &h->version) < 0 || rbuf_get_u8(&r, &h->sandbox_level) < 0
	    || rbuf_get_str(&r, PROTO_MAX_DETAIL, &h->detail) < 0) {
		free(h->detail);
		h->detail = NULL;
		return -1;
	}
	return 0;
}

int proto_put_file_head(struct wbuf *out, const struct proto_file *file)
{
	size_t start = proto_begin(out, PROTO_FILE);
	wbuf_put_u32(out, file->id);
	wbuf_put_u8(out, file->lang);
	wbuf_put_u32(out, file->flags);
	wbuf_put_u64(out, file->timeout_us);
	size_t n = out->len - start - 4;
	if (out->failed || file->len > PROTO_MAX_FRAME - n)
		return -1;
	wbuf_patch_u32(out, start, (uint32_t)(n + file->len));
	return 0;
}

int proto_put_file(struct wbuf *out, const struct proto_file *file)
{
	if (proto_put_file_head(out, file) < 0)
		return -1;
	wbuf_put(out, file->bytes, file->len);	/* the head's length counts them already */
	return out->failed ? -1 : 0;
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

size_t proto_begin_result(struct wbuf *out, uint32_t id, uint64_t elapsed_ns)
{
	size_t start = proto_begin(out, PROTO_RESULT);
	wbuf_put_u32(out, id);
	wbuf_put_u64(out, elapsed_ns);
	return start;
}

int proto_decode_result(const struct proto_frame *f, struct proto_result *res)
{
	struct rbuf r;
	memset(res, 0, sizeof(*res));
	if (f->type != PROTO_RESULT)
		return -1;
	rbuf_init(&r, f->payload, f->len);
	if (rbuf_get_u32(&r, &res->id) < 0 || rbuf_get_u64(&r, &res->elapsed_ns) < 0)
		return -1;
	res->record_len = rbuf_left(&r);
	return rbuf_get_bytes(&r, res->record_len, &res->record);
}

int proto_put_error(struct wbuf *out, const struct proto_error *e)
{
	size_t start = proto_begin(out, PROTO_ERROR);
	wbuf_put_u32(out, e->id);
	wbuf_put_u8(out, e->cause);
	wbuf_put_str(out, e->detail);
	return proto_end(out, start);
}

int proto_decode_error(const struct proto_frame *f, struct proto_error *e)
{
	struct rbuf r;
	memset(e, 0, sizeof(*e));
	if (f->type != PROTO_ERROR)
		return -1;
	rbuf_init(&r, f->payload, f->len);
	if (rbuf_get_u32(&r, &e->id) < 0 || rbuf_get_u8(&r, &e->cause) < 0
	    || e->cause >= CAUSE_COUNT || rbuf_get_str(&r, PROTO_MAX_DETAIL, &e->detail) < 0
	    || rbuf_left(&r) != 0) {
		free(e->detail);
		e->detail = NULL;
		return -1;
	}
	return 0;
}

int proto_put_withdraw(struct wbuf *out, const uint32_t *ids, uint32_t count)
{
	size_t start = proto_begin(out, PROTO_WITHDRAW);
	wbuf_put_u32(out, count);
	for (uint32_t i = 0; i < count; i++)
		wbuf_put_u32(out, ids[i]);
	return proto_end(out, start);
}

int proto_decode_withdraw(const struct proto_frame *f, void (*each)(void *ctx, uint32_t id),
			  void *ctx)
{
	struct rbuf r;
	uint32_t count, id;
	if (f->type != PROTO_WITHDRAW)
		return -1;
	rbuf_init(&r, f->payload, f->len);
	if (rbuf_get_u32(&r, &count) < 0 || count > PROTO_MAX_WITHDRAW
	    || rbuf_left(&r) != (size_t)count * 4)
		return -1;
	while (count-- > 0 && rbuf_get_u32(&r, &id) == 0)
		each(ctx, id);
	return 0;
}

int proto_put_withdrawn(struct wbuf *out, uint32_t id)
{
	size_t start = proto_begin(out, PROTO_WITHDRAWN);
	wbuf_put_u32(out, id);
	return proto_end(out, start);
}

int proto_is_answer(uint8_t type)
{
	return type == PROTO_RESULT || type == PROTO_ERROR || type == PROTO_WITHDRAWN;
}

int proto_answer_id(const struct proto_frame *f, uint32_t *id)
{
	struct rbuf r;
	if (!proto_is_answer(f->type))
		return -1;
	rbuf_init(&r, f->payload, f->len);
	return rbuf_get_u32(&r, id);
}
