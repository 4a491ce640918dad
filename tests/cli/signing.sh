# signing.sh - cache exports carry an Ed25519 signature and imports check it before any
# row is stored: keygen and its key files, signed export and import, tampering anywhere
# (a row, the header, the key, the signature) refused with nothing imported, the forged
# row of the security issue (a CCN 61 function made to pass, CRC fixed) refused, unknown
# keys and unsigned exports refused unless --trust-unsigned, secret keys that others can
# read or that are links refused, keys never taken from a repository's .assay.
. "$(dirname "$0")/lib.shinc"

export XDG_CONFIG_HOME="$TMP/xdg" HOME="$TMP/home"
mkdir -p "$HOME"
unset ASSAY_SIGNING_KEY

# entries DIR: the cache's entry count.
entries() {
	"$ASSAY" --cache-dir="$1" cache stats 2>/dev/null | sed -n 's/^entries: \([0-9]*\),.*/\1/p'
}

# edit.py IN OUT OP ARGS: an export rewritten as an attacker would. Ops: "oid OLD NEW"
# gives the row of blob OLD the key NEW; "flip OFFSET" changes one byte (negative: from
# the end); "flip-row" one byte inside the first row's record; "version N" makes the first
# row's record one of version N; "format N" makes the file one of format N. All but "flip"
# recompute the CRC-32, so only a signature can tell.
cat >"$TMP/edit.py" <<'PY'
import struct, sys, zlib
data = bytearray(open(sys.argv[1], "rb").read())
op = sys.argv[3]
magic = b"ASSAYCACHE\n"
assert data[:len(magic)] == magic
at = len(magic) + 4
rows = []  # (the row's offset, its record's)
while data[at] == 1:
    fixed = at + 1 + 20 + 1 + (32 if data[at + 21] else 0)  # the digest flag and digest
    plen = struct.unpack_from("<I", data, fixed + 1 + 8 + 8 + 4)[0]
    rows.append((at, fixed + 1 + 8 + 8 + 4 + 4))
    at = rows[-1][1] + plen
crc_at = at + 1 + 8
if op == "oid":
    old, new = bytes.fromhex(sys.argv[4]), bytes.fromhex(sys.argv[5])
    hits = [r for r, _ in rows if data[r + 1:r + 21] == old]
    assert hits, "no row for " + sys.argv[4]
    data[hits[0] + 1:hits[0] + 21] = new
elif op == "flip-row":
    data[rows[0][1] + 2] ^= 0x40
elif op == "version":
    data[rows[0][1]] = int(sys.argv[4])
elif op == "format":
    struct.pack_into("<I", data, len(magic), int(sys.argv[4]))
elif op == "flip":
    data[int(sys.argv[4])] ^= 0x01
if op != "flip":
    struct.pack_into("<I", data, crc_at, zlib.crc32(bytes(data[:crc_at])) & 0xffffffff)
open(sys.argv[2], "wb").write(bytes(data))
PY
edit() { python3 "$TMP/edit.py" "$@"; }
blob_id() { git hash-object --no-filters "$1"; }

# A function within the limits, and one with CCN 61 (60 decisions).
mkdir -p "$TMP/tree"
printf 'int small(int a)\n{\n\treturn a + 1;\n}\n' >"$TMP/tree/ok.c"
{
	printf 'int big(int a)\n{\n\tint n = 0;\n'
	i=0
	while [ $i -lt 60 ]; do
		printf '\tif (a == %d)\n\t\tn++;\n' $i
		i=$((i + 1))
	done
	printf '\treturn n;\n}\n'
} >"$TMP/tree/big.c"
expect_status "big.c fails the gate on its own (CCN 61)" 1 "$ASSAY" --no-cache "$TMP/tree/big.c"

# A trusted job's cache: ok.c only.
C="$TMP/trusted"
"$ASSAY" --cache-dir="$C" "$TMP/tree/ok.c" >/dev/null 2>&1
check "the trusted cache holds ok.c" test "$(entries "$C")" -eq 1

# ---- keygen ------------------------------------------------------------------------
K="$TMP/keys"
mkdir -p "$K"
expect_status "keygen writes a key pair" 0 "$ASSAY" cache keygen --output="$K/ci"
check "keygen: the secret key is mode 0600" test "$(stat -c %a "$K/ci.key")" = 600
check "keygen: the secret key file's format" grep -qE '^assay-ed25519-secret [A-Za-z0-9+/]{43}=$' \
	"$K/ci.key"
