/*
 * test_units.c - unit tests of the supervisor's pure pieces: bounded buffers, protocol
 * frames, escaping of names from the tree, thresholds, and the language table (the
 * record encoding's are in test_record.c). One "ok"/"not ok" line per check, then
 * "N passed, N failed".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/cause.h"
#include "engine/fds.h"
#include "engine/proc.h"
#include "common/languages.h"
#include "report/model.h"
#include "common/proto.h"
#include "common/record.h"
#include "util/alloc.h"
#include "common/hash.h"
#include "common/heap.h"
#include "util/escape.h"
#include "tests/unit/check.h"
#include "config.h"

#if defined(ASSAY_SANITIZERS) || defined(__SANITIZE_ADDRESS__)
/* test_out_of_memory asks for more than any allocator gives, to see malloc's NULL handled:
 * under ASan (make check-asan) that must still be a NULL, not an abort. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif


static void test_buf(void)
{
	struct wbuf w;
	wbuf_init(&w);
	wbuf_put_u8(&w, 0xab);
	wbuf_put_u16(&w, 0x1234);
	wbuf_put_u32(&w, 0xdeadbeef);
	wbuf_put_u64(&w, 0x0102030405060708ull);
	wbuf_put_f64(&w, 2.5);
	wbuf_put_str(&w, "héllo");
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	uint8_t a;
	uint16_t b;
	uint32_t c;
	uint64_t d;
	double e;
	char *s = NULL;
	int ok = rbuf_get_u8(&r, &a) == 0 && a == 0xab && rbuf_get_u16(&r, &b) == 0 && b == 0x1234
		 && rbuf_get_u32(&r, &c) == 0 && c == 0xdeadbeef && rbuf_get_u64(&r, &d) == 0
		 && d == 0x0102030405060708ull && rbuf_get_f64(&r, &e) == 0 && e == 2.5
		 && rbuf_get_str(&r, 100, &s) == 0 && strcmp(s, "héllo") == 0 && rbuf_left(&r) == 0;
	CHECK(ok, "buf: every type round-trips");
	free(s);
	CHECK(rbuf_get_u8(&r, &a) == -1, "buf: reading past the end fails");
	CHECK(w.data[1] == 0x34 && w.data[2] == 0x12, "buf: integers are little-endian");
	wbuf_free(&w);
}

/* Strings are read only whole, NUL-free and within the limit asked. */
static void test_buf_strings(void)
{
	struct wbuf w;
	struct rbuf r;
	char *s = NULL;
	wbuf_init(&w);
	wbuf_put_str(&w, "abcdef");
	rbuf_init(&r, w.data, w.len);
	CHECK(rbuf_get_str(&r, 3, &s) == -1 && s == NULL && r.off == 0,
	      "buf: a string over the limit is refused and nothing is consumed");
	wbuf_reset(&w);
	wbuf_put_strn(&w, "a\0b", 3);
	rbuf_init(&r, w.data, w.len);
	CHECK(rbuf_get_str(&r, 10, &s) == -1, "buf: a string with a NUL is refused");
	wbuf_reset(&w);
	wbuf_put_u32(&w, 1000);	/* claims 1000 bytes, has 0 */
	rbuf_init(&r, w.data, w.len);
	CHECK(rbuf_get_str(&r, 5000, &s) == -1, "buf: a length past the buffer is refused");
	wbuf_free(&w);
}

/* The readers of git's formats: big-endian integers, NUL-terminated strings, varints. */
static void test_buf_git(void)
{
	static const uint8_t be[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 'a', 'b', 0, 'c' };
	struct rbuf r;
	rbuf_init(&r, be, sizeof(be));
	uint16_t h = 0;
	uint32_t w = 0;
	CHECK(rbuf_get_be16(&r, &h) == 0 && h == 0x1234 && rbuf_get_be32(&r, &w) == 0
		      && w == 0x56789abc && r.off == 6, "buf: big-endian u16 and u32");
	const uint8_t *p;
	size_t n;
	CHECK(rbuf_get_until(&r, 0, &p, &n) == 0 && n == 2 && memcmp(p, "ab", 2) == 0
		      && r.off == 9, "buf: bytes up to a NUL, which is skipped");
	CHECK(rbuf_get_until(&r, 0, &p, &n) == -1 && r.off == 9,
	      "buf: no NUL left: refused, nothing consumed");
	CHECK(rbuf_get_be32(&r, &w) == -1 && w == 0x56789abc && r.off == 9,
	      "buf: a big-endian u32 past the end fails and leaves the value");
	rbuf_init(&r, be + 6, 0);
	CHECK(rbuf_get_until(&r, 'a', &p, &n) == -1, "buf: nothing left: no stop byte");
}

