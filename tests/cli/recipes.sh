# recipes.sh - docs/CI.md's recipes work as pasted: every YAML block parses, and its shell
# steps (GitHub Actions `run`, GitLab `script`, the Jenkinsfile's `sh`) run as written
# against a local git repository whose origin has a main branch and a pull request's
# branch, with the CI's variables set to those; the reports they write are checked. The
# pre-commit block names hooks .pre-commit-hooks.yaml defines.
. "$(dirname "$0")/lib.shinc"

if ! python3 -c 'import yaml' 2>/dev/null; then
	not_ok "python3's yaml module (Debian: python3-yaml) is needed to read docs/CI.md"
	exit 0
fi

# assay on PATH, as `make install` puts it (the worker beside it).
mkdir -p "$TMP/bin"
cp "$BUILD/assay" "$BUILD/assay-worker" "$TMP/bin/"
export PATH="$TMP/bin:$PATH"

# The repository: origin (bare) with main, and a clone on the pull request's branch.
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP/home"
mkdir -p "$HOME" "$TMP/runner"
git init -q --bare -b main "$TMP/origin.git"
git clone -q "$TMP/origin.git" "$TMP/work" 2>/dev/null
cd "$TMP/work" || exit 1
git checkout -q -b main
mkdir -p src .github
printf 'int twice(int a) { return 2 * a; }\n' >src/a.c
(cd "$TMP/runner" && assay cache keygen --output=assay-cache >/dev/null)
cp "$TMP/runner/assay-cache.pub" .github/assay-cache.pub
git add -A && git commit -qm base && git push -q origin main
git checkout -q -b feature
printf 'int half(int a) { if (a < 0) return 0; return a / 2; }\n' >src/b.c
git add -A && git commit -qm change

# The steps of each block, as shell scripts, with the CI's expressions replaced.
python3 - "$SRC/docs/CI.md" "$SRC/.pre-commit-hooks.yaml" "$TMP/steps" <<'PY'
import os, re, sys, yaml
doc, hooks_file, out = sys.argv[1:4]
text = open(doc).read()
blocks = re.findall(r"```(yaml|groovy)\n(.*?)```", text, re.S)
values = {
    "github.base_ref": "main", "github.event.pull_request.base.ref": "main",
    "github.event.repository.default_branch": "main", "github.sha": "0" * 40,
    "secrets.ASSAY_CACHE_SIGNING_KEY": "$SIGNING_KEY_FROM_SECRET",
}
def expand(script):
    def one(m):
        name = m.group(1).strip()
        if name not in values:
            sys.exit("docs/CI.md: unknown expression ${{ %s }}" % name)
        return values[name]
    return re.sub(r"\$\{\{(.*?)\}\}", one, script)
def fan_out(node, found):
    """A GitHub matrix over one list, or GitLab's `parallel: N`: the job's steps once per
    value, as the CI would start one job each (one after the other here, in one checkout,
    where the artifacts they write are where the next job downloads them)."""
    matrix = node.get("strategy", {}).get("matrix") if isinstance(node.get("strategy"), dict) else None
    if matrix:
        (key, items), = matrix.items()
        for v in items:
            for step in runs(node["steps"], []):
                found.append(step.replace("${{ matrix.%s }}" % key, str(v))
                             .replace("${{ strategy.job-total }}", str(len(items))))
        return True
    if isinstance(node.get("parallel"), int) and "script" in node:
        n = node["parallel"]
        for k in range(1, n + 1):
            found.append("export CI_NODE_INDEX=%d CI_NODE_TOTAL=%d\n" % (k, n)
                         + "\n".join(node["script"]))
        found.append("unset CI_NODE_INDEX CI_NODE_TOTAL")
        return True
    return False
def runs(node, found):
    if isinstance(node, dict):
        if fan_out(node, found):
            return found
        if "run" in node:
            env = node.get("env", {})
            found.append("".join("export %s=\"%s\"\n" % (k, v) for k, v in env.items())
                         + node["run"])
        if "script" in node:
            found.append("\n".join(node["script"]))
        for v in node.values():
            runs(v, found)
    elif isinstance(node, list):
        for v in node:
            runs(v, found)
    return found
