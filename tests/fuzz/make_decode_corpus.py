#!/usr/bin/env python3
"""make_decode_corpus.py - the seed corpus of tests/fuzz/fuzz_decode.c, from a real worker.

    tests/fuzz/make_decode_corpus.py BUILDDIR

For the two largest hand-checked fixtures of each language, runs BUILDDIR/assay-worker (--sandbox=off)
on one FILE frame and keeps what it answers (HELLO, then RESULT) as a seed named
LANG-N; adds a FILE frame, an ERROR frame and a bare record (a cache row's inflated
value). Run it again whenever the protocol or the record format changes
(PROTO_VERSION, RECORD_VERSION), and commit the result: seeds the decoder refuses at
once are worth little.
"""
import os
import re
import struct
import subprocess
import sys

def fixed_ids():
    """NAME -> ID of every row of src/common/languages.def (ids are fixed forever)."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "src", "common", "languages.def")
    with open(path, encoding="utf-8") as f:
        rows = re.findall(r'^LANGUAGE\(\w+, *(\d+), *"([^"]+)"', f.read(), re.M)
    return {name: int(ident) for ident, name in rows}


LANGS = fixed_ids()
PROTO_FILE, PROTO_ERROR = 2, 4
CAUSE_UNKNOWN_LANGUAGE = 3  # src/common/cause.h


def frame(kind, payload):
    return struct.pack("<IB", len(payload) + 1, kind) + payload


def file_frame(ident, lang, data, flags=0, timeout_us=0):
    return frame(PROTO_FILE, struct.pack("<IBIQ", ident, lang, flags, timeout_us) + data)


def main():
    build = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.join(here, "..", "fixtures")
    out = os.path.join(here, "corpus", "decode")
    worker = os.path.join(build, "assay-worker")
    for old in os.listdir(out):
        os.unlink(os.path.join(out, old))
    for lang, ident in LANGS.items():
        folder = os.path.join(fixtures, lang)
        sources = sorted((f for f in os.listdir(folder) if not f.endswith(".expect")),
                         key=lambda f: -os.path.getsize(os.path.join(folder, f)))
        for n, name in enumerate(sources[:2]):
            data = open(os.path.join(fixtures, lang, name), "rb").read()
            reply = subprocess.run([worker, "--sandbox=off"], input=file_frame(0, ident, data, 2),
                                   capture_output=True, check=True).stdout
            open(os.path.join(out, "%s-%d" % (lang, n)), "wb").write(reply)
    open(os.path.join(out, "file-frame"), "wb").write(
        file_frame(3, LANGS["c"], b"int f(int a) { return a ? 1 : 0; }\n", 1, 1000))
    error = struct.pack("<IB", 3, CAUSE_UNKNOWN_LANGUAGE) + struct.pack("<I", 10) + b"in scanner"
    open(os.path.join(out, "error-frame"), "wb").write(frame(PROTO_ERROR, error))
    # A bare record: the RESULT of the first Python seed without its frame and header.
    reply = open(os.path.join(out, "python-0"), "rb").read()
    hello_len = struct.unpack_from("<I", reply, 0)[0] + 4
    result_len = struct.unpack_from("<I", reply, hello_len)[0]
    record = reply[hello_len + 5 + 4 + 8:hello_len + 4 + result_len]
    open(os.path.join(out, "record-python"), "wb").write(record)


if __name__ == "__main__":
    main()
