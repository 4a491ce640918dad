/*
 * seccomp-gen.c - writes the worker's seccomp filter as a C header, at build time.
 *
 * The worker used to build its filter with libseccomp at every start: about 0.6 ms of a
 * 5 ms start (and a library to load) for a program that is the same every time but for
 * one number, the worker's own pid (tgkill may signal only it). This program builds the
 * same filter with libseccomp once, with a sentinel in place of the pid, and prints the
 * BPF program and the index of the one instruction that compares with the sentinel;
 * sandbox-seccomp.c loads a copy with its pid written there. libseccomp stays what turns
 * the rules into BPF (its architecture checks included); it is no longer in the worker.
 *
 * The rules: what a worker needs to compute. Read its request pipe (fd 0) and ask how
 * many bytes it holds (ioctl FIONREAD on fd 0, nothing else), write its reply pipe
 * (fd 1) and stderr, manage memory without ever mapping anything executable, take the
 * time, and die (exit, or abort()'s signal dance: tgkill, on the worker's own process
 * only, so that it cannot signal the supervisor or another process of the same user;
 * kill is not allowed at all). The open and stat family answers EACCES so a library
 * probing for a file fails politely instead of killing the worker; the newer calls
 * glibc probes (openat2, clone3, close_range, faccessat2) answer ENOSYS so it falls
 * back. Anything else, including every system call made through another architecture's
 * entry point (i386 int 0x80, x32 numbers: those match no rule), kills the process; the
 * supervisor sees SIGSYS and reports a sandbox violation.
 *
 * Usage: seccomp-gen > sandbox/seccomp-filter.h. Exits 1, printing why, when libseccomp
 * fails or the program it built does not hold the sentinel exactly once.
 */
#include <errno.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

/* Where the pid goes: no pid (at most 2^22 on Linux), no system call number, argument
 * or action value in the rules. */
#define SECCOMP_PID_SENTINEL 0x7eadbeefu

enum rule_kind {
	ALLOW, ALLOW_FD, ALLOW_NO_EXEC, ALLOW_SELF, ALLOW_READ_SIZE, FAIL_EACCES, FAIL_ENOSYS
};

struct rule {
	const char *name;
	enum rule_kind kind;
	int arg;	/* ALLOW_FD: the only fds allowed (bit mask); ALLOW_NO_EXEC: prot arg;
			   ALLOW_SELF: the argument that must be the worker's own pid */
};

static const struct rule rules[] = {
	{ "read", ALLOW_FD, 1 << 0 },
	{ "write", ALLOW_FD, (1 << 1) | (1 << 2) },
	{ "ioctl", ALLOW_READ_SIZE, 0 },
	{ "close", ALLOW, 0 },
	{ "exit", ALLOW, 0 },
	{ "exit_group", ALLOW, 0 },
	{ "brk", ALLOW, 0 },
	{ "mmap", ALLOW_NO_EXEC, 2 },
	{ "mprotect", ALLOW_NO_EXEC, 2 },
	{ "munmap", ALLOW, 0 },
	{ "mremap", ALLOW, 0 },
	{ "madvise", ALLOW, 0 },
	{ "futex", ALLOW, 0 },
	{ "clock_gettime", ALLOW, 0 },
	{ "clock_getres", ALLOW, 0 },
	{ "gettimeofday", ALLOW, 0 },
	{ "getrandom", ALLOW, 0 },
	{ "rt_sigreturn", ALLOW, 0 },
	{ "rt_sigprocmask", ALLOW, 0 },
	{ "rt_sigaction", ALLOW, 0 },
	{ "getpid", ALLOW, 0 },
	{ "gettid", ALLOW, 0 },
	{ "tgkill", ALLOW_SELF, 0 },
	{ "open", FAIL_EACCES, 0 },
	{ "openat", FAIL_EACCES, 0 },
	{ "creat", FAIL_EACCES, 0 },
	{ "stat", FAIL_EACCES, 0 },
	{ "lstat", FAIL_EACCES, 0 },
	{ "fstat", FAIL_EACCES, 0 },
	{ "newfstatat", FAIL_EACCES, 0 },
	{ "statx", FAIL_EACCES, 0 },
	{ "access", FAIL_EACCES, 0 },
	{ "faccessat", FAIL_EACCES, 0 },
	{ "readlink", FAIL_EACCES, 0 },
	{ "readlinkat", FAIL_EACCES, 0 },
	{ "openat2", FAIL_ENOSYS, 0 },
	{ "clone3", FAIL_ENOSYS, 0 },
	{ "close_range", FAIL_ENOSYS, 0 },
	{ "faccessat2", FAIL_ENOSYS, 0 },
};