hook_ids = {h["id"] for h in yaml.safe_load(open(hooks_file))}
os.makedirs(out)
for n, (kind, body) in enumerate(blocks):
    if kind == "groovy":
        steps = re.findall(r"\bsh '([^']*)'", body)
        name = "jenkins"
    else:
        try:
            tree = yaml.safe_load(body)
        except yaml.YAMLError as e:
            sys.exit("docs/CI.md: block %d is not YAML: %s" % (n + 1, e))
        if isinstance(tree, dict) and "repos" in tree:
            ids = [h["id"] for r in tree["repos"] for h in r["hooks"]]
            missing = [i for i in ids if i not in hook_ids]
            if missing:
                sys.exit("docs/CI.md: pre-commit hooks not in .pre-commit-hooks.yaml: %s" % missing)
            open(os.path.join(out, "%02d-precommit.ok" % n), "w").write(" ".join(ids))
            continue
        steps = runs(tree, [])
        name = "gitlab" if isinstance(tree, dict) and any(
            isinstance(v, dict) and "script" in v for v in tree.values()) else "github"
    # make install is the job's way of getting assay on PATH: the test has it there.
    script = "\n".join(s for s in steps)
    script = re.sub(r"(?m)^\s*make install\b.*$", ":", script)
    open(os.path.join(out, "%02d-%s.sh" % (n, name)), "w").write(expand(script))
PY
check "docs/CI.md: every YAML block parses and names known expressions" test $? -eq 0
check "docs/CI.md: the pre-commit recipe names the shipped hooks" sh -c "ls '$TMP/steps'/*-precommit.ok >/dev/null"

# run_recipe SCRIPT: one CI job on a fresh checkout of the pull request, with its own
# (empty) cache; the signing key as the CI secret.
run_recipe() {
	rm -rf "$TMP/job" && git clone -q "$TMP/origin.git" "$TMP/job" 2>/dev/null \
		&& git -C "$TMP/job" fetch -q "$TMP/work" feature:feature \
		&& git -C "$TMP/job" checkout -q feature || return 1
	(cd "$TMP/job" && RUNNER_TEMP="$TMP/runner" ASSAY_CACHE_DIR="$TMP/job-cache" \
		SIGNING_KEY_FROM_SECRET="$(cat "$TMP/runner/assay-cache.key")" \
		CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main bash -e "$1") >"$TMP/job.out" 2>&1
}
valid_sarif() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r["version"] != "2.1.0" or not r["runs"])' "$1"; }

for script in "$TMP/steps"/*.sh; do
	recipe=$(basename "$script" .sh)
	rm -rf "$TMP/job-cache"
	run_recipe "$script"
	rc=$?
	check "$recipe: its steps run as written (exit $rc)" test "$rc" -eq 0
	[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/job.out" | tail -n 8
	if grep -q 'assay.sarif' "$script"; then
		check "$recipe: writes a valid SARIF report" valid_sarif "$TMP/job/assay.sarif"
	fi
	if grep -q 'assay merge' "$script"; then
		check "$recipe: its shards each measured a part, merged into one report" python3 -c '
import glob, json, sys
shards = [json.load(open(p))["shard"] for p in sorted(glob.glob(sys.argv[1] + "/shard-*.json"))]
n = len(shards)
parts = sorted(s["index"] for s in shards)
files = sum(len(s["records"]) for s in shards)
sys.exit(0 if n > 1 and parts == list(range(1, n + 1)) and all(s["total"] == n for s in shards)
         and files == shards[0]["files"] else 1)' "$TMP/job"
	fi
	if grep -q 'gl-code-quality-report.json' "$script"; then
		check "$recipe: writes GitLab's Code Quality artifact (a JSON array)" python3 -c \
			'import json,sys; sys.exit(not isinstance(json.load(open(sys.argv[1])), list))' \
			"$TMP/job/gl-code-quality-report.json"
	fi
	if grep -q 'checkstyle.xml' "$script"; then
		check "$recipe: writes a checkstyle report" python3 -c \
			'import sys, xml.etree.ElementTree as E; sys.exit(E.parse(sys.argv[1]).getroot().tag != "checkstyle")' \
			"$TMP/job/checkstyle.xml"
	fi
	if grep -q 'cache export' "$script"; then
		check "$recipe: exports a signed cache" test -s "$TMP/job/assay-cache.export"
		# The next job finds the export where the CI's cache step restores it, and imports it.
		cp "$TMP/job/assay-cache.export" "$TMP/export"
		sed -i "1i cp '$TMP/export' assay-cache.export" "$script"
		rm -rf "$TMP/job-cache"
		run_recipe "$script"
		check "$recipe: the next job imports it" sh -c "! grep -q 'not imported' '$TMP/job.out'"
		check "... and its gate is answered from the cache" grep -q 'cache: 2 hits' "$TMP/job.out"
	fi
done