/* git's varints (the index's path compression): one to ten bytes; longer or wider ones
 * and truncated ones are refused. */
static void test_buf_varints(void)
{
	struct rbuf r;
	static const struct {
		uint8_t bytes[11];
		size_t len;
		uint64_t value;		/* git's encode_varint of it is bytes */
	} varints[] = {
		{ { 0x00 }, 1, 0 },
		{ { 0x7f }, 1, 127 },
		{ { 0x80, 0x00 }, 2, 128 },
		{ { 0xff, 0x7f }, 2, 16511 },
		{ { 0x80, 0x80, 0x00 }, 3, 16512 },
		{ { 0x80, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0x7f }, 10, UINT64_MAX },
	};
	int all = 1;
	for (size_t i = 0; i < sizeof(varints) / sizeof(varints[0]); i++) {
		uint64_t v = 1;
		rbuf_init(&r, varints[i].bytes, varints[i].len);
		all &= rbuf_get_varint(&r, &v) == 0 && v == varints[i].value && rbuf_left(&r) == 0;
	}
	CHECK(all, "buf: git varints, one to ten bytes, up to UINT64_MAX");
	/* Ten bytes that wrap to 0 in 64-bit arithmetic (tests/cli/gitindex.sh has them in
	 * an index), and one byte more than UINT64_MAX takes. */
	static const uint8_t wraps[] = { 0x80, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xff, 0x00 };
	static const uint8_t longer[] = { 0x80, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xff,
					  0x00 };
	uint64_t v = 7;
	rbuf_init(&r, wraps, sizeof(wraps));
	CHECK(rbuf_get_varint(&r, &v) == -1 && v == 7 && r.off == 0,
	      "buf: a varint over 64 bits is refused, nothing consumed");
	rbuf_init(&r, longer, sizeof(longer));
	CHECK(rbuf_get_varint(&r, &v) == -1 && r.off == 0, "buf: an eleven-byte varint is refused");
	rbuf_init(&r, varints[4].bytes, 2);
	CHECK(rbuf_get_varint(&r, &v) == -1 && r.off == 0, "buf: a truncated varint is refused");
}

/* The child's part: descriptors 40 and high opened, close_from(3), then 0 when both
 * are closed and 0 to 2 kept. */
static int close_high_in_child(void (*close_from)(int), int high)
{
	int fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, 40) < 0 || dup2(fd, high) < 0)
		return 2;
	close_from(3);
	int closed = fcntl(40, F_GETFD) < 0 && fcntl(high, F_GETFD) < 0 && fcntl(fd, F_GETFD) < 0;
	int kept = fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0;
	return closed && kept ? 0 : 1;
}

/* In a child holding descriptors 40 and one as high as the soft limit allows (up to
 * 2000), close_from(3) must close both and keep 0 to 2. */
static int closes_high_descriptors(void (*close_from)(int))
{
	struct rlimit rl;
	int high = 2000;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur <= (rlim_t)high)
		high = (int)rl.rlim_cur - 1;
	pid_t pid = fork();
	if (pid == 0)
		_exit(close_high_in_child(close_from, high));
	int status = 0;
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)
	       && WEXITSTATUS(status) == 0;
}

static void close_listed(int low)
{
	if (fds_close_listed(low) < 0)
		_exit(3);
}

static void test_fds(void)
{
	CHECK(closes_high_descriptors(fds_close_from),
	      "fds: close_from closes descriptors above 1024, keeps 0-2");
	CHECK(closes_high_descriptors(close_listed),
	      "fds: the /proc/self/fd fallback closes them too");
	CHECK(closes_high_descriptors(fds_close_to_limit),
	      "fds: the descriptor-limit fallback closes them too");
}

/* A timeout's detail names its deadline in three digits, whole seconds from 100 on, and
 * reads back. */
static void test_deadline(void)
{
	struct cause_note n;
	cause_note_deadline(&n, 0.300013);
	CHECK(strcmp(n.detail, "after 0.3 s") == 0 && cause_deadline(n.detail) == 0.3,
	      "deadline: 0.3 s, read back");
	cause_note_deadline(&n, 1010.4);
	CHECK(strcmp(n.detail, "after 1010 s") == 0 && cause_deadline(n.detail) == 1010,
	      "deadline: 1010 s in whole seconds, not 1.01e+03");
	CHECK(cause_deadline(NULL) == 0 && cause_deadline("SIGSEGV") == 0
	      && cause_deadline("after x s") == 0 && cause_deadline("after -1 s") == 0,
	      "deadline: none in another detail");
}


