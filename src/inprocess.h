/*
 * inprocess.h - the last resort when no worker can start at all: the supervisor analyzes
 * the files itself, with no sandbox, and only when the user said --allow-unsandboxed.
 * Every report then states the sandbox level "off (in-process)".
 */
#ifndef ASSAY_INPROCESS_H
#define ASSAY_INPROCESS_H

#include <signal.h>
#include <stdint.h>

#include "discover.h"

/* Analyzes every pending file of list. Returns the number analyzed; stops early (leaving
 * the rest pending) when *stop is set. */
size_t inprocess_run(struct file_list *list, uint32_t flags, uint64_t max_size,
		     volatile sig_atomic_t *stop);

#endif
