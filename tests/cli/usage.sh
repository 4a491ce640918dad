# usage.sh - the command line explains itself: errors name the offending option and
# suggest the nearest valid one (options, commands, configuration keys, languages, explain
# names); lizard's spellings are taken; --help fits 80 columns and each command has its own;
# a run that measured nothing of what was named exits 2 unless --allow-empty.
. "$(dirname "$0")/lib.shinc"

cd "$TMP" || exit 1
cp "$FIXTURES/c/control.c" a.c

# err_is NAME WANT-STATUS PATTERN COMMAND...: the exit status and stderr's first line.
err_is() {
	name=$1 want=$2 pattern=$3
	shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	first=$(head -n 1 "$TMP/err")
	if [ "$got" -eq "$want" ] && printf '%s\n' "$first" | grep -q -- "$pattern"; then
		ok "$name"
	else
		not_ok "$name (exit $got, want $want; stderr: $first)"
	fi
}

# Options: the word at fault, never argv[0] or the whole cluster.
err_is "-Eduplicate names -E and what to use instead" 2 \
	"unknown option -E: lizard's extensions (-E) are not supported" "$ASSAY" -Eduplicate a.c
err_is "-vZq names -Z" 2 "unknown option -Z$" "$ASSAY" -vZq a.c
err_is "--ccm suggests --ccn" 2 "unknown option --ccm (did you mean --ccn?)" "$ASSAY" --ccm=3 a.c
err_is "--cognitve suggests --cognitive" 2 "(did you mean --cognitive?)" "$ASSAY" --cognitve 3 a.c
err_is "an ambiguous prefix lists the options" 2 "option --ca is ambiguous: --cache-dir, --cache-max" \
	"$ASSAY" --ca=1 a.c
err_is "-j without its argument says so" 2 "option -j needs an argument (N)" "$ASSAY" -j
# Numbers are digits, as in the configuration: no sign, no blank before them.
err_is "--ccn=+3 is refused" 2 "threshold for ccn must be a number >= 0 or 'off', not '+3'" \
	"$ASSAY" --ccn=+3 a.c
err_is "--ccn=' 3' is refused" 2 "not ' 3'" "$ASSAY" --ccn=' 3' a.c
err_is "-j ' 2' is refused" 2 "--jobs takes a number from 1 to 256, not ' 2'" "$ASSAY" -j ' 2' a.c
err_is "-i +1 is refused" 2 "not '+1'" "$ASSAY" -i +1 a.c
# GNU abbreviations: a prefix of one option --help shows is that option, even where it
# also starts one of lizard's hidden spellings (--languages, --output_file, ...).
for w in --lang=c --out="$TMP/abbr.json" --warn --working=1 --ignore=0; do
	expect_status "$w is taken as an abbreviation" 0 "$ASSAY" --no-cache "$w" a.c
done
check "... --out= wrote its file" test -s "$TMP/abbr.json"
mkdir -p js && cp a.c js/a.c
expect_status "an abbreviation after a short plain word (a path such as js) is expanded" 0 \
	"$ASSAY" --no-cache js --lang c
for w in "--version precommit" "precommit --version" "a.c --no-cache --version"; do
	# shellcheck disable=SC2086
	"$ASSAY" $w >"$TMP/v.out" 2>&1
	check "assay $w prints the version" grep -q '^assay [0-9]' "$TMP/v.out"
done
# The first of --help and --version is answered, as GNU programs do.
for w in "precommit --version --help" "--version -h" "--version precommit --help" \
	"--version --he" "--version -vh" "--version --version" "--vers a.c"; do
	# shellcheck disable=SC2086
	"$ASSAY" $w >"$TMP/v.out" 2>&1
	check "assay $w prints the version" grep -q '^assay [0-9]' "$TMP/v.out"
done
"$ASSAY" precommit --help --version >"$TMP/v.out" 2>&1
check "assay precommit --help --version prints precommit's help" \
	grep -q '^usage: assay precommit' "$TMP/v.out"
