# config.sh - configuration files: precedence (command line > .assay > user file >
# defaults), per-path thresholds, what an untrusted repository file may not set,
# malformed files, and the path, language and generated-file settings.
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
mkdir -p "$repo/tests" "$repo/gen" "$TMP/xdg/assay"
export XDG_CONFIG_HOME="$TMP/xdg"
git -C "$TMP" init -q repo
ccn4='int f(int a, int b, int c) { if (a && b && c) return 1; return 0; }'
printf '%s\n' "$ccn4" >"$repo/a.c"
printf '%s\n' "$ccn4" >"$repo/tests/t.c"
printf '%s\n' "$ccn4" >"$repo/gen/g.c"
printf '%s\n' "$ccn4" >"$repo/x.inc"
printf '/* @made-by a tool */\n%s\n' "$ccn4" >"$repo/made.c"
cd "$repo" || exit 1
count() { "$ASSAY" --no-cache -w "$@" . 2>/dev/null | grep -c ': warning: '; }

# Precedence.
printf '[threshold]\n\tccn = 3\n' >"$TMP/xdg/assay/config"
check "the user file's threshold applies" test "$(count)" -eq 4
printf '[threshold]\n\tccn = 10\n' >.assay
check "the repository's threshold beats the user's" test "$(count)" -eq 0
check "the command line beats both" test "$(count -C 3)" -eq 4
expect_status "assay config" 0 "$ASSAY" config
check "assay config says where each value came from" grep -q "^threshold.ccn = 10 ($repo/.assay:2)$" "$TMP/out"
check "assay config names defaults as such" grep -q '^threshold.cognitive = 15 (default)$' "$TMP/out"
"$ASSAY" config -C 7 >"$TMP/cfg-cli" 2>&1
check "assay config shows the command line's value" grep -q '^threshold.ccn = 7 (command line)$' "$TMP/cfg-cli"
# -f json: the same settings as one object, each with its origin, file and line.
"$ASSAY" config -f json -C 7 >"$TMP/cfg.json" 2>"$TMP/cfg.err"
check "assay config -f json is JSON with every setting and its origin" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["name"]: x for x in d["settings"]}
assert d["repository_file"] == sys.argv[2] + "/.assay", d
assert s["threshold.ccn"]["value"] == "7" and s["threshold.ccn"]["origin"] == "command line"
assert s["threshold.ccn"]["file"] is None and s["threshold.ccn"]["line"] is None
c = s["threshold.cognitive"]
assert c["value"] == "15" and c["origin"] == "default", c
' "$TMP/cfg.json" "$repo"
env -u ASSAY_CACHE_DIR "$ASSAY" config -f json >"$TMP/cfg.json" 2>/dev/null
check "... a repository value with its file and line" python3 -c '
import json, sys
s = {x["name"]: x for x in json.load(open(sys.argv[1]))["settings"]}
assert s["threshold.ccn"] == {"name": "threshold.ccn", "section": "threshold", "subsection": None,
	"key": "ccn", "value": "10", "origin": "repository", "file": sys.argv[2] + "/.assay", "line": 2}, s