static void test_proto(void)
{
	struct wbuf w;
	struct proto_frame f;
	size_t used;
	wbuf_init(&w);
	size_t start = proto_begin_result(&w, 42, 7);
	wbuf_put(&w, "abc", 3);
	CHECK(proto_end(&w, start) == 0, "proto: a frame closes");
	CHECK(proto_frame_parse(w.data, w.len - 1, &f, &used) == 0, "proto: a short frame waits");
	CHECK(proto_frame_parse(w.data, w.len, &f, &used) == 1 && used == w.len
	      && f.type == PROTO_RESULT && f.len == 15, "proto: a whole frame parses");
	struct proto_result res;
	uint32_t id;
	CHECK(proto_decode_result(&f, &res) == 0 && res.id == 42 && res.elapsed_ns == 7
	      && res.record_len == 3 && memcmp(res.record, "abc", 3) == 0
	      && proto_answer_id(&f, &id) == 0 && id == 42, "proto: result id, time and record");
	uint8_t huge[5] = { 0xff, 0xff, 0xff, 0x7f, PROTO_RESULT };
	CHECK(proto_frame_parse(huge, 5, &f, &used) == -1, "proto: an oversized length is refused");
	uint8_t bad[6] = { 2, 0, 0, 0, 99, 0 };
	CHECK(proto_frame_parse(bad, 6, &f, &used) == -1, "proto: an unknown type is refused");
	uint8_t empty[5] = { 0, 0, 0, 0, PROTO_RESULT };
	CHECK(proto_frame_parse(empty, 5, &f, &used) == -1, "proto: a zero length is refused");
	wbuf_free(&w);
}

/* HELLO and FILE frames decode to what was encoded. */
static void test_proto_hello_file(void)
{
	struct wbuf w;
	struct proto_frame f;
	size_t used;
	wbuf_init(&w);
	struct proto_hello h = { PROTO_VERSION, 2, (char *)"seccomp" }, h2;
	struct proto_file file = { 9, LANG_GO, 3, 1000, (const uint8_t *)"package x", 9 }, file2;
	CHECK(proto_put_hello(&w, &h) == 0 && proto_frame_parse(w.data, w.len, &f, &used) == 1
	      && proto_decode_hello(&f, &h2) == 0 && h2.version == PROTO_VERSION
	      && h2.sandbox_level == 2 && strcmp(h2.detail, "seccomp") == 0,
	      "proto: HELLO round trip");
	free(h2.detail);
	wbuf_reset(&w);
	CHECK(proto_put_file(&w, &file) == 0 && proto_frame_parse(w.data, w.len, &f, &used) == 1
	      && proto_decode_file(&f, &file2) == 0 && file2.id == 9 && file2.lang == LANG_GO
	      && file2.flags == 3 && file2.timeout_us == 1000 && file2.len == 9
	      && memcmp(file2.bytes, "package x", 9) == 0, "proto: FILE round trip");
	wbuf_free(&w);
}

/* ERROR frames decode to what was encoded; one with a cause we do not know is refused. */
static void test_proto_error(void)
{
	struct wbuf w;
	struct proto_frame f;
	size_t used;
	wbuf_init(&w);
	struct proto_error e = { 11, CAUSE_OUT_OF_MEMORY, (char *)"in the parser" }, e2;
	CHECK(proto_put_error(&w, &e) == 0 && proto_frame_parse(w.data, w.len, &f, &used) == 1
	      && proto_decode_error(&f, &e2) == 0 && e2.id == 11 && e2.cause == CAUSE_OUT_OF_MEMORY
	      && strcmp(e2.detail, "in the parser") == 0, "proto: ERROR round trip");
	free(e2.detail);
	wbuf_reset(&w);
	e.cause = CAUSE_COUNT;
	CHECK(proto_put_error(&w, &e) == 0 && proto_frame_parse(w.data, w.len, &f, &used) == 1
	      && proto_decode_error(&f, &e2) == -1 && e2.detail == NULL,
	      "proto: an ERROR with a cause we do not know is refused");
	wbuf_free(&w);
}

/* Reads what the pipe holds into got (cap bytes at most), without waiting. */
static size_t drain_pipe(int fd, uint8_t *got, size_t len, size_t cap)
{
	ssize_t n;
	while (len < cap && (n = read(fd, got + len, cap - len)) > 0)
		len += (size_t)n;
	return len;
}

/* The size the kernel lets an unprivileged pipe grow to (fs.pipe-max-size), 0 when it
 * cannot be read. */
static long pipe_max_size(void)
{
	FILE *f = fopen("/proc/sys/fs/pipe-max-size", "r");
	long n = 0;
	if (f && fscanf(f, "%ld", &n) != 1)
		n = 0;
	if (f)
		fclose(f);
	return n;
}