"$ASSAY" -h --version >"$TMP/v.out" 2>&1
check "assay -h --version prints the help" grep -q '^usage: assay \[OPTIONS\]' "$TMP/v.out"
err_is "an option error cannot forge a line (a newline escaped)" 2 \
	'unknown option --x\\x0aassay: fake' "$ASSAY" "$(printf -- '--x\nassay: fake')" a.c
err_is "an option error shows the word's controls escaped" 2 \
	'option --stats takes no value (given --stats=\\x1b\[31m)' "$ASSAY" "$(printf -- '--stats=\033[31m')" a.c
expect_status "an abbreviated option taking the next word is skipped by the command search" 0 \
	"$ASSAY" --form json config
err_is "a prefix of several shown options lists them, not a nearest guess" 2 \
	"option --max-a is ambiguous: --max-absolute, --max-average" "$ASSAY" --max-a=B a.c
err_is "... --no-c too" 2 "option --no-c is ambiguous: --no-cache, --no-color" "$ASSAY" --no-c a.c
err_is "a value given to an option that takes none says so" 2 \
	"option --stats takes no value (given --stats=1)" "$ASSAY" --stats=1 a.c
err_is "... abbreviated too" 2 "option --no-color takes no value (given --no-color=x)" \
	"$ASSAY" --no-col=x a.c
err_is "--jobs without its argument says so" 2 "option --jobs needs an argument (N)" "$ASSAY" --jobs
err_is "--xml points to checkstyle and sarif" 2 "use --format=checkstyle or --format=sarif" \
	"$ASSAY" --xml a.c

# Commands, configuration keys, languages, metrics.
err_is "a mistyped command is not taken for a path" 2 \
	"'precomit' is neither a command nor a file (did you mean \`assay precommit\`?)" \
	"$ASSAY" precomit
err_is "a mistyped cache command names the nearest" 2 "did you mean \`assay cache stats\`?" \
	"$ASSAY" cache stat
err_is "a mistyped hook command names the nearest" 2 "did you mean \`assay hook install\`?" \
	"$ASSAY" hook instal
err_is "a mistyped baseline command names the nearest" 2 "did you mean \`assay baseline write\`?" \
	"$ASSAY" baseline wirte
printf '[units]\n\tjavscript = fold\n' >"$TMP/units.cfg"
mkdir -p units-typo && cp "$TMP/units.cfg" units-typo/.assay
err_is "a mistyped language in [units] names the nearest" 2 \
	"unknown language 'javscript' in \[units\] (did you mean javascript?" "$ASSAY" config units-typo
rm -rf units-typo
err_is "a missing path that is no command stays a missing path" 2 "zzz-none: No such file" \
	"$ASSAY" zzz-none
# Sizes and seconds are read one way everywhere: one suffix, no overflow, no hex.
for bad in --max-size=18014398509481985K --max-size=1Kk --cache-max=0 --retry-delay=0x10 \
	   --retry-delay=1e1; do
	expect_status "$bad is refused" 2 "$ASSAY" --no-cache "$bad" a.c
done
for good in --max-size=64k --cache-max=512m --cache-max=2T --retry-delay=0.5 --memory=1g; do
	expect_status "$good is taken" 0 "$ASSAY" --no-cache "$good" a.c
done
printf '[cache]\n\tmax = 0\n' >"$TMP/zero-config" && mkdir -p "$TMP/zx/assay" \
	&& cp "$TMP/zero-config" "$TMP/zx/assay/config"
expect_status "[cache] max = 0 is refused" 2 env XDG_CONFIG_HOME="$TMP/zx" "$ASSAY" --no-cache a.c
# Words a command does not take are refused, never ignored.
err_is "precommit PATH: refused (it gates what is staged)" 2 \
	"precommit takes no word after it: 'src' is one word too many (it gates what is staged" \
	"$ASSAY" precommit src
err_is "config PATH that is not there: exit 2, naming it" 2 "zzz-none: No such file" \
	"$ASSAY" config zzz-none
