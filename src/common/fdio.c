/*
 * fdio.c - whole reads and writes on a descriptor, retried after EINTR; holes in a file.
 */
#include "common/fdio.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

int read_full(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len > 0) {
		ssize_t got = read(fd, p, len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		len -= (size_t)got;
	}
	return 0;
}

int write_full(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	while (len > 0) {
		ssize_t put = write(fd, p, len);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		p += put;
		len -= (size_t)put;
	}
	return 0;
}

int fd_sparse(int fd, long long size)
{
	off_t hole = lseek(fd, 0, SEEK_HOLE);
	lseek(fd, 0, SEEK_SET);
	return hole >= 0 && (long long)hole < size;
}
