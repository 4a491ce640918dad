/*
 * remote_http.c - the remote cache's transport through libcurl's multi interface (see
 * remote_http.h).
 *
 * libcurl, because it is what speaks to the servers teams already run: HTTP/1.1 and 2,
 * TLS with the system's certificates, keep-alive and many transfers on one thread
 * without threads of our own, and a protocol allowlist; Debian ships it in every
 * flavour. It is linked into the supervisor only; the worker never sees a socket.
 *
 * It is loaded with dlopen when a run has a remote cache, not linked: libcurl brings
 * some twenty libraries (GnuTLS, OpenSSL, LDAP, SASL, ...) whose loading and
 * constructors would otherwise add 11M instructions to every run, nearly doubling what
 * a warm run of one file costs (docs/TUNING.md). The headers come from the build's
 * libcurl (pkg-config); the library from the machine's soname libcurl.so.4.
 */
#include "store/remote_http.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The functions are called through the table below, not by their names. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include "util/alloc.h"
#include "util/clock.h"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned, int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} api;

#define API(field, name) { name, offsetof(__typeof__(api), field) }
static const struct {
	const char *name;
	size_t at;
} api_names[] = {
	API(global_init, "curl_global_init"), API(easy_init, "curl_easy_init"),
	API(easy_cleanup, "curl_easy_cleanup"), API(easy_setopt, "curl_easy_setopt"),
	API(easy_getinfo, "curl_easy_getinfo"), API(easy_strerror, "curl_easy_strerror"),
	API(multi_init, "curl_multi_init"), API(multi_cleanup, "curl_multi_cleanup"),
	API(multi_setopt, "curl_multi_setopt"), API(multi_add_handle, "curl_multi_add_handle"),
	API(multi_remove_handle, "curl_multi_remove_handle"),
	API(multi_perform, "curl_multi_perform"), API(multi_poll, "curl_multi_poll"),
	API(multi_info_read, "curl_multi_info_read"), API(slist_append, "curl_slist_append"),
	API(slist_free_all, "curl_slist_free_all"),
};
#undef API

#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_global_init api.global_init
#define curl_easy_init api.easy_init
#define curl_easy_cleanup api.easy_cleanup
#define curl_easy_setopt api.easy_setopt
#define curl_easy_getinfo api.easy_getinfo
#define curl_easy_strerror api.easy_strerror
#define curl_multi_init api.multi_init
#define curl_multi_cleanup api.multi_cleanup
#define curl_multi_setopt api.multi_setopt
#define curl_multi_add_handle api.multi_add_handle
#define curl_multi_remove_handle api.multi_remove_handle
#define curl_multi_perform api.multi_perform
#define curl_multi_poll api.multi_poll
#define curl_multi_info_read api.multi_info_read
#define curl_slist_append api.slist_append
#define curl_slist_free_all api.slist_free_all

/* Fills api from libcurl.so.4 and initializes it. 0, or -1 with why. */
static int open_curl(char *why, size_t whylen)
{
	void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(why, whylen, "libcurl could not be loaded (%s): install libcurl4", dlerror());
		return -1;
	}
	for (size_t i = 0; i < sizeof(api_names) / sizeof(api_names[0]); i++) {
		void *f = dlsym(lib, api_names[i].name);
		if (!f) {
			snprintf(why, whylen, "libcurl.so.4 has no %s (libcurl older than 7.66)",
				 api_names[i].name);
			return -1;
		}
		memcpy((char *)&api + api_names[i].at, &f, sizeof(f));
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, whylen, "libcurl could not initialize");
		return -1;
	}
	return 0;
}

/* Loads libcurl and initializes it, once. 0, or -1 with err naming the URL and why. */
static int load_curl(const char *url, char *err, size_t errlen)
{
	static int state;	/* 0 not tried, 1 ready, -1 failed */
	static char why[300];
	if (state == 0)
		state = open_curl(why, sizeof(why)) == 0 ? 1 : -1;
	if (state < 0)
		snprintf(err, errlen, "--remote-cache '%s': %s", url, why);
	return state > 0 ? 0 : -1;
}

struct remote_http {
	char *base;			/* the URL, without a trailing slash */
	CURLM *multi;
	CURL *easy[REMOTE_HTTP_CONNECTIONS];
	struct curl_slist *headers;
};

/* One transfer in flight: its request and how much of the body has gone. */
struct transfer {
	struct remote_request *q;
	size_t max;			/* the reply's cap */
	size_t sent;
	size_t *batch_bytes;		/* what the batch's replies hold so far */
	int too_large, batch_full;
};

static int url_acceptable(const char *url, char *err, size_t errlen)
{
	const char *rest = strncasecmp(url, "http://", 7) == 0 ? url + 7
			   : strncasecmp(url, "https://", 8) == 0 ? url + 8 : NULL;
	if (!rest) {
		snprintf(err, errlen, "--remote-cache '%s': not an http:// or https:// URL", url);
		return -1;
	}
	size_t host = strcspn(rest, "/?#");
	if (host == 0 || memchr(rest, '@', host) || strpbrk(rest, "?# \t\r\n")) {
		snprintf(err, errlen, "--remote-cache '%s': a URL needs a host, and no user name, "
			 "password, query, fragment or space", url);
		return -1;
	}
	return 0;
}

