#!/usr/bin/env python3
"""The hostile-request suite: a table of raw HTTP requests (path traversal,
oversized and pathological queries, header floods, multi-range, compressed
bodies, XSS probes) sent over raw sockets, each expected to get its answer
(a 4xx JSON error unless noted) within a time bound; then slow-loris
connections; the server must stay up and its memory flat.

Runs against the bare server, and behind Debian's nginx with
deploy/nginx/casebase.conf (ports and paths rewritten for the test):

    hostile.py <casebase-index> <casebase-serve> <source dir> [--front bare|nginx|both] [--rounds 2]
Exit 77 when nginx is wanted but missing, unless CASEBASE_FAULT_REQUIRED=1.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import time

import faultlib as fl

MiB = 1024 * 1024
TRAVERSAL = [
    "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/%252e%252e%252fetc%252fpasswd", "/static//etc/passwd", "/static/app.js%00.txt", "/static/..",
    "/static/%2e%2e%2f%2e%2e%2fweb%2ftemplates%2flayout.mustache", "/static/..%5c..%5cetc%5cpasswd",
    "/api/articles/../../../etc/passwd", "/api/articles/..%2f..%2fetc%2fpasswd",
    "/api/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/articles/cases%00.md", "/api/articles//etc/passwd",
    "/api/articles/%252e%252e%252fetc%252fpasswd", "/api/articles/cases/..%2f..%2f..%2fetc%2fpasswd",
    "/api/articles/C:%5cwindows%5cwin.ini", "/api/articles/%2fetc%2fpasswd/related",
    "/api/articles/..%252f..%252fetc%252fpasswd/related", "//etc/passwd", "/..%2f..%2fetc%2fpasswd",
    "/web/templates/layout.mustache", "/CURRENT", "/var/index/CURRENT", "/%2e%2e/%2e%2e/etc/passwd",
    "/articles/..%2f..%2f..%2fetc%2fpasswd", "/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/articles/cases%00",
]


def cases(vocab_prefix):
    """(name, raw request bytes, allowed statuses, body kind: json|html|any, seconds)."""
    def get(target, headers=(), body=b"", method="GET"):
        h = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        h += "".join(f"{k}: {v}\r\n" for k, v in headers)
        if body:
            h += f"Content-Length: {len(body)}\r\n"
        return h.encode("latin-1") + b"\r\n" + body

    out = [
        ("q of 1 MB", get("/api/search?q=" + "a" * MiB), {414, 431, 400}, "json", 2),
        ("3,000 terms", get("/api/search?q=" + "+".join(["w"] * 3000)), {400}, "json", 1),
        ("phrase of 4,000 words", get("/api/search?q=%22" + "+".join(["woord"] * 4000) + "%22"), {400, 414}, "json", 1),
        ("phrase of 1,000 bytes", get("/api/search?q=%22" + "+".join(["wd"] * 330) + "%22"), {400}, "json", 1),
        ("deep parentheses", get("/api/search?q=" + "(" * 200 + "x" + ")" * 200), {400}, "json", 1),
        ("wildcard over the vocabulary", get(f"/api/search?q={vocab_prefix}*"), {400}, "json", 2),
        ("many wildcards", get("/api/search?q=a*+b*+c*+d*+e*+g*+k*+m*+s*+t*"), {400}, "json", 2),
        ("invalid UTF-8 in q", get("/api/search?q=%ff%fe%c3%28"), {400}, "json", 1),
        ("invalid UTF-8 in a facet", get("/api/search?themes=%c0%af"), {400}, "json", 1),
        ("raw bytes in the target", get("/api/search?q=\xff\xfe"), {400}, "json", 1),
        ("huge page", get("/api/search?q=inkoop&page=99999999999999999999"), {400}, "json", 1),
        ("huge per_page", get("/api/search?per_page=100000000"), {400}, "json", 1),
        ("negative page", get("/api/search?page=-1"), {400}, "json", 1),
        ("huge facet_size", get("/api/search?facet_size=4294967297"), {400}, "json", 1),
        ("1,000 facet parameters", get("/api/search?" + "&".join(["themes=energie"] * 1000)), {400, 414}, "json", 1),
        ("200 facet parameters", get("/api/search?" + "&".join(f"themes=x{i}" for i in range(200))), {400}, "json", 1),
        ("500 unknown parameters", get("/api/search?" + "&".join(f"p{i}=x" for i in range(500))), {400}, "json", 1),
        ("suggest with 1 MB", get("/api/suggest?q=" + "a" * MiB), {414, 431, 400}, "json", 2),
        ("related n huge", get("/api/articles/cases/xss/related?n=1000000"), {400}, "json", 1),
        ("100 headers", get("/healthz", [(f"X-Flood-{i}", "v") for i in range(100)]), {431, 400}, "json", 1),
        ("header of 17 KiB", get("/healthz", [("X-Big", "b" * 17 * 1024)]), {431, 400}, "json", 1),
        ("header of 1 MB", get("/healthz", [("X-Big", "b" * MiB)]), {431, 400}, "json", 2),
        ("cookie flood", get("/", [("Cookie", "; ".join(f"c{i}=v" for i in range(3000)))]), {431, 400}, "json", 1),
        ("header without colon", b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nbroken header\r\n\r\n", {200, 400}, "any", 1),
        ("garbage request line", b"\x16\x03\x01\x02\x00garbage\r\n\r\n", {400, 405}, "any", 1),
        ("POST", get("/api/search", body=b"q=x", method="POST"), {405}, "json", 1),
        ("unknown method", get("/healthz", method="PROPFIND"), {405, 400}, "json", 1),
        ("TRACE", get("/healthz", method="TRACE"), {405}, "json", 1),
        ("body over 64 KiB", get("/healthz", body=b"x" * 100 * 1024), {413}, "json", 2),
        ("gzip bomb body", get("/healthz", [("Content-Encoding", "gzip")], body=gzip.compress(b"\0" * 20 * MiB)), {415, 413}, "json", 2),
        ("chunked body of 1 MB", b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n" +
         b"".join(b"4000\r\n" + b"x" * 0x4000 + b"\r\n" for _ in range(64)) + b"0\r\n\r\n", {413, 400, 411, 405}, "any", 2),
        ("bad article id", get("/api/articles/%3Cscript%3E"), {400}, "json", 1),
        ("unknown route", get("/api/nope"), {404}, "json", 1),
    ]
    for t in TRAVERSAL:
        kind = "any" if t.startswith("/articles/") else "json"  # a page 404, or nginx's JSON 400
        out.append(("traversal " + t, get(t), {400, 404}, kind, 1))
    return out


def parse_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0] if lines else "")
    status = int(m.group(1)) if m else 0
    headers = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            n = int(size_line.split(b";")[0] or b"0", 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2:]
        body = out
    return status, headers, body


def response_complete(data):
    """True once `data` holds a whole response (by Content-Length or the last chunk)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.I)
    if m:
        return len(body) >= int(m.group(1))
    if re.search(rb"\r\ntransfer-encoding:\s*chunked", head, re.I):
        return body.endswith(b"0\r\n\r\n")
    return False