/* proc_start: the request pipe to a worker is asked for 1 MiB (one large file's frame in
 * one write where the kernel allows it; F_SETPIPE_SZ is best effort past the user's
 * pipe quota, which a test process is far from). */
static void test_request_pipe(void)
{
#ifdef F_GETPIPE_SZ
	if (pipe_max_size() < (1L << 20))
		return;	/* a kernel that allows less: nothing to check, nothing counted */
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	struct proc p;
	int started = proc_start(&p, "/bin/true", SANDBOX_MODE_OFF, 0, 0, devnull) == 0;
	CHECK(started && fcntl(p.to_fd, F_GETPIPE_SZ) == (1 << 20),
	      "proc_start: the request pipe holds 1 MiB");
	if (started) {
		proc_kill(&p);
		proc_reap(&p);
		proc_release(&p);
	}
	close(devnull);
#endif
}

/* A pipe of 4 KiB as a worker's request pipe, two frames' heads and payloads, and what
 * the pipe must carry. */
struct send_case {
	int fds[2];
	struct proc p;
	size_t len, len2, total;
	uint8_t *data, *data2, *want, *got;
	uint8_t head[22], head2[22];
};

static int send_case_open(struct send_case *c)
{
	memset(c, 0, sizeof(*c));
	if (pipe2(c->fds, O_NONBLOCK) < 0)
		return -1;
#ifdef F_SETPIPE_SZ
	(void)fcntl(c->fds[1], F_SETPIPE_SZ, 4096);
#endif
	proc_init(&c->p);
	c->p.to_fd = c->fds[1];
	c->len = 300000;
	c->len2 = 5000;
	c->total = 2 * 22 + c->len + c->len2;
	c->data = malloc(c->len);
	c->data2 = malloc(c->len2);
	c->want = malloc(c->total);
	c->got = malloc(c->total + 1);
	for (size_t i = 0; i < c->len; i++)
		c->data[i] = (uint8_t)(i * 7 + i / 251);
	for (size_t i = 0; i < c->len2; i++)
		c->data2[i] = (uint8_t)(i * 13 + 5);
	memset(c->head, 'h', sizeof(c->head));
	memset(c->head2, 'k', sizeof(c->head2));
	memcpy(c->want, c->head, 22);
	memcpy(c->want + 22, c->data, c->len);
	memcpy(c->want + 22 + c->len, c->head2, 22);
	memcpy(c->want + 44 + c->len, c->data2, c->len2);
	return 0;
}

static void send_case_close(struct send_case *c)
{
	close(c->fds[0]);
	close(c->fds[1]);
	c->p.to_fd = -1;
	proc_release(&c->p);
	free(c->data);
	free(c->data2);
	free(c->want);
	free(c->got);
}

/* send_case_open's proc, or NULL after a failed check when no pipe could be had. */
static struct proc *send_case_start(struct send_case *c)
{
	if (send_case_open(c) == 0)
		return &c->p;
	CHECK(0, "proc_send: a pipe");
	return NULL;
}

/* proc_send: a frame goes into the pipe from the caller's buffers as far as it fits, the
 * rest waits in out (copied), a frame sent while bytes wait goes behind them, and what
 * comes out of the pipe is the frames in order, whole. */
static void test_proc_send(void)
{
	struct send_case c;
	struct proc *p = send_case_start(&c);
	if (!p)
		return;
	CHECK(proc_send(p, c.head, 22, c.data, c.len) == 0 && proc_has_output(p)
	      && p->out.len > 0 && p->out.len < 22 + c.len,
	      "proc_send: what the pipe takes goes at once, only the rest is kept");
	size_t kept = p->out.len;
	CHECK(proc_send(p, c.head2, 22, c.data2, c.len2) == 0 && p->out.len == kept + 22 + c.len2,
	      "proc_send: behind bytes waiting, a frame waits whole");
	size_t n = 0;
	for (int rounds = 0; rounds < 100000 && (proc_has_output(p) || n < c.total); rounds++) {
		n = drain_pipe(c.fds[0], c.got, n, c.total + 1);
		if (proc_write(p) < 0)
			break;
	}
	n = drain_pipe(c.fds[0], c.got, n, c.total + 1);
	CHECK(n == c.total && memcmp(c.got, c.want, c.total) == 0 && !proc_has_output(p),
	      "proc_send: the pipe carries both frames in order, byte for byte");
	send_case_close(&c);
}

/* proc_send with nothing waiting: a frame the pipe takes whole is not copied, and one
 * that cannot have room is refused before a byte of it is written. */