check "keygen: the public key file's format" \
	grep -qE '^assay-ed25519-public [A-Za-z0-9+/]{43}= [0-9a-f]{16}$' "$K/ci.pub"
check "keygen: names both files on standard output" \
	sh -c "grep -q '$K/ci.key' '$TMP/out' && grep -q '$K/ci.pub' '$TMP/out'"
id=$(sed -n 's/.* \([0-9a-f]\{16\}\)$/\1/p' "$K/ci.pub")
check "keygen: says the key id" grep -q "$id" "$TMP/out"
cp "$K/ci.key" "$TMP/ci.key.before"
expect_status "keygen: refuses to overwrite an existing key" 2 "$ASSAY" cache keygen -o "$K/ci"
check "keygen: ... names it" grep -q "$K/ci.key: " "$TMP/err"
check "keygen: ... and leaves it alone" cmp -s "$K/ci.key" "$TMP/ci.key.before"
ln -s "$TMP/elsewhere" "$K/link.key"
expect_status "keygen: refuses a link where the key goes" 2 "$ASSAY" cache keygen -o "$K/link"
check "keygen: ... writes nothing through it" test ! -e "$TMP/elsewhere"
check "keygen: ... nor the public half" test ! -e "$K/link.pub"
touch "$K/half.pub"
expect_status "keygen: refuses when the public key exists" 2 "$ASSAY" cache keygen -o "$K/half"
check "keygen: ... and leaves no secret key behind" test ! -e "$K/half.key"
expect_status "keygen: a default place outside any repository" 0 "$ASSAY" cache keygen
check "keygen: ... in the user's configuration directory" \
	test -f "$XDG_CONFIG_HOME/assay/cache-signing.key"
check "keygen: ... said on standard output" grep -q "$XDG_CONFIG_HOME/assay/cache-signing.key" \
	"$TMP/out"
"$ASSAY" cache keygen -o "$K/other" >/dev/null 2>&1

# ---- signed export, verified import --------------------------------------------------
expect_status "a signed export" 0 "$ASSAY" --cache-dir="$C" cache export \
	--signing-key="$K/ci.key" "$TMP/signed.export"
check "a signed export says nothing on standard error" test ! -s "$TMP/err"
expect_status "ASSAY_SIGNING_KEY signs too" 0 env ASSAY_SIGNING_KEY="$K/ci.key" \
	"$ASSAY" --cache-dir="$C" cache export "$TMP/env.export"
check "... the same bytes (Ed25519 is deterministic)" cmp -s "$TMP/signed.export" "$TMP/env.export"
expect_status "import verifies against --trusted-key" 0 "$ASSAY" --cache-dir="$TMP/i1" cache \
	import --trusted-key="$K/other.pub" --trusted-key="$K/ci.pub" "$TMP/signed.export"
check "... and imports every row" test "$(entries "$TMP/i1")" -eq 1
check "... saying which key signed" grep -q "$id" "$TMP/out"
# digests DIR: the digests of DIR's cache rows, in hex (ok.c was read outside git: its row
# carries the digest of its bytes, src/git/keys.h).
digests() {
	python3 -c 'import sqlite3, sys
print(" ".join(d.hex() if d else "none" for (d,) in sqlite3.connect(sys.argv[1]).execute(
    "select digest from results order by oid")))' "$1/cache.db"
}
check "... each row with its digest" test "$(digests "$TMP/i1")" = "$(digests "$C")"
check "... which is the SHA-256 of ok.c's blob" test "$(digests "$TMP/i1")" = "$(python3 -c '
import hashlib, sys
data = open(sys.argv[1], "rb").read()
print(hashlib.sha256(b"blob %d\0" % len(data) + data).hexdigest())' \
	"$TMP/tree/ok.c")"
# A stored digest of another length (a tampered cache) is not exported as no digest, which
# would let the row answer any bytes with its SHA-1: the row stays behind.
cp -r "$C" "$TMP/bad-digest"
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("update results set digest = x\u002700\u0027")
db.commit()' "$TMP/bad-digest/cache.db"
"$ASSAY" --cache-dir="$TMP/bad-digest" cache export "$TMP/bad-digest.export" >"$TMP/out" 2>&1
check "a row whose digest is not 32 bytes is left out of an export" \
	grep -q "^exported 0 entries" "$TMP/out"
