# workerstart.sh - a worker's start costs what the one-file run waits for: where configure
# made the worker's own entry point (WORKER_PREFAULT: static-pie on x86-64 Linux,
# src/worker/entry.c), its writable segment is made present in one call, and relocating
# the grammars' tables then takes no page fault per page. Checked by the faults a worker
# takes from its exec to its exit against the pages its relocations write, counted here
# from its own .relr.dyn.
. "$(dirname "$0")/lib.shinc"

if ! grep -q '^#define WORKER_PREFAULT 1' "$BUILD/config.h"; then
	echo "# this build's worker has no entry of its own (not static-pie on x86-64 Linux): not checked"
	exit 0
fi
worker="$BUILD/assay-worker"

entry=$(readelf -hW "$worker" | sed -n 's/^ *Entry point address: *0x0*//p')
symbol=$(nm "$worker" | sed -n 's/^0*\([0-9a-f]*\) T assay_worker_entry$/\1/p')
check "the worker starts at assay_worker_entry (0x$entry)" test -n "$entry" -a "$entry" = "$symbol"

# A worker given no file says HELLO and ends: it started, and it still works (the entry
# handed _start the stack and %rdx as the kernel left them).
check "a worker started at that entry says HELLO and exits 0" \
	sh -c "'$worker' --sandbox=auto </dev/null | grep -q 'seccomp\|rlimit\|landlock\|none'"

# faults: "RELOCATED FAULTED" for the worker: the distinct pages .relr.dyn writes, and the
# page faults one start takes (exec to exit, stdin empty), counted by the kernel's
# software event as perf counts them (rusage's minor faults also count the pages the
# entry's call makes present). "none WHY" when one of them cannot be had here.
faults() {
	python3 - "$worker" <<'PY'
import ctypes, mmap, os, struct, sys
path = sys.argv[1]
try:
    m = mmap.mmap(-1, 4096)
    m.madvise(23)   # MADV_POPULATE_WRITE
except OSError:
    print("none this kernel has no MADV_POPULATE_WRITE (Linux 5.14)"); sys.exit(0)
data = open(path, "rb").read()
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
pages = set()
for i in range(shnum):
    off = shoff + i * shentsize
    sh_type, = struct.unpack_from("<I", data, off + 4)
    if sh_type != 19:   # SHT_RELR
        continue
    sh_offset, sh_size = struct.unpack_from("<QQ", data, off + 0x18)
    base = 0
    for j in range(0, sh_size, 8):
        e, = struct.unpack_from("<Q", data, sh_offset + j)
        if e & 1 == 0:
            pages.add(e >> 12); base = e + 8
        else:
            bits, k = e >> 1, 0
            while bits:
                if bits & 1:
                    pages.add((base + 8 * k) >> 12)
                bits >>= 1; k += 1
            base += 63 * 8
# The child waits on a pipe until the counter is attached, then execs the worker; the
# counter (PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS) starts at that exec.
libc = ctypes.CDLL(None, use_errno=True)
attr = bytearray(64)
struct.pack_into("<IIQ", attr, 0, 1, 64, 2)
struct.pack_into("<Q", attr, 40, (1 << 0) | (1 << 12))   # disabled, enable_on_exec
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(w); os.read(r, 1)
    fd = os.open(os.devnull, os.O_RDWR)
    os.dup2(fd, 0); os.dup2(fd, 1)
    os.execve(path, [path, "--sandbox=auto"], {})
os.close(r)
buf = (ctypes.c_char * 64).from_buffer(attr)
fd = libc.syscall(298, buf, pid, -1, -1, 0)   # perf_event_open, x86-64
os.write(w, b"x"); os.close(w)
_, status = os.waitpid(pid, 0)
if fd < 0:
    print("none perf_event_open: %s" % os.strerror(ctypes.get_errno())); sys.exit(0)
count, = struct.unpack("<Q", os.read(fd, 8))
print(len(pages), count if status == 0 else -1)
PY
}
set -- $(faults)
if [ "${1:-}" = none ]; then
	shift
	echo "# $*: the faults are not checked"
else
	relocated=${1:-0} faulted=${2:--1}
	echo "# the worker's relocations write $relocated pages; a start took $faulted page faults"
	check "the worker's relocations write pages (.relr.dyn read)" test "$relocated" -gt 20
	check "a worker's start faults fewer pages than its relocations write" \
		test "$faulted" -ge 0 -a "$faulted" -lt "$relocated"
fi