def send_raw(port, req, timeout=10):
    """Sends `req` and reads one response: the answer counts when it is
    complete, whether or not the server has read the whole request."""
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    data = b""
    try:
        s.setblocking(False)
        sent = 0
        while time.monotonic() - t0 < timeout:
            if sent < len(req):
                try:
                    sent += s.send(req[sent:sent + 65536])
                except BlockingIOError:
                    pass
                except OSError:
                    sent = len(req)  # the server answered and closed before reading everything
            try:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                if response_complete(data):
                    break
            except BlockingIOError:
                time.sleep(0.001)
            except OSError:
                break
    finally:
        s.close()
    return parse_response(data), time.monotonic() - t0


def check_answer(name, status, headers, body, allowed, kind):
    problems = []
    if status not in allowed:
        problems.append(f"HTTP {status}, want {sorted(allowed)}")
    ctype = headers.get("content-type", "")
    if status >= 400 and (kind == "json" or (kind == "any" and "json" in ctype)):
        try:
            j = json.loads(body)
            if "error" not in j or "code" not in j["error"]:
                problems.append("JSON without error.code")
        except ValueError:
            problems.append(f"not a JSON error ({ctype}): {body[:120]!r}")
    elif kind == "html" and "text/html" not in ctype:
        problems.append(f"not HTML: {ctype}")
    if b"root:x:0:0" in body or b"{{" in body[:0]:
        problems.append("a file outside the web and content roots was read")
    return problems


