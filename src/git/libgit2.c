/*
 * libgit2.c - libgit2 loaded with dlopen the first time a run needs it (see libgit2.h).
 *
 * Debian's libgit2 brings sixteen libraries with it (mbedTLS, libssh2 and through it
 * OpenSSL's libcrypto, Kerberos, PCRE2, http-parser...). Loading them costs a run about
 * 230 page faults (libcrypto's relocations alone 116), some 5 ms on the machines
 * measured, in a run of one unchanged file that otherwise costs about as much again.
 * Most runs in a plain work tree need nothing libgit2 alone can do: locate.c finds the
 * work tree and the index, index.c reads the index; libgit2 is asked for ignore rules of
 * untracked files, attribute files, a repository that is not plain (GIT_DIR, a linked
 * work tree...), the blob id of a file not keyed from the index, and everything about
 * commits and diffs.
 *
 * The library is found by its soname, of the version the build's headers are (the
 * dynamic linker's search, as when it was linked). tls_skip.c's definitions, which
 * keep libgit2's initialisation from reading the certificate bundle, still apply: the
 * executable exports them (configure's -Wl,--export-dynamic-symbol), and a library
 * dlopen'd with RTLD_LOCAL still looks in the executable's scope first.
 */
#define GITLIB_FILLING 1
#include "git/libgit2.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "git/keys.h"
#include "util/msg.h"

#ifdef __APPLE__
#define GITLIB_SONAME "libgit2." LIBGIT2_SOVERSION ".dylib"
#else
#define GITLIB_SONAME "libgit2.so." LIBGIT2_SOVERSION
#endif

static struct gitlib api;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int loaded;
static char why[512];

#define GITLIB_ENTRY(name) { #name, offsetof(struct gitlib, name) },
static const struct {
	const char *name;
	size_t at;
} names[] = { GITLIB_API(GITLIB_ENTRY) };
#undef GITLIB_ENTRY
_Static_assert(sizeof(names) / sizeof(names[0]) * sizeof(void (*)(void)) == sizeof(struct gitlib),
	       "libgit2.h: GITLIB_API and struct gitlib name different functions");

/* Fills api from the library; "" or why it could not. */
static void resolve(void *lib)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		void *f = dlsym(lib, names[i].name);
		if (!f) {
			snprintf(why, sizeof(why), "%s has no %s (not the libgit2 %s assay was "
				 "built with)", GITLIB_SONAME, names[i].name, LIBGIT2_VERSION);
			return;
		}
		memcpy((char *)&api + names[i].at, &f, sizeof(f));
	}
}

static void load(void)
{
	void *lib = dlopen(GITLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(why, sizeof(why), "libgit2 could not be loaded (%s): install libgit2 %s",
			 dlerror(), LIBGIT2_VERSION);
		return;
	}
	resolve(lib);
	if (why[0])
		return;
	keys_guard_library(lib);	/* open_guard.c: before libgit2 opens anything */
	keys_skip_certificates(1);	/* tls_skip.c: no transport is ever used */
	api.git_libgit2_init();
	keys_skip_certificates(0);
	/* The repository may belong to another user (a CI checkout): we only read it. */
	api.git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	atomic_store(&loaded, 1);
}

int gitlib_preload(void)
{
	pthread_once(&once, load);
	return atomic_load(&loaded);
}

const struct gitlib *gitlib(void)
{
	if (!gitlib_preload()) {
		/* Possibly on a walker thread: nothing is measured yet, nothing to save. */
		error_msg("%s", why);
		_exit(4);
	}
	return &api;
}

int gitlib_loaded(void)
{
	return atomic_load(&loaded);
}
