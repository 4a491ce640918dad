/*
 * proc.c - one worker process: start, framed non-blocking I/O, reap (see proc.h).
 *
 * Between fork and exec the child only makes async-signal-safe calls: it moves its pipe
 * ends to descriptors 0 and 1 and /dev/null to 2, closes every other descriptor however
 * high (engine/fds.c: a loop to 1024 let a descriptor numbered above it through), asks to
 * die with its parent, leaves the terminal's process group, resets its signal mask and
 * dispositions, sets its resource limits (sandbox-rlimit.c) and execs the worker with an
 * empty environment. Our ends of the pipes are non-blocking: a worker busy writing
 * results can never deadlock us while we write it files.
 *
 * On Linux the child shares our memory until it execs (clone with CLONE_VM | CLONE_VFORK,
 * on a stack of its own, as posix_spawn does): a fork copied the supervisor's page tables
 * and then took a copy-on-write fault for each page either side touched, 3 to 5 ms of a
 * worker's start in a run of one changed file, all on the path to its first answer. The
 * child writes nothing of ours: its own stack, its own signal dispositions (no
 * CLONE_SIGHAND), and every signal stays blocked until it has put the handlers it
 * inherited back to their defaults, so none of ours ever runs in it.
 */
#include "engine/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#endif

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

#include "engine/fds.h"
#include "util/alloc.h"
#include "util/clock.h"

#define READ_CHUNK 65536
/* What we ask of a request pipe: room for a batch of typical files, so that most go from
 * the file's buffer straight into the pipe (proc_send) and a worker rarely waits on us.
 * Linux lets anyone have up to /proc/sys/fs/pipe-max-size (1 MiB by default). */
#define REQUEST_PIPE_SIZE (1 << 20)

void proc_init(struct proc *p)
{
	memset(p, 0, sizeof(*p));
	p->pid = -1;
	p->to_fd = p->from_fd = -1;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* "--sandbox=MODE" into out without snprintf (not async-signal-safe). */
static void mode_argument(enum sandbox_mode mode, char *out, size_t len)
{
	static const char prefix[] = "--sandbox=";
	const char *m = sandbox_mode_name(mode);
	size_t k = 0;
	for (size_t i = 0; prefix[i] && k < len - 1; i++)
		out[k++] = prefix[i];
	for (size_t i = 0; m[i] && k < len - 1; i++)
		out[k++] = m[i];
	out[k] = '\0';
}

/* The child's part: execs the worker, or returns the status to exit with. It calls no
 * function that does not return (none of ASan's stack bookkeeping on a clone's stack). */
static int child_exec(const char *worker_path, enum sandbox_mode mode,
		      const struct sandbox_limits *lim, int in_fd, int out_fd, int devnull,
		      pid_t parent)
{
	if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(devnull, 2) < 0)
		return WORKER_EXIT_EXEC;
	fds_close_from(3);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		return WORKER_EXIT_EXEC;
#else
	(void)parent;
#endif
	setpgid(0, 0);	/* terminal signals go to the supervisor, which reaps us */
	for (int sig = 1; sig < NSIG; sig++) {
		/* A handler of ours (it would run in our memory), or an ignored disposition,
		 * which would survive exec: back to the default. */
		struct sigaction sa;
		if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &sa) == 0
		    && sa.sa_handler != SIG_DFL)
			signal(sig, SIG_DFL);
	}
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (mode != SANDBOX_MODE_OFF && sandbox_child_limits(lim) < 0)
		return WORKER_EXIT_LIMITS;
	char mode_arg[32];
	mode_argument(mode, mode_arg, sizeof(mode_arg));
	char *argv[] = { (char *)"assay-worker", mode_arg, NULL };
	char *envp[] = { NULL };
	execve(worker_path, argv, envp);
	return WORKER_EXIT_EXEC;
}

#ifdef __linux__
struct child_args {
	const char *worker_path;
	enum sandbox_mode mode;
	struct sandbox_limits lim;
	int in_fd, out_fd, devnull;
	pid_t parent;
};

/* Its return is the child's exit status (clone's wrapper exits with it). */
static int child_main(void *arg)
{
	const struct child_args *a = arg;
	return child_exec(a->worker_path, a->mode, &a->lim, a->in_fd, a->out_fd, a->devnull,
			  a->parent);
}

