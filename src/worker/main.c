/*
 * main.c - assay-worker: parses the bytes it is sent and returns records.
 *
 * Started by the supervisor with an empty environment, fd 0 = requests, fd 1 = replies,
 * fd 2 = /dev/null, resource limits already set. Before reading anything it locks itself
 * down (sandbox_enter), then says HELLO with the level it reached, then answers each FILE
 * frame with one RESULT (or ERROR) frame, in order, until its input closes; a file the
 * supervisor withdrew before the worker started it is answered WITHDRAWN (input.c). It never
 * opens a file: every byte it analyzes came through the pipe.
 *
 * The test build (assay-worker-test, -DASSAY_TEST_TRIGGERS) also reacts to marker
 * strings in a file's bytes by crashing, hanging, opening a file or allocating without
 * bound, so the test suite can prove the supervisor contains each. The installed worker
 * is built without that code.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "sandbox/sandbox.h"
#include "analyze/analyze.h"
#include "analyze/answer.h"
#include "analyze/parse_heap.h"
#include "common/fdio.h"
#include "common/heap.h"
#include "common/proto.h"
#include "worker/input.h"

#include <tree_sitter/api.h>

#ifdef ASSAY_TEST_TRIGGERS
#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#endif

#ifdef ASSAY_SANITIZERS
/* Sanitizer builds (the suite run with the sandbox off): a worker's crash must still end
 * it with the signal, and running out of memory must still be NULL from malloc, so the
 * supervisor's verdicts are the same as in the normal build. The worker gets an empty
 * environment, so ASAN_OPTIONS cannot say this: it is compiled in. ASan cannot run
 * under RLIMIT_AS, so soft_rss_limit_mb stands in for it (malloc_limit_mb only caps one
 * allocation's size, which a loop of small allocations never reaches). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "handle_segv=0:handle_sigbus=0:handle_abort=0:handle_sigfpe=0:"
	       "allocator_may_return_null=1:soft_rss_limit_mb=1024:detect_leaks=0";
}
#endif

#ifdef HEAP_SANITIZED
/* tree-sitter's allocations, checked: running out of memory ends the worker with a
 * status the supervisor reports as "out of memory" rather than as a crash. */
static void *checked(void *p, size_t n)
{
	if (!p && n)
		_exit(WORKER_EXIT_OOM);
	return p;
}

static void *ts_checked_malloc(size_t n)
{
	return checked(malloc(n), n);
}

static void *ts_checked_calloc(size_t n, size_t size)
{
	return checked(calloc(n, size), n * size);
}

static void *ts_checked_realloc(void *p, size_t n)
{
	return checked(realloc(p, n), n);
}
#else
/* The parse heap's blocks could not be had: the supervisor reports "out of memory"
 * rather than a crash. */
static void out_of_memory(void)
{
	_exit(WORKER_EXIT_OOM);
}
#endif

#ifdef ASSAY_TEST_TRIGGERS
static int has_marker(const struct proto_file *f, const char *marker)
{
	size_t m = strlen(marker);
	for (size_t i = 0; i + m <= f->len; i++)
		if (memcmp(f->bytes + i, marker, m) == 0)
			return 1;
	return 0;
}

static void trigger_crash(void)
{
	raise(SIGSEGV);
}

static void trigger_loop(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}

/* Tries to reach a file: with the sandbox off it succeeds (made visible by SIGUSR1); with
 * seccomp open() answers EACCES, so it goes on to execve, which kills. */
static void trigger_open(void)
{
	int fd = open("/etc/passwd", O_RDONLY);
	if (fd >= 0)
		raise(SIGUSR1);
	execve("/bin/true", (char *[]){ "true", NULL }, (char *[]){ NULL });
	raise(SIGUSR2);
}

/* The runtime's allocator (tree-sitter's lib/src/alloc.c): the parse heap, or the
 * checked malloc of a sanitizer build. */
extern void *(*ts_current_malloc)(size_t);

/* Allocates without bound, as tree-sitter would while parsing a file: through the
 * allocator installed, in blocks from the slabs. */
static void trigger_alloc(void)
{
	parse_heap_file_begin();
	for (;;) {
		char *p = ts_current_malloc(32 << 10);
		memset(p, 1, 32 << 10);
	}
}

/* Other architectures' entry points: the filter must refuse them (x86-64 only; the
 * markers do nothing elsewhere). */
static void trigger_i386(void)
{
#if defined(__x86_64__)
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "0"(20L) : "memory");	/* getpid */
	raise(SIGUSR1);
#endif
}

static void trigger_x32(void)
{
#if defined(__x86_64__)
	syscall(0x40000000L | 39);	/* __X32_SYSCALL_BIT | getpid */
	raise(SIGUSR1);
#endif
}

/* The supervisor, noted before the lock-down (getppid is not in the allowlist). */
static pid_t test_parent;

/* Signals the supervisor, with signal 0 (only asks whether it may): the filter allows
 * tgkill on the worker's own process only and kill not at all, so either call kills the
 * worker; one that returned would be made visible by SIGUSR1. */
static void trigger_tgkill(void)
{
	syscall(SYS_tgkill, test_parent, test_parent, 0);
	raise(SIGUSR1);
}

static void trigger_kill(void)
{
	kill(test_parent, 0);
	raise(SIGUSR1);
}

/* Busy for two seconds: sleeping is not in the seccomp allowlist. */
static void trigger_slow(void)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do
		clock_gettime(CLOCK_MONOTONIC, &now);
	while (now.tv_sec - start.tv_sec < 2);
}

