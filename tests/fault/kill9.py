#!/usr/bin/env python3
"""kill -9 during indexing: starts casebase-index (alternately an update and
a --full rebuild) on a changed content tree and kills it with SIGKILL at a
random moment, while casebase-serve serves the same folder. After each kill:
the LOCK is free, the served generation opens and `xapian-check` finds no
error, the server serves exactly the last committed set of articles (the old
one or the new one, never a mix), and the next run converges to the content.
At the end the index matches a fresh rebuild of the same content.

    kill9.py <casebase-index> <casebase-serve> <source dir> [--trials 5] [--docs 200] [--seed 1]
The 20-trial run of the issue: --trials 20.
"""
import argparse
import fcntl
import os
import random
import shutil
import signal
import subprocess
import time

import faultlib as fl


def mutate(rng, content, n):
    """Edits, deletes and adds a few articles."""
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(content) for f in fs if f.endswith(".md"))
    for p in rng.sample(files, min(3, len(files))):
        with open(p, "a") as f:
            f.write(f"\nAangepast in ronde {n}: {rng.randrange(10**9)}.\n")
    for p in rng.sample(files, min(2, len(files))):
        if os.path.exists(p):
            os.unlink(p)
    for k in range(3):
        fl.write(os.path.join(content, "cases", f"kill-{n}-{k}.md"), fl.article(f"Ronde {n} stuk {k}",
                 f"Tekst over inkoop in ronde {n}, stuk {k}."))


def lock_free(db):
    with open(os.path.join(db, "LOCK"), "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(f, fcntl.LOCK_UN)
            return True
        except OSError:
            return False


def xapian_check(path):
    p = subprocess.run(["xapian-check", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode == 0 and "No errors found" in p.stdout, p.stdout[-2000:]


QUERIES = ["/healthz", "/api/search?q=inkoop", "/api/search?themes=energie", "/api/search?q=ronde",
           "/api/search?q=gemeente+energie&scope=all"]


def fingerprint(port):
    out = []
    for q in QUERIES:
        status, j = fl.get_json(port, q)
        fl.check(status == 200, f"{q}: HTTP {status}")
        out.append(j.get("articles") if q == "/healthz" else j["total"])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("serve")
    ap.add_argument("src")
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if not shutil.which("xapian-check"):
        fl.log("kill9", "xapian-check is missing (Debian xapian-tools)")
        return 1 if os.environ.get("CASEBASE_FAULT_REQUIRED") == "1" else fl.SKIP
    rng = random.Random(a.seed)
    tmp = fl.tempdir("kill9")
    web = os.path.join(a.src, "web")
    try:
        content, db = os.path.join(tmp, "content"), os.path.join(tmp, "db")
        fl.gen_corpus(a.src, content, a.docs)
        t0 = time.monotonic()
        rc, out = fl.run_index(a.index, content, db)
        t_full = time.monotonic() - t0
        fl.check(rc == 0, f"first index failed ({rc}): {out}")
        t_update = t_full * 0.2  # measured again by each converging run
        outcomes = {"killed": 0, "finished before the kill": 0, "served old": 0, "served new": 0}
        with fl.Server(a.serve, db, web) as srv:
            fl.check(fl.served_ids(srv.port) == fl.expected_ids(content), "first index: ids differ")
            for n in range(1, a.trials + 1):
                before = fl.served_ids(srv.port)
                mutate(rng, content, n)
                after = fl.expected_ids(content)
                full = n % 2 == 0
                delay = rng.uniform(0.0, t_full * 1.1 if full else t_update * 1.1)
                proc = subprocess.Popen([a.index, "--quiet", "--content", content, "--db", db] + (["--full"] if full else []),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                rc = proc.wait()
                killed = rc == -signal.SIGKILL
                outcomes["killed" if killed else "finished before the kill"] += 1
                fl.check(killed or rc == 0, f"trial {n}: indexer exited {rc} before the kill")
                fl.check(lock_free(db), f"trial {n}: LOCK still held after the kill")
                gen = fl.current_generation(db)
                ok, text = xapian_check(gen)
                fl.check(ok, f"trial {n}: xapian-check {gen}:\n{text}")
                served = fl.served_ids(srv.port)
                fl.check(served in (before, after),
                         f"trial {n}: served a mix: {len(served ^ before)} differ from the old, {len(served ^ after)} from the new")
                which = "new" if served == after else "old"
                outcomes["served " + which] += 1
                t1 = time.monotonic()
                rc2, out2 = fl.run_index(a.index, content, db)
                if not full:
                    t_update = time.monotonic() - t1
                fl.check(rc2 == 0, f"trial {n}: the next run failed ({rc2}): {out2}")
                fl.check(fl.served_ids(srv.port) == after, f"trial {n}: the next run did not converge")
                ok, text = xapian_check(fl.current_generation(db))
                fl.check(ok, f"trial {n}: xapian-check after the next run:\n{text}")
                fl.log("kill9", f"trial {n}: {'--full' if full else 'update'}, SIGKILL after {delay * 1000:.0f} ms "
                                f"({'killed' if killed else 'had finished'}), xapian-check clean, served the {which} "
                                f"revision ({len(served)} articles), next run converged")
            got = fingerprint(srv.port)
        ref = os.path.join(tmp, "ref")
        rc, out = fl.run_index(a.index, content, ref, "--full")
        fl.check(rc == 0, f"reference rebuild failed: {out}")
        with fl.Server(a.serve, ref, web) as rsrv:
            want = fingerprint(rsrv.port)
            fl.check(fl.served_ids(rsrv.port) == fl.expected_ids(content), "reference ids differ")
        fl.check(got == want, f"index after the trials {got} differs from a fresh rebuild {want}")
        gens = sorted(d for d in os.listdir(db) if d.startswith("gen-"))
        fl.log("kill9", f"{a.trials} trials: {outcomes}; same totals as a fresh rebuild {got}; "
                        f"generations left in the folder: {len(gens)}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    fl.main(main)