static void test_proc_send_direct(void)
{
	struct send_case c;
	struct proc *p = send_case_start(&c);
	if (!p)
		return;
	size_t cap = c.total + 1;
	CHECK(proc_send(p, c.head, 22, c.data2, 1000) == 0 && !proc_has_output(p)
	      && drain_pipe(c.fds[0], c.got, 0, cap) == 22 + 1000
	      && memcmp(c.got, c.head, 22) == 0 && memcmp(c.got + 22, c.data2, 1000) == 0,
	      "proc_send: a frame the pipe takes whole is not copied at all");
	/* Room that cannot be had (a length no buffer holds): the frame is refused before
	 * a byte of it is written, and the next one goes as if nothing happened. */
	CHECK(proc_send(p, c.head, 22, c.data2, SIZE_MAX / 2) < 0 && !proc_has_output(p)
	      && drain_pipe(c.fds[0], c.got, 0, cap) == 0,
	      "proc_send: a frame without room is not sent at all");
	CHECK(proc_send(p, c.head2, 22, c.data2, 100) == 0
	      && drain_pipe(c.fds[0], c.got, 0, cap) == 22 + 100 && memcmp(c.got, c.head2, 22) == 0,
	      "proc_send: ... and the next frame goes whole");
	send_case_close(&c);
}

#ifdef HEAP_HINT_BUILT	/* the heap's checks: where heap_hint can advise (common/heap.h) */
/* The VmFlags of the mapping of /proc/self/smaps holding address a, in flags (empty when
 * none holds it). */
static void vm_flags_at(const void *a, char *flags, size_t cap)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int inside = 0;
	flags[0] = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			inside = (uintptr_t)a >= lo && (uintptr_t)a < hi;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0)
			snprintf(flags, cap, "%s", line + 8);
	}
	if (f)
		fclose(f);
}

/* The kilobytes of the process' memory on transparent huge pages. */
static long anon_huge_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* Whether the kernel backs advised memory with huge pages ("[always]" or "[madvise]"). */
static int thp_available(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[128] = "";
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	return strstr(line, "[always]") || strstr(line, "[madvise]");
}

/* What heap_child tries: the supervisor's hint with no limit and under 1 GiB, the
 * worker's under its default limit (about 600 MiB) and under 128 MiB. */
enum heap_case { HEAP_SUPERVISOR, HEAP_SUPERVISOR_LIMITED, HEAP_WORKER, HEAP_WORKER_LIMITED };

/* Small blocks, as a run's first allocations are, written to: with the heap advised they
 * are on a huge page, not on 4 KiB pages malloc's own first writes pinned. */
static int small_blocks_on_huge_pages(void)
{
	for (int i = 0; i < 512; i++) {
		char *b = malloc(2000);
		if (!b)
			return 0;
		memset(b, 1, 2000);	/* kept: the child exits */
	}
	return anon_huge_kb() >= 2048;
}

/* Each case's address-space limit (0: none), and whether it is the worker's hint. */
static const struct {
	rlim_t limit;
	int worker;
} heap_cases[] = {
	[HEAP_SUPERVISOR] = { 0, 0 },
	[HEAP_SUPERVISOR_LIMITED] = { (rlim_t)1 << 30, 0 },
	[HEAP_WORKER] = { (rlim_t)600 << 20, 1 },
	[HEAP_WORKER_LIMITED] = { (rlim_t)128 << 20, 1 },
};

/* What an advised heap must show: the reserved part above where the heap ended is
 * advised for huge pages, and small blocks written to land on one. An exit status. */
static int heap_advised(uintptr_t before)
{
	char flags[600];
	vm_flags_at((const char *)before + (4u << 20), flags, sizeof(flags));
	if (!strstr(flags, " hg"))
		return 15;
	return small_blocks_on_huge_pages() ? 0 : 16;
}

/* The child's part of heap_child: its exit status. */
static int heap_in_child(enum heap_case which)
{
	struct rlimit rl = { heap_cases[which].limit, heap_cases[which].limit };
	if (rl.rlim_cur && setrlimit(RLIMIT_AS, &rl) != 0)
		return 10;
	uintptr_t before = (uintptr_t)sbrk(0);
	int r = heap_cases[which].worker ? heap_hint_worker() : heap_hint();
	if (which == HEAP_SUPERVISOR_LIMITED || which == HEAP_WORKER_LIMITED)
		return r == 0 && (uintptr_t)sbrk(0) - before < (8u << 20) ? 0 : 11;
	if (!thp_available())
		return r == 0 ? 0 : 12;
	return r == 1 ? heap_advised(before) : 13;
}

