#!/usr/bin/env python3
"""casebase-serve as a service, driving the real binaries on loopback:

  keepalive  more idle keep-alive connections than worker threads: other
             clients are answered at once (none waits behind an idle one),
             and the idle ones still work afterwards.
  protocol   pipelined requests are all answered; 400, 413, 414 and 431
             close the connection at once; Range is ignored (200, whole
             body, never 416); HEAD carries one Accept-Ranges.
  signals    SIGTERM lets a request in flight finish and exits 0; SIGHUP
             reloads the settings file and the templates.
  metrics    /metrics in Prometheus' text format counts requests by route
             and status, and reports the index; the access log is JSON
             lines without an address (unless log_ip).
  config     --config-file and --check-config: flags override the file; a
             mistake is reported with file:line:col.

    service.py <casebase-index> <casebase-serve> <source dir> <mode>
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import faultlib as fl


def index_seed(index, src, tmp):
    db = os.path.join(tmp, "db")
    rc, out = fl.run_index(index, os.path.join(src, "content"), db)
    fl.check(rc == 0, f"indexing content/ failed ({rc}): {out}")
    return db


def raw(port, data, timeout=8):
    """Sends bytes, reads until the server closes or `timeout`; returns (bytes, seconds to close or None)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    t0 = time.monotonic()
    s.sendall(data)
    buf = b""
    closed = None
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                closed = time.monotonic() - t0
                break
            buf += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return buf, closed


def statuses(data):
    return [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)]


