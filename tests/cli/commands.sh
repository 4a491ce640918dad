# commands.sh - every command takes its options before or after its word alike; the
# configuration files apply to every command that reads them (the cache commands, the
# gate's per-path thresholds); `--` makes a command's name a path.
. "$(dirname "$0")/lib.shinc"

export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
repo="$TMP/repo"
mkdir -p "$repo" && cd "$repo" && git init -q . || exit 1
cp "$FIXTURES/c/control.c" a.c
git add a.c && git commit -qm one

# cache warm, with the cache directory before and after the subcommand.
expect_status "cache --cache-dir=D warm works" 0 "$ASSAY" cache --cache-dir="$TMP/d1" warm
check "... and fills D" test -s "$TMP/d1/cache.db"
expect_status "--cache-dir D cache warm works" 0 "$ASSAY" --cache-dir "$TMP/d2" cache warm
check "... and fills D" test -s "$TMP/d2/cache.db"
expect_status "cache warm REV --cache-dir=D works" 0 "$ASSAY" cache warm HEAD --cache-dir="$TMP/d3"
check "... and fills D" test -s "$TMP/d3/cache.db"
"$ASSAY" cache path --cache-dir="$TMP/d1" >"$TMP/p1" 2>&1
"$ASSAY" --cache-dir="$TMP/d1" cache path >"$TMP/p2" 2>&1
check "cache path: options after = options before" cmp -s "$TMP/p1" "$TMP/p2"
check "cache path names D" grep -qx "$TMP/d1/cache.db" "$TMP/p1"

# The user's [cache] dir applies to the cache commands as to an analysis.
mkdir -p "$TMP/home/.config/assay"
printf '[cache]\n\tdir = %s\n' "$TMP/fromconfig" >"$TMP/home/.config/assay/config"
(unset ASSAY_CACHE_DIR XDG_CONFIG_HOME && HOME="$TMP/home" "$ASSAY" cache path) >"$TMP/p3" 2>&1
check "cache path honours [cache] dir of the user's file" \
	grep -qx "$TMP/fromconfig/cache.db" "$TMP/p3"
check "... and makes nothing there (it made the folder, a database and its WAL)" \
	test ! -e "$TMP/fromconfig"
(unset ASSAY_CACHE_DIR XDG_CONFIG_HOME && HOME="$TMP/home" "$ASSAY" cache path extra) >"$TMP/p4" 2>&1
check "cache path WORD: refused, and nothing made" sh -c \
	"grep -q 'cache path takes no word after it' '$TMP/p4' && test ! -e '$TMP/fromconfig'"

# Analysis, explain, config, languages, help: the same output either way.
same() {
	name=$1
	shift
	"$ASSAY" "$@" >"$TMP/a.raw" 2>&1
	echo "exit $?" >>"$TMP/a.raw"
	# The same words with the first (an option) moved after the command word.
	first=$1
	cmdword=$2
	shift 2
	"$ASSAY" "$cmdword" "$first" "$@" >"$TMP/b.raw" 2>&1
	echo "exit $?" >>"$TMP/b.raw"
	# Each run has its own id (in its events): made constant.
	normalize <"$TMP/a.raw" >"$TMP/a"
	normalize <"$TMP/b.raw" >"$TMP/b"
	check "$name: options before the command word = after it" cmp -s "$TMP/a" "$TMP/b"
	check "$name: ... and no usage error" test "$(tail -n 1 "$TMP/a")" != "exit 2"
}
same "explain" -v explain a.c:mixed
same "config" --verbose config .
same "languages" --no-color languages
same "help" --no-color help precommit

echo 'int f(int a) { if (a) return 1; if (a > 2) return 2; return 0; }' >b.c
git add b.c
same "precommit" --no-cache precommit -f json
same "diff" --no-cache diff HEAD -f json
same "baseline" --no-cache baseline write .
check "baseline write wrote the baseline" test -s .assay-baseline
rm -f .assay-baseline
expect_status "hook: --force before the command word" 0 "$ASSAY" --force hook install
expect_status "hook: uninstall" 0 "$ASSAY" hook uninstall

# A path named like a command is analyzed after `--`.
mkdir -p "$TMP/t/precommit" && cp "$FIXTURES/c/control.c" "$TMP/t/precommit/x.c"
(cd "$TMP/t" && "$ASSAY" --no-cache -f json -- precommit) >"$TMP/out" 2>"$TMP/err"
check "-- precommit analyzes the directory precommit" grep -q '"path":"precommit/x.c"' "$TMP/out"

# Many file arguments (`assay $(git ls-files)`, a pre-commit framework's list): the files of
# one directory share its descriptor, and the soft limit on descriptors is raised to the
# hard one, so neither many files nor many directories run out of descriptors.
mkdir -p "$TMP/many/one"
i=0
while [ $i -lt 200 ]; do
	echo "int f$i(void) { return $i; }" >"$TMP/many/one/f$i.c"
	mkdir -p "$TMP/many/d$i" && echo "int g$i(void) { return $i; }" >"$TMP/many/d$i/g.c"
	i=$((i + 1))
done
(cd "$TMP/many" && ulimit -S -n 64 && "$ASSAY" --no-cache one/*.c) >"$TMP/out" 2>"$TMP/err"
check "200 file arguments in one directory, 64 descriptors: all analyzed" \
	grep -q '^assay: 200 files analyzed' "$TMP/out"
(cd "$TMP/many" && ulimit -S -n 64 && "$ASSAY" --no-cache d*/g.c) >"$TMP/out" 2>"$TMP/err"
check "200 file arguments in 200 directories, soft limit 64: all analyzed" \
	grep -q '^assay: 200 files analyzed' "$TMP/out"

# The gate applies per-path thresholds ([threshold "GLOB"]) as an analysis does.
printf '[threshold "b.c"]\n\tccn = 2\n' >.assay
expect_status "analysis: the per-path limit fails b.c" 1 "$ASSAY" --no-cache b.c
git add .assay	# precommit reads the index's .assay
expect_status "precommit: the per-path limit fails b.c too" 1 "$ASSAY" precommit --no-cache
expect_status "diff: the per-path limit fails b.c too" 1 "$ASSAY" diff HEAD --no-cache

