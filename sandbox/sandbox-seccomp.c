/*
 * sandbox-seccomp.c - the Linux lock-down: no new privileges, no capabilities (not even
 * in the bounding set), Landlock with every file-system right handled and none granted
 * (where the kernel has it), then a seccomp filter whose default is to kill the process.
 *
 * The filter is the BPF program libseccomp built at build time from seccomp-gen.c's rule
 * table (which says what it allows and why): sandbox/seccomp-filter.h, with a sentinel
 * where the worker's own pid goes. Loading a copy with the pid written in costs a system
 * call; building it here cost about 0.6 ms of every worker's start.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef HAVE_LINUX_LANDLOCK_H
#include <linux/landlock.h>
#endif

#include "sandbox/seccomp-filter.h"

/* Capabilities: a worker started by root holds every capability its parent had, and
 * each would survive the rest of the lock-down (CAP_SYS_ADMIN, CAP_KILL, CAP_SYS_PTRACE
 * are checked by the kernel, not by the filter). Raw system calls: the worker links no
 * libcap. The bounding set is emptied first (that needs CAP_SETPCAP, so while it is
 * still held), one capability at a time up to the last one this kernel knows (the
 * first that PR_CAPBSET_DROP calls invalid: no /proc/sys/kernel/cap_last_cap to open,
 * and one system call per capability, not a read and a drop each); then the
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
	for (int cap = 0; setpcap; cap++) {
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
			continue;
		if (errno == EINVAL && cap > 0)
			break;	/* past the last capability this kernel knows */
		snprintf(detail, detail_len, "prctl(PR_CAPBSET_DROP, %d): %s", cap, strerror(errno));
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

/* Loads the filter with the worker's pid written over the sentinel (tgkill may signal
 * only the worker itself; the pid cannot change: the worker never forks). */
static int load_filter(char *err, size_t errlen)
{
	struct sock_filter prog[sizeof(filter_program) / sizeof(filter_program[0])];
	_Static_assert(SECCOMP_FILTER_PID_AT < sizeof(prog) / sizeof(prog[0]), "pid slot");
	memcpy(prog, filter_program, sizeof(prog));
	prog[SECCOMP_FILTER_PID_AT].k = (uint32_t)getpid();
	struct sock_fprog fprog = { (unsigned short)(sizeof(prog) / sizeof(prog[0])), prog };
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0) {
		snprintf(err, errlen, "prctl(PR_SET_SECCOMP): %s", strerror(errno));
		return -1;
	}
	return 0;
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
	if (load_filter(err, sizeof(err)) < 0) {
		snprintf(detail, detail_len, "seccomp unavailable (%s)%s", err,
			 landlock ? "; landlock applied" : "");
		return SANDBOX_LEVEL_RLIMIT;
	}
	snprintf(detail, detail_len, "seccomp%s", landlock ? "+landlock" : "");
	return SANDBOX_LEVEL_FULL;
}
