/*
 * fdio.h - whole reads and writes on a descriptor (pipes), retried after EINTR. Used by
 * the worker for its protocol pipes and by the bench's floor program.
 */
#ifndef ASSAY_FDIO_H
#define ASSAY_FDIO_H

#include <stddef.h>

/* Reads exactly len bytes; -1 on an error or when the other end closes first. */
int read_full(int fd, void *buf, size_t len);

/* Writes all len bytes; -1 on an error. */
int write_full(int fd, const void *buf, size_t len);

#endif