/* http and https only, also for redirects (none is followed): the _STR options of
 * libcurl 7.85 on, else (an older libcurl found at run time) the bit masks. */
static int set_protocols(CURL *e)
{
	int ok = 0;
#if LIBCURL_VERSION_NUM >= 0x075500
	ok = curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK
	     && curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK;
#endif
	if (!ok)
		ok = curl_easy_setopt(e, (CURLoption)181 /* CURLOPT_PROTOCOLS */,
				      (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK
		     && curl_easy_setopt(e, (CURLoption)182 /* CURLOPT_REDIR_PROTOCOLS */,
					 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK;
	return ok ? 0 : -1;
}

static void set_common(CURL *e, const struct curl_slist *headers)
{
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "assay-remote-cache");
}

struct remote_http *remote_http_open(const char *url, char *err, size_t errlen)
{
	if (url_acceptable(url, err, errlen) < 0)
		return NULL;
	if (load_curl(url, err, errlen) < 0)
		return NULL;
	struct remote_http *h = xcalloc(1, sizeof(*h));
	h->base = xstrdup(url);
	for (size_t n = strlen(h->base); n > 0 && h->base[n - 1] == '/'; n--)
		h->base[n - 1] = '\0';
	h->multi = curl_multi_init();
	/* No "Expect: 100-continue" wait before a PUT's body. */
	h->headers = curl_slist_append(NULL, "Expect:");
	int ok = h->multi && h->headers;
	for (int i = 0; i < REMOTE_HTTP_CONNECTIONS && ok; i++) {
		h->easy[i] = curl_easy_init();
		ok = h->easy[i] != NULL && set_protocols(h->easy[i]) == 0;
		if (ok)
			set_common(h->easy[i], h->headers);
	}
	if (!ok) {
		snprintf(err, errlen, "--remote-cache '%s': libcurl could not start (out of memory, "
			 "or it cannot restrict itself to http and https)", url);
		remote_http_close(h);
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)REMOTE_HTTP_CONNECTIONS);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)REMOTE_HTTP_CONNECTIONS);
	return h;
}

void remote_http_close(struct remote_http *h)
{
	if (!h)
		return;
	for (int i = 0; i < REMOTE_HTTP_CONNECTIONS; i++)
		if (h->easy[i])
			curl_easy_cleanup(h->easy[i]);
	if (h->multi)
		curl_multi_cleanup(h->multi);
	curl_slist_free_all(h->headers);
	free(h->base);
	free(h);
}

void remote_http_url(const struct remote_http *h, const char *key_hex, char *out, size_t len)
{
	snprintf(out, len, "%s/ac/%s", h->base, key_hex);
}

static size_t on_reply(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t bytes = size * n;
	if (t->q->reply.len + bytes > t->max) {
		t->too_large = 1;
		return 0;	/* aborts the transfer */
	}
	if (*t->batch_bytes + bytes > REMOTE_HTTP_BATCH_BYTES) {
		t->batch_full = 1;
		return 0;
	}
	wbuf_put(&t->q->reply, p, bytes);
	*t->batch_bytes += bytes;
	return t->q->reply.failed ? 0 : bytes;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t left = t->q->body_len - t->sent, room = size * n;
	size_t k = left < room ? left : room;
	memcpy(p, t->q->body + t->sent, k);
	t->sent += k;
	return k;
}

/* Sets easy handle e up for q and adds it to the batch. */
static void start(struct remote_http *h, CURL *e, struct transfer *t, enum remote_method m,
		  double timeout)
{
	char url[1024];
	int put = m == REMOTE_PUT;
	t->max = t->q->max ? t->q->max : REMOTE_VALUE_MAX;
	remote_http_url(h, t->q->key_hex, url, sizeof(url));
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout * 1000));
	curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)t);
	curl_easy_setopt(e, CURLOPT_UPLOAD, put ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_HTTPGET, put ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_NOBODY, m == REMOTE_HEAD ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_reply);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)t);
	if (put) {
		curl_easy_setopt(e, CURLOPT_READFUNCTION, on_body);
		curl_easy_setopt(e, CURLOPT_READDATA, (void *)t);
		curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)t->q->body_len);
	}
	curl_multi_add_handle(h->multi, e);
}

/* What a transfer that ended with rc and HTTP status came to. */
static enum remote_outcome outcome_of(CURLcode rc, long status, enum remote_method m)
{
	if (rc != CURLE_OK)
		return REMOTE_FAILED;
	if (m == REMOTE_PUT)
		return status == 200 || status == 201 || status == 204 ? REMOTE_STORED : REMOTE_FAILED;
	return status == 200 ? REMOTE_FOUND : status == 404 ? REMOTE_ABSENT : REMOTE_FAILED;
}

