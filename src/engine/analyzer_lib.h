/*
 * analyzer_lib.h - the analysis core as the in-process engine reaches it.
 *
 * The supervisor does not link the core: with every grammar in it the executable was 88
 * MB whose 20 000 relocations cost every run about 60 page faults (some 1.4 ms of a
 * one-file run) for an engine that runs only when no worker can start. The build links
 * the core, the grammars and the runtime into assay-analyzer.so, installed beside
 * assay-worker; the in-process engine loads it when it runs (dlopen, RTLD_LOCAL), from
 * where the worker is looked for (proc_find_libexec): beside this program, in
 * ../libexec, in libexecdir; never through the environment. A platform whose linker
 * cannot build it (configure says) links the core into the supervisor as before.
 */
#ifndef ASSAY_ENGINE_ANALYZER_LIB_H
#define ASSAY_ENGINE_ANALYZER_LIB_H

#include <stddef.h>

#include "analyze/analyze.h"
#include "common/buf.h"
#include "common/proto.h"

#define ANALYZER_LIB_NAME "assay-analyzer.so"

struct analyzer_lib {
	void *handle;		/* dlopen's, or NULL when the core is linked in */
	struct analyzer *(*create)(void);
	void (*destroy)(struct analyzer *a);
	int (*run)(struct analyzer *a, const char *src, size_t len, enum lang_id lang,
		   const struct analyze_options *opt, struct record *out);
	int (*answer)(struct analyzer *a, const struct proto_file *f, struct wbuf *out);
};

/* Loads the core (or takes the linked one). Returns 0, or -1 with why (the path and the
 * loader's cause, or a core of another build). */
int analyzer_lib_open(struct analyzer_lib *lib, const char *libexecdir, char *why,
		      size_t len);
void analyzer_lib_close(struct analyzer_lib *lib);

#endif
