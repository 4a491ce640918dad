/*
 * proc.h - one worker process, as a mechanism: started (fork, resource limits, exec with
 * an empty environment), fed and read through non-blocking pipes in whole frames, and
 * reaped. Which files a worker gets, and what its death means, is policy: engine/pool.c.
 */
#ifndef ASSAY_ENGINE_PROC_H
#define ASSAY_ENGINE_PROC_H

#include <stdint.h>
#include <sys/types.h>

#include "common/buf.h"
#include "common/proto.h"
#include "sandbox/sandbox.h"

struct proc {
	pid_t pid;		/* -1 when there is no process */
	int to_fd, from_fd;	/* our ends of its request and reply pipes; -1 when closed */
	struct wbuf out;	/* frames not yet written */
	size_t out_off;		/* of out: the bytes written already */
	struct wbuf in;		/* bytes read, not yet cut into frames */
	double started_at;	/* now_seconds() at fork */
};

/* Marks p as holding no process (before proc_start, after proc_release). */
void proc_init(struct proc *p);
/* Starts worker_path as a worker of mode, with memory (0: none) as its address-space
 * limit, cpu_seconds (0: none) as the CPU time of its whole life (RLIMIT_CPU), and
 * devnull as its standard error. Returns 0, or -1 with errno. */
int proc_start(struct proc *p, const char *worker_path, enum sandbox_mode mode,
	       uint64_t memory, uint32_t cpu_seconds, int devnull);
/* Forks a child that answers through a pipe, without exec (the in-process engine): in
 * the parent p holds the child and the pipe's non-blocking read end as from_fd, and
 * the child's pid is returned; in the child, 0 is returned and *reply_fd is the write
 * end. -1 with errno when the pipe or the fork failed (p then holds nothing). */
pid_t proc_fork(struct proc *p, int *reply_fd);
/* Closes the request pipe: the worker sees the end of its input and exits. */
void proc_close_input(struct proc *p);
/* Kills the process (SIGKILL). */
void proc_kill(const struct proc *p);
/* Closes both pipes and waits for the process, killing it when it does not exit
 * promptly; returns its wait status, or PROC_STATUS_UNKNOWN when it cannot be had (the
 * process was reaped by someone else): neither an exit nor a signal, never a clean end. */
#define PROC_STATUS_UNKNOWN 0x7f
int proc_reap(struct proc *p);
/* Frees what p holds (after proc_reap); p holds no process afterwards. */
void proc_release(struct proc *p);

/* Writes what it can of p->out without blocking. 0, or -1 when the pipe is gone. */
int proc_write(struct proc *p);
/* Sends the frame head (hlen bytes) followed by data (len bytes): when nothing waits in
 * p->out, as much as the pipe takes goes straight from the caller's buffers (writev), and
 * only what it did not take is copied to p->out for proc_write. Room for the whole frame
 * is reserved in p->out first (address space only, unless the pipe is full), so it is
 * sent whole or not at all: 0, or -1 when that reservation failed (nothing was written
 * and p->out is as it was). */
int proc_send(struct proc *p, const uint8_t *head, size_t hlen, const uint8_t *data,
	      size_t len);
/* 1 while p->out holds bytes not yet written. */
int proc_has_output(const struct proc *p);

enum proc_read { PROC_READ_MORE, PROC_READ_EOF, PROC_READ_BROKEN };
/* Appends what the reply pipe holds to p->in: PROC_READ_MORE when more may come,
 * PROC_READ_EOF when the pipe closed, PROC_READ_BROKEN when memory ran out. */
enum proc_read proc_read(struct proc *p);
/* Calls each(ctx, frame) for every whole frame in p->in, in order, and keeps the rest.
 * Returns 0, or -1 when the bytes are not frames or each returned -1 (the worker broke
 * the protocol). */
int proc_frames(struct proc *p, int (*each)(void *ctx, const struct proto_frame *f),
		void *ctx);

/* Finds the file name (which access(2) allows mode on) next to the running executable
 * (a build tree), else in ../libexec from it (an install, also one moved or staged with
 * DESTDIR), else in libexecdir. Never through PATH or the environment. Returns a new
 * string or NULL. proc_find_worker: assay-worker, executable. */
char *proc_find_libexec(const char *libexecdir, const char *name, int mode);
char *proc_find_worker(const char *libexecdir);

#endif
