#!/usr/bin/env python3
"""The private search log and the editors' insights (issue 17), driving the
real binaries on loopback. A day of searches from simulated visitors (a
trusted proxy names them in X-Forwarded-For), then:

  - the data folder holds no client address and no user agent;
  - k-anonymity: a query two visitors asked is not shown, three are;
  - opens from a result page are counted (Referer), robots are not logged;
  - /api/insights/gaps: 401 without a session, 403 for a contributor;
  - a reformulation asked by three visitors is a synonym candidate;
    accepting it commits content/_synonyms.yaml and the query finds results;
  - X-Forwarded-For from a peer that is no trusted proxy is ignored;
  - rows past the retention are deleted when the server starts;
  - --search-log-days 0 keeps no log.

    insights.py <casebase-index> <casebase-serve> <casebase-admin> <source dir>
"""
import http.client
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import faultlib as fl

UA = "InsightsProbe/1.0 (marker-ua-7d1f)"
ZERO = "xqzwembadkwestie"             # asked by 3 visitors: shown
RARE = "geheimezoekvraagxyz"          # asked by 2 visitors: never shown
FOUND = "aanbestedingen"              # finds articles
REFORM_FROM = "qqqopdrachtgeverschap" # nothing, then FOUND within a minute


def call(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        raw = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, raw
    finally:
        c.close()


def session(port, user, password):
    """Logs in, sets a password of its own; returns (cookie header, csrf token)."""
    status, h, raw = call(port, "POST", "/api/session", {"user": user, "password": password})
    fl.check(status == 200, f"login {user}: HTTP {status} {raw[:200]!r}")
    cookie = h["set-cookie"].split(";")[0]
    csrf = json.loads(raw)["csrf_token"]
    status, h, raw = call(port, "POST", "/api/password", {"password": password, "new_password": password + "-own-pw"},
                          {"Cookie": cookie, "X-CSRF-Token": csrf})
    fl.check(status == 200, f"password {user}: HTTP {status} {raw[:200]!r}")
    return h["set-cookie"].split(";")[0], json.loads(raw)["csrf_token"]


def search(port, visitor, q, page=True):
    path = ("/?q=" if page else "/api/search?q=") + q.replace(" ", "+")
    status, _, _ = fl.get(port, path, {"X-Forwarded-For": f"203.0.113.{visitor}", "User-Agent": UA})
    fl.check(status == 200, f"search {q!r} by visitor {visitor}: HTTP {status}")


def total(port, q):
    status, j = fl.get_json(port, "/api/search?q=" + q)
    fl.check(status == 200, f"/api/search?q={q}: HTTP {status}")
    return j["total"]


def grep_tree(folder, needles):
    found = []
    for root, _, files in os.walk(folder):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                data = fh.read()
            for n in needles:
                if n.encode() in data:
                    found.append((os.path.join(root, f), n))
    return found


def run(index, serve, admin, src):
    tmp = fl.tempdir("insights")
    try:
        content = fl.copy_content(src, tmp)
        for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit",
                                                      "-qm", "seed"]):
            subprocess.run(["git", *args], cwd=content, check=True, stdout=subprocess.DEVNULL)
        db = os.path.join(tmp, "db")
        rc, out = fl.run_index(index, content, db)
        fl.check(rc <= 1, f"indexing failed ({rc}): {out}")
        data = os.path.join(tmp, "data")
        pw = {}
        for name, role in (("erik", "editor"), ("anna", "contributor")):
            p = subprocess.run([admin, "--data", data, "user", "add", name, "--role", role], check=True,
                               stdout=subprocess.PIPE, text=True)
            pw[name] = p.stdout.strip().splitlines()[-1]
        web = os.path.join(src, "web")
        extra = ["--data", data, "--content", content, "--trust-proxy", "127.0.0.1"]
        with fl.Server(serve, db, web, extra=extra) as srv:
            port = srv.port
            fl.check(total(port, REFORM_FROM) == 0, f"{REFORM_FROM} should find nothing before the synonyms")
            # A day of searches: visitors 1-5.
            for v in (1, 2, 3):
                search(port, v, ZERO)
            search(port, 3, ZERO.upper())   # the same again at once (as typed, then Enter): one search
            for v in (4, 5):
                search(port, v, RARE, page=False)
            for v in (1, 2, 4, 5):
                search(port, v, FOUND)
            for v in (1, 2, 3):
                search(port, v, REFORM_FROM)
                search(port, v, FOUND, page=False)
            # A robot's searches are not logged.
            for i in range(5):
                fl.get(port, f"/?q={RARE}", {"X-Forwarded-For": f"198.51.100.{i}", "User-Agent": "ExampleBot/2.1"})
            # An open from a result page (same-origin Referer) by visitor 1.
            status, j = fl.get_json(port, f"/api/search?q={FOUND}")
            first = j["hits"][0]["id"]
            status, _, _ = fl.get(port, f"/articles/{first}",
                                  {"X-Forwarded-For": "203.0.113.1", "User-Agent": UA,
                                   "Referer": f"http://127.0.0.1:{port}/?q={FOUND}"})
            fl.check(status == 200, f"article page: HTTP {status}")

            # Who may see the insights.
            status, _, raw = call(port, "GET", "/api/insights/gaps")
            fl.check(status == 401, f"gaps without a session: HTTP {status}")
            anna = session(port, "anna", pw["anna"])
            status, _, raw = call(port, "GET", "/api/insights/gaps", headers={"Cookie": anna[0]})
            fl.check(status == 403, f"gaps for a contributor: HTTP {status}")
            status, _, _ = call(port, "GET", "/insights", headers={"Cookie": anna[0]})
            fl.check(status == 403, f"insights page for a contributor: HTTP {status}")
            erik = session(port, "erik", pw["erik"])
            status, _, raw = call(port, "GET", "/api/insights/gaps?weeks=2", headers={"Cookie": erik[0]})
            fl.check(status == 200, f"gaps for an editor: HTTP {status} {raw[:200]!r}")
            gaps = json.loads(raw)
            fl.check(gaps["k"] == 3 and len(gaps["weeks"]) == 2, f"gaps: {gaps}")
            week = gaps["weeks"][0]
            zero = {q["q"]: q for q in week["zero_results"]}
            fl.check(ZERO in zero and zero[ZERO]["visitors"] == 3 and zero[ZERO]["searches"] == 3,
                     f"zero results: {week['zero_results']}")
            fl.check(zero[ZERO]["write_url"] == f"/submit?title={ZERO}", f"write url: {zero[ZERO]}")
            everything = json.dumps(gaps)
            fl.check(RARE not in everything, f"a query of 2 visitors is shown: {everything}")
            top = {q["q"]: q for q in week["top_queries"]}
            # Visitors 1-5, and this script itself (the proxy's own address, no X-Forwarded-For).
            fl.check(top.get(FOUND, {}).get("visitors") == 6 and top[FOUND]["opens"] == 1,
                     f"top queries: {week['top_queries']}")
            fl.check(FOUND not in {q["q"] for q in week["never_opened"]}, f"never opened: {week['never_opened']}")
            cands = gaps["synonym_candidates"]
            fl.check({"from": REFORM_FROM, "to": FOUND} in [{"from": c["from"], "to": c["to"]} for c in cands],
                     f"synonym candidates: {cands}")
            status, _, raw = call(port, "GET", "/api/insights/gaps?weeks=99", headers={"Cookie": erik[0]})
            fl.check(status == 400, f"weeks=99: HTTP {status}")
            status, _, page = call(port, "GET", "/insights", headers={"Cookie": erik[0]})
            fl.check(status == 200 and ZERO.encode() in page and RARE.encode() not in page
                     and f'href="/submit?title={ZERO}"'.encode() in page, f"insights page: HTTP {status}")

            # Accepting the candidate: CSRF first, then the commit and the index.
            status, _, _ = call(port, "POST", "/api/insights/synonyms",
                                {"from": REFORM_FROM, "to": FOUND, "decision": "accept"}, {"Cookie": erik[0]})
            fl.check(status == 403, f"accept without CSRF: HTTP {status}")
            status, _, raw = call(port, "POST", "/api/insights/synonyms",
                                  {"from": REFORM_FROM, "to": FOUND, "decision": "accept"},
                                  {"Cookie": anna[0], "X-CSRF-Token": anna[1]})
            fl.check(status == 403, f"accept by a contributor: HTTP {status}")
            status, _, raw = call(port, "POST", "/api/insights/synonyms",
                                  {"from": REFORM_FROM, "to": FOUND, "decision": "accept"},
                                  {"Cookie": erik[0], "X-CSRF-Token": erik[1]})
            fl.check(status == 200, f"accept: HTTP {status} {raw[:300]!r}")
            with open(os.path.join(content, "_synonyms.yaml")) as f:
                fl.check(f"[{REFORM_FROM}, {FOUND}]" in f.read(), "the pair is not in _synonyms.yaml")
            git_log = subprocess.run(["git", "log", "-1", "--format=%s%n%an", "--", "_synonyms.yaml"], cwd=content,
                                     stdout=subprocess.PIPE, text=True).stdout
            fl.check("Synonyms:" in git_log and "erik" in git_log, f"git log: {git_log}")
            deadline = time.time() + 15
            while time.time() < deadline and total(port, REFORM_FROM) == 0:
                time.sleep(0.2)
            fl.check(total(port, REFORM_FROM) > 0, f"{REFORM_FROM} finds nothing after accepting the synonyms")
            status, _, raw = call(port, "GET", "/api/insights/gaps", headers={"Cookie": erik[0]})
            fl.check(REFORM_FROM not in json.dumps(json.loads(raw)["synonym_candidates"]), "accepted pair proposed again")
            status, _, raw = call(port, "POST", "/api/insights/synonyms",
                                  {"from": REFORM_FROM, "to": FOUND, "decision": "accept"},
                                  {"Cookie": erik[0], "X-CSRF-Token": erik[1]})
            fl.check(status == 409, f"accepting twice: HTTP {status}")

        # Not a trusted proxy: X-Forwarded-For is ignored (all one visitor).
        with fl.Server(serve, db, web, extra=["--data", data, "--content", content]) as srv:
            for v in (7, 8, 9):
                fl.get(srv.port, "/?q=spoofedvisitors", {"X-Forwarded-For": f"203.0.113.{v}", "User-Agent": UA})
            erik = session_again(srv.port, "erik", pw["erik"] + "-own-pw")
            status, _, raw = call(srv.port, "GET", "/api/insights/gaps", headers={"Cookie": erik[0]})
            fl.check(status == 200 and "spoofedvisitors" not in raw.decode(), "X-Forwarded-For of an untrusted peer was believed")

        # Nothing that identifies a visitor is stored.
        leaks = grep_tree(data, ["203.0.113.", "198.51.100.", "127.0.0.1", "marker-ua", "ExampleBot", "InsightsProbe"])
        fl.check(not leaks, f"the data folder holds client data: {leaks}")
        log_db = os.path.join(data, "insights.sqlite")
        con = sqlite3.connect(log_db)
        robot = con.execute("SELECT COUNT(*) FROM searches WHERE q = ?", (RARE,)).fetchone()[0]
        fl.check(robot == 2, f"{RARE}: {robot} rows (the robot's searches were logged?)")
        # Retention: a row of 100 days ago goes when the server starts.
        old_day = int(time.time()) // 86400 - 100
        con.execute("INSERT INTO searches (at, day, visitor, epoch, q, results) VALUES (?, ?, x'00', 1, 'oldquery', 0)",
                    (old_day * 86400, old_day))
        con.commit()
        con.close()
        with fl.Server(serve, db, web, extra=["--data", data, "--content", content, "--search-log-days", "90"]):
            pass
        con = sqlite3.connect(log_db)
        left = con.execute("SELECT COUNT(*) FROM searches WHERE q = 'oldquery'").fetchone()[0]
        kept = con.execute("SELECT COUNT(*) FROM searches").fetchone()[0]
        con.close()
        fl.check(left == 0 and kept > 0, f"retention: {left} old rows left, {kept} kept")

        # --search-log-days 0: no log, no insights.
        data0 = os.path.join(tmp, "data0")
        subprocess.run([admin, "--data", data0, "user", "add", "emma", "--role", "editor"], check=True,
                       stdout=subprocess.PIPE)
        with fl.Server(serve, db, web, extra=["--data", data0, "--search-log-days", "0"]) as srv:
            search(srv.port, 1, ZERO)
            status, _, _ = call(srv.port, "GET", "/api/insights/gaps")
            fl.check(status == 401, f"gaps (no log) without a session: HTTP {status}")
        fl.check(not os.path.exists(os.path.join(data0, "insights.sqlite")), "--search-log-days 0 wrote a log")
        fl.log("insights", "k-anonymity, opens, candidates, accept, no addresses, retention: ok")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def session_again(port, user, password):
    status, h, raw = call(port, "POST", "/api/session", {"user": user, "password": password})
    fl.check(status == 200, f"login {user}: HTTP {status} {raw[:200]!r}")
    return h["set-cookie"].split(";")[0], json.loads(raw)["csrf_token"]


if __name__ == "__main__":
    fl.main(lambda: run(*sys.argv[1:5]))
