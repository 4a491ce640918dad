#!/usr/bin/env python3
"""layout.py - checks the shape docs/ARCHITECTURE.md describes, from the sources and the
built objects:

  layers SRC            no file in a folder includes a header of a folder it must not
                        see (the sandboxed side sees neither the supervisor nor its
                        libraries; the report model sees neither the engine nor the cache)
  cycles SRC BUILD      no dependency cycle between object files: A depends on B when A
                        uses a symbol B defines (nm), so a cycle is two files that each
                        need the other, whatever their headers say
  worker BUILD          assay-worker links neither SQLite, libgit2, libsodium, libcurl nor
                        libseccomp (its filter is built at build time)
  core SRC BUILD        where the build made assay-analyzer.so, assay holds no grammar
                        and no tree-sitter runtime, and the library exports the symbols
                        src/analyze/analyzer.map names and nothing else
  sizes SRC             every source file holds one job: at most MAX_LINES lines (the
                        .def tables aside), src/main.c at most MAIN_LINES

Each prints one line per problem and exits 1 when there is one.
"""
import os
import re
import subprocess
import sys

# folder -> folders whose headers it must not include
FORBIDDEN = {
    "common": {"analyze", "worker", "run", "engine", "store", "git", "config", "report",
               "cmd", "files", "util"},
    "worker": {"run", "engine", "store", "git", "config", "report", "cmd", "files", "util"},
    "analyze": {"worker", "run", "engine", "store", "git", "config", "report", "cmd",
                "files", "util"},
    "util": {"analyze", "worker", "run", "engine", "store", "git", "config", "report",
             "cmd", "files"},
    "report": {"run", "engine", "store", "git", "config", "cmd", "files", "analyze"},
    "engine": {"run", "store", "git", "config", "report", "cmd", "files"},
    "store": {"run", "engine", "git", "config", "report", "cmd"},
    "files": {"run", "engine", "store", "config", "report", "cmd"},
    "git": {"run", "engine", "store", "config", "report", "cmd"},
    # config finds the repository root (git/locate.h, libgit2 through git/libgit2.h)
    "config": {"run", "engine", "store", "cmd"},
    "run": {"cmd"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)


def sources(src, tops, suffixes):
    """The files under src/TOP for each TOP, with their path relative to src."""
    for top in tops:
        for dirpath, _, names in os.walk(os.path.join(src, top)):
            for name in sorted(names):
                if name.endswith(suffixes):
                    path = os.path.join(dirpath, name)
                    yield path, os.path.relpath(path, src)


def breaches(path, rel, folder, forbidden):
    """The lines of one file that include from a folder it must not see."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for m in INCLUDE.finditer(text):
        if m.group(1) in forbidden:
            line = text.count("\n", 0, m.start()) + 1
            yield f"{rel}:{line}: src/{folder}/ must not include from src/{m.group(1)}/"


def layers(src):
    found = []
    for folder, forbidden in sorted(FORBIDDEN.items()):
        for path, rel in sources(src, [os.path.join("src", folder)], (".c", ".h", ".def", ".in")):
            found.extend(breaches(path, rel, folder, forbidden))
    for line in found:
        print(line)
    return len(found)


def objects(src, build):
    """The objects of the supervisor, the core and the sandbox whose source is in SRC
    (the worker's copies, built with per-target flags, are named assay_worker-*.o and
    left out; an object whose source is gone is a leftover of an older tree)."""
    found = []
    for top in ("src", "sandbox"):
        for dirpath, _, names in os.walk(os.path.join(build, top)):
            for name in names:
                obj = os.path.join(dirpath, name)
                source = os.path.join(src, os.path.relpath(obj, build))[:-2] + ".c"
                if name.endswith(".o") and not name.startswith("assay_worker") \
                        and os.path.exists(source):
                    found.append(obj)
    return sorted(found)


def symbols(path):
    out = subprocess.run(["nm", "-P", path], capture_output=True, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            used.add(name)
        elif kind in "TDBRCVWG":
            defined.add(name)
    return defined, used


def reachable(graph, start):
    """Every node a path from start reaches (start itself only through a cycle)."""
    seen, pending = set(), list(graph[start])
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending.extend(graph[node])
    return seen


def strongly_connected(graph):
    """The groups of nodes that each reach all the others (a cycle), of two or more."""
    reach = {node: reachable(graph, node) for node in graph}
    comps, placed = [], set()
    for node in sorted(graph):
        if node in placed:
            continue
        comp = sorted({node} | {o for o in reach[node] if node in reach[o]})
        placed.update(comp)
        if len(comp) > 1:
            comps.append(comp)
    return comps


def cycles(src, build):
    objs = objects(src, build)
    if len(objs) < 50:
        print(f"{build}: only {len(objs)} objects: is it built?")
        return 1
    defs, uses = {}, {}
    for o in objs:
        d, u = symbols(o)
        uses[o] = u
        for s in d:
            defs.setdefault(s, set()).add(o)
    graph = {o: set() for o in objs}
    why = {}
    for o in objs:
        for s in uses[o]:
            for target in defs.get(s, ()):
                if target != o:
                    graph[o].add(target)
                    why.setdefault((o, target), s)
    bad = 0
    for comp in strongly_connected(graph):
        members = set(comp)
        links = [f"{os.path.relpath(a, build)} -> {os.path.relpath(b, build)} ({why[(a, b)]})"
                 for a in comp for b in sorted(graph[a]) if b in members]
        print("dependency cycle: " + "; ".join(links))
        bad += 1
    return bad


def worker(build):
    path = os.path.join(build, "assay-worker")
    dyn = subprocess.run(["readelf", "-d", path], capture_output=True, text=True,
                         check=True).stdout
    syms = subprocess.run(["nm", "-P", path], capture_output=True, text=True).stdout
    bad = 0
    for lib, prefix in (("sqlite3", "sqlite3_"), ("git2", "git_"), ("sodium", "sodium_"),
                        ("curl", "curl_"), ("seccomp", "seccomp_")):
        if re.search(rf"NEEDED.*lib{lib}\b", dyn):
            print(f"assay-worker links lib{lib}")
            bad += 1
        if re.search(rf"^{prefix}\w+ ", syms, re.M):
            print(f"assay-worker holds {prefix}* symbols")
            bad += 1
    return bad


def core(src, build):
    lib = os.path.join(build, "assay-analyzer.so")
    if not os.path.exists(lib):
        return 0  # a platform that links the core into assay (configure said so)
    syms = subprocess.run(["nm", "-P", os.path.join(build, "assay")], capture_output=True,
                          text=True, check=True).stdout
    bad = 0
    held = sorted(set(re.findall(r"^((?:tree_sitter_\w+|ts_parser_new|analyzer_new)) ",
                                 syms, re.M)))
    if held:
        print(f"assay holds the analysis core: {', '.join(held[:5])}")
        bad += 1
    with open(os.path.join(src, "src", "analyze", "analyzer.map"), encoding="utf-8") as f:
        wanted = set(re.findall(r"^\s*(analyzer_\w+);", f.read(), re.M))
    dyn = subprocess.run(["nm", "-D", "-P", "--defined-only", lib], capture_output=True,
                         text=True, check=True).stdout
    exported = {line.split()[0] for line in dyn.splitlines()
                if len(line.split()) > 1 and line.split()[1] in "TDBRVW"}
    if not wanted or exported != wanted:
        extra = sorted(exported - wanted)[:5]
        missing = sorted(wanted - exported)
        print(f"assay-analyzer.so exports {extra or 'none extra'}, lacks {missing or 'none'}")
        bad += 1
    return bad


MAX_LINES = 800
MAIN_LINES = 150


def sizes(src):
    bad = 0
    for path, rel in sources(src, ["src", "sandbox"], (".c", ".h")):
        with open(path, encoding="utf-8") as f:
            first = f.readline()
            n = 1 + sum(1 for _ in f) if first else 0
        if first.startswith("/* Generated from"):
            continue  # the build's output (src/report/html/page.h): its sources are measured
        limit = MAIN_LINES if rel == os.path.join("src", "main.c") else MAX_LINES
        if n > limit:
            print(f"{rel}: {n} lines (at most {limit}): more than one job?")
            bad += 1
    return bad


CONFIG_MACRO = re.compile(r"^\s*#\s*(?:undef|define)\s+([A-Z_0-9]+)", re.M)


def config(src):
    """A file that tests a configure macro (config.h.in) must include config.h: without
    it the macro is silently undefined and the #ifdef takes the other branch."""
    with open(os.path.join(src, "config.h.in"), encoding="utf-8") as f:
        macros = set(CONFIG_MACRO.findall(f.read()))
    bad = 0
    for path, rel in sources(src, ["src", "sandbox", "tests"], (".c", ".h")):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if '"config.h"' in text:
            continue
        tests = "\n".join(re.findall(r"^\s*#\s*(?:if|ifdef|ifndef|elif)\b.*$", text, re.M))
        used = sorted(m for m in macros if re.search(r"\b" + m + r"\b", tests))
        if used:
            print(f"{rel}: uses {', '.join(used)} without including config.h")
            bad += 1
    return bad


def main():
    args = {"layers": 1, "cycles": 2, "worker": 1, "core": 2, "sizes": 1, "config": 1}
    if len(sys.argv) < 2 or args.get(sys.argv[1]) != len(sys.argv) - 2:
        print(__doc__)
        return 2
    return 1 if globals()[sys.argv[1]](*sys.argv[2:]) else 0


if __name__ == "__main__":
    sys.exit(main())
