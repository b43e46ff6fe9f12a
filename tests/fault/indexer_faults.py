#!/usr/bin/env python3
"""Indexer faults, driving the real casebase-index (and casebase-serve):

  second   a second indexer on the same folder exits at once (code 3) with a
           clear message while the first one runs, and the first finishes.
  diskfull the index folder is on a small tmpfs: a rebuild that does not fit
           fails with a clear error, the old index is still served, and after
           the tmpfs is grown the next run succeeds. Needs root and mount(2);
           skipped (77) otherwise.
  leftovers a --full run killed mid-build leaves its build folder; the next
           run of any kind (an update, not only a rebuild) removes it, and a
           generation that never became current goes too.
  badcontent a tree of hostile files: each is skipped with its reason, the
           good article is indexed, and the whole run stays fast.

    indexer_faults.py <casebase-index> <casebase-serve> <source dir> <mode>
"""
import os
import shutil
import subprocess
import sys
import time

import faultlib as fl


def second(index, serve, src):
    tmp = fl.tempdir("second")
    try:
        content, db = os.path.join(tmp, "content"), os.path.join(tmp, "db")
        fl.gen_corpus(src, content, 1500)
        first = subprocess.Popen([index, "--quiet", "--content", content, "--db", db, "--full"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # Wait until the first one holds the lock (its LOCK file exists).
        for _ in range(200):
            if os.path.exists(os.path.join(db, "LOCK")):
                break
            time.sleep(0.01)
        time.sleep(0.2)
        fl.check(first.poll() is None, "the first indexer finished too soon to test a second one")
        t0 = time.monotonic()
        rc, out = fl.run_index(index, content, db, timeout=30)
        took = time.monotonic() - t0
        fl.log("second", f"second indexer: exit {rc} after {took * 1000:.0f} ms: {out.strip()}")
        fl.check(rc == 3, f"second indexer exit {rc}, want 3")
        fl.check("another casebase-index is writing" in out, "no clear message: " + out)
        fl.check(took < 2, f"second indexer took {took:.1f} s")
        fl.check(first.poll() is None, "the first indexer had already finished: inconclusive")
        out1, _ = first.communicate(timeout=600)
        fl.check(first.returncode == 0, f"the first indexer failed ({first.returncode}): {out1}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def diskfull(index, serve, src):
    if os.geteuid() != 0 or not shutil.which("mount"):
        fl.log("diskfull", "needs root and mount(2): skipped")
        return fl.SKIP
    tmp = fl.tempdir("diskfull")
    mnt = os.path.join(tmp, "mnt")
    os.makedirs(mnt)
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mnt], capture_output=True, text=True)
    if p.returncode != 0:
        fl.log("diskfull", f"cannot mount a tmpfs ({p.stderr.strip()}): skipped")
        shutil.rmtree(tmp, ignore_errors=True)
        return fl.SKIP
    try:
        content, db = os.path.join(tmp, "content"), os.path.join(mnt, "db")
        fl.gen_corpus(src, content, 10)
        rc, out = fl.run_index(index, content, db)
        fl.check(rc == 0, f"small index failed on the tmpfs ({rc}): {out}")
        fl.gen_corpus(src, os.path.join(content, "big"), 1500, seed=7)  # ~40 MB of index
        with fl.Server(serve, db, os.path.join(src, "web")) as srv:
            _, before = fl.get_json(srv.port, "/healthz")
            rc, out = fl.run_index(index, content, db, "--full")
            fl.log("diskfull", f"rebuild on a full disk: exit {rc}: {out.strip()[-300:]}")
            fl.check(rc == 3, f"exit {rc} on a full disk, want 3")
            fl.check("No space left on device" in out or "disk full" in out.lower(), "no clear error: " + out)
            status, after = fl.get_json(srv.port, "/healthz")
            fl.check(status == 200 and after["articles"] == before["articles"],
                     f"old index not served after the failure: {status} {after}")
            left = sorted(n for n in os.listdir(db) if n.startswith("gen-"))
            fl.check(len(left) == 1, f"the failed rebuild left {left}")
            # An update in place that does not fit: it fails, the index
            # served is unchanged, and the disk space it took is given back.
            st = os.statvfs(mnt)
            free_before = st.f_bavail * st.f_frsize
            rc, out = fl.run_index(index, content, db)
            st = os.statvfs(mnt)
            free_after = st.f_bavail * st.f_frsize
            fl.log("diskfull", f"update on a full disk: exit {rc}; free {free_before >> 10} KiB before, "
                               f"{free_after >> 10} KiB after")
            fl.check(rc == 3, f"update on a full disk: exit {rc}, want 3: {out[-300:]}")
            fl.check(free_after >= free_before - 256 * 1024,
                     f"the failed update kept {(free_before - free_after) >> 10} KiB of the disk")
            status, after = fl.get_json(srv.port, "/healthz")
            fl.check(status == 200 and after["articles"] == before["articles"],
                     f"old index not served after the failed update: {status} {after}")
            # A rebuild needs room for its shards and their compacted copy: about
            # three times the finished index, next to the generation served.
            subprocess.run(["mount", "-o", "remount,size=400m", mnt], check=True)
            rc, out = fl.run_index(index, content, db, "--full")
            fl.check(rc == 0, f"the run with space failed ({rc}): {out}")
            status, j = fl.get_json(srv.port, "/healthz")
            fl.check(status == 200 and j["articles"] == 1510, f"after the run with space: {status} {j}")
            fl.log("diskfull", f"served {before['articles']} articles during and after the failure, "
                               f"{j['articles']} after the run with space")
        return 0
    finally:
        subprocess.run(["umount", "-l", mnt], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def leftovers(index, serve, src):
    tmp = fl.tempdir("leftovers")
    try:
        content, db = os.path.join(tmp, "content"), os.path.join(tmp, "db")
        fl.gen_corpus(src, content, 20)
        rc, out = fl.run_index(index, content, db)
        fl.check(rc == 0, out)
        served = os.path.basename(fl.current_generation(db))
        fl.gen_corpus(src, os.path.join(content, "big"), 1500, seed=3)
        p = subprocess.Popen([index, "--quiet", "--content", content, "--db", db, "--full"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build = None
        for _ in range(600):
            names = os.listdir(db)
            build = next((n for n in names if n.endswith(".build")), None)
            if build and os.listdir(os.path.join(db, build)):
                break
            time.sleep(0.01)
        time.sleep(0.3)
        p.kill()
        p.wait()
        fl.check(build and os.path.isdir(os.path.join(db, build)), f"no build folder to leave: {os.listdir(db)}")
        # A generation that was compacted but never made current.
        orphan = "gen-%06d" % (int(served[4:]) + 5)
        shutil.copytree(os.path.join(db, served), os.path.join(db, orphan))
        rc, out = fl.run_index(index, content, db)  # an update, not a rebuild
        fl.check(rc == 0, f"update after the killed rebuild: {rc} {out}")
        left = sorted(n for n in os.listdir(db) if n.startswith("gen-"))
        fl.check(left == [served], f"after the update: {left}, want only {served}")
        fl.log("leftovers", f"the update removed {build} and {orphan}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# name -> (bytes, substring expected in its diagnostic). None: expected to be indexed.
def bad_files(tmp):
    big_words = " ".join(["x" * 300, "y" * 1000])
    cases = {
        "empty.md": (b"", "no title"),
        "front-matter-only.md": (b"---\ntitle: Alleen kop\n---\n", None),
        "unclosed.md": (b"---\ntitle: Open\n\nTekst\n", "never closed"),
        "bom.md": (b"\xef\xbb\xbf---\ntitle: Met BOM\n---\n\nTekst met bom.\n", None),
        "invalid-utf8.md": (b"---\ntitle: Kapot\n---\n\nTekst \xc3\x28 hier.\n", "UTF-8"),
        "latin1.md": ("---\ntitle: Caf\xe9\n---\n\nCaf\xe9 en cr\xe8me.\n".encode("latin-1"), "UTF-8"),
        "binary.md": (b"---\ntitle: x\n---\n\x00\x01\x02PNG\x00", "binary"),
        "alias-bomb.md": (b"---\ntitle: Bom\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n", "alias"),
        "deep-yaml.md": (b"---\ntitle: Diep\nx: " + b"[" * 500 + b"]" * 500 + b"\n---\n", "deep"),
        "huge-front-matter.md": (b"---\ntitle: Groot\n" + b"".join(b"k%d: v\n" % i for i in range(20000)) + b"---\n", "front matter"),
        "many-nodes.md": (b"---\ntitle: Veel\nthemes: [" + b",\n  ".join(b"t%d" % i for i in range(6000)) + b"]\n---\n", "node"),
        "long-line.md": (b"---\ntitle: Lang\n---\n\n" + b"x" * 40000 + b"\n", "16 KiB per line"),
        "long-terms.md": (("---\ntitle: Lange termen\nthemes: [" + "z" * 400 + "]\n---\n\nTekst " + big_words +
                           " en inkoop.\n").encode(), None),
        "nested-markdown.md": (b"---\ntitle: Nest\n---\n\n" + b"> " * 5000 + b"x\n", "nested"),
    }
    # Patterns that make cmark 0.30.2 slow (its test/pathological_tests.py and
    # CVE-2023-22486), each as large as the article budget lets it be: under
    # 512 KiB, in lines of 8,000 bytes (one paragraph still: the inline
    # parser sees it whole). Either parsed or refused by the budget, fast.
    def wrap(b):
        return b"\n".join(b[i:i + 8000] for i in range(0, len(b), 8000))
    slow = {
        "cmark-cve-2023-22486.md": b"![[]()" * 80000,
        "cmark-link-openers.md": b"[ (](" * 100000,
        "cmark-emph-closers.md": b"a_ " * 160000,
        "cmark-unclosed-links.md": b"[a](<b" * 80000,
        "cmark-backticks.md": b"".join(b"e" + b"`" * i for i in range(1, 1000)),
        "cmark-nested-brackets.md": b"[" * 240000 + b"a" + b"]" * 240000,
        "cmark-emph-openers.md": b"*a _b " * 80000,
    }
    for name, body in slow.items():
        cases[name] = (b"---\ntitle: Traag\n---\n\n" + wrap(body) + b"\n", "")
    return cases


def badcontent(index, serve, src):
    tmp = fl.tempdir("badcontent")
    try:
        content, db = os.path.join(tmp, "content"), os.path.join(tmp, "db")
        cases_dir = os.path.join(content, "cases")
        os.makedirs(cases_dir)
        fl.write(os.path.join(cases_dir, "good.md"), fl.article("Goed artikel", "Tekst over aanbesteden."))
        files = bad_files(tmp)
        for name, (data, _) in files.items():
            with open(os.path.join(cases_dir, name), "wb") as f:
                f.write(data)
        # A 100 MB file (size cap), sparse so the test stays cheap.
        with open(os.path.join(cases_dir, "huge.md"), "wb") as f:
            f.write(b"---\ntitle: Enorm\n---\n\n")
            f.truncate(100 * 1024 * 1024)
        # Symlinks: a loop, a file and a folder outside the tree; never followed.
        os.symlink("..", os.path.join(cases_dir, "loop"))
        os.symlink("/etc/passwd", os.path.join(cases_dir, "passwd.md"))
        outside = os.path.join(tmp, "outside")
        fl.write(os.path.join(outside, "secret.md"), fl.article("Geheim buiten de boom", "geheimewoord"))
        os.symlink(outside, os.path.join(content, "outside"))
        os.symlink(os.path.join(outside, "secret.md"), os.path.join(cases_dir, "secret-link.md"))
        unreadable = os.path.join(cases_dir, "unreadable.md")
        fl.write(unreadable, fl.article("Onleesbaar"))
        os.chmod(unreadable, 0)
        t0 = time.monotonic()
        rc, out = fl.run_index(index, content, db, timeout=120)
        took = time.monotonic() - t0
        print(out)
        fl.check(rc == 1, f"exit {rc}, want 1 (some files skipped)")
        fl.check(took < 60, f"indexing the hostile tree took {took:.1f} s")
        lines = out.splitlines()
        problems = []
        for name, (_, reason) in files.items():
            hit = [l for l in lines if f"{name}:" in l and "error" in l]
            if reason is None and hit:
                problems.append(f"{name} should be indexed, got {hit[0]}")
            elif reason is not None and reason != "" and not any(reason.lower() in l.lower() for l in hit):
                problems.append(f"{name}: no diagnostic with `{reason}` (got {hit[:1]})")
        fl.check(any("huge.md" in l and "over the budget of 512 KiB" in l for l in lines), "huge.md: no size-cap diagnostic")
        with fl.Server(serve, db, os.path.join(src, "web")) as srv:
            ids = fl.served_ids(srv.port)
            status, j = fl.get_json(srv.port, "/api/search?q=geheimewoord")
            fl.check(status == 200 and j["total"] == 0, "an article through a symlink was indexed")
            status, j = fl.get_json(srv.port, "/api/search?q=aanbesteden")
            fl.check(status == 200 and j["total"] == 1, "the good article is not found")
        for name, (_, reason) in files.items():
            if reason is None and "cases/" + name[:-3] not in ids:
                problems.append(f"{name} was not indexed")
        fl.check("cases/good" in ids, "good.md not indexed")
        fl.check(not any(i.startswith("outside/") or "passwd" in i or "secret" in i for i in ids),
                 f"symlinked content indexed: {sorted(ids)}")
        fl.check(not problems, "\n".join(problems))
        fl.log("badcontent", f"{len(files) + 5} hostile files in {took:.1f} s: indexed {sorted(ids)}, the rest skipped with a reason")
        return 0
    finally:
        p = os.path.join(tmp, "content", "cases", "unreadable.md")
        if os.path.exists(p):
            os.chmod(p, 0o600)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    modes = {"second": second, "diskfull": diskfull, "badcontent": badcontent, "leftovers": leftovers}
    if len(sys.argv) != 5 or sys.argv[4] not in modes:
        print(__doc__, file=sys.stderr)
        return 2
    return modes[sys.argv[4]](*sys.argv[1:4])


if __name__ == "__main__":
    fl.main(main)
