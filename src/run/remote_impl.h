/*
 * remote_impl.h - what run/remote.c (values, one file each) and run/remote_group.c
 * (packs, one group of files each) share. Not for use outside them; the interface is
 * run/remote.h.
 */
#ifndef ASSAY_RUN_REMOTE_IMPL_H
#define ASSAY_RUN_REMOTE_IMPL_H

#include "run/remote.h"
#include "store/remote_http.h"
#include "store/signkey.h"

struct remote_groups;

struct remote_run {
	struct remote_http *http;
	struct signing_public *keys;	/* what verifies a value */
	size_t nkeys;
	struct signing_secret signer;	/* readwrite: what signs one */
	int write;
	uint64_t engines[LANG_COUNT];
	struct remote_request *puts;	/* readwrite: values waiting for remote_store */
	size_t nputs, putcap;
	struct remote_groups *groups;	/* the run's packs (remote_group.c) */
	struct remote_counts counts;
};

/* The limits of a batch: what is left of the budget. */
struct remote_limits remote_limits_now(const struct run *r);
/* One summary event for a batch's failed requests (what: "lookups", "stores", ...), and
 * their count in counts.errors. */
void remote_say_failures(struct remote_run *rr, const struct remote_request *q, size_t n,
			 const struct remote_traffic *t, const char *what);

/* Groups the keyed files, asks the server for the packs of the groups that have a file
 * still pending (with readwrite, whether it has the others), and settles the files the
 * packs answer, storing their rows in the local cache. */
void remote_group_lookup(struct run *r);
/* readwrite: stores the packs the server lacked, built from the local cache's rows. */
void remote_group_store(struct run *r);
void remote_group_free(struct remote_run *rr);

#endif