/* heap_hint in a child of its own (it changes malloc for the process): 1 and a heap
 * advised for huge pages where the kernel has THP, 0 without; 0 and no reservation under
 * an address-space limit. The child's exit status says what it found: 0 as expected. */
static int heap_child(enum heap_case which)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(heap_in_child(which));
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}
#endif

static void test_heap(void)
{
#ifdef HEAP_HINT_BUILT
	CHECK(heap_child(HEAP_SUPERVISOR) == 0, "heap: the supervisor's heap is advised for "
		"huge pages, and its first small blocks are on one");
	CHECK(heap_child(HEAP_SUPERVISOR_LIMITED) == 0, "heap: under an address-space limit "
		"nothing is reserved");
	CHECK(heap_child(HEAP_WORKER) == 0, "heap: a worker's heap, under its default limit, "
		"is advised too");
	CHECK(heap_child(HEAP_WORKER_LIMITED) == 0, "heap: a worker under 128 MiB reserves "
		"nothing");
#else
	CHECK(heap_hint() == 0 && heap_hint_worker() == 0, "heap: no advice on this platform");
#endif
}

/* esc_csv as escapes_to takes it: quoted only when it must be. */
static void esc_csv_field(struct wbuf *out, const char *s)
{
	esc_csv(out, s, 0);
}

static int escapes_to(void (*fn)(struct wbuf *, const char *), const char *in, const char *want)
{
	struct wbuf w;
	wbuf_init(&w);
	fn(&w, in);
	wbuf_put_u8(&w, 0);
	int ok = strcmp((const char *)w.data, want) == 0;
	if (!ok)
		printf("# got '%s' want '%s'\n", (const char *)w.data, want);
	wbuf_free(&w);
	return ok;
}

/* hash64 is the same on every machine (baselines and shard reports carry body hashes
 * across machines): its words are read little-endian, and its values are what they have
 * always been (a change would need a new engine id: ANALYZE_CORE_VERSION). */
static void test_hash_portable(void)
{
	const char *text = "int f(void) { return 0; }";
	size_t len = strlen(text);
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t v = 0;
		for (int k = 7; k >= 0; k--)
			v = v << 8 | (unsigned char)text[i + (size_t)k];
		h = hash64_mix(h, v);
	}
	uint64_t tail = 0;
	for (size_t k = len; k > i; k--)
		tail = tail << 8 | (unsigned char)text[k - 1];
	h = hash64_mix(h, tail);
	CHECK(hash64(text, len) == h, "hash64 reads its words little-endian on every machine");
	CHECK(hash64(text, len) == UINT64_C(0xd93ae4d8d7c818df)
	      && hash64("assay", 5) == UINT64_C(0xdc1b080a24e3f7f8)
	      && hash64("", 0) == UINT64_C(0xac2148d9c5bb8f75),
	      "hash64's values are the ones baselines hold");
}

