/*
 * tls_skip.c - libgit2's initialisation without the certificate bundle (and the SSH library)
 * it never needs here.
 *
 * Debian's libgit2 is built with mbedTLS, and git_libgit2_init() parses the system's whole
 * CA bundle (/etc/ssl/certs/ca-certificates.crt: ~140 certificates, base64-decoded one
 * byte at a time) for its HTTPS transport: about 55 million instructions, 80% of what a
 * warm run of one file costs the supervisor. assay never uses a libgit2 transport (it
 * reads local repositories only; the remote cache is libcurl's), so while keys_init runs
 * git_libgit2_init, this definition of mbedTLS's loader answers "file not readable", which
 * libgit2 takes as "no default certificates" and goes on. Outside that window, and for
 * any caller other than libgit2's initialisation, it is mbedTLS's own function (found with
 * dlsym(RTLD_NEXT)). With a libgit2 built on OpenSSL this symbol is simply never called.
 *
 * It works because the executable's definition of a symbol a shared library imports
 * comes first in the dynamic linker's search (the linker exports it for that reason).
 */
#include "git/keys.h"

#include <dlfcn.h>
#include <stddef.h>

#define MBEDTLS_ERR_X509_FILE_IO_ERROR (-0x2900)

static int skipping;

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	if (skipping)
		return MBEDTLS_ERR_X509_FILE_IO_ERROR;
	int (*real)(void *, const char *) =
		(int (*)(void *, const char *))dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
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
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "libssh2_init");
	return real ? real(flags) : -1;
}

void keys_skip_certificates(int on)
{
	skipping = on;
}