' "$TMP/cfg.json" "$repo"
check "... an unset setting's value is null, the files are said read or not" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["name"]: x for x in d["settings"]}
assert s["cache.remote"]["value"] is None and s["cache.signingKey"]["value"] is None, s
assert s["cache.dir"]["value"] is None and s["report.sourceUrl"]["value"] is None, s
assert d["user_file_read"] is True and d["repository_file_read"] is True, d
' "$TMP/cfg.json"
mkdir -p "$TMP/bare-tree"
XDG_CONFIG_HOME="$TMP/no-xdg" "$ASSAY" config -f json "$TMP/bare-tree" >"$TMP/cfg-none.json" 2>/dev/null
check "assay config -f json: missing files are named and said unread" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["user_file"] == sys.argv[2] + "/no-xdg/assay/config" and d["user_file_read"] is False, d
assert d["repository_file_read"] is False, d
' "$TMP/cfg-none.json" "$TMP"
XDG_CONFIG_HOME="$TMP/no-xdg" "$ASSAY" config "$TMP/bare-tree" >"$TMP/cfg-none" 2>&1
check "assay config: missing files are said not there" sh -c "grep -q '^# user file: .*/no-xdg/assay/config (not there)$' '$TMP/cfg-none' && grep -q '^# repository file: .*/bare-tree/.assay (not there)$' '$TMP/cfg-none'"
# A reader that closes the pipe early is no write error (a large configuration is printed
# in one write, whose EPIPE leaves nothing to flush at exit).
mkdir -p "$TMP/bigcfg"
{ printf '[exclude]\n'; for i in $(seq 1 1500); do printf '\tpath = some/long/path/%d/**\n' "$i"; done; } >"$TMP/bigcfg/.assay"
for f in text json; do
	(cd "$TMP/bigcfg" && sh -c '"$1" config -f "$2"; echo $? >"$3"' sh "$ASSAY" "$f" "$TMP/st" 2>"$TMP/err" \
		| head -c1 >/dev/null)
	check "assay config -f $f | head -c1 exits 0, quietly" sh -c "test \"\$(cat '$TMP/st')\" = 0 && test ! -s '$TMP/err'"
done
if [ -w /dev/full ]; then
	for c in config "config -f json" languages version --help; do
		# shellcheck disable=SC2086
		expect_status "assay $c > /dev/full: a write error is an error" 4 \
			sh -c 'exec "$@" >/dev/full' sh "$ASSAY" $c
	done
	check "... naming standard output and the cause" grep -q 'writing to standard output: No space left on device' "$TMP/err"
fi
expect_status "assay config -f csv is refused" 2 "$ASSAY" config -f csv
check "... saying what it prints" grep -q "config prints text or json, not csv" "$TMP/err"
expect_status "assay config -o FILE is refused" 2 "$ASSAY" config -o "$TMP/c.json"
check "... and writes nothing" test ! -e "$TMP/c.json"
"$ASSAY" config --sandbox=off --gate=new --budget=2 --on-error=block --cache-max=2G \
	--cache-eviction=lfu -x 'gen/**' --source-url='https://forge.example/{path}' >"$TMP/cfg-rest" 2>&1
"$ASSAY" config --cache-dir=rel-cache --signing-key=keys/k.key >"$TMP/cfg-rel" 2>&1
check "assay config: a relative --cache-dir and --signing-key, from the current directory" sh -c \
	"grep -q '^cache.dir = $PWD/rel-cache (command line)$' '$TMP/cfg-rel' \
	 && grep -q '^cache.signingKey = $PWD/keys/k.key (command line)$' '$TMP/cfg-rel'"
# The environment's two settings, shown with their variable; they come before the user's
# file (before: shown as defaults, and the user's [cache] dir beat $ASSAY_CACHE_DIR).
mkdir -p "$TMP/xdg-env/assay" && printf '[cache]\n\tdir = %s\n' "$TMP/users-cache" >"$TMP/xdg-env/assay/config"
XDG_CONFIG_HOME="$TMP/xdg-env" ASSAY_CACHE_DIR="$TMP/env-cache" ASSAY_SIGNING_KEY=keys/env.key \
	"$ASSAY" config >"$TMP/cfg-env" 2>&1
check "assay config: \$ASSAY_CACHE_DIR and \$ASSAY_SIGNING_KEY, named as their origin" sh -c \
	"grep -q '^cache.dir = $TMP/env-cache (\$ASSAY_CACHE_DIR)$' '$TMP/cfg-env' \
	 && grep -q '^cache.signingKey = $PWD/keys/env.key (\$ASSAY_SIGNING_KEY)$' '$TMP/cfg-env'"
