# sandbox.sh - what each --sandbox mode does when the platform lock-down is there and when
# it is not (a worker built without it stands in), and the filter refusing other
# architectures' system call entry points.
. "$(dirname "$0")/lib.shinc"

cd "$FIXTURES" || exit 1
mkdir -p "$TMP/weak"
cp "$ASSAY" "$TMP/weak/assay"
cp "$BUILD/assay-worker-nosandbox" "$TMP/weak/assay-worker"
W="$TMP/weak/assay"
strict_args="-C 1000 --cognitive 1000 --nesting 100"

# shellcheck disable=SC2086
expect_status "strict refuses a worker without the full sandbox" 4 "$W" --no-cache --sandbox=strict $strict_args c
check "strict says why" grep -q 'could not apply the full sandbox' "$TMP/err"
check "strict analyzed nothing" sh -c "! grep -q ' files analyzed (1' '$TMP/out'"
# shellcheck disable=SC2086
expect_status "auto runs with resource limits only" 0 "$W" --no-cache --sandbox=auto $strict_args c
check "auto warns about the weaker sandbox" grep -q 'warning: workers ran with resource limits only' "$TMP/err"
check "the text summary states the level" grep -q '^  sandbox: rlimit-only' "$TMP/out"
"$W" --no-cache --sandbox=auto -f json c >"$TMP/weak.json" 2>/dev/null
check "the JSON report states the level" grep -q '"level":"rlimit-only"' "$TMP/weak.json"
"$ASSAY" --no-cache --sandbox=off -f json c >"$TMP/off.json" 2>/dev/null
check "--sandbox=off is stated in the JSON report" grep -q '"mode":"off","backend":"[a-z]*","level":"off"' "$TMP/off.json"
"$ASSAY" --no-cache --sandbox=off c >"$TMP/off.txt" 2>/dev/null
check "--sandbox=off is stated in the text summary" grep -q '^  sandbox: off (--sandbox=off)' "$TMP/off.txt"
mkdir -p "$TMP/xdg/assay" && printf '[sandbox]\n\tmode = off\n' >"$TMP/xdg/assay/config"
XDG_CONFIG_HOME="$TMP/xdg" "$ASSAY" --no-cache c >"$TMP/off-user.txt" 2>/dev/null
check "off from the user's file: the text summary names the file and line, not --sandbox=off" \
	grep -q "^  sandbox: off ($TMP/xdg/assay/config:2)" "$TMP/off-user.txt"

if "$ASSAY" version | grep -q '^sandbox level: full'; then
	"$ASSAY" --no-cache -f json c >"$TMP/full.json" 2>/dev/null
	check "the full level is stated in the JSON report" grep -q '"level":"full"' "$TMP/full.json"
	T=$(test_install)
	tree="$TMP/arch"
	mkdir -p "$tree"
	printf 'int ok(void) { return 0; }\n' >"$tree/ok.c"
	for arch in I386 X32; do
		printf '/* ASSAY-TEST-%s */\nint f(void) { return 0; }\n' "$arch" >"$tree/$arch.c"
	done
	"$T" -j1 -f json "$tree" >"$TMP/arch.json" 2>"$TMP/arch.err"
	# A kernel built or booted without IA-32 emulation (ia32_emulation=0) refuses
	# `int 0x80` itself, with SIGSEGV, before any system call table is reached; the
	# unsandboxed test worker shows which kernel this is (with emulation, the call
	# returns and the trigger raises SIGUSR1).
	"$T" -j1 -f json --sandbox=off "$tree/I386.c" >"$TMP/arch-off.json" 2>/dev/null
	i386_want="sandbox violation (SIGSYS)"
	grep -q '"reason":"crashed (SIGSEGV)"' "$TMP/arch-off.json" && i386_want="crashed (SIGSEGV)"
	for arch in I386 X32; do
		want="sandbox violation (SIGSYS)"
		[ "$arch" = I386 ] && want=$i386_want
		check "a $arch system call ends as: $want" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