static const struct {
	const char *marker;
	void (*run)(void);
} triggers[] = {
	{ "ASSAY-TEST-CRASH", trigger_crash }, { "ASSAY-TEST-ABORT", abort },
	{ "ASSAY-TEST-LOOP", trigger_loop }, { "ASSAY-TEST-OPEN", trigger_open },
	{ "ASSAY-TEST-ALLOC", trigger_alloc }, { "ASSAY-TEST-I386", trigger_i386 },
	{ "ASSAY-TEST-X32", trigger_x32 }, { "ASSAY-TEST-SLOW", trigger_slow },
	{ "ASSAY-TEST-TGKILL", trigger_tgkill }, { "ASSAY-TEST-KILL", trigger_kill },
};

/* The triggers stand for a parser's failures, so the lexical pass of the line-count
 * fallback (ANALYZE_LINES_ONLY) does not fire them, unless the file also says
 * ASSAY-TEST-EVERYWHERE (a file the fallback fails on too). A worker installed in a path
 * with "broken" in it crashes on every file, as one that cannot work at all. */
static int broken_worker;

static void test_triggers(const struct proto_file *f)
{
	if (broken_worker)
		trigger_crash();
	if ((f->flags & ANALYZE_LINES_ONLY) && !has_marker(f, "ASSAY-TEST-EVERYWHERE"))
		return;
	for (size_t i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++)
		if (has_marker(f, triggers[i].marker))
			triggers[i].run();
}
#endif

/* Writes what out holds (one whole frame) and empties it; -1 when the pipe is gone. */
static int send(struct wbuf *out, int encoded)
{
	int rc = encoded < 0 ? -1 : write_full(1, out->data, out->len);
	wbuf_reset(out);
	return rc;
}

static int answer(struct analyzer *a, const struct proto_file *f, struct wbuf *out)
{
#ifdef ASSAY_TEST_TRIGGERS
	test_triggers(f);
#endif
	return send(out, analyzer_answer(a, f, out));
}

/* --sandbox=MODE, the only argument; -1 for anything else. */
static int parse_mode(int argc, char **argv, enum sandbox_mode *mode)
{
	static const char *const modes[] = { [SANDBOX_MODE_OFF] = "--sandbox=off",
					     [SANDBOX_MODE_AUTO] = "--sandbox=auto",
					     [SANDBOX_MODE_STRICT] = "--sandbox=strict" };
	*mode = SANDBOX_MODE_AUTO;
	for (int i = 1; i < argc; i++) {
		int known = 0;
		for (int m = SANDBOX_MODE_OFF; m <= SANDBOX_MODE_STRICT; m++)
			if (strcmp(argv[i], modes[m]) == 0) {
				*mode = (enum sandbox_mode)m;
				known = 1;
			}
		if (!known)
			return -1;
	}
	return 0;
}

/* Locks down and says HELLO with the level reached. Returns -1 when strict mode could
 * not get the full sandbox (or the pipe is gone). */
/* Locks the worker down and says HELLO; the exit status when it cannot go on, else
 * WORKER_EXIT_DONE. */
static int lock_down_and_greet(enum sandbox_mode mode, struct wbuf *out)
{
	char detail[200] = "";
	enum sandbox_level level = sandbox_enter(mode, detail, sizeof(detail));
	if (mode == SANDBOX_MODE_STRICT && level != SANDBOX_LEVEL_FULL)
		return WORKER_EXIT_NO_SANDBOX;	/* the supervisor reports it as unavailable */
	struct proto_hello h = { PROTO_VERSION, (uint8_t)level, detail };
	/* A HELLO that cannot be written (the supervisor closed the pipe) is no sandbox
	 * failure. */
	return send(out, proto_put_hello(out, &h)) < 0 ? WORKER_EXIT_PROTOCOL : WORKER_EXIT_DONE;
}

int main(int argc, char **argv)
{
	enum sandbox_mode mode;
	heap_hint_worker();	/* before the first block: see common/heap.h */
	if (parse_mode(argc, argv, &mode) < 0)
		return WORKER_EXIT_USAGE;
	/* A reply pipe that closes must end the worker, not kill it with a signal the
	 * supervisor would have to tell apart from a crash. */
	signal(SIGPIPE, SIG_IGN);
#ifdef HEAP_SANITIZED
	/* The sanitizer sees each of the runtime's blocks on its own. */
	ts_set_allocator(ts_checked_malloc, ts_checked_calloc, ts_checked_realloc, free);
#else
	parse_heap_install(out_of_memory);
#endif
	struct analyzer *a = analyzer_new();
	if (!a)
		return WORKER_EXIT_OOM;
#ifdef ASSAY_TEST_TRIGGERS
	test_parent = getppid();
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	broken_worker = strstr(exe, "broken") != NULL;	/* before the lock-down */
#endif
	struct wbuf out;
	wbuf_init(&out);
	struct input in;
	input_init(&in, 0);
	int rc = lock_down_and_greet(mode, &out);
	while (rc == WORKER_EXIT_DONE) {
		struct proto_file file;
		enum input_got got = input_next(&in, &file);
		if (got == INPUT_BAD)
			rc = WORKER_EXIT_PROTOCOL;
		if (got == INPUT_END || got == INPUT_BAD)
			break;
		int sent = got == INPUT_WITHDRAWN ? send(&out, proto_put_withdrawn(&out, file.id))
						  : answer(a, &file, &out);
		heap_hint_worker();	/* what the file grew the heap by */
		if (sent < 0)
			break;
	}
	input_free(&in);
	wbuf_free(&out);
	analyzer_free(a);
	return rc;
}
