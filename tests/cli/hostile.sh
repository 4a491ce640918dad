# hostile.sh - a tree built to hurt: links out of the tree, a loop, a FIFO, a device,
# huge and binary files, deep nesting, invalid UTF-8, names with newlines and terminal
# escapes. assay must finish, report each with its reason, and print no raw control
# character.
. "$(dirname "$0")/lib.shinc"

t="$TMP/hostile"
mkdir -p "$t/sub" "$t/outside"
ln -s /etc/passwd "$t/passwd.c"
ln -s /etc "$t/etc-link"
ln -s loop-b "$t/loop-a.c"
ln -s loop-a.c "$t/loop-b"
ln -s /dev/zero "$t/zero.c"
mkfifo "$t/fifo.c"
printf 'int ok(void) { return 0; }\n' >"$t/sub/fine.c"
printf 'int a(void) {\0 return 1; }\n' >"$t/nul.c"
printf 'int caf\351(void) { return "\377\376"[0]; }\n' >"$t/latin1.c"
truncate -s 200M "$t/huge.js"	# 200 MB, sparse
python3 - "$t" <<'PY'
import sys, os
t = sys.argv[1]
n = 100000
def lines(s, width=60):	# short lines, so the nesting is not mistaken for minified code
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))
open(os.path.join(t, "deep.c"), "w").write("int f(void) { return " + lines("(" * n + "1" + ")" * n) + "; }\n")
open(os.path.join(t, "deep.py"), "w").write("x = " + lines("[" * n) + lines("]" * n) + "\n")
open(os.path.join(t, "deep.js"), "w").write("f(" + lines("{a:" * n + "1" + "}" * n) + ");\n")
open(os.path.join(t, "deep.rs"), "w").write("fn f() { " + lines("{" * n + "}" * n) + " }\n")
open(os.path.join(t, "minified.js"), "w").write("var a=1;" * 700000 + "\n")
# 100 000 nested ifs: a cognitive complexity of 5e9, past 32 bits.
open(os.path.join(t, "ifs.c"), "w").write("int g(int a) {\n" + "if (a)\n" * n + "return 1; return 0; }\n")
# Names an attacker chooses: a newline, an escape sequence, a C1 CSI.
open(os.path.join(t, "evil\nname.c"), "w").write("int x(void) { return 0; }\n")
open(os.path.join(t, "esc\033[31mred\033]0;title\007.c"), "w").write(
    "int \u00e9l\u00e8ve(int a) { if (a) { if (a > 1) { if (a > 2) return 3; } } return 0; }\n")
open(os.path.join(t, "c1\u009b31m.c"), "w").write("int y(void) { return 0; }\n")
PY

"$ASSAY" -j2 -C 0 --timeout=20 "$t" >"$TMP/text" 2>"$TMP/err"
status=$?
check "a hostile tree finishes (exit 1: violations)" test "$status" -eq 1
"$ASSAY" -j2 -f json --timeout=20 "$t" >"$TMP/json" 2>/dev/null
"$ASSAY" -j2 -w -C 1 --timeout=20 "$t" >"$TMP/warn" 2>/dev/null
check "the JSON report is valid" python3 -m json.tool "$TMP/json" /dev/null

reason() {
	python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
for f in r["files"]:
    if f["path"].endswith(sys.argv[2]):
        print(f["status"] + ": " + (f["reason"] or "")); break
else: print("MISSING")' "$TMP/json" "$1"
}
check "link to /etc/passwd is skipped" test "$(reason passwd.c)" = "skipped: symbolic link (not followed)"
check "link to a directory outside is skipped" test "$(reason etc-link)" = "skipped: symbolic link (not followed)"
check "a link loop is skipped" test "$(reason loop-a.c)" = "skipped: symbolic link (not followed)"
check "link to /dev/zero is skipped" test "$(reason zero.c)" = "skipped: symbolic link (not followed)"
check "a FIFO is skipped, not read" test "$(reason fifo.c)" = "skipped: not a regular file"
case "$(reason huge.js)" in
"skipped: too large"*) ok "a huge file is skipped as too large" ;;
*) not_ok "a huge file is skipped as too large: $(reason huge.js)" ;;
esac
check "NUL bytes: binary" test "$(reason nul.c)" = "skipped: binary"
check "a minified file is skipped" test "$(reason minified.js)" = "skipped: minified"
case "$(reason latin1.c)" in
ok:*|partial:*) ok "invalid UTF-8 is analyzed" ;;
*) not_ok "invalid UTF-8 is analyzed: $(reason latin1.c)" ;;
esac
check "the good file is measured" test "$(reason sub/fine.c)" = "ok: "
for f in deep.c deep.py deep.js deep.rs; do
	r=$(reason "$f")
	case "$r" in
	ok:*|partial:*|fallback:*) ok "100 000-deep nesting is analyzed ($f: $r)" ;;
	*) not_ok "100 000-deep nesting is analyzed ($f: $r)" ;;
	esac