XDG_CONFIG_HOME="$TMP/xdg-env" ASSAY_CACHE_DIR="$TMP/env-cache" "$ASSAY" config -f json >"$TMP/cfg-env.json" 2>&1
check "... in JSON, origin environment" python3 -c '
import json, sys
s = {x["name"]: x for x in json.load(open(sys.argv[1]))["settings"]}
sys.exit(0 if s["cache.dir"]["origin"] == "environment" and s["cache.dir"]["value"] == sys.argv[2] else 1)' \
	"$TMP/cfg-env.json" "$TMP/env-cache"
XDG_CONFIG_HOME="$TMP/xdg-env" ASSAY_CACHE_DIR="$TMP/env-cache" "$ASSAY" cache path >"$TMP/cpath" 2>&1
check "\$ASSAY_CACHE_DIR beats the user's [cache] dir" grep -q "^$TMP/env-cache/cache.db$" "$TMP/cpath"
XDG_CONFIG_HOME="$TMP/xdg-env" ASSAY_CACHE_DIR="$TMP/env-cache" "$ASSAY" config --cache-dir="$TMP/cli-cache" \
	>"$TMP/cfg-env-cli" 2>&1
check "... and --cache-dir beats it" grep -q "^cache.dir = $TMP/cli-cache (command line)$" "$TMP/cfg-env-cli"
"$ASSAY" config --strict --remote-cache=https://cache.example/assay >"$TMP/cfg-strict" 2>&1
check "assay config: --strict and --remote-cache (command line)" sh -c \
	"grep -q '^gate.strict = true (command line)$' '$TMP/cfg-strict' \
	 && grep -q '^cache.remote = https://cache.example/assay (command line)$' '$TMP/cfg-strict'"
for line in 'sandbox.mode = off' 'gate.mode = new' 'precommit.budget = 2' 'precommit.onError = block' \
	    'cache.max = 2G' 'cache.eviction = lfu' 'exclude.path = gen/\*\*' \
	    'report.sourceUrl = https://forge.example/{path}'; do
	check "assay config: $line (command line)" grep -q "^$line (command line)$" "$TMP/cfg-rest"
done
rm "$TMP/xdg/assay/config"
# The file and the command line spell the same values alike: words in any case, and "no
# budget" as off or 0 in both.
"$ASSAY" config --budget=OFF --on-error=BLOCK --units=EACH --ccn=OFF --gate=NEW -f JSON \
	--fail-on=INCOMPLETE -T COGNITIVE=9 >"$TMP/cfg-case" 2>&1
check "the command line takes its words in any case" python3 -c '
import json, sys
s = {x["name"]: x["value"] for x in json.load(open(sys.argv[1]))["settings"]}
want = {"precommit.budget": "off", "precommit.onError": "block", "threshold.ccn": "off",
        "gate.mode": "new", "threshold.cognitive": "9"}
sys.exit(0 if all(str(s.get(k)) == v for k, v in want.items()) else 1)' "$TMP/cfg-case"
printf '[precommit]\n\tbudget = 0\n[units]\n\tgo = EACH\n' >"$TMP/xdg/assay/config"
"$ASSAY" config >"$TMP/cfg-file-case" 2>&1
check "the file takes budget = 0 as off, and EACH" sh -c \
	"grep -q '^precommit.budget = off ' '$TMP/cfg-file-case' && grep -q '^units.go = each ' '$TMP/cfg-file-case'"
rm "$TMP/xdg/assay/config"

# Per-path overrides, exclude, include, language mapping, generated markers.
cat >.assay <<'CFG'
# a repository's settings
[threshold]
	ccn = 3
[threshold "tests/**"]
	ccn = 100