mkdir -p "$XDG_CONFIG_HOME/assay"
printf '[cache]\n\ttrustedKey = %s\n' "$K/ci.pub" >"$XDG_CONFIG_HOME/assay/config"
expect_status "a trusted key from the user's configuration" 0 "$ASSAY" --cache-dir="$TMP/i2" \
	cache import "$TMP/signed.export"
check "... imports every row" test "$(entries "$TMP/i2")" -eq 1
rm "$XDG_CONFIG_HOME/assay/config"

# refused NAME FILE ARGS...: importing FILE into an empty cache exits 2, names the file,
# and stores nothing.
refused() {
	what=$1 file=$2
	shift 2
	rm -rf "$TMP/r"
	expect_status "$what: refused" 2 "$ASSAY" --cache-dir="$TMP/r" cache import "$@" "$file"
	check "$what: ... naming the file" grep -q "$file: " "$TMP/err"
	check "$what: ... nothing imported" test "$(entries "$TMP/r")" -eq 0
}

# ---- tampering -------------------------------------------------------------------------
edit "$TMP/signed.export" "$TMP/row.export" flip-row
refused "a changed row (CRC fixed)" "$TMP/row.export" --trusted-key="$K/ci.pub"
check "... says the signature does not verify" grep -q 'signature' "$TMP/err"
edit "$TMP/signed.export" "$TMP/head.export" flip 12
refused "a changed header" "$TMP/head.export" --trusted-key="$K/ci.pub"
edit "$TMP/signed.export" "$TMP/sig.export" flip -1
refused "a changed signature" "$TMP/sig.export" --trusted-key="$K/ci.pub"
check "... says the signature does not verify" grep -q 'signature' "$TMP/err"
edit "$TMP/signed.export" "$TMP/key.export" flip -70
refused "a changed key in the export" "$TMP/key.export" --trusted-key="$K/ci.pub"
head -c $(($(wc -c <"$TMP/signed.export") - 10)) "$TMP/signed.export" >"$TMP/short.export"
refused "a truncated export" "$TMP/short.export" --trusted-key="$K/ci.pub"
refused "a changed signature, even with --trust-unsigned" "$TMP/sig.export" --trust-unsigned

# ---- the forged row of the issue: ok.c's result under big.c's blob id -------------------
edit "$TMP/signed.export" "$TMP/forged.export" oid "$(blob_id "$TMP/tree/ok.c")" \
	"$(blob_id "$TMP/tree/big.c")"
refused "a forged row with a valid CRC" "$TMP/forged.export" --trusted-key="$K/ci.pub"
expect_status "... so the CCN 61 function still fails the gate" 1 "$ASSAY" --cache-dir="$TMP/r" \
	"$TMP/tree/big.c"

# ---- who signed ----------------------------------------------------------------------
"$ASSAY" --cache-dir="$C" cache export --signing-key="$K/other.key" "$TMP/other.export" \
	>/dev/null 2>&1
other_id=$(sed -n 's/.* \([0-9a-f]\{16\}\)$/\1/p' "$K/other.pub")
refused "an export signed by an unknown key" "$TMP/other.export" --trusted-key="$K/ci.pub"
check "... names the key" grep -q "$other_id" "$TMP/err"
refused "a signed export and no trusted key at all" "$TMP/signed.export"
expect_status "an unknown key with --trust-unsigned" 0 "$ASSAY" --cache-dir="$TMP/i3" cache \
	import --trust-unsigned "$TMP/other.export"
check "... is imported with a warning naming the key" grep -q "$other_id" "$TMP/err"

# ---- unsigned exports ----------------------------------------------------------------
expect_status "an export without a signing key still works" 0 "$ASSAY" --cache-dir="$C" cache \
	export "$TMP/unsigned.export"
check "... and says on standard error that it is unsigned" grep -q 'not signed' "$TMP/err"
refused "an unsigned export" "$TMP/unsigned.export" --trusted-key="$K/ci.pub"
check "... says how to accept it" grep -q -- '--trust-unsigned' "$TMP/err"
edit "$TMP/unsigned.export" "$TMP/forged-unsigned.export" oid "$(blob_id "$TMP/tree/ok.c")" \
	"$(blob_id "$TMP/tree/big.c")"
