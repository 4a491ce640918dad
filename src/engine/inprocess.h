/*
 * inprocess.h - the last resort when no worker can start at all: the supervisor analyzes
 * the files itself, with no sandbox, and only when the user said --allow-unsandboxed.
 * Every report then states the sandbox level "off (in-process)".
 *
 * It takes the same options as the pool (pool.h) and calls the same hooks: files are read
 * by the run's loader (git objects for precommit and diff, the tree otherwise), offered to
 * the cache, and each result is handed to on_result. Only the process boundary is missing.
 */
#ifndef ASSAY_INPROCESS_H
#define ASSAY_INPROCESS_H

#include <signal.h>
#include <stdint.h>

#include "files/discover.h"
#include "engine/pool.h"

/* Analyzes every pending file of list. Returns the number analyzed; stops early (leaving
 * the rest pending) when *stop is set. */
size_t inprocess_run(const struct pool_options *opt, struct file_list *list,
		     volatile sig_atomic_t *stop);

#endif