[exclude]
	path = gen/**
[language]
	inc = c
[generated]
	marker = @made-by
CFG
"$ASSAY" --no-cache -f json . >"$TMP/r.json" 2>"$TMP/r.err"
verdict() {
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for f in r["files"]:
    if f["path"] == sys.argv[2]:
        v = [u["violations"] for u in f.get("units", [])]
        print(f["status"] + ":" + (f["reason"] or "") + ":" + json.dumps(v)); break' "$TMP/r.json" "$1"
}
check "a [threshold] applies" test "$(verdict a.c)" = 'ok::[["ccn"]]'
check "a [threshold \"tests/**\"] override applies under tests/" test "$(verdict tests/t.c)" = 'ok::[[]]'
"$ASSAY" config >"$TMP/ov.txt" 2>&1
check "assay config lists the override in effect without a note" \
	grep -q '^threshold.tests/\*\*.ccn = 100 (.*\.assay:5)$' "$TMP/ov.txt"
"$ASSAY" config -C 4 >"$TMP/ov-cli.txt" 2>&1
check "... and, under -C 4, as not applied: the command line's limit is stronger" \
	grep -q "^threshold.tests/\*\*.ccn = 100 (.*\.assay:5; not applied: the command line's threshold.ccn is stronger)$" "$TMP/ov-cli.txt"
"$ASSAY" config -C 4 -f json >"$TMP/ov-cli.json" 2>&1
check "... in JSON as not_applied" python3 -c '
import json, sys
s = {x["name"]: x for x in json.load(open(sys.argv[1]))["settings"]}
sys.exit(0 if "command line" in s["threshold.tests/**.ccn"].get("not_applied", "") and "not_applied" not in s["threshold.ccn"] else 1)' "$TMP/ov-cli.json"
check "[exclude] skips the path" test "$(verdict gen/g.c)" = 'skipped:excluded:[]'
check "[language] maps an unknown extension" test "$(verdict x.inc)" = 'ok::[["ccn"]]'
check "[generated] markers skip generated files" test "$(verdict made.c)" = 'skipped:generated:[]'
# A .h is C or C++ by its content, from the bytes the cache keys; [language] h decides
# instead when set.
printf 'namespace n {\nclass A {\npublic:\n  int f(int x) { return x ? 1 : 2; }\n};\n}\n' >cpp_in.h
printf 'int g(int x) { return x ? 1 : 2; }\n' >c_in.h
printf '#import <Foundation/Foundation.h>\n@interface Foo : NSObject\n@end\n@implementation Foo\n- (int)bar:(int)x { return x ? 1 : 2; }\n@end\n' >objc_in.h
lang_of() {
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(f["path"] + "=" + str(f["language"]) + ":" + ",".join(u["qualified_name"]
      for u in f.get("units", [])) for f in r["files"] if f["path"].endswith(".h")))' "$1"
}
mv .assay .assay.saved
"$ASSAY" -f json cpp_in.h c_in.h objc_in.h >"$TMP/h1.json" 2>/dev/null
"$ASSAY" -f json cpp_in.h c_in.h objc_in.h >"$TMP/h2.json" 2>/dev/null
check ".h files: C++ or Objective-C by content, C otherwise" \
	test "$(lang_of "$TMP/h1.json")" = "c_in.h=c:g cpp_in.h=cpp:n::A::f objc_in.h=objc:Foo.bar:"
check ".h files: the same language from the cache" \
	test "$(lang_of "$TMP/h2.json")" = "c_in.h=c:g cpp_in.h=cpp:n::A::f objc_in.h=objc:Foo.bar:"
rm -f objc_in.h
check ".h files: -l c leaves out a C++ one" \
	sh -c "'$ASSAY' --no-cache -l c -f json cpp_in.h c_in.h 2>/dev/null | grep -q '\"path\":\"cpp_in.h\".*excluded'"
# -l keeps every language of the table, the last ids too (a 64-bit mask).
last=$(sed -n 's/^LANGUAGE([A-Z_]*, [0-9]*, "\([a-z_]*\)".*/\1/p' "$SRC/src/common/languages.def" | tail -1)
"$ASSAY" --no-cache -l "$last" -f json "$SRC/tests/fixtures" >"$TMP/last.json" 2>/dev/null
check "-l $last measures its files and only them" python3 -c '
import json, sys
files = [f for f in json.load(open(sys.argv[1]))["files"] if f["status"] not in ("skipped",)]
sys.exit(not (files and all(f["language"] == sys.argv[2] for f in files)))' "$TMP/last.json" "$last"
# A script known by its #! line is left out too when its language is not asked for.
mkdir -p "$TMP/scripts"
printf '#!/bin/sh\nf() { if [ -n "$1" ]; then echo a; fi; }\n' >"$TMP/scripts/run"
printf 'int g(int a) { return a; }\n' >"$TMP/scripts/g.c"
"$ASSAY" --no-cache -l c -f json "$TMP/scripts" >"$TMP/scripts.json" 2>/dev/null
check "-l c leaves out a #! script: excluded, not measured" python3 -c '
import json, sys
files = {f["path"].rsplit("/", 1)[-1]: f for f in json.load(open(sys.argv[1]))["files"]}
sys.exit(not (files["run"]["status"] == "skipped" and "excluded" in files["run"].get("reason", "")
              and files["g.c"]["status"] == "ok"))' "$TMP/scripts.json"