refused "the issue's forged row, unsigned" "$TMP/forged-unsigned.export"
expect_status "... so the CCN 61 function still fails the gate" 1 "$ASSAY" --cache-dir="$TMP/r" \
	"$TMP/tree/big.c"
expect_status "an unsigned export with --trust-unsigned" 0 "$ASSAY" --cache-dir="$TMP/i4" cache \
	import --trust-unsigned "$TMP/unsigned.export"
check "... imports every row" test "$(entries "$TMP/i4")" -eq 1
check "... with a warning" grep -q 'not signed' "$TMP/err"
edit "$TMP/unsigned.export" "$TMP/later.export" version 6
refused "an export of a later version of assay" "$TMP/later.export" --trust-unsigned
check "... says its rows are another version's" \
	grep -q "row 1 holds a record of another version of assay, which this one cannot read" "$TMP/err"
# Format 3 carried BLAKE2b digests, where format 4 carries SHA-256 ones: refused whole.
edit "$TMP/unsigned.export" "$TMP/format3.export" format 3
refused "an export of format 3" "$TMP/format3.export" --trust-unsigned
check "... saying which format this assay reads" \
	grep -q "an export of format 3; this assay reads format 4 (export again with this version)" \
	"$TMP/err"

# ---- key files ---------------------------------------------------------------------------
# no_export NAME ARGS...: the export is refused (exit 2) naming the key, and writes nothing.
no_export() {
	what=$1
	shift
	rm -f "$TMP/x.export"
	expect_status "$what: refused" 2 "$ASSAY" --cache-dir="$C" cache export "$@" "$TMP/x.export"
	check "$what: ... no export written" test ! -e "$TMP/x.export"
}
cp "$K/ci.key" "$K/open.key"
chmod 640 "$K/open.key"
no_export "a secret key others can read" --signing-key="$K/open.key"
check "... says why" grep -q "$K/open.key: .*others" "$TMP/err"
ln -s "$K/ci.key" "$K/linked.key"
no_export "a secret key through a symbolic link" --signing-key="$K/linked.key"
check "... says why" grep -q "$K/linked.key: .*link" "$TMP/err"
mkfifo "$K/fifo.key"
no_export "a FIFO as the secret key" --signing-key="$K/fifo.key"
no_export "a public key as the secret key" --signing-key="$K/ci.pub"
no_export "a missing secret key" --signing-key="$K/missing.key"
if [ "$(id -u)" -eq 0 ]; then
	cp "$K/ci.key" "$K/theirs.key"
	chown 65534 "$K/theirs.key"
	no_export "a secret key owned by another user" --signing-key="$K/theirs.key"
	check "... says why" grep -q "$K/theirs.key: .*owned" "$TMP/err"
fi
# bad_trust NAME KEY: importing with KEY as a trusted key exits 2 naming the key file.
bad_trust() {
	expect_status "$1: refused" 2 "$ASSAY" --cache-dir="$TMP/i6" cache import \
		--trusted-key="$2" "$TMP/signed.export"
	check "$1: ... naming the key file" grep -q "$2: " "$TMP/err"
	check "$1: ... nothing imported" test "$(entries "$TMP/i6")" -eq 0
}
bad_trust "a secret key given as a trusted key" "$K/ci.key"
check "... says to keep the secret key out of importing jobs" grep -q 'is a secret key' "$TMP/err"
printf 'assay-ed25519-public AAAA\n' >"$K/short.pub"
bad_trust "a malformed public key" "$K/short.pub"
cp "$K/ci.pub" "$K/open.pub"
chmod 666 "$K/open.pub"
bad_trust "a public key anyone can write" "$K/open.pub"
cp "$K/ci.pub" "$K/group.pub"
chmod 664 "$K/group.pub" && chgrp nogroup "$K/group.pub" 2>/dev/null
if [ "$(stat -c %g "$K/group.pub")" != "$(id -g)" ]; then
	bad_trust "a public key another group can write" "$K/group.pub"
	check "... saying so" grep -q "group.pub: the file can be written by group [0-9]*, not only its owner.s" "$TMP/err"
