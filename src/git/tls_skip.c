/*
 * tls_skip.c - libgit2's initialisation without the certificate bundle (and the SSH library)
 * it never needs here.
 *
 * Debian's libgit2 is built with mbedTLS, and git_libgit2_init() parses the system's whole
 * CA bundle (/etc/ssl/certs/ca-certificates.crt: ~140 certificates, base64-decoded one
 * byte at a time) for its HTTPS transport: about 55 million instructions, 80% of what a
 * warm run of one file costs the supervisor. assay never uses a libgit2 transport (it
 * reads local repositories only; the remote cache is libcurl's), so while libgit2.c runs
 * git_libgit2_init, this definition of mbedTLS's loader answers "file not readable", which
 * libgit2 takes as "no default certificates" and goes on. Outside that window, and for
 * any caller other than libgit2's initialisation, it is mbedTLS's own function (found with
 * real_symbol). With a libgit2 built on OpenSSL this symbol is simply never called.
 *
 * It works because the executable's definition of a symbol a shared library imports
 * comes first in the dynamic linker's search, also for a library loaded with dlopen,
 * once the executable exports it: libgit2 is not linked (libgit2.c), so the linker
 * cannot see that it is needed, and configure asks for it by name.
 */
#include "git/keys.h"

#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <stdio.h>

#define MBEDTLS_ERR_X509_FILE_IO_ERROR (-0x2900)

static int skipping;

#define MAX_OBJECTS 64

struct objects {
	char names[MAX_OBJECTS][256];
	int n;
};

static int note_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct objects *o = data;
	(void)size;
	if (info->dlpi_name && info->dlpi_name[0] && o->n < MAX_OBJECTS)
		snprintf(o->names[o->n++], sizeof(o->names[0]), "%s", info->dlpi_name);
	return 0;
}

/* The library's own definition of name: the next one in the global scope, else the
 * first loaded library whose scope defines it. The libraries that call these (libgit2,
 * and libcurl, which starts libssh2 too) are loaded with dlopen and RTLD_LOCAL, so their
 * dependencies are in no global scope RTLD_NEXT searches. */
static void *real_symbol(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	struct objects o;
	o.n = 0;
	if (!f)
		dl_iterate_phdr(note_object, &o);	/* the names first: no dlopen under its lock */
	for (int i = 0; i < o.n && !f; i++) {
		void *h = dlopen(o.names[i], RTLD_LAZY | RTLD_NOLOAD);
		if (h) {
			f = dlsym(h, name);
			dlclose(h);
		}
	}
	return f;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	if (skipping)
		return MBEDTLS_ERR_X509_FILE_IO_ERROR;
	int (*real)(void *, const char *) =
		(int (*)(void *, const char *))real_symbol("mbedtls_x509_crt_parse_file");
	return real ? real(chain, path) : MBEDTLS_ERR_X509_FILE_IO_ERROR;
}

/* libgit2's initialisation also starts libssh2 (and, through it, OpenSSL's engines: 1M
 * instructions) for its SSH transport, which assay never uses either: during the same
 * window it is answered "done". */
int libssh2_init(int flags);
int libssh2_init(int flags)
{
	if (skipping)
		return 0;
	int (*real)(int) = (int (*)(int))real_symbol("libssh2_init");
	return real ? real(flags) : -1;
}

void keys_skip_certificates(int on)
{
	skipping = on;
}