err_is "config with two paths" 2 "config takes one word at most: 'b'" "$ASSAY" config a b
err_is "version with a word" 2 "version takes no word after it" "$ASSAY" version x
err_is "languages with a word" 2 "languages takes no word after it" "$ASSAY" languages x
err_is "diff with three words" 2 "diff takes two words at most: 'c'" "$ASSAY" diff a b c
err_is "help of no command" 2 "help: no command 'nosuch'" "$ASSAY" help nosuch
expect_status "help of a command still works" 0 "$ASSAY" help precommit
err_is "-l pyhton suggests python" 2 "unknown language 'pyhton' (did you mean python?" \
	"$ASSAY" -l pyhton a.c
mkdir -p cfg && printf '[gate]\nmdoe = new\n' >cfg/.assay && cp a.c cfg/
err_is "a mistyped configuration key suggests the known one" 2 \
	"unknown key 'gate.mdoe' (did you mean 'gate.mode'?)" "$ASSAY" cfg
printf '[limits]\nccn = 40\n' >cfg/.assay
err_is "[limits] (what the README calls them) suggests [threshold]" 2 \
	"unknown key 'limits.ccn' (did you mean 'threshold.ccn'?)" "$ASSAY" cfg

# lizard's spellings (docs/MIGRATING.md).
"$ASSAY" -w --CCN=3 a.c >lizard.out 2>&1
"$ASSAY" -w --ccn=3 a.c >ours.out 2>&1
check "--CCN is --ccn" cmp -s lizard.out ours.out
check "... and it found something to compare" test -s ours.out
for spelling in "--working_threads=1" "--warnings_only" "--ignore_warnings=5" "--languages=c" \
	"--Threshold=ccn=3" "-V" "-i -1"; do
	# shellcheck disable=SC2086
	"$ASSAY" $spelling a.c >/dev/null 2>"$TMP/err"
	got=$?
	if [ "$got" -le 1 ] && ! grep -q "unknown option" "$TMP/err"; then
		ok "lizard's $spelling is taken"
	else
		not_ok "lizard's $spelling is taken (exit $got: $(head -n 1 "$TMP/err"))"
	fi
done
expect_status "-i -1 never fails on violations (lizard)" 0 "$ASSAY" --ccn=1 -i -1 a.c
expect_status "... while -i 0 does" 1 "$ASSAY" --ccn=1 -i 0 a.c
"$ASSAY" --output_file=out.json a.c >/dev/null 2>&1
check "--output_file writes the report" test -s out.json
"$ASSAY" --html a.c >page.html 2>/dev/null
check "--html writes the HTML report" grep -q '<html' page.html

# --help: 80 columns, exit code 3, baseline write, and each command its own options.
"$ASSAY" --help >help.txt
check "--help fits 80 columns" test "$(awk 'length > 80' help.txt | wc -l)" -eq 0
check "--help names exit status 3" grep -q "3 incomplete analysis" help.txt
check "--help names baseline write" grep -q "assay baseline write" help.txt
"$ASSAY" hook --help >hook.txt
check "hook --help shows --force" grep -q -- "--force" hook.txt
check "hook --help does not show the limits" test "$(grep -c -- "--ccn\|--nloc\|--format" hook.txt)" -eq 0
check "hook --help is short" test "$(wc -l <hook.txt)" -le 20
for c in precommit diff baseline hook config cache explain; do
	"$ASSAY" "$c" --help >"c-$c.txt"
	check "$c --help fits 80 columns" test "$(awk 'length > 80' "c-$c.txt" | wc -l)" -eq 0
done
check "precommit --help shows --gate" grep -q -- "--gate" c-precommit.txt
check "baseline --help shows --prune" grep -q -- "--prune" c-baseline.txt
err_is "baseline without a verb prints its usage line once" 2 "^usage: assay baseline write" \
	"$ASSAY" baseline
check "... without 'error: usage:'" test "$(grep -c "error: usage" "$TMP/err")" -eq 0

# A file named twice, or in two overlapping paths, is measured once: its violations
# would count twice.
mkdir -p twice/sub && cp a.c twice/sub/a.c && ln twice/sub/a.c twice/hard.c && ln -s sub twice/link
"$ASSAY" --no-cache -f json a.c ./a.c "$PWD/a.c" twice twice/sub twice/link >"$TMP/twice.json" 2>/dev/null
check "a file named three ways, one in overlapping folders and through a link: each once; a hard link is a file of its own" python3 -c '
import json, sys
p = sorted(f["path"] for f in json.load(open(sys.argv[1]))["files"] if f["status"] == "ok")
sys.exit(0 if p == ["a.c", "twice/hard.c", "twice/sub/a.c"] else (print("#", p), 1)[1])' "$TMP/twice.json"
rm -rf twice