/* The child, sharing our memory until it execs (see the top); we wait meanwhile. */
static pid_t spawn(const struct child_args *a)
{
	enum { STACK = 64 * 1024 };	/* fds_close_listed takes 4 KiB of it */
	void *stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return -1;
#ifdef __SANITIZE_ADDRESS__
	/* A fresh mapping where a thread's stack was may keep that stack's poisoned shadow. */
	__asan_unpoison_memory_region(stack, STACK);
#endif
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid_t pid = clone(child_main, (char *)stack + STACK, CLONE_VM | CLONE_VFORK | SIGCHLD,
			  (void *)a);
	int saved = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
#ifdef __SANITIZE_ADDRESS__
	/* And the child's frames left theirs: a mapping made here later (SQLite's shared
	 * memory, now that the cache may open after a worker starts) would inherit it. */
	__asan_unpoison_memory_region(stack, STACK);
#endif
	munmap(stack, STACK);
	errno = saved;
	return pid;
}
#endif

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int proc_start(struct proc *p, const char *worker_path, enum sandbox_mode mode,
	       uint64_t memory, uint32_t cpu_seconds, int devnull)
{
	int to[2], from[2];
	proc_init(p);
	if (pipe2(to, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(from, O_CLOEXEC) < 0) {
		close(to[0]);
		close(to[1]);
		return -1;
	}
	pid_t parent = getpid();
#ifdef __linux__
	struct child_args args = { worker_path, mode, { memory, cpu_seconds, 16 }, to[0], from[1],
				   devnull, parent };
	pid_t pid = spawn(&args);
#else
	pid_t pid = fork();
	if (pid == 0) {
		struct sandbox_limits lim = { memory, cpu_seconds, 16 };
		_exit(child_exec(worker_path, mode, &lim, to[0], from[1], devnull, parent));
	}
#endif
	if (pid < 0) {
		int saved = errno;
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		errno = saved;
		return -1;
	}
	close(to[0]);
	close(from[1]);
	p->pid = pid;
	p->started_at = now_seconds();
	p->to_fd = to[1];
	p->from_fd = from[0];
	set_nonblock(p->to_fd);
	set_nonblock(p->from_fd);
#ifdef F_SETPIPE_SZ
	/* Best effort: over the user's pipe quota the pipe keeps its default size. */
	(void)fcntl(p->to_fd, F_SETPIPE_SZ, REQUEST_PIPE_SIZE);
#endif
	return 0;
}

pid_t proc_fork(struct proc *p, int *reply_fd)
{
	int fds[2];
	proc_init(p);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		int saved = errno;
		close(fds[0]);
		close(fds[1]);
		errno = saved;
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		*reply_fd = fds[1];
		return 0;
	}
	close(fds[1]);
	p->pid = pid;
	p->started_at = now_seconds();
	p->from_fd = fds[0];
	set_nonblock(p->from_fd);
	return pid;
}

void proc_close_input(struct proc *p)
{
	close_fd(&p->to_fd);
}

void proc_kill(const struct proc *p)
{
	if (p->pid > 0)
		kill(p->pid, SIGKILL);
}

/* Waits at most ms milliseconds for the end of a worker's output, which is its exit (it
 * has no child to hold the pipe open); what it still writes is dropped. */
static void await_output_end(int fd, int ms)
{
	double until = now_seconds() + ms / 1000.0;
	for (;;) {
		double left = until - now_seconds();
		struct pollfd pfd = { fd, POLLIN, 0 };
		if (left <= 0 || poll(&pfd, 1, (int)(left * 1000) + 1) == 0)
			return;
		char sink[4096];
		if (pfd.revents & POLLIN) {
			ssize_t n = read(fd, sink, sizeof(sink));
			if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN)))
				continue;
		}
		if (pfd.revents || errno != EINTR)
			return;
	}
}

