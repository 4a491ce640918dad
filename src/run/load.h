/*
 * load.h - how the run gives the engine its files: each file's bytes read (from the tree
 * through fsguard, or from its git object for precommit, diff and cache warm), what only
 * the content tells settled first (a #! line's language, binary, minified, generated),
 * the cache asked, and each result the engine returns taken, stored and settled.
 */
#ifndef ASSAY_RUN_LOAD_H
#define ASSAY_RUN_LOAD_H

#include "common/buf.h"
#include "engine/engine.h"
#include "run/run.h"

/* Reads file i into bytes and checks its content: 0 when it is to be analyzed, -1 when
 * it got a verdict (skipped, or failed to be read). */
int load_bytes(struct run *r, size_t i, struct wbuf *bytes);
/* Reads file i's bytes again, as they were measured (the HTML report's increments,
 * run/increments.h): 0, or -1; never a verdict, the file keeps its result. */
int load_again(struct run *r, size_t i, struct wbuf *bytes);
/* Extension-less files keyed from the index that the cache could not answer as no
 * language (scripts, mostly), read before the engine starts: one whose #! line names a
 * language may be answered by the cache too, and then no worker is needed. One it cannot
 * answer is read again when it is sent. Only with a cache. */
void load_scripts(struct run *r);
/* The engine's hooks for r. */
void load_hooks(struct run *r, struct engine_hooks *h);

#endif
