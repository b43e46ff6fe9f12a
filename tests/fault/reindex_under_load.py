#!/usr/bin/env python3
"""Reindex while serving: casebase-serve answers a steady wrk load on
127.0.0.1 while casebase-index rebuilds the whole index (--full) several
times. Passes when wrk saw no non-2xx response and no socket error, and
after each rebuild the new revision's marker article is found.

    reindex_under_load.py <casebase-index> <casebase-serve> <source dir>
        [--rebuilds 3] [--docs 300] [--seconds 240] [--connections 4] [--threads 8]
Exit 77 (skipped) when wrk is missing, unless CASEBASE_FAULT_REQUIRED=1.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import time

import faultlib as fl

LUA = r"""
local paths = {
  "/api/search?q=inkoop", "/api/search?q=gemeente&themes=energie&per_page=20",
  "/healthz", "/api/search?q=energie+mobiliteit&sort=newest", "/api/suggest?q=ink",
  "/?q=inkoop", "/api/search?themes=mobiliteit&page=2", "/api/search?q=%22geleerde+lessen%22&scope=lessons",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""
MARKERS = ["fotonkwartel", "gravelmerel", "hazelpinguin", "ijsvogelaar", "jadezwaluw", "kobaltreiger"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("serve")
    ap.add_argument("src")
    ap.add_argument("--rebuilds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--seconds", type=int, default=240, help="upper bound; the load stops 2 s after the last rebuild")
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--threads", type=int, default=8)
    a = ap.parse_args()
    wrk = shutil.which("wrk")
    if not wrk:
        fl.log("reindex", "wrk is missing (scripts/install-deps.sh fault)")
        return 1 if os.environ.get("CASEBASE_FAULT_REQUIRED") == "1" else fl.SKIP

    tmp = fl.tempdir("reindex")
    try:
        content, db = os.path.join(tmp, "content"), os.path.join(tmp, "db")
        fl.gen_corpus(a.src, content, a.docs)
        rc, out = fl.run_index(a.index, content, db)
        fl.check(rc == 0, f"first index failed ({rc}): {out}")
        lua = os.path.join(tmp, "load.lua")
        fl.write(lua, LUA)
        with fl.Server(a.serve, db, os.path.join(a.src, "web"), threads=a.threads) as srv:
            wrk_out = os.path.join(tmp, "wrk.out")
            t_start = time.monotonic()
            with open(wrk_out, "w") as wf:
                load = subprocess.Popen([wrk, "-t1", f"-c{a.connections}", f"-d{a.seconds}s", "--timeout", "5s",
                                         "-s", lua, srv.url()], stdout=wf, stderr=subprocess.STDOUT)
            time.sleep(1.5)
            rebuild_secs = []
            for n in range(a.rebuilds):
                word = MARKERS[n % len(MARKERS)] + str(n)
                fl.write(os.path.join(content, "cases", f"fault-revision-{n}.md"),
                         fl.article(f"Revisie {n}", f"Dit artikel markeert revisie {word}."))
                t0 = time.monotonic()
                rc, out = fl.run_index(a.index, content, db, "--full")
                rebuild_secs.append(time.monotonic() - t0)
                fl.check(rc == 0, f"rebuild {n + 1} failed ({rc}): {out}")
                found = False
                for _ in range(50):
                    status, j = fl.get_json(srv.port, f"/api/search?q={word}")
                    if status == 200 and j["total"] == 1:
                        found = True
                        break
                    time.sleep(0.1)
                fl.check(found, f"rebuild {n + 1}: the new revision's article `{word}` is not served")
                status, j = fl.get_json(srv.port, "/healthz")
                fl.check(status == 200 and j["articles"] == a.docs + n + 1, f"rebuild {n + 1}: healthz {status} {j}")
                fl.log("reindex", f"rebuild {n + 1}: {rebuild_secs[-1]:.2f} s, {j['articles']} articles, "
                                  f"revision {j['revision']}, marker found")
            rebuilds_done = time.monotonic() - t_start
            fl.check(load.poll() is None, f"the load ({a.seconds} s) ended before the rebuilds ({rebuilds_done:.1f} s)")
            time.sleep(2)
            load.send_signal(signal.SIGINT)  # wrk stops and prints its summary
            load.wait(30)
            text = open(wrk_out).read()
            fl.check(srv.alive(), "casebase-serve died: " + srv.log())
        # wrk prints the duration with a unit of its choosing: "59.82s", "0.96m", "1.02h".
        m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h)\b", text)
        fl.check(m, "no wrk summary:\n" + text)
        requests = int(m.group(1))
        elapsed = float(m.group(2)) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}[m.group(3)]
        non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        sock_errors = sum(int(x) for x in sock.groups()) if sock else 0
        fl.log("reindex", f"{requests} requests in {elapsed:.1f} s during {a.rebuilds} full rebuilds "
                          f"({', '.join(f'{s:.2f}' for s in rebuild_secs)} s): {non2xx} non-2xx, {sock_errors} socket errors")
        fl.check(requests > 0, "wrk sent no request")
        fl.check(non2xx == 0 and sock_errors == 0, "failed requests during the reindex:\n" + text)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    fl.main(main)
