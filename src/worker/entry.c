/*
 * entry.c - the worker's first instructions: its writable pages made present in one call,
 * before the C library relocates them.
 *
 * The worker is linked static-pie (configure.ac): it relocates itself at each start, and
 * its 19 000 relocations are pointers in the grammars' tables (symbol names, the languages'
 * own structures), written into about 50 pages of its writable segment. Each first write
 * to such a page is a page fault that copies it. Where the hypervisor keeps the page
 * tables (this project's machines: 11 us a fault, tests/bench/hostcost) those faults were
 * 0.5 ms of a worker's 3.5 ms start, which a one-file run waits for. One
 * madvise(MADV_POPULATE_WRITE) over the segment makes every page of it present and private
 * at about 1 us a page; the relocation that follows faults no more. On bare metal the
 * faults cost a few microseconds in all, and so does the call.
 *
 * The linker makes assay_worker_entry the program's entry point (WORKER_LDFLAGS: -e) where
 * configure found a static-pie x86-64 Linux worker (WORKER_PREFAULT); elsewhere this file
 * is empty. It runs before the C library's own entry (_start): nothing is relocated, there
 * is no thread pointer (so no stack protector, no errno), no library function may be
 * called. It reads the program headers through __ehdr_start (addressed relative to the
 * instruction pointer, which needs no relocation), makes the system call itself, and
 * jumps to _start with the stack pointer and %rdx (the exit function the kernel passes) as
 * the kernel left them. A kernel without MADV_POPULATE_WRITE (before Linux 5.14) refuses
 * the call, and the pages fault as before.
 */
#include "config.h"

#ifdef WORKER_PREFAULT

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PREFAULT_PAGE ((uintptr_t)4096)	/* the smallest page x86-64 Linux has */

__attribute__((visibility("hidden"))) extern const Elf64_Ehdr __ehdr_start;

void assay_worker_prefault(void) __attribute__((visibility("hidden")));

static long raw_madvise(uintptr_t addr, size_t len, long advice)
{
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(28L /* SYS_madvise */), "D"(addr), "S"(len), "d"(advice)
			 : "rcx", "r11", "memory");
	return ret;
}

/* Each writable loaded segment (the relocated tables, .data, .bss), present at once. */
__attribute__((no_stack_protector, used)) void assay_worker_prefault(void)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	uintptr_t base = (uintptr_t)eh;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_W))
			continue;
		uintptr_t lo = (base + ph[i].p_vaddr) & ~(PREFAULT_PAGE - 1);
		uintptr_t hi = (base + ph[i].p_vaddr + ph[i].p_memsz + PREFAULT_PAGE - 1)
			       & ~(PREFAULT_PAGE - 1);
		(void)raw_madvise(lo, hi - lo, MADV_POPULATE_WRITE);
	}
}

/* The entry: %rsp and %rdx kept in callee-saved registers across the call (the kernel
 * leaves %rsp 16-byte aligned, as a call needs it). */
__asm__(".text\n"
	".globl assay_worker_entry\n"
	".type assay_worker_entry, @function\n"
	"assay_worker_entry:\n"
	"	mov %rsp, %r12\n"
	"	mov %rdx, %r13\n"
	"	and $-16, %rsp\n"
	"	call assay_worker_prefault\n"
	"	mov %r12, %rsp\n"
	"	mov %r13, %rdx\n"
	"	jmp _start\n"
	".size assay_worker_entry, . - assay_worker_entry\n");

#else

/* ISO C wants a translation unit to declare something. */
typedef int worker_entry_unused;

#endif
