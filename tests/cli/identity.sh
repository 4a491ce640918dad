# identity.sh - the reports name the repository they measured: SARIF paths relative to
# the work tree (%SRCROOT%) wherever assay ran, versionControlProvenance from origin
# (without credentials), and Prometheus' project label (--project overrides it).
. "$(dirname "$0")/lib.shinc"

export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
repo="$TMP/shop"
mkdir -p "$repo/svc/api" && cd "$repo" && git init -q -b trunk . || exit 1
cp "$FIXTURES/c/control.c" svc/api/a.c
git add . && git commit -qm one
git remote add origin "https://ci-bot:s3cret@forge.example/acme/shop-app.git"
head=$(git rev-parse HEAD)

cd svc || exit 1
"$ASSAY" --ccn=2 -f sarif api >"$TMP/sub.sarif" 2>/dev/null
check "sarif from a subdirectory: paths relative to the work tree, based on %SRCROOT%" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
ok = locs and all(l == {"uri": "svc/api/a.c", "uriBaseId": "%SRCROOT%"} for l in locs)
ok = ok and run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + sys.argv[2] + "/"
sys.exit(0 if ok else 1)' "$TMP/sub.sarif" "$(cd "$repo" && pwd -P)"
check "sarif: versionControlProvenance names origin without its credentials, the commit, the branch" python3 -c '
import json, sys
vcp = json.load(open(sys.argv[1]))["runs"][0]["versionControlProvenance"][0]
sys.exit(0 if vcp == {"repositoryUri": "https://forge.example/acme/shop-app.git",
                      "revisionId": sys.argv[2], "branch": "trunk"} else 1)' "$TMP/sub.sarif" "$head"
check "sarif: the token is nowhere in the report" test "$(grep -c s3cret "$TMP/sub.sarif")" -eq 0
# repositoryUri is an absolute URI whatever origin looks like (scp-like, a path, bytes
# outside URI syntax), and a password holding '@' is stripped whole.
repo_uri() {	# repo_uri ORIGIN: the SARIF repositoryUri with that origin, "none" without one
	git remote set-url origin "$1"
	"$ASSAY" --ccn=2 -f sarif api >"$TMP/u.sarif" 2>/dev/null
	python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
print(run["versionControlProvenance"][0]["repositoryUri"] if "versionControlProvenance" in run else "none")' "$TMP/u.sarif"
}
check "an scp-like origin becomes ssh://" \
	test "$(repo_uri git@forge.example:acme/shop-app.git)" = "ssh://git@forge.example/acme/shop-app.git"
check "... its host an IPv6 address too" \
	test "$(repo_uri 'git@[::1]:acme/x.git')" = "ssh://git@[::1]/acme/x.git"
check "... a '[' in the path is no IPv6 host" \
	test "$(repo_uri 'git@forge.example:org/repo[1].git')" = "ssh://git@forge.example/org/repo%5B1%5D.git"
check "an absolute path becomes file://" test "$(repo_uri /srv/git/shop.git)" = "file:///srv/git/shop.git"
check "a relative path gives no provenance" test "$(repo_uri ../shop.git)" = none
check "a space and non-ASCII are percent-encoded" \
	test "$(repo_uri "$(printf 'https://forge.example/a b/caf\303\251.git')")" = "https://forge.example/a%20b/caf%C3%A9.git"
check "a password holding '@' is stripped whole" \
	test "$(repo_uri 'https://bot:p@ss@forge.example/acme/x.git')" = "https://forge.example/acme/x.git"
git remote set-url origin "https://ci-bot:s3cret@forge.example/acme/shop-app.git"
cd api || exit 1
"$ASSAY" --ccn=2 -f sarif ../../svc/api/a.c >"$TMP/up.sarif" 2>/dev/null
check "sarif: a path with .. still resolves in the work tree" \
	grep -q '"uri":"svc/api/a.c","uriBaseId":"%SRCROOT%"' "$TMP/up.sarif"
"$ASSAY" --ccn=2 -f sarif "$repo/svc/api/a.c" >"$TMP/abs.sarif" 2>/dev/null
check "sarif: an absolute path in the work tree too" \
	grep -q '"uri":"svc/api/a.c","uriBaseId":"%SRCROOT%"' "$TMP/abs.sarif"

"$ASSAY" -f prometheus a.c >"$TMP/p.prom" 2>/dev/null
check "prometheus: every sample carries the project, named after origin" \
	test "$(grep -v '^#' "$TMP/p.prom" | grep -vc '{project="shop-app"[,}]')" -eq 0
"$ASSAY" --project='web "front"' -f prometheus a.c >"$TMP/q.prom" 2>/dev/null
check "prometheus: --project overrides it, escaped" grep -q '^assay_exit_code{project="web \\"front\\""} 0$' "$TMP/q.prom"

# Outside git: no %SRCROOT%, the folder's name as the project.
mkdir -p "$TMP/plain/tool" && cp "$FIXTURES/c/control.c" "$TMP/plain/tool/a.c"
cd "$TMP/plain/tool" || exit 1
"$ASSAY" --ccn=2 -f sarif a.c >"$TMP/plain.sarif" 2>/dev/null
check "sarif outside git: plain relative paths" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
sys.exit(0 if locs and all(l == {"uri": "a.c"} for l in locs) and "originalUriBaseIds" not in run else 1)' "$TMP/plain.sarif"
"$ASSAY" -f prometheus a.c 2>/dev/null | grep -q '^assay_exit_code{project="tool"} 0$'
check "prometheus outside git: the folder's name" test $? -eq 0