static void test_escapes(void)
{
	CHECK(escapes_to(esc_text, "a\033[31mb", "a\\x1b[31mb"), "text: ESC is escaped");
	CHECK(escapes_to(esc_text, "x\ny\rz\t", "x\\x0ay\\x0dz\\x09"), "text: newline, CR, tab");
	CHECK(escapes_to(esc_text, "c1\xc2\x9b", "c1\\xc2\\x9b"), "text: C1 CSI is escaped");
	CHECK(escapes_to(esc_text, "größe", "größe"), "text: valid UTF-8 passes");
	CHECK(escapes_to(esc_text, "bad\xff", "bad\\xff"), "text: invalid UTF-8 is escaped");
	CHECK(escapes_to(esc_text, "a\\b\x7f", "a\\\\b\\x7f"), "text: backslash and DEL");
	CHECK(escapes_to(esc_text, "\xed\xa0\x80", "\\xed\\xa0\\x80"), "text: surrogates are invalid");
	CHECK(escapes_to(esc_text, "\xe2\x80\xaegnp.c\xe2\x81\xa6\xd8\x9c\xe2\x80\xa9",
			 "\\u202egnp.c\\u2066\\u061c\\u2029"), "text: reordering characters");
	CHECK(escapes_to(esc_text, "\xe2\x80\x94\xe2\x81\xb0", "\xe2\x80\x94\xe2\x81\xb0"),
	      "text: their neighbours (an em dash, U+2070) pass");
	CHECK(escapes_to(esc_message, "a\\b\n\tc\033\xc2\x9b", "a\\b\\x0a\\x09c\\x1b\\xc2\\x9b"),
	      "message: a backslash kept, newline, tab and controls escaped");
	CHECK(escapes_to(esc_csv_field, "a;=1", "\"a;=1\""), "csv: a ';' is quoted");
	CHECK(escapes_to(esc_csv_field, "a#b.c", "\"a#b.c\"") && escapes_to(esc_csv_field, "#x", "\"#x\""),
	      "csv: a field holding '#' is quoted (a reader's comment character)");
	CHECK(escapes_to(esc_json, "q\"b\\n\n\001", "q\\\"b\\\\n\\n\\u0001"), "json: quotes, controls");
	/* Prometheus has escapes for three characters only: the others that a terminal acts
	 * on, or that reorder text, are written as text ("\x1b" read back as a backslash and
	 * three characters), as the text report writes them. */
	CHECK(escapes_to(esc_prom_label, "q\"b\\\n", "q\\\"b\\\\\\n"), "prom: quote, backslash, newline");
	CHECK(escapes_to(esc_prom_label, "a\033]0;x\007\177\xc2\x9b", "a\\\\x1b]0;x\\\\x07\\\\x7f\\\\xc2\\\\x9b"),
	      "prom: C0, DEL and C1 controls are written as text");
	CHECK(escapes_to(esc_prom_label, "\xe2\x80\xaegnp\xe2\x80\x94", "\\\\u202egnp\xe2\x80\x94"),
	      "prom: a bidi control is written as text, other UTF-8 passes");
	CHECK(escapes_to(esc_prom_label, "bad\xff", "bad\xef\xbf\xbd"), "prom: invalid UTF-8 becomes U+FFFD");
	CHECK(escapes_to(esc_json, "bad\xc3", "bad\\ufffd"), "json: invalid UTF-8 becomes U+FFFD");
	CHECK(escapes_to(esc_json, "ls\xe2\x80\xa8", "ls\\u2028"), "json: U+2028 is escaped");
	CHECK(escapes_to(esc_json, "\xe2\x80\xaegnp.c", "\\u202egnp.c"), "json: U+202E is escaped");
	CHECK(escapes_to(esc_xml, "\xe2\x80\xaegnp.c\xe2\x81\xa6\xe2\x80\x94", "&#x202E;gnp.c&#x2066;\xe2\x80\x94"),
	      "xml: bidirectional controls as references, an em dash as it is");
	/* esc_text_is_plain says yes only where esc_text changes nothing. */
	static const char *const probes[] = { "src/main.c", "a b~", "a\\b", "x\ny", "\x7f",
					       "größe", "\033[0m", "" };
	int agree = 1;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (esc_text_is_plain(probes[i]) && !escapes_to(esc_text, probes[i], probes[i]))
			agree = 0;
	CHECK(agree && esc_text_is_plain("src/main.c") && !esc_text_is_plain("a\\b")
	      && !esc_text_is_plain("\033[0m"), "text: plain means esc_text leaves it as it is");
}

static void test_thresholds(void)
{
	struct thresholds t;
	char err[200];
	thresholds_default(&t);
	CHECK(t.limit[MET_CCN] == 15 && t.limit[MET_COGNITIVE] == 15 && t.limit[MET_NESTING] == 5
	      && t.limit[MET_PARAMS] == 7 && t.limit[MET_NLOC] == 200 && t.limit[MET_LENGTH] == -1,
	      "thresholds: METRICS.md defaults");
	CHECK(thresholds_parse(&t, "cyclomatic_complexity=3", err, sizeof(err)) == 0
	      && t.limit[MET_CCN] == 3, "thresholds: lizard's field name");
	CHECK(thresholds_parse(&t, "nloc=off", err, sizeof(err)) == 0 && t.limit[MET_NLOC] == -1,
	      "thresholds: off");
	CHECK(thresholds_parse(&t, "bogus=3", err, sizeof(err)) == -1 && strstr(err, "bogus"),
	      "thresholds: an unknown metric is named in the error");
	CHECK(thresholds_parse(&t, "ccn=-1", err, sizeof(err)) == -1, "thresholds: negative refused");
	CHECK(thresholds_parse(&t, "ccn", err, sizeof(err)) == -1, "thresholds: no value refused");
	struct unit u;
	memset(&u, 0, sizeof(u));
	thresholds_default(&t);
	u.ccn = 15;
	CHECK(unit_violations(&t, &u) == 0, "thresholds: equal to the limit is not a violation");
	u.ccn = 16;
	u.params = 8;
	CHECK(unit_violations(&t, &u) == ((1u << MET_CCN) | (1u << MET_PARAMS)),
	      "thresholds: greater than the limit violates");
}