done

check "a cognitive complexity past 2^32 stays at its most, never wraps to a small one" \
	python3 -c 'import json, sys
u = [u for f in json.load(open(sys.argv[1]))["files"] if f["path"].endswith("ifs.c") for u in f["units"]]
sys.exit(not (len(u) == 1 and u[0]["cognitive"] == 4294967295 and u[0]["ccn"] == 100001))' "$TMP/json"

ctl=$(printf '[\001-\010\013-\037\177]')
check "no raw control character in the text report" sh -c "! LC_ALL=C grep -q '$ctl' '$TMP/text'"
check "no raw control character in warnings" sh -c "! LC_ALL=C grep -q '$ctl' '$TMP/warn'"
check "no raw C1 control in the text report" sh -c "! grep -q \"$(printf '\302\233')\" '$TMP/text'"
check "no raw C1 control in the JSON report" sh -c "! grep -q \"$(printf '\302\233')\" '$TMP/json'"
check "... it is escaped as \\u009b" grep -q 'c1\\u009b31m.c' "$TMP/json"
c1dir=$(printf 'c1\302\23331m')	# an event naming it: a directory git ignores, named
git init -q "$TMP/c1repo"
printf '*\n' >"$TMP/c1repo/.gitignore"
mkdir "$TMP/c1repo/$c1dir"
(cd "$TMP/c1repo" && "$ASSAY" --no-cache --log-format=json "$c1dir") >/dev/null 2>"$TMP/log.json"
check "no raw C1 control in JSON log lines" sh -c "grep -q 'c1.u009b31m' '$TMP/log.json' && ! grep -q \"$(printf '\302\233')\" '$TMP/log.json'"
check "a newline in a name is escaped" grep -q 'evil\\x0aname.c' "$TMP/text"
check "an escape sequence in a name is escaped" grep -q 'esc\\x1b\[31mred' "$TMP/text"
check "a newline in a name is escaped in JSON" grep -q 'evil\\nname.c' "$TMP/json"
check "every warning is one line" test "$(grep -c ': warning: ' "$TMP/warn")" -eq "$(wc -l <"$TMP/warn")"

# Names that deceive rather than control: a right-to-left override shows "\u202egnp.c" as
# "c.png" (Trojan Source), a `;` splits a CSV field where `;` is the separator and leaves
# a formula; a name in an error message, a quote in a command to paste.
mkdir -p "$TMP/deceive" && cd "$TMP/deceive" || exit 1
rlo=$(printf '\342\200\256')
body='int f(int a) { if (a) return 1; return 0; }'
printf '%s\n' "$body" >"${rlo}gnp.c"
printf '%s\n' "$body" >'a;=1+1.c'
"$ASSAY" --no-cache -C 1 . >"$TMP/dec.txt" 2>&1
check "a bidirectional override in a name is written as \\u202e in text" sh -c \
	"grep -q '\\\\u202egnp.c' '$TMP/dec.txt' && ! grep -q '$rlo' '$TMP/dec.txt'"
"$ASSAY" --no-cache -f csv . >"$TMP/dec.csv" 2>/dev/null
check "a CSV field holding ';' is quoted" grep -q '^"\./a;=1+1\.c",\|^"a;=1+1\.c",' "$TMP/dec.csv"
"$ASSAY" --no-cache "nope$(printf '\033')[31m${rlo}x.c" >/dev/null 2>"$TMP/dec.err"
check "an error message names a path with its controls escaped" sh -c \
	"grep -q 'nope\\\\x1b\\[31m\\\\u202ex.c: No such file' '$TMP/dec.err' && ! grep -q '$rlo' '$TMP/dec.err'"