int proc_reap(struct proc *p)
{
	int status = 0;
	close_fd(&p->to_fd);
	if (p->from_fd >= 0 && p->pid > 0)
		await_output_end(p->from_fd, 100);
	close_fd(&p->from_fd);
	if (p->pid <= 0)
		return 0;
	/* A worker whose output ended is exiting: looked for after 50 us, then at doubling
	 * intervals up to 2 ms, for 100 ms in all (polling from the start, before its output
	 * ended was waited for, cost a one-file run 1 to 2 ms). */
	long wait_ns = 50000, waited_ns = 0;
	while (waited_ns < 100000000L) {
		pid_t r = waitpid(p->pid, &status, WNOHANG);
		if (r == p->pid)
			return status;
		if (r < 0 && errno != EINTR)
			return PROC_STATUS_UNKNOWN;
		struct timespec ts = { 0, wait_ns };
		nanosleep(&ts, NULL);
		waited_ns += wait_ns;
		if (wait_ns < 2000000L)
			wait_ns *= 2;
	}
	kill(p->pid, SIGKILL);
	while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

void proc_release(struct proc *p)
{
	close_fd(&p->to_fd);
	close_fd(&p->from_fd);
	wbuf_free(&p->out);
	wbuf_free(&p->in);
	proc_init(p);
}

/* Drops the bytes already written from the front of out. Without it, a worker that is
 * always a little behind would keep every byte ever sent to it in the buffer (the
 * supervisor's memory grew with the size of the tree). Moving the rest down only once
 * the written part is at least as large as it keeps the copying linear: a large file
 * goes out a pipe's capacity at a time, and moving what is left after every write made
 * sending it quadratic. */
static void compact_out(struct proc *p)
{
	if (p->out_off == p->out.len) {
		p->out.len = p->out_off = 0;
		return;
	}
	if (p->out_off < p->out.len - p->out_off)
		return;
	memmove(p->out.data, p->out.data + p->out_off, p->out.len - p->out_off);
	p->out.len -= p->out_off;
	p->out_off = 0;
}

int proc_write(struct proc *p)
{
	while (p->out_off < p->out.len) {
		ssize_t n = write(p->to_fd, p->out.data + p->out_off, p->out.len - p->out_off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0)
			return -1;
		p->out_off += (size_t)n;
	}
	compact_out(p);
	return 0;
}

/* Room in p->out for n more bytes, reserved before anything is written so that a frame
 * is either sent whole or not at all. An empty buffer too small is replaced, not grown:
 * growing would copy its stale bytes. */
static int out_room(struct proc *p, size_t n)
{
	if (p->out.len == 0 && p->out.cap < n)
		wbuf_free(&p->out);
	if (wbuf_reserve(&p->out, n))
		return 0;
	p->out.failed = 0;
	return -1;
}

int proc_send(struct proc *p, const uint8_t *head, size_t hlen, const uint8_t *data,
	      size_t len)
{
	if (out_room(p, hlen + len) < 0)
		return -1;	/* before anything was written: the frame is not sent at all */
	size_t done = 0;
	if (p->to_fd >= 0 && p->out_off == p->out.len) {
		struct iovec iov[2] = { { (void *)head, hlen }, { (void *)data, len } };
		ssize_t n;
		do
			n = writev(p->to_fd, iov, 2);
		while (n < 0 && errno == EINTR);
		/* A full pipe or a broken one: the bytes wait in out, and proc_write, called
		 * when the pipe is writable, reports a broken pipe as it always has. */
		if (n > 0)
			done = (size_t)n;
	}
	if (done < hlen) {
		memcpy(p->out.data + p->out.len, head + done, hlen - done);
		p->out.len += hlen - done;
		done = hlen;
	}
	size_t off = done - hlen;
	if (len > off)
		memcpy(p->out.data + p->out.len, data + off, len - off);
	p->out.len += len - off;
	return 0;
}

int proc_has_output(const struct proc *p)
{
	return p->to_fd >= 0 && p->out.len > p->out_off;
}

enum proc_read proc_read(struct proc *p)
{
	for (;;) {
		uint8_t *dst = wbuf_reserve(&p->in, READ_CHUNK);
		if (!dst)
			return PROC_READ_BROKEN;
		ssize_t n = read(p->from_fd, dst, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return PROC_READ_MORE;
		if (n <= 0)
			return PROC_READ_EOF;
		p->in.len += (size_t)n;
		if ((size_t)n < READ_CHUNK)
			return PROC_READ_MORE;
	}
}

int proc_frames(struct proc *p, int (*each)(void *ctx, const struct proto_frame *f),
		void *ctx)
{
	size_t off = 0;
	int rc = 0;
	while (off < p->in.len) {
		struct proto_frame fr;
		size_t used;
		int r = proto_frame_parse(p->in.data + off, p->in.len - off, &fr, &used);
		if (r == 0)
			break;
		if (r < 0 || each(ctx, &fr) < 0) {
			rc = -1;
			break;
		}
		off += used;
	}
	if (off > 0) {
		memmove(p->in.data, p->in.data + off, p->in.len - off);
		p->in.len -= off;
	}
	return rc;
}

char *proc_find_libexec(const char *libexecdir, const char *name, int mode)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			/* Beside us (the build tree), then in ../libexec (an install, wherever it
			 * was moved or staged with DESTDIR). */
			static const char *const places[] = { "", "/../libexec" };
			for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
				char path[PATH_MAX + 300];
				snprintf(path, sizeof(path), "%s%s/%s", self, places[i], name);
				if (access(path, mode) == 0)
					return xstrdup(path);
			}
		}
	}
	if (libexecdir && libexecdir[0]) {
		char path[PATH_MAX + 300];
		snprintf(path, sizeof(path), "%s/%s", libexecdir, name);
		if (access(path, mode) == 0)
			return xstrdup(path);
	}
	return NULL;
}

char *proc_find_worker(const char *libexecdir)
{
	return proc_find_libexec(libexecdir, "assay-worker", X_OK);
}
