# standalone.sh - the repository stands alone: no tracked file reads or links a path
# outside it. A user clones only this repository, so a test, a build step or a document
# that reaches a sibling folder (a design folder beside the clone, an absolute path of
# the machine it was written on) works for its author and fails for everyone else.
#
# What is checked, in every tracked text file (tests/fuzz/corpus/ is data and exempt):
#   - a relative path climbing out of the repository: a "../" path resolved from the
#     file's own folder, and one after $SRC, $(srcdir), $root and the like (variables
#     naming the repository root) resolved from the repository root;
#   - an absolute path into the workspace folder of the machine it was written on;
#   - a Markdown link to a relative target that does not exist in the repository.
. "$(dirname "$0")/lib.shinc"

CHECKER="$TMP/standalone.py"
cat >"$CHECKER" <<'PY'
import os, re, subprocess, sys

root = os.path.realpath(sys.argv[1])

def tracked(top):
    try:
        out = subprocess.run(["git", "-C", top, "ls-files", "-z"], capture_output=True,
                             check=True).stdout
        return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        # A release tarball: its files, less what autotools generated in it and any build
        # tree under it (make distcheck builds in _build/; grammars are fetched there).
        generated = {"aclocal.m4", "configure", "Makefile.in", "config.h.in", "config.guess",
                     "config.sub", "compile", "depcomp", "install-sh", "missing", "ar-lib"}
        files = []
        for d, dirs, names in os.walk(top):
            if "config.status" in names or os.path.basename(d) in ("grammars", ".git"):
                dirs[:] = []
                continue
            files += [os.path.relpath(os.path.join(d, n), top) for n in names
                      if not (d == top and n in generated)]
        return files

# A path token after a variable naming the repository root ($SRC, $(srcdir), ${root}...).
ROOTED = re.compile(r"\$\{?\(?(?:SRC|srcdir|top_srcdir|abs_top_srcdir|root|ASSAY_SRCDIR|here)"
                    r"\)?\}?((?:/[A-Za-z0-9_.+-]+)+)")
RELATIVE = re.compile(r"(?<![A-Za-z0-9_$}).)/])((?:\.\./)+[A-Za-z0-9_.+-][A-Za-z0-9_./+-]*)")
WORKSPACE = re.compile(r"(?<![A-Za-z0-9_.])/wor" r"k/[A-Za-z]")
MDLINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")

def inside(path):
    p = os.path.normpath(path)
    return p == root or p.startswith(root + os.sep)

problems = []
for rel in tracked(root):
    if rel.startswith("tests/fuzz/corpus/"):
        continue
    full = os.path.join(root, rel)
    try:
        text = open(full, encoding="utf-8").read()
    except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
        continue
    here = os.path.dirname(full)
    for n, line in enumerate(text.splitlines(), 1):
        where = "%s:%d" % (rel, n)
        for m in ROOTED.finditer(line):
            if not inside(root + m.group(1)):
                problems.append("%s: %s leaves the repository" % (where, m.group(0)))
        for m in RELATIVE.finditer(line):
            if not inside(os.path.join(here, m.group(1))):
                problems.append("%s: %s leaves the repository" % (where, m.group(1)))
        if WORKSPACE.search(line):
            problems.append("%s: an absolute path into the workspace" % where)
        if rel.endswith(".md"):
            for m in MDLINK.finditer(line):
                target = m.group(1)
                if re.match(r"[a-z]+:", target):
                    continue
                resolved = os.path.join(here, target)
                if not inside(resolved) or not os.path.exists(resolved):
                    problems.append("%s: link to %s, not in the repository" % (where, target))
for p in problems:
    print("#   " + p)
sys.exit(1 if problems else 0)
PY

check "no tracked file reads or links a path outside the repository" \
	python3 "$CHECKER" "$SRC"
python3 "$CHECKER" "$SRC" | head -n 20

# The check itself must be able to fail: a repository with one of each kind of escape
# (spelt in pieces here, so that this file does not hold them).
planted="$TMP/planted"
mkdir -p "$planted/tests" "$planted/docs"
git_repo "$planted" >/dev/null 2>&1
up=..
printf 'SCHEMA="$SRC/%s/shared/schema.json"\n' "$up" >"$planted/tests/a.sh"
printf 'See [design](%s/%s/shared/DESIGN.md).\n' "$up" "$up" >"$planted/docs/b.md"
printf 'cat /%s/shared/METRICS.md\n' work >"$planted/tests/c.sh"
printf '#include "%s/sandbox/sandbox.h"\n' "$up" >"$planted/tests/ok.c"
git -C "$planted" add -A >/dev/null 2>&1
python3 "$CHECKER" "$planted" >"$TMP/planted.out"
check "a planted root-relative path out is found" grep -q 'tests/a.sh:1: \$SRC/\.\./shared' "$TMP/planted.out"
check "a planted Markdown link outside is found" grep -q 'docs/b.md:1: link to' "$TMP/planted.out"
check "a planted workspace path is found" grep -q 'tests/c.sh:1: an absolute path' "$TMP/planted.out"
check "a relative path that stays inside is not flagged" sh -c "! grep -q 'ok.c' '$TMP/planted.out'"