printf '[language]\n\th = c\n' >.assay
"$ASSAY" -f json cpp_in.h c_in.h >"$TMP/h3.json" 2>/dev/null
check "[language] h = c decides for every .h" \
	test "$(lang_of "$TMP/h3.json" | sed 's/:[^ ]*//g')" = "c_in.h=c cpp_in.h=c"
rm -f cpp_in.h c_in.h
mv .assay.saved .assay
printf '[include]\n\tpath = tests/**\n' >.assay
"$ASSAY" --no-cache -f json . >"$TMP/r.json" 2>/dev/null
check "[include] keeps only matching paths" test "$(verdict a.c)" = 'skipped:excluded:[]'
check "... and analyzes those" test "$(verdict tests/t.c | cut -d: -f1)" = ok

# What an untrusted repository file may not set, each an error naming file and line.
n=0
while IFS='|' read -r section key value want; do
	n=$((n + 1))
	printf '# line 1\n[%s]\n\t%s = %s\n' "$section" "$key" "$value" >.assay
	"$ASSAY" --no-cache . >"$TMP/out" 2>"$TMP/err"
	status=$?
	if [ "$status" -eq 2 ] && grep -q "$repo/.assay:3: .*$want" "$TMP/err"; then
		ok "a repository may not set $section.$key"
	else
		not_ok "a repository may not set $section.$key (exit $status)"
		sed 's/^/#   /' "$TMP/err"
	fi
done <<'LIST'
sandbox|mode|off|may not set sandbox.mode
cache|dir|/tmp/elsewhere|may not set cache.dir
cache|max|1T|may not set cache.max
cache|eviction|lfu|may not set cache.eviction
core|hooksPath|/tmp/hooks|
diff|external|/bin/evil|
filter "x"|clean|/bin/evil|
alias|run|!sh|
threshold|bogus|3|unknown key
LIST
printf '[include]\n\tpath = a.c\n[include "x"]\n\tpath = b\n' >.assay
expect_status "an include with a subsection (a git include) is refused" 2 "$ASSAY" --no-cache .
printf '[includeIf "gitdir:/"]\n\tpath = /etc/passwd\n' >.assay
expect_status "includeIf is refused" 2 "$ASSAY" --no-cache .
check "... with the file and line" grep -q "$repo/.assay:1: includes are not allowed" "$TMP/err"