# Nothing measured.
printf '# notes\n' >README.md
err_is "a path holding no source file exits 2" 2 "nothing measured: the path named holds" \
	"$ASSAY" README.md
check "... counting the file as the summary does (not source, not skipped)" \
	sh -c "grep -q '1 file, not source or skipped' '$TMP/err' && grep -q '0 skipped; 1 not source' '$TMP/out'"
err_is "a language with no file exits 2" 2 "nothing measured: the paths and languages named" \
	"$ASSAY" -l go a.c
expect_status "--allow-empty makes that a pass" 0 "$ASSAY" --allow-empty README.md
"$ASSAY" -f json -o "$TMP/empty.sarif" README.md >"$TMP/empty.json" 2>/dev/null
check "the reports state that exit status (2), not a pass" python3 -c '
import json, sys
j, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
inv = s["runs"][0]["invocations"][0]
assert j["exit_code"] == 2 and inv["exitCode"] == 2 and not inv["executionSuccessful"], (j["exit_code"], inv)
' "$TMP/empty.json" "$TMP/empty.sarif"
expect_status "a path with a source file still passes" 0 "$ASSAY" --ccn=50 a.c
# Every file failed: nothing was measured either (before, it passed with exit 0).
T=$(test_install)
mkdir -p allfail
printf '/* ASSAY-TEST-CRASH ASSAY-TEST-EVERYWHERE */\nint crash(void) { return 1; }\n' >allfail/c.c
cp allfail/c.c allfail/d.c
printf '# notes\n' >allfail/README.md
err_is "a path whose every source file failed exits 2" 2 \
	"nothing measured: every source file the path named holds failed (2 failed" \
	"$T" --log-level=error allfail
expect_status "--allow-empty makes that a pass" 0 "$T" --allow-empty allfail
(cd allfail && "$T" --log-level=error >"$TMP/out" 2>"$TMP/err")
status=$?
check "... also a bare run in a tree whose every file failed (exit $status, want 2)" sh -c \
	"test $status -eq 2 && grep -q 'nothing measured: every source file the tree holds failed' '$TMP/err'"
cp a.c allfail/
expect_status "... one file measured beside them passes (failed files are reported)" 0 \
	"$T" --ccn=50 allfail
rm -rf allfail
# A bare run in a tree the exclusions emptied measured nothing either (a mistyped [include]
# glob passed CI); a tree with no source file at all still passes.
mkdir -p emptied/docs && cp a.c emptied/ && printf '# notes\n' >emptied/docs/README.md
(cd emptied && "$ASSAY" -x '*.c' >"$TMP/out" 2>"$TMP/err")
status=$?
check "a bare run whose every source file -x excludes: exit 2 (exit $status)" sh -c \
	"test $status -eq 2 && grep -q 'nothing measured: the tree holds no source file assay measures once -x, \\[exclude\\] and \\[include\\] are applied (1 file excluded)' '$TMP/err'"
printf '[include]\n\tpath = src/**\n' >emptied/.assay
(cd emptied && "$ASSAY" >"$TMP/out" 2>"$TMP/err")
status=$?
check "... and one whose [include] matches nothing: exit 2 (exit $status)" sh -c \
	"test $status -eq 2 && grep -q 'nothing measured: .*once -x' '$TMP/err'"
(cd emptied && "$ASSAY" --allow-empty >/dev/null 2>&1)
status=$?
check "... --allow-empty makes that a pass (exit $status)" test "$status" -eq 0
(cd emptied/docs && "$ASSAY" >/dev/null 2>&1)
status=$?
check "... a tree of no source file passes (exit $status)" test "$status" -eq 0
(cd emptied/docs && "$ASSAY" -x '*.md' >/dev/null 2>&1)
status=$?
check "... also when -x leaves out its files that are no source (exit $status)" test "$status" -eq 0
rm -rf emptied

