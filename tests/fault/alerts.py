#!/usr/bin/env python3
"""Saved searches and e-mail alerts (issue 17) with the real binaries on
loopback: an SMTP sink (Debian's python3-aiosmtpd, run by /usr/bin/python3)
on a free port, casebase-serve with --data --smtp --alert-interval 1, an
account made with casebase-admin --email.

  - POST /api/alerts: 401 without a session, 403 without the CSRF token,
    201 with both; a matching and a non-matching saved search.
  - A matching article indexed: exactly one e-mail, to the account's
    address, naming the article (title, organisation, link) with an
    unsubscribe link; the non-matching search sends nothing.
  - A second matching article the same day: no second e-mail (a digest a
    day at most), the article waits for tomorrow's.
  - The unsubscribe link: GET shows a confirm form and deletes nothing;
    an RFC 8058 one-click POST deletes the alert; the token is spent.

    alerts.py <casebase-index> <casebase-serve> <source dir> <casebase-admin>
Exit 77 when aiosmtpd is missing, unless CASEBASE_FAULT_REQUIRED=1.
"""
import email
import email.policy
import http.client
import json
import mailbox
import os
import re
import shutil
import subprocess
import sys
import socket
import time
import urllib.parse

import faultlib as fl

SINK_PYTHON = "/usr/bin/python3"  # Debian's, where python3-aiosmtpd is installed
WORD = "zeppelinhangar"           # in no article of content/
ADDRESS = "anna@example.org"


def request(port, method, path, body=None, headers=None, form=None):
    """(status, headers (lower-case), body bytes)."""
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def cookie_of(headers):
    m = re.match(r"([^=]+=[^;]*)", headers.get("set-cookie", ""))
    fl.check(m, f"no session cookie in {headers}")
    return m.group(1)


def login(port, user, password, new_password):
    """Logs in with the one-time password and sets a new one; returns (cookie, csrf token)."""
    st, h, b = request(port, "POST", "/api/session", {"user": user, "password": password})
    fl.check(st == 200, f"login: HTTP {st} {b[:300]}")
    cookie, csrf = cookie_of(h), json.loads(b)["csrf_token"]
    st, h, b = request(port, "POST", "/api/password", {"password": password, "new_password": new_password},
                       {"Cookie": cookie, "X-CSRF-Token": csrf})
    fl.check(st == 200, f"password change: HTTP {st} {b[:300]}")
    return cookie_of(h), json.loads(b)["csrf_token"]


def messages(maildir):
    box = mailbox.Maildir(maildir, factory=None, create=False)
    return [email.message_from_bytes(m.as_bytes(), policy=email.policy.default) for m in box]


