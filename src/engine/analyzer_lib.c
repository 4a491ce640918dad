/*
 * analyzer_lib.c - the analysis core loaded from assay-analyzer.so, or linked in (see
 * analyzer_lib.h).
 */
#include "engine/analyzer_lib.h"

#include <stdio.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "analyze/answer.h"

#ifdef ANALYZER_SHARED

#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

#include "engine/proc.h"

/* The symbols the library exports (src/analyze/analyzer.map), and the build it must be
 * of: its records and options have this build's layout, or they are not read. */
static int resolve(struct analyzer_lib *lib, const char *path, char *why, size_t len)
{
	const char *(*abi)(void) = (const char *(*)(void))dlsym(lib->handle, "analyzer_abi");
	lib->create = (struct analyzer *(*)(void))dlsym(lib->handle, "analyzer_new");
	lib->destroy = (void (*)(struct analyzer *))dlsym(lib->handle, "analyzer_free");
	*(void **)&lib->run = dlsym(lib->handle, "analyzer_run");
	*(void **)&lib->answer = dlsym(lib->handle, "analyzer_answer");
	if (!abi || !lib->create || !lib->destroy || !lib->run || !lib->answer) {
		snprintf(why, len, "%s: not assay's analysis core (a symbol is missing)", path);
		return -1;
	}
	if (strcmp(abi(), analyzer_abi()) != 0) {
		snprintf(why, len, "%s: the analysis core of another build (%s, not this one's)",
			 path, abi());
		return -1;
	}
	return 0;
}

int analyzer_lib_open(struct analyzer_lib *lib, const char *libexecdir, char *why,
		      size_t len)
{
	memset(lib, 0, sizeof(*lib));
	char *path = proc_find_libexec(libexecdir, ANALYZER_LIB_NAME, R_OK);
	if (!path) {
		snprintf(why, len, "cannot find %s next to this program or in %s",
			 ANALYZER_LIB_NAME, libexecdir && libexecdir[0] ? libexecdir : "libexecdir");
		return -1;
	}
	lib->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	int rc = 0;
	if (!lib->handle) {
		const char *err = dlerror();
		snprintf(why, len, "cannot load %s", err ? err : path);
		rc = -1;
	} else if (resolve(lib, path, why, len) < 0) {
		analyzer_lib_close(lib);
		rc = -1;
	}
	free(path);
	return rc;
}

void analyzer_lib_close(struct analyzer_lib *lib)
{
	if (lib->handle)
		dlclose(lib->handle);
	memset(lib, 0, sizeof(*lib));
}

#else

int analyzer_lib_open(struct analyzer_lib *lib, const char *libexecdir, char *why,
		      size_t len)
{
	(void)libexecdir;
	(void)why;
	(void)len;
	*lib = (struct analyzer_lib){ NULL, analyzer_new, analyzer_free, analyzer_run,
				      analyzer_answer };
	return 0;
}

void analyzer_lib_close(struct analyzer_lib *lib)
{
	memset(lib, 0, sizeof(*lib));
}

#endif