# explain: ambiguous names list the candidates, a missing one suggests the nearest.
printf 'class A { void f() {} void send() {} }\nclass B { void f() {} }\n' >A.java
err_is "explain: an ambiguous name exits 2 and lists the candidates" 2 \
	"'f' names several functions" "$ASSAY" explain A.java:f
check "... naming each by line" grep -q "assay explain A.java:2 *(B.f)" "$TMP/err"
err_is "explain: a near name is suggested" 2 "no function named 'sned' (did you mean 'send'?)" \
	"$ASSAY" explain A.java:sned
expect_status "explain: a unique qualified name works" 0 "$ASSAY" explain A.java:B.f

# Files of no language assay reads are "not source", counted apart from the skipped ones.
mkdir -p mix && cp a.c mix/ && printf 'notes\n' >mix/NOTES.md && printf 'x\n' >mix/data.csv
cat a.c a.c >mix/big.c
"$ASSAY" --max-size=2K mix >mix.txt 2>&1
check "text: a too-large file is skipped with its reason" grep -q "1 skipped (1 too large)" mix.txt
check "text: documentation and data are not source" grep -q "; 2 not source" mix.txt
"$ASSAY" --max-size=2K -f json mix >mix.json 2>/dev/null
check "json: skipped and not_source apart" grep -q '"skipped":1,"not_source":2,' mix.json

# Report file names CI systems look for pick their format.
"$ASSAY" --ccn=1 -o gl-code-quality-report.json -o codeclimate:quality.out -o scan.sarif.json \
	a.c >/dev/null 2>&1
check "-o gl-code-quality-report.json is Code Climate's JSON" python3 -c '
import json, sys
issues = json.load(open(sys.argv[1]))
sys.exit(0 if isinstance(issues, list) and issues and "check_name" in issues[0] else 1)' \
	gl-code-quality-report.json
check "-o codeclimate:FILE names the format" cmp -s gl-code-quality-report.json quality.out
check "-o NAME.sarif.json is SARIF" grep -q '"version":"2.1.0"' scan.sarif.json

# worst: ranks by how far over a limit a function is (value / limit), not by how many
# limits it breaks: CCN 40 of 15 leads three limits broken by a little.
{
	printf 'int several(int a, int b, int c, int d, int e, int f, int g, int h)\n{\n'
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do printf '\tif (a > %d) b++;\n' "$i"; done
	printf '\treturn b + c + d + e + f + g + h;\n}\n'
	printf 'int far(int a)\n{\n\treturn a'
	for i in $(seq 1 39); do printf ' && a > %d' "$i"; done
	printf ';\n}\n'
} >worst.c
"$ASSAY" worst.c >worst.txt 2>&1
check "worst: the function furthest over a limit comes first" grep -q "worst: far (worst.c" worst.txt
check "... the one over three limits by a little second" \
	sh -c "grep -A1 'worst: far' worst.txt | grep -q 'several (worst.c'"
check "... with the limits it is over besides CCN, cognitive and NLOC (params)" \
	grep -q "several (worst.c:1) CCN 17, cognitive 16, NLOC 20, params 8$" worst.txt

# Metric names: the nearest one.
err_is "--sort=ccm suggests ccn" 2 "unknown metric 'ccm' (did you mean ccn?" "$ASSAY" --sort=ccm a.c
err_is "-T cognitve=3 suggests cognitive" 2 "unknown metric 'cognitve' (did you mean cognitive?" \
	"$ASSAY" -T cognitve=3 a.c