# Malformed files.
printf '[threshold\n\tccn = 3\n' >.assay
expect_status "a malformed section header exits 2" 2 "$ASSAY" --no-cache .
check "... naming file and line" grep -q "$repo/.assay:1: " "$TMP/err"
printf '[threshold]\n\tccn = "3\n' >.assay
expect_status "an unterminated quote exits 2" 2 "$ASSAY" --no-cache .
printf '[threshold]\n\tccn = lots\n' >.assay
expect_status "a bad value exits 2" 2 "$ASSAY" --no-cache .
check "... naming file, line and value" grep -q "$repo/.assay:2: .*lots" "$TMP/err"
rm .assay
ln -s /etc/passwd .assay
expect_status "a .assay that is a symbolic link is not read" 2 "$ASSAY" --no-cache .
check "... and says so" grep -q "$repo/.assay: is a symbolic link: not read" "$TMP/err"
rm .assay
# The user's own file may be a link (to dotfiles): a loop of links is named as one.
mkdir -p "$TMP/loop-home/.config/assay"
ln -s config2 "$TMP/loop-home/.config/assay/config" && ln -s config "$TMP/loop-home/.config/assay/config2"
expect_status "a user configuration whose links make a loop" 2 \
	env HOME="$TMP/loop-home" XDG_CONFIG_HOME= "$ASSAY" --no-cache .
check "... is named as a loop, not as a link refused" grep -q "config: its symbolic links make a loop" "$TMP/err"

# The user's own file may set what a repository may not, and turning the sandbox off is
# never silent.
printf '[sandbox]\n\tmode = off\n[cache]\n\tmax = 10M\n' >"$TMP/xdg/assay/config"
"$ASSAY" --no-cache -f json . >"$TMP/u.json" 2>"$TMP/u.err"
check "the user file may set sandbox.mode" grep -q '"sandbox":{"mode":"off"' "$TMP/u.json"
check "a configured sandbox.mode = off is announced" grep -q 'sandbox.configured' "$TMP/u.err"
"$ASSAY" --no-cache --sandbox=auto -f json . >"$TMP/u2.json" 2>/dev/null
check "--sandbox on the command line beats the user file" grep -q '"sandbox":{"mode":"auto"' "$TMP/u2.json"
# The user's own file may be a link (dotfiles managers make them), to a regular file.
mv "$TMP/xdg/assay/config" "$TMP/dotfiles-assay" && ln -s "$TMP/dotfiles-assay" "$TMP/xdg/assay/config"
"$ASSAY" --no-cache -f json . >"$TMP/u3.json" 2>"$TMP/u.err"
check "a user file that is a link is read" grep -q '"sandbox":{"mode":"off"' "$TMP/u3.json"
rm "$TMP/dotfiles-assay" && mkfifo "$TMP/dotfiles-assay"
expect_status "... one leading to a FIFO is refused, without waiting on it" 2 \
	timeout 10 "$ASSAY" --no-cache .
check "... saying so" grep -q "xdg/assay/config: not a regular file" "$TMP/err"
rm "$TMP/dotfiles-assay"
rm "$TMP/xdg/assay/config"

# A [generated] marker set after a file was measured and cached still skips it: the
# markers are part of the cache's engine ids.
mkdir -p "$TMP/gencache" && cd "$TMP/gencache" && git init -q . || exit 1
printf '/* @made-by a tool */\nint f(int a) { if (a) return 1; return 0; }\n' >g.c
printf 'int h(int a) { return a; }\n' >h.c
# Committed: their keys come from the index, so a cache hit needs no byte of them.
git add g.c h.c && git -c user.name=t -c user.email=t@t commit -qm files
ASSAY_CACHE_DIR="$TMP/gencache-db" "$ASSAY" -f json . >"$TMP/gen1.json" 2>/dev/null
printf '[generated]\n\tmarker = @made-by\n' >.assay
ASSAY_CACHE_DIR="$TMP/gencache-db" "$ASSAY" -f json . >"$TMP/gen2.json" 2>/dev/null
check "a marker set after a cached run still skips the marked file" python3 -c '
import json, sys
def status(path):
    return {f["path"].lstrip("./"): f["status"] for f in json.load(open(path))["files"]}
a, b = status(sys.argv[1]), status(sys.argv[2])
sys.exit(0 if a.get("g.c") == "ok" and b.get("g.c") == "skipped" and b.get("h.c") == "ok" else 1)' \
	"$TMP/gen1.json" "$TMP/gen2.json"