/* The outcome of a finished transfer, and why when it failed. */
static void settle(CURL *e, CURLcode rc, struct transfer *t, enum remote_method m)
{
	struct remote_request *q = t->q;
	long status = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	q->outcome = outcome_of(rc, status, m);
	if (q->outcome != REMOTE_FAILED)
		return;
	if (t->batch_full)
		snprintf(q->why, sizeof(q->why), "the batch's replies passed %d MiB (cut off)",
			 REMOTE_HTTP_BATCH_MIB);
	else if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(q->why, sizeof(q->why), "a reply over the cap of %zu bytes (cut off)",
			 t->max);
	else if (rc != CURLE_OK)
		snprintf(q->why, sizeof(q->why), "%s", curl_easy_strerror(rc));
	else
		snprintf(q->why, sizeof(q->why), "HTTP status %ld", status);
}

/* The batch's progress: the next request to start, the transfers in flight. */
struct batch {
	struct remote_request *q;
	size_t n, next, running;
	struct transfer slot[REMOTE_HTTP_CONNECTIONS];
	CURL *idle[REMOTE_HTTP_CONNECTIONS];
	size_t nidle;
	int failures, answered;
	size_t bytes;			/* the replies' */
	int full;			/* they reached REMOTE_HTTP_BATCH_BYTES: ask no more */
};

/* Takes the finished transfers back: their outcomes, their handles idle again. */
static void reap(struct remote_http *h, struct batch *b, enum remote_method m,
		 struct remote_traffic *t)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		CURL *e = msg->easy_handle;
		struct transfer *tr;
		curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&tr);
		settle(e, msg->data.result, tr, m);
		curl_off_t down = 0, up = 0;
		curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &down);
		curl_easy_getinfo(e, CURLINFO_SIZE_UPLOAD_T, &up);
		t->bytes_in += (uint64_t)down;
		t->bytes_out += (uint64_t)up;
		int failed = tr->q->outcome == REMOTE_FAILED;
		b->full |= tr->batch_full;
		t->batch_full |= tr->batch_full;
		b->failures = failed ? b->failures + 1 : 0;
		b->answered |= !failed;
		curl_multi_remove_handle(h->multi, e);
		b->idle[b->nidle++] = e;
		b->running--;
	}
}

/* Starts requests while a handle is idle and requests are left; a transfer's slot is
 * its handle's. */
static void feed(struct remote_http *h, struct batch *b, enum remote_method m, double timeout)
{
	while (b->nidle > 0 && b->next < b->n) {
		CURL *e = b->idle[--b->nidle];
		size_t s = 0;
		while (h->easy[s] != e)
			s++;
		b->slot[s] = (struct transfer){ .q = &b->q[b->next++], .batch_bytes = &b->bytes };
		start(h, e, &b->slot[s], m, timeout);
		b->running++;
	}
}

/* Ends the transfers still in flight (out of time, or a signal). */
static void abandon(struct remote_http *h, struct batch *b)
{
	for (int i = 0; i < REMOTE_HTTP_CONNECTIONS; i++)
		curl_multi_remove_handle(h->multi, h->easy[i]);
	for (int i = 0; i < REMOTE_HTTP_CONNECTIONS; i++)
		if (b->slot[i].q && b->slot[i].q->outcome == REMOTE_NOT_ASKED)
			snprintf(b->slot[i].q->why, sizeof(b->slot[i].q->why), "%s",
				 "no answer within the budget");
}

/* How long to wait for the server: at most 100 ms, so a signal or the deadline is seen. */
static int poll_ms(double deadline)
{
	double left = (deadline - now_seconds()) * 1000;
	return left >= 100 ? 100 : left > 1 ? (int)left : 1;
}

void remote_http_run(struct remote_http *h, struct remote_request *q, size_t n,
		     enum remote_method method, const struct remote_limits *lim,
		     struct remote_traffic *t)
{
	struct batch b = { .q = q, .n = n };
	double began = now_seconds();
	for (int i = 0; i < REMOTE_HTTP_CONNECTIONS; i++)
		b.idle[b.nidle++] = h->easy[REMOTE_HTTP_CONNECTIONS - 1 - i];
	for (;;) {
		if (b.failures >= REMOTE_HTTP_GIVE_UP && !b.answered)
			t->gave_up = 1;
		else if (!b.full)
			feed(h, &b, method, lim->timeout);
		if (b.running == 0)
			break;
		double now = now_seconds();
		if (now >= lim->deadline || *lim->stop) {
			t->out_of_time = now >= lim->deadline;
			abandon(h, &b);
			break;
		}
		int still;
		size_t before = b.running;
		curl_multi_perform(h->multi, &still);
		reap(h, &b, method, t);
		/* A transfer that ended frees a handle for the next request at once. */
		if (b.running == before)
			curl_multi_poll(h->multi, NULL, 0, poll_ms(lim->deadline), NULL);
	}
	t->seconds += now_seconds() - began;
}
