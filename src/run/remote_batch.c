/*
 * remote_batch.c - what every batch of remote cache requests shares, values and packs
 * alike (see remote_impl.h): the limits left of the run's budget, and one event for the
 * requests that failed.
 */
#include <stdio.h>

#include "run/remote_impl.h"
#include "util/clock.h"
#include "util/log.h"

/* The limits of a batch: what is left of the budget, the time the run's requests may
 * take in all (not the time since the first: a writer's stores come after the whole
 * analysis). */
struct remote_limits remote_limits_now(const struct run *r)
{
	const struct remote_run *rr = r->remote;
	double left = r->p->remote_budget - rr->counts.seconds;
	return (struct remote_limits){ r->p->remote_timeout, now_seconds() + (left > 0 ? left : 0),
				       r->sig.stop };
}

/* One summary event for a batch's failed requests: how many, the first's URL and why. */
void remote_say_failures(struct remote_run *rr, const struct remote_request *q, size_t n,
			 const struct remote_traffic *t, const char *what)
{
	size_t failed = 0, unasked = 0, first = n;
	for (size_t k = 0; k < n; k++) {
		failed += q[k].outcome == REMOTE_FAILED;
		unasked += q[k].outcome == REMOTE_NOT_ASKED;
		if (first == n && (q[k].outcome == REMOTE_FAILED || q[k].outcome == REMOTE_NOT_ASKED))
			first = k;
	}
	rr->counts.errors += failed;
	if (first == n)
		return;
	char url[1200], full[64];
	remote_http_url(rr->http, q[first].key_hex, url, sizeof(url));
	snprintf(full, sizeof(full), " (the batch's replies passed %d MiB)", REMOTE_HTTP_BATCH_MIB);
	log_event(LOG_WARNING, "remote_cache.failed", NULL, "%zu of %zu %s failed and %zu were not "
		  "made%s (first: %s: %s): the run goes on without them", failed, n, what, unasked,
		  t->gave_up ? " (the server was given up on)" : t->out_of_time
		  ? " (--remote-cache-budget ran out)" : t->batch_full ? full : "", url,
		  q[first].why[0] ? q[first].why : "not asked");
}
