/*
 * pathwalk.h - a path the user gave (a report file, a baseline, a command-line argument),
 * resolved one component at a time without following symbolic links.
 *
 * A repository can plant a link wherever assay expects a directory (`reports -> ~/.ssh`,
 * `src/sub -> /etc`); the kernel would follow it silently. Here every directory component
 * is opened with O_NOFOLLOW. The one link followed is a link owned by root while assay
 * does not run as root: the system's own layout (/tmp -> /private/tmp on macOS, a /home
 * moved to another disk), which no repository checked out by the user can create. ".."
 * and "." are taken as written.
 */
#ifndef ASSAY_PATHWALK_H
#define ASSAY_PATHWALK_H

#include <stddef.h>
#include <sys/types.h>

/* Opens the directory holding path's last component; returns a descriptor (O_CLOEXEC)
 * and points *last at that component inside path ("" when path ends in '/'), or -1 with
 * a message naming the path and the cause (the link refused, a missing directory) in
 * err and errno (ELOOP for a link). */
int pathwalk_parent(const char *path, const char **last, char *err, size_t errlen);

/* -1 with the message in err when a directory component of path is a link (the last one
 * may be: the user named it); else 0, also when a directory is missing (the caller's own
 * open or stat then says so). */
int pathwalk_check(const char *path, char *err, size_t errlen);

/* What a file of mode is, for messages: "a symbolic link", "a directory", "a FIFO",
 * "a socket", "a character device", "a block device", "a regular file". */
const char *pathwalk_kind(mode_t mode);

#endif