fi
if [ "$(id -u)" = 0 ]; then
	cp "$K/ci.pub" "$K/theirs.pub" && chown nobody "$K/theirs.pub"
	bad_trust "a public key another user owns" "$K/theirs.pub"
	check "... saying whose" grep -q "theirs.pub: the file is owned by uid" "$TMP/err"
fi
mkdir -p "$K/shared" && chmod 777 "$K/shared" && cp "$K/ci.pub" "$K/shared/ci.pub"
bad_trust "a public key in a folder anyone can write (anyone could replace it)" "$K/shared/ci.pub"
check "... naming the folder" grep -q "its folder .*shared can be written by anyone" "$TMP/err"
ln -s "$K/shared/ci.pub" "$K/linked.pub"
bad_trust "a link to a public key in a folder anyone can write" "$K/linked.pub"
check "... naming the real folder" grep -q "its folder .*shared can be written by anyone" "$TMP/err"
mkdir -p "$K/open" && chmod 777 "$K/open" && ln -s "$K/ci.pub" "$K/open/ci.pub"
bad_trust "a link to a safe key, the link in a folder anyone can write (it can be pointed elsewhere)" "$K/open/ci.pub"
check "... naming the link's folder" grep -q "its folder .*/open can be written by anyone" "$TMP/err"
mkdir -p "$K/up/down" && chmod 777 "$K/up" && cp "$K/ci.pub" "$K/up/down/ci.pub"
bad_trust "a public key below a folder anyone can write (it can be renamed away)" "$K/up/down/ci.pub"
check "... naming that folder" grep -q "its folder .*/up can be written by anyone" "$TMP/err"
others=$(getent group "$(id -g)" | cut -d: -f4 | tr ',' '\n' | grep -v -x -e "$(id -un)" -e '' | wc -l)
if [ "$others" = 0 ]; then	# the user's primary group is private (root's, or umask 002's)
	mkdir -p "$K/own" && chmod 775 "$K/own" && chgrp "$(id -g)" "$K/own" && cp "$K/ci.pub" "$K/own/ci.pub"
	expect_status "a public key in a folder the user's private group can write (umask 002) is trusted" 0 \
		"$ASSAY" --cache-dir="$TMP/i8" cache import --trusted-key="$K/own/ci.pub" "$TMP/signed.export"
fi
if [ "$(id -u)" = 0 ] && unshare -U true 2>/dev/null; then
	# In a user namespace the system's folders (/, /tmp) show as the overflow uid.
	mkdir -p "$TMP/ns" && cp "$K/ci.pub" "$TMP/signed.export" "$TMP/ns/" && chown -R 1500:1500 "$TMP/ns"
	chmod 755 "$TMP"
	expect_status "a trusted key inside a user namespace (unshare -U, Toolbox)" 0 \
		setpriv --reuid=1500 --regid=1500 --clear-groups unshare -U --map-current-user \
		env HOME="$TMP/ns" XDG_CONFIG_HOME="$TMP/ns" "$ASSAY" --cache-dir="$TMP/ns/c" cache import \
		--trusted-key="$TMP/ns/ci.pub" "$TMP/ns/signed.export"
	chmod 700 "$TMP"
fi
mkdir -p "$K/sticky" && chmod 1777 "$K/sticky" && cp "$K/ci.pub" "$K/sticky/ci.pub"
expect_status "a public key in a sticky folder (as /tmp) is trusted" 0 \
	"$ASSAY" --cache-dir="$TMP/i7" cache import --trusted-key="$K/sticky/ci.pub" "$TMP/signed.export"

# ---- never from the repository ---------------------------------------------------------
git_repo "$TMP/repo"
for key in trustedKey signingKey; do
	printf '[cache]\n\t%s = %s\n' "$key" "$K/ci.pub" >.assay
	expect_status "a repository's .assay setting cache.$key is refused" 2 "$ASSAY" \
		--cache-dir="$TMP/i5" cache import "$TMP/signed.export"
	check "... with a message naming it" grep -qi "may not set cache.$key" "$TMP/err"
done
rm .assay
cp "$K/ci.pub" "$TMP/repo/assay.pub"
refused "a public key committed to the repository is not trusted by itself" \
	"$TMP/signed.export"