SCRIPT_RE = re.compile(rb"<script\b[^>]*>", re.I)
# The site's own scripts, as layout.mustache writes them (app.js on every
# page, copy.js on articles, compare.js on search pages): left out of the
# count, so any other <script> is one the input put there.
OWN_SCRIPT_RE = re.compile(rb'<script src="/static/[a-z]+\.js" defer></script>')
HANDLER_RE = re.compile(rb"<[a-z][^>]*\son[a-z]+\s*=", re.I)
BAD_URL_RE = re.compile(rb"""(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|vbscript|data):""", re.I)


def xss_checks(port):
    """Pages, feeds and JSON carrying the hostile article and a hostile query."""
    problems, base = [], None
    _, _, body = fl.get(port, "/contribute")
    base = len(SCRIPT_RE.findall(OWN_SCRIPT_RE.sub(b"", body)))
    for path in ["/articles/cases/xss", "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/?q=xss&themes=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
                 "/lessons?q=onerror", "/feed.atom?q=xss", "/opensearch.xml", "/?q=javascript%3Aalert(1)",
                 "/api/articles/cases/xss", "/api/search?q=xss", "/export.json?q=xss", "/export.csv?q=xss"]:
        status, headers, body = fl.get(port, path, {"Accept": "text/html"})
        if status != 200:
            problems.append(f"{path}: HTTP {status}")
            continue
        ctype = headers.get("content-type", "")
        if headers.get("x-content-type-options") != "nosniff":
            problems.append(f"{path}: no nosniff")
        if "html" in ctype or "xml" in ctype:
            text = body
            # Atom <content type="html"> is escaped HTML a reader renders:
            # check it unescaped; text constructs stay as they are.
            for block in re.findall(rb'<content type="html">(.*?)</content>', body, re.S):
                text += block.replace(b"&lt;", b"<").replace(b"&gt;", b">").replace(b"&quot;", b'"').replace(b"&amp;", b"&")
            text = re.sub(rb'"[^"<>]*"', b'""', OWN_SCRIPT_RE.sub(b"", text))
            n = len(SCRIPT_RE.findall(text))
            if n > base:
                problems.append(f"{path}: {n} <script> elements, the plain page has {base}")
            for rx, what in ((HANDLER_RE, "event handler"), (BAD_URL_RE, "script URL")):
                if rx.search(text):
                    problems.append(f"{path}: {what}: {rx.search(text).group(0)[:80]!r}")
        elif "json" in ctype:
            j = json.loads(body)
            html = j.get("html", "") if isinstance(j, dict) else ""
            for rx, what in ((SCRIPT_RE, "script"), (HANDLER_RE, "event handler"), (BAD_URL_RE, "script URL")):
                if rx.search(html.encode()):
                    problems.append(f"{path}: {what} in html")
    return problems


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def slow_loris(port, n, hold):
    """Opens n connections that send a header byte a second; returns
    (seconds a normal request took meanwhile, how many were closed by the server within `hold`)."""
    conns = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        conns.append(s)
    time.sleep(0.5)
    t0 = time.monotonic()
    try:
        status, _, _ = fl.get(port, "/healthz", timeout=15)
    except OSError:
        status = 0
    took = time.monotonic() - t0 if status == 200 else float("inf")
    closed = set()
    end = time.monotonic() + hold
    while time.monotonic() < end and len(closed) < n:
        for i, s in enumerate(conns):
            if i in closed:
                continue
            try:
                s.sendall(b"X")
                s.settimeout(0.01)
                if s.recv(1024) == b"":
                    closed.add(i)
            except socket.timeout:
                pass
            except OSError:
                closed.add(i)
        time.sleep(1)
    for s in conns:
        s.close()
    return took, len(closed)


