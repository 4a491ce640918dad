/*
 * fdio.h - whole reads and writes on a descriptor (pipes), retried after EINTR. Used by
 * the worker for its protocol pipes and by the bench's floor program; and whether a file
 * is sparse, for the supervisor's reads of git's files.
 */
#ifndef ASSAY_FDIO_H
#define ASSAY_FDIO_H

#include <stddef.h>

/* Reads exactly len bytes; -1 on an error or when the other end closes first. */
int read_full(int fd, void *buf, size_t len);

/* Writes all len bytes; -1 on an error. */
int write_full(int fd, const void *buf, size_t len);

/* Whether the regular file open on fd, of size bytes, has a hole (SEEK_HOLE before its
 * end; 0 where the file system cannot say). Git writes every byte of the files it keeps:
 * a sparse one was made to cost memory when read whole while taking no disk. The file's
 * offset is put back to 0. */
int fd_sparse(int fd, long long size);

#endif
