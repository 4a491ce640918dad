/*
 * remote_none.c - remote_http.h in a build without libcurl (configure
 * --without-remote-cache, or no libcurl found): there is no remote cache, and opening
 * one says why.
 */
#include "store/remote_http.h"

#include <stdio.h>

struct remote_http *remote_http_open(const char *url, char *err, size_t errlen)
{
	snprintf(err, errlen, "--remote-cache '%s': this assay was built without the remote "
		 "cache (configure found no libcurl; install libcurl4-openssl-dev and configure "
		 "--with-remote-cache)", url);
	return NULL;
}

void remote_http_close(struct remote_http *h)
{
	(void)h;
}

void remote_http_url(const struct remote_http *h, const char *key_hex, char *out, size_t len)
{
	(void)h;
	snprintf(out, len, "ac/%s", key_hex);
}

void remote_http_run(struct remote_http *h, struct remote_request *q, size_t n,
		     enum remote_method method,
		     const struct remote_limits *lim, struct remote_traffic *t)
{
	(void)h, (void)q, (void)n, (void)method, (void)lim, (void)t;
}