def wait_for_mail(maildir, count, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = messages(maildir)
        if len(got) >= count:
            return got
        time.sleep(0.2)
    return messages(maildir)


def add_article(content, slug, title, organisation):
    fl.write(os.path.join(content, "cases", slug + ".md"),
             f"---\ntitle: \"{title}\"\nsummary: \"Een gemeente bouwde een {WORD} voor luchtschepen.\"\n"
             f"organisation: {organisation}\norganisation_type: gemeente\ncountry: NL\ndate: 2024-03\n"
             f"language: nl\ntype: case\nthemes: [mobiliteit]\n---\n\n"
             f"De gemeente kocht een {WORD} in.\n\n## Doel\n\nLuchtschepen stallen.\n")


def reindex(index, content, db):
    rc, out = fl.run_index(index, content, db)
    fl.check(rc == 0, f"reindex failed ({rc}): {out}")


def start_sink(tmp):
    maildir = os.path.join(tmp, "maildir")
    port = fl.free_port()
    proc = subprocess.Popen([SINK_PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Mailbox", maildir],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "sink.log"), "w"))
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    else:
        proc.kill()
        raise fl.Fail("the SMTP sink did not start")
    fl.check(proc.poll() is None, "the SMTP sink exited: " + open(os.path.join(tmp, "sink.log")).read())
    return proc, port, maildir


def body_text(msg):
    return msg.get_body(preferencelist=("plain",)).get_content()


def run(index, serve, src, admin):
    probe = subprocess.run([SINK_PYTHON, "-c", "import aiosmtpd"], capture_output=True) \
        if os.path.exists(SINK_PYTHON) else None
    if probe is None or probe.returncode != 0:
        fl.log("alerts", "python3-aiosmtpd is missing (scripts/install-deps.sh fault)")
        return 1 if os.environ.get("CASEBASE_FAULT_REQUIRED") == "1" else fl.SKIP
    tmp = fl.tempdir("alerts")
    sink = None
    try:
        content = fl.copy_content(src, tmp)
        db, data = os.path.join(tmp, "db"), os.path.join(tmp, "data")
        reindex(index, content, db)
        p = subprocess.run([admin, "--data", data, "user", "add", "anna", "--role", "contributor", "--email", ADDRESS],
                           capture_output=True, text=True)
        fl.check(p.returncode == 0, f"casebase-admin user add: {p.returncode} {p.stderr}")
        one_time = p.stdout.strip().splitlines()[-1]
        p = subprocess.run([admin, "--data", data, "user", "list"], capture_output=True, text=True)
        fl.check(ADDRESS in p.stdout, f"casebase-admin user list lacks the address: {p.stdout}")
        p = subprocess.run([admin, "--data", data, "user", "add", "bob", "--role", "contributor"],
                           capture_output=True, text=True)
        bob_one_time = p.stdout.strip().splitlines()[-1]

        sink, smtp_port, maildir = start_sink(tmp)
        web = os.path.join(src, "web")
        with fl.Server(serve, db, web, extra=("--data", data, "--content", content, "--smtp",
                                              f"127.0.0.1:{smtp_port}", "--alert-interval", "1")) as s:
            port = s.port
            cookie, csrf = login(port, "anna", one_time, "a new password of anna's")
            auth = {"Cookie": cookie, "X-CSRF-Token": csrf}

            st, _, b = request(port, "POST", "/api/alerts", {"q": WORD})
            fl.check(st == 401, f"POST /api/alerts without a session: HTTP {st} {b[:200]}")
            st, _, b = request(port, "POST", "/api/alerts", {"q": WORD}, {"Cookie": cookie})
            fl.check(st == 403, f"POST /api/alerts without the CSRF token: HTTP {st} {b[:200]}")
            st, _, b = request(port, "POST", "/api/alerts", {"q": WORD, "colour": "red"}, auth)
            fl.check(st == 400, f"POST /api/alerts with an unknown filter: HTTP {st} {b[:200]}")

            st, h, b = request(port, "POST", "/api/alerts", {"q": WORD, "themes": ["mobiliteit"]}, auth)
            fl.check(st == 201, f"POST /api/alerts: HTTP {st} {b[:300]}")
            hit = json.loads(b)
            fl.check(h.get("location") == f"/api/alerts/{hit['id']}", f"Location: {h.get('location')}")
            fl.check(hit["q"] == WORD and hit["filters"] == {"themes": ["mobiliteit"]}, f"alert body: {hit}")
            fl.check(hit["search_url"].startswith("/?q=" + WORD), f"search_url: {hit['search_url']}")
            st, _, b = request(port, "POST", "/api/alerts", {"q": "olifantenpaadje"}, auth)
            fl.check(st == 201, f"POST /api/alerts (no match): HTTP {st} {b[:300]}")
            miss = json.loads(b)

            # bob has no address: refused, and his session cannot see anna's alerts.
            bob_cookie, bob_csrf = login(port, "bob", bob_one_time, "a new password of bob's")
            st, _, b = request(port, "POST", "/api/alerts", {"q": WORD},
                               {"Cookie": bob_cookie, "X-CSRF-Token": bob_csrf})
            fl.check(st == 400 and json.loads(b)["error"]["code"] == "no_email", f"bob: HTTP {st} {b[:200]}")
            st, _, b = request(port, "DELETE", f"/api/alerts/{hit['id']}", None,
                               {"Cookie": bob_cookie, "X-CSRF-Token": bob_csrf})
            fl.check(st == 404, f"bob deletes anna's alert: HTTP {st}")

            time.sleep(2.5)  # rounds at the same revision: nothing to send
            fl.check(messages(maildir) == [], "a mail before any new article")

            add_article(content, "zeppelin-test", "Zeppelinhangar in Testdorp", "Gemeente Testdorp")
            day = time.strftime("%Y-%m-%d", time.gmtime())
            reindex(index, content, db)
            got = wait_for_mail(maildir, 1, 20)
            fl.check(len(got) == 1, f"{len(got)} mails after the matching article (want 1); log: {s.log()}")
            m = got[0]
            text = body_text(m)
            fl.check(m["To"] == ADDRESS, f"To: {m['To']}")
            fl.check("Zeppelinhangar in Testdorp" in text and "Gemeente Testdorp" in text, f"body: {text}")
            fl.check(f"http://127.0.0.1:{port}/articles/cases/zeppelin-test" in text, f"no article link: {text}")
            unsub = str(m["List-Unsubscribe"]).strip().strip("<>")
            fl.check(unsub.startswith(f"http://127.0.0.1:{port}/alerts/unsubscribe?token=") and unsub in text,
                     f"unsubscribe link: {m['List-Unsubscribe']} / {text}")
            fl.check(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", "no List-Unsubscribe-Post")
            fl.log("alerts", f"mail: {m['Subject']}")

            time.sleep(2.5)
            fl.check(len(messages(maildir)) == 1, "the non-matching alert sent a mail too")

            add_article(content, "zeppelin-test-2", "Tweede zeppelinhangar", "Gemeente Testdorp")
            reindex(index, content, db)
            time.sleep(4)
            if time.strftime("%Y-%m-%d", time.gmtime()) == day:
                fl.check(len(messages(maildir)) == 1, "a second mail on the same day")
            st, _, b = request(port, "GET", "/api/alerts", None, {"Cookie": cookie})
            listed = {a["id"]: a for a in json.loads(b)["alerts"]}
            fl.check(st == 200 and set(listed) == {hit["id"], miss["id"]}, f"GET /api/alerts: {st} {b[:300]}")
            fl.check(listed[hit["id"]]["last_sent"] and not listed[miss["id"]]["last_sent"], f"last_sent: {listed}")

            # The link: a GET (a mail scanner) deletes nothing; the one-click POST does.
            path = unsub[len(f"http://127.0.0.1:{port}"):]
            st, _, b = request(port, "GET", path, None, {"Accept": "text/html"})
            fl.check(st == 200 and b'name="token"' in b, f"GET unsubscribe: HTTP {st}")
            st, _, b = request(port, "GET", "/api/alerts", None, {"Cookie": cookie})
            fl.check(len(json.loads(b)["alerts"]) == 2, "the GET of the link deleted the alert")
            st, _, b = request(port, "POST", path, form={"List-Unsubscribe": "One-Click"})
            fl.check(st == 200, f"one-click unsubscribe: HTTP {st} {b[:200]}")
            st, _, b = request(port, "GET", "/api/alerts", None, {"Cookie": cookie})
            fl.check([a["id"] for a in json.loads(b)["alerts"]] == [miss["id"]], f"after unsubscribe: {b[:300]}")
            st, _, _ = request(port, "POST", path, form={"List-Unsubscribe": "One-Click"})
            fl.check(st == 404, f"a spent unsubscribe token: HTTP {st}")
            st, _, _ = request(port, "GET", "/alerts/unsubscribe?token=deadbeef", None, {"Accept": "text/html"})
            fl.check(st == 404, f"a wrong unsubscribe token: HTTP {st}")

            st, _, b = request(port, "DELETE", f"/api/alerts/{miss['id']}", None, auth)
            fl.check(st == 200, f"DELETE /api/alerts/{miss['id']}: HTTP {st} {b[:200]}")
            st, _, b = request(port, "DELETE", f"/api/alerts/{miss['id']}", None, auth)
            fl.check(st == 404, f"DELETE again: HTTP {st}")

            # The pages: the search page's form (no JavaScript), the list, its delete button.
            html = {"Cookie": cookie, "Accept": "text/html"}
            st, _, b = request(port, "GET", "/?q=olifantenpaadje&themes=water", None, html)
            page = b.decode()
            fl.check(st == 200 and 'action="/alerts"' in page and 'name="query" value="q=olifantenpaadje&amp;themes=water"'
                     in page, f"no save form on the search page: HTTP {st}")
            st, _, b = request(port, "GET", "/?q=olifantenpaadje", None, {"Accept": "text/html"})
            fl.check(st == 200 and 'action="/alerts"' not in b.decode(), "a save form without a session")
            st, h, b = request(port, "POST", "/alerts", None, html,
                               form={"csrf_token": csrf, "query": "q=olifantenpaadje&themes=water"})
            fl.check(st == 303 and h.get("location") == "/alerts?notice=saved", f"POST /alerts: HTTP {st} {h}")
            st, _, b = request(port, "POST", "/alerts", None, html, form={"query": "q=x"})
            fl.check(st == 403, f"POST /alerts without the CSRF token: HTTP {st}")
            st, _, b = request(port, "GET", "/alerts?notice=saved", None, html)
            page = b.decode()
            m = re.search(r'action="/alerts/(\d+)/delete"', page)
            fl.check(st == 200 and "olifantenpaadje" in page and m, f"GET /alerts: HTTP {st}")
            st, h, _ = request(port, "POST", f"/alerts/{m.group(1)}/delete", None, html, form={"csrf_token": csrf})
            fl.check(st == 303 and h.get("location") == "/alerts?notice=deleted", f"delete form: HTTP {st} {h}")
            st, _, b = request(port, "GET", "/api/alerts", None, {"Cookie": cookie})
            fl.check(json.loads(b)["alerts"] == [], f"alerts left: {b[:300]}")
            fl.check(len(messages(maildir)) == 1, "more mails at the end")
            fl.check(s.alive(), "casebase-serve died")
        fl.log("alerts", "ok: one mail for the matching article, none for the other, one a day, unsubscribed")
        return 0
    finally:
        if sink is not None:
            sink.terminate()
            sink.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    fl.main(lambda: run(*sys.argv[1:5]))