git_repo "$TMP/deceive-git"
printf 'int f(int a) { if (a) return 1; return 0; }\n' >"it's \$(id).c"
git add . && "$ASSAY" precommit -C 1 >"$TMP/dec.out" 2>&1
check "precommit's command to paste is one shell word" \
	grep -q "assay explain --staged 'it'\\\\''s \\\$(id).c:f'\`" "$TMP/dec.out"
git rm -q --cached -- "it's \$(id).c"
printf 'int f(int a) { if (a) return 1; return 0; }\n' >'-x\y.c'
git add -- '-x\y.c' && "$ASSAY" precommit -C 1 >"$TMP/dec2.out" 2>&1
check "... a path starting with '-' gets ./, a backslash stays one" \
	grep -q "assay explain --staged './-x\\\\y.c:f'\`" "$TMP/dec2.out"
git rm -q --cached -- '-x\y.c'
printf 'int f(int a) { if (a) return 1; return 0; }\n' >"$(printf 'tab\tb.c')"
git add -- "$(printf 'tab\tb.c')" && "$ASSAY" precommit -C 1 >"$TMP/dec3.out" 2>&1
check "... one with a control byte as \$'...', exact to paste, nothing raw" sh -c \
	"grep -q \"assay explain --staged \\\$'tab\\\\\\\\x09b.c:f'\" '$TMP/dec3.out' && ! grep -q \"$(printf '\t')b.c\" '$TMP/dec3.out'"
git rm -q --cached -- "$(printf 'tab\tb.c')"
git add -- "it's \$(id).c"
"$ASSAY" precommit --strict -C 1 >"$TMP/dec.out" 2>&1
check "... under --strict it offers no excuse strict mode refuses" sh -c \
	"grep -q 'split it' '$TMP/dec.out' && ! grep -q 'excuse it\|baseline write' '$TMP/dec.out'"
cd "$TMP" || exit 1

# 10 000 tiny files.
mkdir -p "$TMP/many"
python3 -c '
import os, sys
for i in range(10000):
    open(os.path.join(sys.argv[1], "f%05d.c" % i), "w").write("int f%d(void) { return %d; }\n" % (i, i))
' "$TMP/many"
"$ASSAY" -j2 -f json "$TMP/many" >"$TMP/many.json" 2>/dev/null
check "10 000 tiny files are all measured" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if r["summary"]["ok"] == 10000 and r["summary"]["units"] == 10000 else 1)' "$TMP/many.json"

# A file that changes size while assay reads it: it is measured or skipped with a reason,
# never a crash or a hang.
mkdir -p "$TMP/shifting"
printf 'int f(void) { return 0; }\n' >"$TMP/shifting/shift.c"
( for _ in $(seq 1 200); do
	head -c 200000 /dev/urandom | base64 >"$TMP/shifting/shift.c"
	printf 'int f(void) { return 0; }\n' >"$TMP/shifting/shift.c"
  done ) &
mutator=$!
bad=0
for _ in $(seq 1 10); do
	"$ASSAY" -j2 -f json --max-size=100K "$TMP/shifting" >"$TMP/shift.json" 2>/dev/null
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
f = r["files"][0]
ok = f["status"] in ("ok", "partial") or (f["status"] == "skipped" and f["reason"].startswith("too large"))
sys.exit(0 if ok else 1)' "$TMP/shift.json" || bad=$((bad + 1))
done
kill "$mutator" 2>/dev/null
wait "$mutator" 2>/dev/null
check "a file truncated and rewritten while read is measured or skipped" test "$bad" -eq 0

# A link in the middle of a command-line path: the argument itself may be a link (the
# user named it), a directory on the way to it may not be.
mkdir -p "$TMP/mid/real/sub" "$TMP/elsewhere/sub"
printf 'int secret(void) { return 0; }\n' >"$TMP/elsewhere/sub/s.c"
ln -s "$TMP/elsewhere" "$TMP/mid/lnk"
cd "$TMP/mid" || exit 1
expect_status "a link in the middle of a command-line path is refused" 2 "$ASSAY" --no-cache lnk/sub
check "... naming the link" grep -q "lnk/sub: 'lnk' is a symbolic link, which assay does not follow" "$TMP/err"
check "... and nothing behind it is analyzed" sh -c "! grep -q secret '$TMP/out'"
expect_status "a command-line argument that is itself a link is followed" 0 "$ASSAY" --no-cache lnk
check "... and analyzed" grep -q '^assay: 1 files analyzed' "$TMP/out"
