"""Helpers shared by the fault scripts of tests/fault: temp folders, the
synthetic corpus, running casebase-index and casebase-serve on loopback,
and small HTTP reads. Python 3 standard library only."""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77  # ctest SKIP_RETURN_CODE


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def log(tag, *args):
    print(f"{tag}:", *args, flush=True)


def tempdir(tag):
    return tempfile.mkdtemp(prefix=f"casebase-{tag}-", dir=os.environ.get("TMPDIR", "/tmp"))


def gen_corpus(src, out, count, seed=42):
    """tools/gen_corpus.py: a deterministic synthetic case library."""
    subprocess.run([sys.executable, os.path.join(src, "tools", "gen_corpus.py"), "--count", str(count),
                    "--out", out, "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)


def free_port():
    """A loopback port free now (for servers that need one given)."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def copy_content(src, tmp):
    """A copy of the source tree's content/ in tmp; returns its path."""
    content = os.path.join(tmp, "content")
    shutil.copytree(os.path.join(src, "content"), content)
    return content


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def article(title, body="Tekst over inkoop.", extra=""):
    return f"---\ntitle: {title}\norganisation: Gemeente Fault\ndate: 2020-01-01\n{extra}---\n\n{body}\n"


def run_index(index, content, db, *extra, timeout=600):
    """Runs casebase-index to the end; returns (exit code, output)."""
    p = subprocess.run([index, "--quiet", "--content", content, "--db", db, *extra],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return p.returncode, p.stdout


def expected_ids(content):
    """The ids of the .md files of a content tree (cases/x.md -> cases/x), as the indexer derives them."""
    ids = set()
    for root, _, files in os.walk(content):
        for f in files:
            if f.endswith(".md") and f != "README.md" and not f.startswith("_"):
                rel = os.path.relpath(os.path.join(root, f), content)
                ids.add(rel[:-3])
    return ids


class Server:
    """casebase-serve on a free loopback port; stopped by stop() or on exit of a `with`."""

    def __init__(self, serve, db, web, threads=4, extra=()):
        self.logf = tempfile.NamedTemporaryFile(prefix="casebase-serve-", suffix=".log", delete=False)
        self.proc = subprocess.Popen([serve, "--db", db, "--host", "127.0.0.1", "--port", "0", "--threads",
                                      str(threads), "--web", web, *extra],
                                     stdout=self.logf, stderr=subprocess.STDOUT)
        self.port = None
        for _ in range(200):
            with open(self.logf.name) as f:
                m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if self.port is None:
            text = self.log()
            self.stop()
            raise Fail("casebase-serve did not start: " + text)

    @property
    def pid(self):
        return self.proc.pid

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self):
        with open(self.logf.name) as f:
            return f.read()[-4000:]

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.unlink(self.logf.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def get(port, path, headers=None, timeout=10):
    """GET on 127.0.0.1:port; returns (status, headers dict (lower-case), body bytes)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def get_json(port, path):
    status, _, body = get(port, path)
    return status, json.loads(body) if body else None


def served_ids(port):
    """Every article id the server returns for a browse of all articles."""
    ids, page = set(), 1
    while True:
        status, j = get_json(port, f"/api/search?per_page=100&page={page}&sort=newest")
        check(status == 200, f"browse page {page}: HTTP {status} {j}")
        ids.update(h["id"] for h in j["hits"])
        if page >= j["pages"]:
            return ids
        page += 1


def current_generation(db):
    """The generation folder CURRENT names (a Xapian stub: `glass gen-NNNNNN`)."""
    with open(os.path.join(db, "CURRENT")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[0] in ("auto", "glass"):
                return os.path.join(db, parts[1])
    raise Fail("CURRENT names no generation")


def main(fn):
    try:
        rc = fn()
    except Fail as e:
        log("FAIL", e)
        rc = 1
    sys.exit(rc or 0)