static int add_rule(scmp_filter_ctx ctx, const struct rule *r, int nr)
{
	int rc = 0;
	switch (r->kind) {
	case ALLOW:
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		break;
	case ALLOW_FD:
		for (int fd = 0; fd < 3 && rc == 0; fd++)
			if (r->arg & (1 << fd))
				rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
						      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));
		break;
	case ALLOW_SELF:
		/* The worker writes its pid over the sentinel; it cannot change: the worker
		 * never forks. */
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
				      SCMP_CMP((unsigned)r->arg, SCMP_CMP_EQ,
					       (scmp_datum_t)SECCOMP_PID_SENTINEL));
		break;
	case ALLOW_READ_SIZE:
		/* ioctl(0, FIONREAD) only: how many request bytes wait (worker/input.c). */
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 2, SCMP_A0(SCMP_CMP_EQ, 0),
				      SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)FIONREAD));
		break;
	case ALLOW_NO_EXEC:
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
				      SCMP_CMP((unsigned)r->arg, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		break;
	case FAIL_EACCES:
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), nr, 0);
		break;
	case FAIL_ENOSYS:
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
		break;
	}
	return rc;
}

/* The filter, built; NULL after printing why. libseccomp returns negative errno values.
 * API level 3 (kernel 4.14: SECCOMP_RET_KILL_PROCESS) is set rather than probed from the
 * build machine's kernel, so that the program does not depend on where it was built. */
static scmp_filter_ctx build(void)
{
	int rc = seccomp_api_set(3);
	scmp_filter_ctx ctx = rc == 0 ? seccomp_init(SCMP_ACT_KILL_PROCESS) : NULL;
	if (!ctx) {
		fprintf(stderr, "seccomp-gen: seccomp_init failed\n");
		return NULL;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	for (size_t i = 0; rc == 0 && i < sizeof(rules) / sizeof(rules[0]); i++) {
		int nr = seccomp_syscall_resolve_name(rules[i].name);
		if (nr == __NR_SCMP_ERROR || nr < 0)
			continue;	/* not a system call on this architecture (open on arm64) */
		rc = add_rule(ctx, &rules[i], nr);
		if (rc < 0)
			fprintf(stderr, "seccomp-gen: rule for %s: %s\n", rules[i].name, strerror(-rc));
	}
	if (rc < 0) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

/* The BPF program of ctx read back from a temporary file; its length in instructions, or
 * 0 after printing why. */
static size_t export(scmp_filter_ctx ctx, struct sock_filter *prog, size_t max)
{
	FILE *tmp = tmpfile();
	int rc = tmp ? seccomp_export_bpf(ctx, fileno(tmp)) : -errno;
	if (rc < 0) {
		fprintf(stderr, "seccomp-gen: seccomp_export_bpf: %s\n", strerror(-rc));
		if (tmp)
			fclose(tmp);
		return 0;
	}
	rewind(tmp);
	size_t n = fread(prog, sizeof(*prog), max, tmp);
	int more = fgetc(tmp) != EOF;
	fclose(tmp);
	if (n == 0 || more) {
		fprintf(stderr, "seccomp-gen: the program is empty or over %zu instructions\n", max);
		return 0;
	}
	return n;
}

/* The index of the one comparison with the sentinel; -1 after printing why. */
static long find_sentinel(const struct sock_filter *prog, size_t n)
{
	long at = -1;
	for (size_t i = 0; i < n; i++) {
		if (prog[i].k != SECCOMP_PID_SENTINEL)
			continue;
		if (at >= 0 || prog[i].code != (BPF_JMP | BPF_JEQ | BPF_K)) {
			fprintf(stderr, "seccomp-gen: the pid sentinel is not one comparison\n");
			return -1;
		}
		at = (long)i;
	}
	if (at < 0)
		fprintf(stderr, "seccomp-gen: the program does not compare with the pid\n");
	return at;
}

int main(void)
{
	static struct sock_filter prog[4096];
	scmp_filter_ctx ctx = build();
	size_t n = ctx ? export(ctx, prog, sizeof(prog) / sizeof(prog[0])) : 0;
	if (ctx)
		seccomp_release(ctx);
	long pid_at = n ? find_sentinel(prog, n) : -1;
	if (pid_at < 0)
		return 1;
	printf("/* Generated by sandbox/seccomp-gen (its rule table, libseccomp): do not edit. */\n"
	       "#define SECCOMP_FILTER_PID_AT %ld\n#define SECCOMP_FILTER_PID_SENTINEL 0x%08xu\n"
	       "static const struct sock_filter filter_program[%zu] = {\n", pid_at,
	       SECCOMP_PID_SENTINEL, n);
	for (size_t i = 0; i < n; i++)
		printf("\t{ 0x%04x, %u, %u, 0x%08lxu },\n", prog[i].code, prog[i].jt, prog[i].jf,
		       (unsigned long)prog[i].k);
	printf("};\n");
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
