/*
 * remote_http.h - the remote cache's transport: batches of GET or PUT URL/ac/KEY,
 * several at once, each bounded in time and size (docs/SCALING.md). libcurl, in the
 * supervisor only (remote_http.c); a build without it has remote_none.c, whose open
 * says why there is no remote cache. What the bytes mean is store/remote_value.h's.
 *
 * Only http and https are spoken, no redirect is followed, a reply past its request's
 * cap (REMOTE_VALUE_MAX unless it says) is cut off and counted as an error; libcurl is initialized by
 * remote_http_open alone, so a run without --remote-cache pays nothing for it.
 */
#ifndef ASSAY_STORE_REMOTE_HTTP_H
#define ASSAY_STORE_REMOTE_HTTP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "store/remote_value.h"

/* Requests in flight at most (and connections kept to the server). */
#define REMOTE_HTTP_CONNECTIONS 8
/* The most a batch's replies may hold together: past it a transfer is cut off and fails,
 * so a hostile server answering every request with the most it may costs bounded memory
 * (callers ask in batches a real server's answers fit in many times over). */
#define REMOTE_HTTP_BATCH_MIB 256
#define REMOTE_HTTP_BATCH_BYTES ((size_t)REMOTE_HTTP_BATCH_MIB << 20)
/* Transport failures in a row, with no answer at all yet, after which a batch stops
 * asking: a server that is down costs a few connection attempts, not one per file. */
#define REMOTE_HTTP_GIVE_UP 8

enum remote_outcome {
	REMOTE_NOT_ASKED = 0,	/* the budget ran out, or the server was given up on */
	REMOTE_FOUND,		/* GET 200: reply holds the value; HEAD 200 */
	REMOTE_ABSENT,		/* GET or HEAD 404 */
	REMOTE_STORED,		/* PUT 200, 201 or 204 */
	REMOTE_FAILED,		/* anything else: why says what */
};

enum remote_method { REMOTE_GET, REMOTE_PUT, REMOTE_HEAD };

struct remote_request {
	char key_hex[REMOTE_KEY_HEX];
	size_t max;			/* GET: the largest reply taken (0: REMOTE_VALUE_MAX) */
	const uint8_t *body;		/* PUT: the value */
	size_t body_len;
	struct wbuf reply;		/* GET: the value (wbuf_free it) */
	enum remote_outcome outcome;
	char why[200];
};

/* What a batch moved, added to by each. */
struct remote_traffic {
	uint64_t bytes_in, bytes_out;
	double seconds;
	int gave_up;			/* stopped after REMOTE_HTTP_GIVE_UP failures */
	int out_of_time;		/* the deadline came first */
	int batch_full;			/* replies were cut at REMOTE_HTTP_BATCH_BYTES */
};

/* How long a batch may take: each request, all of them (now_seconds()), and the flag a
 * signal sets. */
struct remote_limits {
	double timeout, deadline;
	volatile sig_atomic_t *stop;
};

struct remote_http;

/* A client of the cache at url (http:// or https://, no user name or password in it:
 * they would reach logs). NULL with err naming the URL and why (not such a URL; a build
 * without libcurl). */
struct remote_http *remote_http_open(const char *url, char *err, size_t errlen);
void remote_http_close(struct remote_http *h);
/* The URL a key is at, for messages. */
void remote_http_url(const struct remote_http *h, const char *key_hex, char *out, size_t len);
/* Runs q[0..n) (all with method), at most REMOTE_HTTP_CONNECTIONS at once, each
 * within the limits' timeout, all ending by their deadline or once *stop is set: what is
 * left then is REMOTE_NOT_ASKED. */
void remote_http_run(struct remote_http *h, struct remote_request *q, size_t n,
		     enum remote_method method,
		     const struct remote_limits *lim, struct remote_traffic *t);

#endif