def keepalive(index, serve, src):
    tmp = fl.tempdir("keepalive")
    try:
        db = index_seed(index, src, tmp)
        with fl.Server(serve, db, os.path.join(src, "web"), threads=2) as srv:
            # 16 clients each make one request and keep their connection open.
            idle = []
            for _ in range(16):
                s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                data = b""
                while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
                    data += s.recv(4096)
                fl.check(statuses(data) == [200], f"idle client's first answer: {data[:80]!r}")
                idle.append(s)
            # With 2 workers and 16 idle connections, others are answered at once.
            worst = 0
            for i in range(20):
                t0 = time.monotonic()
                status, _, _ = fl.get(srv.port, "/api/search?q=inkoop" if i % 2 else "/healthz")
                worst = max(worst, time.monotonic() - t0)
                fl.check(status == 200, f"request {i}: HTTP {status}")
            fl.log("keepalive", f"16 idle keep-alive connections, 2 workers: slowest of 20 requests {worst * 1000:.0f} ms")
            fl.check(worst < 1.0, f"a request waited {worst:.2f} s behind idle connections")
            # The idle connections still work (they were parked, not dropped).
            for s in idle[:4]:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                data = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                fl.check(statuses(data) == [200], f"idle connection's second request: {data[:80]!r}")
            for s in idle:
                s.close()
            # 64 connections that never send a byte do not block anyone either.
            silent = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(64)]
            t0 = time.monotonic()
            status, _, _ = fl.get(srv.port, "/healthz")
            took = time.monotonic() - t0
            fl.check(status == 200 and took < 1.0, f"with 64 silent connections: HTTP {status} after {took:.2f} s")
            for s in silent:
                s.close()
            # A second server on the same port fails instead of sharing it
            # (httplib's default SO_REUSEPORT would let both listen).
            p = subprocess.run([serve, "--db", db, "--host", "127.0.0.1", "--port", str(srv.port), "--web",
                                os.path.join(src, "web")], capture_output=True, text=True, timeout=30)
            fl.check(p.returncode != 0 and "cannot listen" in p.stderr,
                     f"a second server on port {srv.port}: exit {p.returncode} {p.stderr[-300:]}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def protocol(index, serve, src):
    tmp = fl.tempdir("protocol")
    try:
        db = index_seed(index, src, tmp)
        with fl.Server(serve, db, os.path.join(src, "web"), threads=2) as srv:
            port = srv.port
            # Three pipelined requests, three answers, then the close asked for.
            req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            data, closed = raw(port, req + req + req[:-2] + b"Connection: close\r\n\r\n")
            fl.check(statuses(data) == [200, 200, 200], f"pipelined: {statuses(data)}")
            fl.check(closed is not None and closed < 1, f"pipelined: closed after {closed}")
            # Protocol errors close at once, whatever the client asked.
            cases = {
                400: b"GARBAGE\r\n\r\n",
                414: b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                431: b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 100) for i in range(100))
                + b"\r\n",
                413: b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            }
            for want, data_out in cases.items():
                data, closed = raw(port, data_out)
                got = statuses(data)
                fl.check(got[:1] == [want], f"{want}: got {got} {data[:120]!r}")
                fl.check(closed is not None and closed < 1, f"{want}: connection closed after {closed} s")
                fl.check(b"Connection: close" in data and b"Keep-Alive" not in data, f"{want}: headers {data[:300]!r}")
            # A protocol error ends the connection even when more requests follow.
            data, closed = raw(port, b"GARBAGE\r\n\r\n" + req)
            fl.check(statuses(data) == [400] and closed is not None and closed < 1, f"400 then more: {statuses(data)}")
            # Range is ignored: 200 and the whole body, for any Range.
            for rng in ("bytes=5-1", "bytes=0-3", "bytes=0-1,5-9", "pages=1"):
                status, headers, body = fl.get(port, "/healthz", {"Range": rng})
                fl.check(status == 200 and body.startswith(b"{") and body.endswith(b"}"),
                         f"Range {rng}: {status} {body[:60]!r}")
            # HEAD: one Accept-Ranges header.
            data, _ = raw(port, b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            fl.check(data.lower().count(b"accept-ranges:") == 1, f"HEAD headers: {data[:600]!r}")
            fl.log("protocol", "pipelining, protocol errors, Range and HEAD as specified")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_settings(path, text):
    with open(path, "w") as f:
        f.write(text)


def signals(index, serve, src):
    tmp = fl.tempdir("signals")
    try:
        db = index_seed(index, src, tmp)
        web = os.path.join(tmp, "web")
        shutil.copytree(os.path.join(src, "web"), web)
        settings = os.path.join(tmp, "casebase.yaml")
        write_settings(settings, f"db: {db}\nserve:\n  web: {web}\n  threads: 2\n")
        srv = fl.Server(serve, db, web, threads=2, extra=("--config-file", settings))
        try:
            # A request in flight when SIGTERM comes is answered in full.
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall(b"GET /api/search?q=inkoop HTTP/1.1\r\nHost: x\r\n")  # headers not finished yet
            time.sleep(0.2)
            # SIGHUP first: a changed template is served without a restart.
            tpl = os.path.join(web, "templates")
            changed = None
            for name in sorted(os.listdir(tpl)):
                p = os.path.join(tpl, name)
                text = open(p).read()
                if "</footer>" in text:
                    open(p, "w").write(text.replace("</footer>", "<!-- reloaded-marker --></footer>", 1))
                    changed = name
                    break
            fl.check(changed, "no template with a footer to change")
            srv.proc.send_signal(signal.SIGHUP)
            marker = False
            for _ in range(50):
                _, _, body = fl.get(srv.port, "/", {"Accept": "text/html"})
                if b"reloaded-marker" in body:
                    marker = True
                    break
                time.sleep(0.1)
            fl.check(marker, "SIGHUP did not reload the templates")
            srv.proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            fl.check(srv.alive(), "the server exited with a request in flight")
            s.sendall(b"Connection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            fl.check(statuses(data) == [200] and data.rstrip().endswith(b"}"), f"in-flight answer: {data[:200]!r}")
            rc = srv.proc.wait(10)
            fl.check(rc == 0, f"exit code {rc} after SIGTERM, want 0")
            # And it no longer accepts connections.
            try:
                socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
                fl.check(False, "still accepting after SIGTERM")
            except OSError:
                pass
            fl.log("signals", f"SIGHUP reloaded {changed}; SIGTERM answered the request in flight, exit 0")
        finally:
            srv.stop()
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def metrics(index, serve, src):
    tmp = fl.tempdir("metrics")
    try:
        db = index_seed(index, src, tmp)
        log = os.path.join(tmp, "access.log")
        with fl.Server(serve, db, os.path.join(src, "web"), extra=("--access-log", log)) as srv:
            for _ in range(3):
                fl.get(srv.port, "/api/search?q=inkoop")
            fl.get(srv.port, "/api/search?nope=1")
            fl.get(srv.port, "/no/such/page")
            status, headers, body = fl.get(srv.port, "/metrics")
            fl.check(status == 200 and headers["content-type"].startswith("text/plain; version=0.0.4"),
                     f"/metrics: {status} {headers}")
            text = body.decode()
            want = [
                'casebase_http_requests_total{route="/api/search",status="200"} 3',
                'casebase_http_requests_total{route="/api/search",status="400"} 1',
                'casebase_http_requests_total{route="unmatched",status="404"} 1',
                'casebase_http_request_duration_seconds_count{route="/api/search"} 4',
                'casebase_http_request_duration_seconds_bucket{route="/api/search",le="+Inf"} 4',
                'casebase_index_documents{type="article"} 49',
                "casebase_index_runs_total 1",
                "casebase_index_up 1",
            ]
            for w in want:
                fl.check(w in text, f"/metrics lacks `{w}`:\n{text[:3000]}")
            fl.check(re.search(r"^casebase_index_revision \d+$", text, re.M), "no revision")
            fl.check(re.search(r"^casebase_index_last_run_duration_seconds [0-9.e-]+$", text, re.M), "no run duration")
            # Every sample line is `name{labels} value` or `name value`; every family has TYPE.
            for line in text.splitlines():
                if line.startswith("#"):
                    fl.check(re.match(r"# (HELP|TYPE) casebase_[a-z_]+ ", line), f"bad comment: {line}")
                else:
                    fl.check(re.match(r'^casebase_[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+$', line),
                             f"bad sample: {line}")
            # Reindex: the reopen and the run are counted.
            rc, out = fl.run_index(index, os.path.join(src, "content"), db, "--full")
            fl.check(rc == 0, out)
            fl.get(srv.port, "/healthz")
            _, _, body = fl.get(srv.port, "/metrics")
            text = body.decode()
            fl.check("casebase_index_runs_total 2" in text, "second run not counted")
            fl.check(re.search(r"^casebase_index_reopens_total [1-9]", text, re.M), "reopen not counted")
        lines = [json.loads(l) for l in open(log)]
        fl.check(len(lines) >= 7, f"{len(lines)} log lines")
        fl.check(all("ip" not in l and "127.0.0.1" not in json.dumps(l) for l in lines), "an address in the log")
        fl.check(lines[0]["route"] == "/api/search" and lines[0]["status"] == 200 and "ms" in lines[0], lines[0])
        with fl.Server(serve, db, os.path.join(src, "web"), extra=("--access-log", log, "--log-ip")) as srv:
            fl.get(srv.port, "/healthz")
        last = json.loads(open(log).read().splitlines()[-1])
        fl.check(last.get("ip") == "127.0.0.1", f"--log-ip: {last}")
        fl.log("metrics", f"/metrics parses; {len(lines)} access log lines without an address")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def config(index, serve, src):
    tmp = fl.tempdir("config")
    try:
        db = index_seed(index, src, tmp)
        web = os.path.join(src, "web")
        settings = os.path.join(tmp, "casebase.yaml")
        write_settings(settings, f"db: {db}\nserve:\n  web: {web}\n  threads: 3\n  port: 1\nindex:\n  quiet: true\n")
        p = subprocess.run([serve, "--config-file", settings, "--check-config"], capture_output=True, text=True)
        fl.check(p.returncode == 0 and "settings ok" in p.stdout and ":1/" in p.stdout, f"check: {p.returncode} {p.stdout} {p.stderr}")
        # A flag wins over the file.
        p = subprocess.run([serve, "--config-file", settings, "--check-config", "--port", "8123"], capture_output=True,
                           text=True)
        fl.check(p.returncode == 0 and ":8123/" in p.stdout, f"flag override: {p.stdout} {p.stderr}")
        # The server runs from the file (port from the command line).
        with fl.Server(serve, db, web, extra=("--config-file", settings)) as srv:
            status, j = fl.get_json(srv.port, "/healthz")
            fl.check(status == 200 and j["articles"] == 49, f"served from the settings file: {status} {j}")
        # Mistakes: where they are.
        bad = {
            "serve:\n  web: x\n  colour: blue\n": ":3:3",
            "db: [a, b\n": ":",
            "serve:\n  port: [1, 2]\n": ":2:9",
            "serve:\n  threads: many\n": "threads",
            "listen: 1\n": ":1:1",
            "serve:\n  log_ip: perhaps\n": ":2:11",
        }
        for text, where in bad.items():
            write_settings(settings, text)
            p = subprocess.run([serve, "--config-file", settings, "--check-config"], capture_output=True, text=True)
            fl.check(p.returncode == 2 and where in p.stderr, f"{text!r}: exit {p.returncode}: {p.stderr[:300]}")
        # The indexer reads the same file.
        content = fl.copy_content(src, tmp)
        db2 = os.path.join(tmp, "db2")
        write_settings(settings, f"db: {db2}\ncontent: {content}\nserve:\n  port: 9\nindex:\n  quiet: true\n")
        p = subprocess.run([index, "--config-file", settings], capture_output=True, text=True)
        fl.check(p.returncode == 0 and os.path.exists(os.path.join(db2, "CURRENT")) and "indexed 49" in p.stdout,
                 f"indexer from the settings file: {p.returncode} {p.stdout} {p.stderr}")
        fl.log("config", "settings file, flag override, --check-config and its errors")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    index, serve, src, mode = sys.argv[1:5]
    fn = {"keepalive": keepalive, "protocol": protocol, "signals": signals, "metrics": metrics,
          "config": config}[mode]
    fl.main(lambda: fn(index, serve, src))


if __name__ == "__main__":
    main()