f = [f for f in r["files"] if f["path"].endswith(sys.argv[2] + ".c")][0]
sys.exit(0 if f["reason"] == sys.argv[3] else 1)' "$TMP/arch.json" "$arch" "$want"
	done
	check "a sandbox violation is reported as a security event" \
		grep -q 'error: .*X32.c: security: the worker analyzing this file was killed by the sandbox.*\[sandbox.violation\]' "$TMP/arch.err"

	# Signals: tgkill only on the worker's own process (abort() needs that much), kill
	# not at all. A worker that signals the supervisor is a sandbox violation.
	sig="$TMP/signals"
	mkdir -p "$sig"
	for m in TGKILL KILL ABORT; do
		printf '/* ASSAY-TEST-%s */\nint f(void) { return 0; }\n' "$m" >"$sig/$m.c"
	done
	"$T" -j1 -f json "$sig" >"$TMP/signals.json" 2>/dev/null
	reason_of() {
		python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print([f["reason"] for f in r["files"] if f["path"].endswith(sys.argv[2])][0])' \
			"$TMP/signals.json" "$1"
	}
	got=$(reason_of TGKILL.c)
	check "tgkill on the supervisor is a sandbox violation (got $got)" \
		test "$got" = "sandbox violation (SIGSYS)"
	got=$(reason_of KILL.c)
	check "kill on the supervisor is a sandbox violation (got $got)" \
		test "$got" = "sandbox violation (SIGSYS)"
	got=$(reason_of ABORT.c)
	check "abort() still ends as a crash (got $got)" test "$got" = "crashed (SIGABRT)"
fi

# A worker that never starts: exit 4, unless --allow-unsandboxed asks for the in-process
# fallback (never under strict), which every report then states.
mkdir -p "$TMP/broken"
cp "$ASSAY" "$TMP/broken/assay"
printf '#!/bin/sh\nexit 1\n' >"$TMP/broken/assay-worker"
chmod +x "$TMP/broken/assay-worker"
with_core "$TMP/broken"
B="$TMP/broken/assay"
# shellcheck disable=SC2086
expect_status "no worker can start: exit 4" 4 "$B" --no-cache $strict_args c
check "no worker can start: the cause is named, with the worker's path and status" \
	grep -q "analysis could not run: the worker did not start ($TMP/broken/assay-worker exited with status 1 before it was ready)" "$TMP/err"
check "no worker can start: the fallback is offered" grep -q 'allow-unsandboxed would analyze in-process' "$TMP/err"
# A worker that answers garbage is stopped by assay: the message says so, not that a
# signal killed it.
mkdir -p "$TMP/garbled"
cp "$ASSAY" "$TMP/garbled/assay"
printf '#!/bin/sh\nprintf "GARBAGE GARBAGE GARBAGE GARBAGE"\nsleep 5\n' >"$TMP/garbled/assay-worker"
chmod +x "$TMP/garbled/assay-worker"
with_core "$TMP/garbled"
# shellcheck disable=SC2086
expect_status "a worker that answers garbage: exit 4" 4 "$TMP/garbled/assay" --no-cache $strict_args c
check "... the message says assay stopped it, and why" grep -q \
	"the worker did not start ($TMP/garbled/assay-worker: its first reply was no HELLO assay reads; assay stopped it)" \
	"$TMP/err"
check "no worker can start: the summary says the sandbox was unavailable, not unneeded" \
	grep -q '^  sandbox: unavailable (the worker did not start' "$TMP/out"
# shellcheck disable=SC2086
expect_status "--allow-unsandboxed analyzes in-process" 0 "$B" --no-cache --allow-unsandboxed $strict_args c
check "--allow-unsandboxed warns loudly" grep -q 'WITHOUT any sandbox' "$TMP/err"
check "the text summary says in-process" grep -q '^  sandbox: off (in-process, --allow-unsandboxed)' "$TMP/out"
check "the in-process results are the workers' results" sh -c "
	'$B' --no-cache --allow-unsandboxed -f json c 2>/dev/null | sed -e 's/\"sandbox\":{[^}]*}//' -e 's/\"workers\":{[^}]*}//' -e 's/\"run_id\":\"[0-9a-f]*\"//' >'$TMP/inproc.json'
	'$ASSAY' --no-cache -f json c 2>/dev/null | sed -e 's/\"sandbox\":{[^}]*}//' -e 's/\"workers\":{[^}]*}//' -e 's/\"run_id\":\"[0-9a-f]*\"//' >'$TMP/worker.json'
	cmp -s '$TMP/inproc.json' '$TMP/worker.json'"
# shellcheck disable=SC2086
expect_status "--allow-unsandboxed never applies under strict" 4 "$B" --no-cache --sandbox=strict --allow-unsandboxed $strict_args c