/* radon's cc_rank and mi_rank at every boundary, and --max-absolute's cap. */
static void test_ranks(void)
{
	static const struct {
		double ccn;
		char rank;
	} cc[] = { { 0, 'A' }, { 1, 'A' }, { 5, 'A' }, { 5.5, 'B' }, { 6, 'B' }, { 10, 'B' },
		   { 10.5, 'C' }, { 11, 'C' }, { 20, 'C' }, { 21, 'D' }, { 30, 'D' }, { 31, 'E' },
		   { 40, 'E' }, { 40.01, 'F' }, { 41, 'F' }, { 1000, 'F' } };
	int ok = 1;
	for (size_t i = 0; i < sizeof(cc) / sizeof(cc[0]); i++)
		ok &= rank_of_ccn(cc[i].ccn) == cc[i].rank;
	CHECK(ok, "ranks: radon's CCN bands, means between them rank up");
	CHECK(rank_of_mi(100) == 'A' && rank_of_mi(19.01) == 'A' && rank_of_mi(19) == 'B'
	      && rank_of_mi(9.5) == 'B' && rank_of_mi(9) == 'C' && rank_of_mi(0) == 'C',
	      "ranks: radon's MI bands");
	CHECK(rank_parse("b") == 'B' && rank_parse("F") == 'F' && rank_parse("G") == 0
	      && rank_parse("BB") == 0 && rank_parse("") == 0, "ranks: parse a letter A-F");
	struct thresholds t;
	thresholds_default(&t);
	thresholds_cap_rank(&t, 'B');
	CHECK(t.limit[MET_CCN] == 10, "ranks: --max-absolute=B caps CCN 15 at 10");
	thresholds_cap_rank(&t, 'C');
	CHECK(t.limit[MET_CCN] == 10, "ranks: a looser rank leaves a lower limit");
	t.limit[MET_CCN] = -1;
	thresholds_cap_rank(&t, 'E');
	CHECK(t.limit[MET_CCN] == 40, "ranks: an off CCN limit gets the rank's top");
	thresholds_cap_rank(&t, 'F');
	thresholds_cap_rank(&t, 0);
	CHECK(t.limit[MET_CCN] == 40, "ranks: F and no rank cap nothing");
}


/* The worker's allocator: every size class and large blocks keep their bytes, are
 * 16-byte aligned, are reused after a free, and survive realloc in every direction. */
/* What the fake reserve of the core's hook says: freed once, then gone. */
static int hook_calls;
static int fake_reserve(void)
{
	return ++hook_calls == 1;
}

/* util/alloc.c: the first failed allocation releases the reserve, sets the stop flag and
 * wakes the poll, and its retry succeeds; a failure after that exits 4. The core's
 * allocations (a wbuf, core_malloc) ask core_out_of_memory before they fail. */
static void test_out_of_memory(void)
{
	volatile sig_atomic_t stop = 0;
	int fds[2];
	char c;
	CHECK(pipe(fds) == 0, "oom: a wake-up pipe");
	alloc_reserve(&stop, fds[1]);
	alloc_fail_next = 1;
	void *p = xmalloc(100);
	CHECK(p != NULL, "oom: the retry after the reserve is released succeeds");
	CHECK(stop == STOP_OUT_OF_MEMORY, "oom: the run is told to stop");
	CHECK(read(fds[0], &c, 1) == 1, "oom: the poll is woken");
	CHECK(alloc_fail_next == 0, "oom: one failure injected, one consumed");
	free(p);
	CHECK(alloc_out_of_memory() == 0, "oom: the reserve is released only once");
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		alloc_fail_next = 1;
		(void)xmalloc(1);
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4, "oom: a second failure exits 4");
	close(fds[0]);
	close(fds[1]);

	core_out_of_memory = fake_reserve;
	struct wbuf b;
	wbuf_init(&b);
	CHECK(!wbuf_reserve(&b, SIZE_MAX / 2 - 1) && b.failed && hook_calls == 1,
	      "oom: a wbuf that cannot grow asks the hook, retries once, then fails");
	CHECK(!core_malloc(SIZE_MAX / 2) && hook_calls == 2, "oom: core_malloc asks the hook");
	wbuf_free(&b);
	core_out_of_memory = NULL;
}

int main(void)
{
	test_heap();	/* first: its child starts from a heap nothing has used yet */
	test_buf();
	test_buf_strings();
	test_buf_git();
	test_buf_varints();
	test_fds();
	test_deadline();
	test_proto();
	test_proto_hello_file();
	test_proto_error();
	test_proc_send();
	test_proc_send_direct();
	test_request_pipe();
	test_hash_portable();
	test_escapes();
	test_thresholds();
	test_ranks();
	test_out_of_memory();
	return check_summary();
}