def run_suite(front, port, pid, rounds, vocab_prefix, expect_slow):
    failures, answers = [], {}
    table = cases(vocab_prefix)
    rss = []
    for r in range(rounds):
        for name, req, allowed, kind, limit in table:
            (status, headers, body), took = send_raw(port, req)
            problems = check_answer(name, status, headers, body, allowed, kind)
            if took > limit:
                problems.append(f"took {took:.2f} s (limit {limit} s)")
            answers[name] = f"{status} in {took * 1000:.0f} ms"
            if problems:
                failures.append(f"[{front}] {name}: " + "; ".join(problems))
        rss.append(rss_kib(pid))
    failures += [f"[{front}] xss {p}" for p in xss_checks(port)]
    # Multi-range: the body must never be multiplied.
    (status, headers, body), _ = send_raw(port, ("GET /static/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRange: bytes=" +
                                                 ",".join(["0-"] * 200) + "\r\n\r\n").encode())
    full = len(fl.get(port, "/static/app.js")[2])
    answers["200 ranges of app.js"] = f"{status}, {len(body)} bytes (file {full})"
    if status != 200 or len(body) > full:
        failures.append(f"[{front}] multi-range: HTTP {status}, {len(body)} bytes for a {full}-byte file")
    # Slow clients.
    n_slow, hold, must_close = expect_slow
    took, closed = slow_loris(port, n_slow, hold)
    answers[f"{n_slow} slow-loris connections"] = f"normal request in {took:.2f} s, {closed}/{n_slow} closed by the server within {hold} s"
    if took > 3:
        failures.append(f"[{front}] a normal request took {took:.1f} s during {n_slow} slow-loris connections")
    if must_close and closed < n_slow:
        failures.append(f"[{front}] only {closed}/{n_slow} slow-loris connections were closed within {hold} s")
    status, _, _ = fl.get(port, "/healthz")
    if status != 200:
        failures.append(f"[{front}] healthz after the suite: {status}")
    growth = (rss[-1] - rss[0]) / 1024 if len(rss) > 1 else 0
    answers["server RSS"] = f"{rss[0] / 1024:.1f} MiB after round 1, {rss[-1] / 1024:.1f} MiB after round {rounds}"
    # ASan's quarantine holds freed memory: report only in sanitizer runs.
    if growth > 16 and os.environ.get("CASEBASE_SANITIZE_RUN") != "1":
        failures.append(f"[{front}] memory grew {growth:.1f} MiB between rounds")
    return failures, answers


def start_nginx(src, tmp, backend_port):
    """Debian's nginx on a free loopback port with deploy/nginx/casebase.conf, paths rewritten."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = open(os.path.join(src, "deploy", "nginx", "casebase.conf")).read()
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    conf = conf.replace("server 127.0.0.1:8080", f"server 127.0.0.1:{backend_port}")
    os.makedirs(os.path.join(tmp, "nginx", "logs"), exist_ok=True)
    fl.write(os.path.join(tmp, "nginx", "casebase.conf"), conf)
    fl.write(os.path.join(tmp, "nginx", "nginx.conf"), f"""
