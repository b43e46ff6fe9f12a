#!/usr/bin/env python3
"""Turns bench/run's rows into docs/PERFORMANCE.md (tables with ratios).

The tables replace the part of the file above the END marker; what people
wrote below it (analysis, history) is kept."""
import datetime
import json
import platform
import subprocess
import sys


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"


def ver(pkg):
    return sh("dpkg-query -W -f='${Version}' " + pkg)


END = "<!-- end of bench/run's tables: what follows is kept when they are rewritten -->"


def main():
    rows_path, out, sizes, runs = sys.argv[1:5]
    rows = [l.rstrip("\n").split("\t") for l in open(rows_path, encoding="utf-8") if l.strip()]
    # One start and end per bench/run invocation (rows of several runs may be joined).
    loads = "; ".join(f"{r[1]} {r[2]}" for r in rows if r[0] == "load") or "?"
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("free -g | awk '/Mem/{print $2}'")
    lines = ["# Performance", "",
             f"Measured by `bench/run --sizes {sizes} --runs {runs}` on {datetime.date.today()}: "
             f"{sh('nproc')} cores ({cpu}), {mem} GiB RAM, {platform.platform()}.",
             f"Versions: Xapian {ver('libxapian30')}, omindex/omega {ver('xapian-omega')}, "
             f"Sphinx {ver('sphinxsearch')}, g++ {sh('g++ -dumpfullversion')}.",
             "All engines ran in this one run on the same generated corpora (`tools/gen_corpus.py`, seed 42); "
             "indexing numbers are medians of the runs; query numbers come from one load generator "
             "(`bench/load`) for every engine, over the same query mix (a third frequent, medium and rare "
             "words, 1-3 words, half with a facet filter). Casebase answers with exact counts for all 9 facets "
             "and snippets; Sphinx with SNIPPET() on the title and 6 FACET clauses.",
             f"Load average (1, 5, 15 min): {loads}.", ""]
    lines += ["## Indexing", "", "| articles | engine | seconds | docs/s | MB/s | peak RSS MB | index MB | docs/s vs omindex | vs Sphinx |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    idx = [r for r in rows if r[0] == "index"]
    for r in idx:
        n, eng = r[1], r[2]
        rate = float(r[4])
        om = next((float(x[4]) for x in idx if x[1] == n and x[2] == "omindex"), None)
        sp = next((float(x[4]) for x in idx if x[1] == n and x[2] == "sphinx"), None)
        lines.append(f"| {n} | {eng} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]} | "
                     f"{rate / om:.2f}x | {rate / sp:.2f}x |" if om and sp else f"| {n} | {eng} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]} | | |")
    lines += ["", "Casebase indexes each article plus one document per lesson, pro and con (about 8 Xapian "
              "documents per generated article), with positions, facets, spelling data and stored text; "
              "omindex indexes each file once as plain text; Sphinx indexes title, summary and body with "
              "the same facet attributes.", "", "## Incremental re-index (Casebase)", "",
              "| articles | touched | seconds |", "| --- | --- | --- |"]
    for r in rows:
        if r[0] == "incremental":
            lines.append(f"| {r[1]} | {r[4].replace('touched ', '')} | {r[3]} |")
    lines += ["", "## Queries", "", "| articles | engine | clients | QPS | p50 ms | p95 ms | p99 ms | server RSS MB | QPS vs Sphinx | p50 vs Sphinx |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    q = [r for r in rows if r[0] == "query"]
    for r in q:
        n, eng, c = r[1], r[2], r[3]
        j = json.loads(r[4])
        rss = r[5].split("=")[1] if len(r) > 5 else ""
        sp = next((json.loads(x[4]) for x in q if x[1] == n and x[2] == "sphinx" and x[3] == c), None)
        if eng in ("casebase-suggest", "static-floor"):
            sp = None  # not the same work as a search
        ratio_q = f"{j['qps'] / sp['qps']:.2f}x" if sp and j.get("qps") and sp.get("qps") else ""
        ratio_l = f"{j['p50_ms'] / sp['p50_ms']:.2f}x" if sp and j.get("p50_ms") and sp.get("p50_ms") else ""
        lines.append(f"| {n} | {eng} | {c.split('=')[1]} | {j.get('qps', '')} | {j.get('p50_ms', '')} | {j.get('p95_ms', '')} | "
                     f"{j.get('p99_ms', '')} | {rss} | {ratio_q} | {ratio_l} |")
    lines += ["", "`casebase-browse` is browse mode (no words, facets only); `casebase-suggest` is autocomplete "
              "(`/api/suggest` with the first 1-4 letters of each query); `static-floor` is a static file "
              "served by the same server (the HTTP floor); `casebase-wrk-1query` is wrk on one fixed query; "
              "`omega-cgi` starts one omega process per query (as a CGI deployment does) and computes no facets.", ""]
    resp = [r for r in rows if r[0] == "response"]
    if resp:
        lines += ["## Response size", "", "A default search (10 hits, 9 facets), median over the first 50 queries of the mix.", "",
                  "| articles | bytes | bytes with gzip |", "| --- | --- | --- |"]
        lines += [f"| {r[1]} | {r[3]} | {r[4]} |" for r in resp]
        lines.append("")
    kept = ""
    try:
        old = open(out, encoding="utf-8").read()
        if END in old:
            kept = old.split(END, 1)[1]
    except FileNotFoundError:
        pass
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n" + END + kept)


if __name__ == "__main__":
    main()