# Commands that print text refuse -o and other formats, which they would only ignore.
for c in "explain a.c:scan" version languages "cache stats" "cache warm" "hook install" "baseline write" help; do
	# shellcheck disable=SC2086
	err_is "assay $c -o FILE is refused" 2 'prints to standard output: -o .*o.json is not taken' \
		"$ASSAY" $c -o "$TMP/o.json"
	check "... and writes nothing" test ! -e "$TMP/o.json"
	# shellcheck disable=SC2086
	err_is "assay $c -f json is refused" 2 'prints text, not json' "$ASSAY" $c -f json
	# shellcheck disable=SC2086
	err_is "assay $c --trace FILE is refused (it wrote no trace)" 2 \
		'writes no trace (only a run, precommit, diff and merge do): --trace .*t.json is not taken' \
		"$ASSAY" $c --trace "$TMP/t.json"
	# shellcheck disable=SC2086
	err_is "assay $c --metrics-file FILE is refused in its own words" 2 \
		'writes no Prometheus metrics .*: --metrics-file .*m.prom is not taken' \
		"$ASSAY" $c --metrics-file "$TMP/m.prom"
	check "... and neither is written" test ! -e "$TMP/t.json" -a ! -e "$TMP/m.prom"
done
"$ASSAY" config --help >"$TMP/out" 2>&1
check "config --help lists the options it takes (all of them)" \
	sh -c "grep -q -- '--ccn=N' '$TMP/out' && grep -q -- '--staged' '$TMP/out' && grep -q -- '--gate=MODE' '$TMP/out'"
# --timeout takes fractions, as --budget does, and refuses what would time out every file.
expect_status "--timeout=2.5 is taken" 0 "$ASSAY" --ccn=50 --timeout=2.5 a.c
err_is "--timeout=0 is refused, with the range" 2 "takes seconds from 0.1 to 86400" "$ASSAY" --timeout=0 a.c
# An option that belongs to other commands is refused, not taken and ignored: the user
# would believe it did something.
err_is "a plain run refuses --staged" 2 "a run (assay PATH...) does not take --staged" "$ASSAY" --staged a.c
err_is "... and --gate" 2 "does not take --gate" "$ASSAY" --gate=new a.c
err_is "precommit refuses --max-modules (not in precommit or diff)" 2 \
	"precommit does not take --max-modules" "$ASSAY" precommit --max-modules=B
err_is "diff refuses --max-average" 2 "diff does not take --max-average" "$ASSAY" diff HEAD --max-average=B
err_is "cache stats refuses --prune" 2 "cache does not take --prune" "$ASSAY" cache stats --prune
expect_status "config shows any option's effect" 0 "$ASSAY" config --gate=new --prune --by=file
# After an -o the command takes (cache keygen's key prefix), a --metrics-file was called a
# second -o.
err_is "cache keygen -o P --metrics-file M names --metrics-file" 2 \
	'cache writes no Prometheus metrics .*: --metrics-file .*m.prom is not taken' \
	"$ASSAY" cache keygen -o "$TMP/key" --metrics-file "$TMP/m.prom"
check "... and writes no key" test ! -e "$TMP/key.key" -a ! -e "$TMP/m.prom"
err_is "assay config -f csv is refused, naming what it prints" 2 'config prints text or json, not csv' \
	"$ASSAY" config -f csv
expect_status "assay -o FILE --version prints the version" 0 "$ASSAY" -o "$TMP/o.json" --version
# Each command's --help is its own, and shows -f and -o only where they are taken.
for c in languages version help; do
	"$ASSAY" $c --help >"$TMP/h" 2>&1
	check "assay $c --help is its own" grep -q "^usage: assay $c" "$TMP/h"
done
for c in baseline explain config cache hook languages; do
	"$ASSAY" $c --help >"$TMP/h" 2>&1
	check "assay $c --help does not offer -f or -o" sh -c "! grep -Eq '^  -(f|o), --' '$TMP/h'"
done
for c in baseline explain config cache hook; do
	"$ASSAY" $c --help >"$TMP/h" 2>&1
	check "assay $c --help does not offer the report options" \
		sh -c "! grep -Eq -- '--(trace|project|source-url|metrics-file|color|no-color)' '$TMP/h'"
done
"$ASSAY" precommit --help >"$TMP/h" 2>&1
check "assay precommit --help offers them" \
	sh -c "grep -q -- '--trace=' '$TMP/h' && grep -q -- '--metrics-file=' '$TMP/h' && grep -q -- '--project=' '$TMP/h'"
check "assay precommit --help offers -f and -o" sh -c "grep -q '^  -f, --format' '$TMP/h' && grep -q '^  -o, --output' '$TMP/h'"