pid {tmp}/nginx/nginx.pid;
error_log {tmp}/nginx/logs/error.log warn;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {tmp}/nginx/body;
  proxy_temp_path {tmp}/nginx/proxy;
  fastcgi_temp_path {tmp}/nginx/fastcgi;
  uwsgi_temp_path {tmp}/nginx/uwsgi;
  scgi_temp_path {tmp}/nginx/scgi;
  include {tmp}/nginx/casebase.conf;
}}
""")
    proc = subprocess.Popen(["nginx", "-p", os.path.join(tmp, "nginx"), "-e", os.path.join(tmp, "nginx", "logs", "error.log"),
                             "-c", os.path.join(tmp, "nginx", "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            if fl.get(port, "/healthz", timeout=1)[0] == 200:
                return proc, port
        except OSError:
            pass
        if proc.poll() is not None:
            raise fl.Fail("nginx did not start: " + proc.stdout.read().decode())
        time.sleep(0.05)
    proc.kill()
    raise fl.Fail("nginx did not answer")


XSS_ARTICLE = """---
title: "XSS <script>alert('t')</script> \\" onmouseover=\\"alert(1)"
organisation: "<img src=x onerror=alert(1)>"
themes: ["\\"><svg onload=alert(1)>", "a'b<c>d&e"]
summary: "</title><script>alert(2)</script> javascript:alert(3)"
date: 2021-01-01
---

# Kop <script>alert(4)</script>

Tekst <img src=x onerror=alert(5)> en <iframe src="javascript:alert(6)"></iframe> xss.

[a](javascript:alert(7)) [b](JaVaScRiPt:alert(8)) [c](java&#x09;script:alert(9)) [d](&#106;avascript:alert(10))
[e](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=) [f](vbscript:msgbox(12)) [g]( javascript:alert(13))
![h](javascript:alert(14)) <a href="javascript:alert(15)">i</a> [j](<javascript:alert(16)>)

## Geleerde lessen

- Les met [link](javascript:alert(17)) en <b onclick=alert(18)>vet</b> onerror.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("serve")
    ap.add_argument("src")
    ap.add_argument("--front", default="both", choices=["bare", "nginx", "both"])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--docs", type=int, default=150)
    a = ap.parse_args()
    fronts = ["bare", "nginx"] if a.front == "both" else [a.front]
    if "nginx" in fronts and not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        fl.log("hostile", "nginx is missing (scripts/install-deps.sh fault)")
        if os.environ.get("CASEBASE_FAULT_REQUIRED") == "1":
            return 1
        if a.front == "nginx":
            return fl.SKIP
        fronts = ["bare"]
    os.environ["PATH"] += ":/usr/sbin"
    tmp = fl.tempdir("hostile")
    failures = []
    try:
        content, db = os.path.join(tmp, "content"), os.path.join(tmp, "db")
        fl.gen_corpus(a.src, content, a.docs)
        fl.write(os.path.join(content, "cases", "xss.md"), XSS_ARTICLE)
        rc, out = fl.run_index(a.index, content, db)
        fl.check(rc in (0, 1), f"index failed ({rc}): {out}")
        threads = 8
        with fl.Server(a.serve, db, os.path.join(a.src, "web"), threads=threads) as srv:
            fl.check(fl.get(srv.port, "/api/articles/cases/xss")[0] == 200, "the XSS article was not indexed: " + out)
            vocab = "a"
            for front in fronts:
                ng = None
                # Bare httplib resets its read timeout on every byte, so a trickling
                # client holds a worker: fewer than the pool must not stall it.
                port, slow = srv.port, (threads // 2, 6, False)
                if front == "nginx":
                    ng, port = start_nginx(a.src, tmp, srv.port)
                    slow = (64, 14, True)
                try:
                    t0 = time.monotonic()
                    f, answers = run_suite(front, port, srv.pid, a.rounds, vocab, slow)
                    failures += f
                    fl.log("hostile", f"[{front}] {len(answers)} probes in {time.monotonic() - t0:.1f} s:")
                    for k, v in answers.items():
                        print(f"  {k}: {v}")
                finally:
                    if ng:
                        ng.terminate()
                        ng.wait(10)
            fl.check(srv.alive(), "casebase-serve died: " + srv.log())
        fl.check(not failures, "\n".join(failures))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    fl.main(main)
