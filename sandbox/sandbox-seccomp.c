/*
 * sandbox-seccomp.c - the Linux lock-down: no new privileges, no capabilities (not even
 * in the bounding set), Landlock with every file-system right handled and none granted
 * (where the kernel has it), then a seccomp filter whose default is to kill the process.
 *
 * The allowlist is what a worker needs to compute: read its request pipe (fd 0) and ask
 * how many bytes it holds (ioctl FIONREAD on fd 0, nothing else), write its reply pipe
 * (fd 1) and stderr, manage memory without ever mapping anything
 * executable, take the time, and die (exit, or abort()'s signal dance: tgkill, on the
 * worker's own process only, so that it cannot signal the supervisor or another process
 * of the same user; kill is not allowed at all). The open and stat family answers
 * EACCES so a library probing for a file fails politely instead of killing the worker;
 * the newer calls glibc probes (openat2, clone3, close_range, faccessat2) answer ENOSYS
 * so it falls back. Anything else, including every syscall made through another
 * architecture's entry point (i386 int 0x80, x32 numbers: those match no rule), kills
 * the process; the supervisor sees SIGSYS and reports a sandbox violation.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef HAVE_LINUX_LANDLOCK_H
#include <linux/landlock.h>
#endif

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

/* Capabilities: a worker started by root holds every capability its parent had, and
 * each would survive the rest of the lock-down (CAP_SYS_ADMIN, CAP_KILL, CAP_SYS_PTRACE
 * are checked by the kernel, not by the filter). Raw system calls: the worker links no
 * libcap. The bounding set is emptied first (that needs CAP_SETPCAP, so while it is
 * still held), one capability at a time up to the last one this kernel knows, which
 * PR_CAPBSET_READ finds without opening /proc/sys/kernel/cap_last_cap; then the
 * effective, permitted and inheritable sets are emptied, which empties the ambient set
 * with them. A worker without CAP_SETPCAP (not root) cannot shrink its bounding set;
 * it then has no capability to lose, and no_new_privs keeps exec from granting one.
 * Returns 0, or -1 with the cause in detail. */
static int drop_capabilities(char *detail, size_t detail_len)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct sets[_LINUX_CAPABILITY_U32S_3];
	memset(sets, 0, sizeof(sets));
	if (syscall(SYS_capget, &head, sets) != 0) {
		snprintf(detail, detail_len, "capget: %s", strerror(errno));
		return -1;
	}
	int setpcap = (sets[CAP_TO_INDEX(CAP_SETPCAP)].effective & CAP_TO_MASK(CAP_SETPCAP)) != 0;
	for (int cap = 0; setpcap && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
			snprintf(detail, detail_len, "prctl(PR_CAPBSET_DROP, %d): %s", cap,
				 strerror(errno));
			return -1;
		}
	memset(sets, 0, sizeof(sets));
	if (syscall(SYS_capset, &head, sets) != 0) {
		snprintf(detail, detail_len, "capset: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Landlock: handle every right this kernel knows and grant none. Returns 1 when applied,
 * 0 when the kernel has no Landlock (not an error: seccomp already denies files). */
static int landlock_deny_all(void)
{
#if defined(HAVE_LINUX_LANDLOCK_H) && defined(SYS_landlock_create_ruleset)
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
			       LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1)
		return 0;
	struct landlock_ruleset_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;	/* ABI 1 */
#ifdef LANDLOCK_ACCESS_FS_REFER
	if (abi >= 2)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_REFER;
#endif
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
	if (abi >= 3)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
#endif
	int fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (fd < 0)
		return 0;
	int ok = syscall(SYS_landlock_restrict_self, fd, 0) == 0;
	close(fd);
	return ok;
#else
	return 0;
#endif
}

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
		/* The pid cannot change: the worker never forks. */
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
				      SCMP_CMP((unsigned)r->arg, SCMP_CMP_EQ, (scmp_datum_t)getpid()));
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

/* Builds and loads the filter; libseccomp returns negative errno values, not -1. */
static int seccomp_lock(char *err, size_t errlen)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx) {
		snprintf(err, errlen, "seccomp_init failed");
		return -1;
	}
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	for (size_t i = 0; rc == 0 && i < sizeof(rules) / sizeof(rules[0]); i++) {
		int nr = seccomp_syscall_resolve_name(rules[i].name);
		if (nr == __NR_SCMP_ERROR || nr < 0)
			continue;	/* not a syscall on this architecture (open on arm64) */
		rc = add_rule(ctx, &rules[i], nr);
		if (rc < 0)
			snprintf(err, errlen, "seccomp rule for %s: %s", rules[i].name, strerror(-rc));
	}
	if (rc == 0) {
		rc = seccomp_load(ctx);
		if (rc < 0)
			snprintf(err, errlen, "seccomp_load: %s", strerror(-rc));
	}
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

enum sandbox_level sandbox_lock(char *detail, size_t detail_len)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(detail, detail_len, "prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
		return SANDBOX_LEVEL_RLIMIT;
	}
	if (drop_capabilities(detail, detail_len) < 0)
		return SANDBOX_LEVEL_RLIMIT;
	/* Landlock's ruleset needs a descriptor: before the limit drops to the three kept. */
	int landlock = landlock_deny_all();
	if (sandbox_drop_descriptors(detail, detail_len) < 0)
		return SANDBOX_LEVEL_RLIMIT;
	char err[160] = "";
	if (seccomp_lock(err, sizeof(err)) < 0) {
		snprintf(detail, detail_len, "seccomp unavailable (%s)%s", err,
			 landlock ? "; landlock applied" : "");
		return SANDBOX_LEVEL_RLIMIT;
	}
	snprintf(detail, detail_len, "seccomp%s", landlock ? "+landlock" : "");
	return SANDBOX_LEVEL_FULL;
}
