#!/usr/bin/env python3
"""Read replicas with Xapian's own replication, on loopback ports:

  replicas  the indexing host runs xapian-replicate-server over its index
            folder; a replica keeps a copy with xapian-replicate (master
            database CURRENT, so it follows rebuilds) and its own
            casebase-serve. The replica answers as the master; an update in
            place and a rebuild reach it within seconds, without a restart;
            with the master's server down the replica keeps serving.

    replicas.py <casebase-index> <casebase-serve> <source dir>
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

import faultlib as fl



def search(port, q):
    status, j = fl.get_json(port, "/api/search?q=" + urllib.parse.quote(q))
    fl.check(status == 200, f"search {q!r}: HTTP {status} {j}")
    return j


def wait_for(port, q, total, timeout=30):
    """Seconds until `q` finds `total` articles on the server at `port`."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if search(port, q)["total"] == total:
            return time.monotonic() - t0
        time.sleep(0.1)
    raise fl.Fail(f"{q!r} did not find {total} within {timeout} s: {search(port, q)['total']}")


def article(path, title, word):
    with open(path, "w") as f:
        f.write(f"---\ntitle: {title}\norganisation: Gemeente Replica\ndate: 2024-02-02\n---\n\n"
                f"Een artikel over {word} voor de replica.\n")


def main():
    index, serve, src = sys.argv[1:4]
    for tool in ("xapian-replicate", "xapian-replicate-server"):
        if not shutil.which(tool):
            fl.log("replicas", f"{tool} is missing (Debian's xapian-tools)")
            return 1
    tmp = fl.tempdir("replicas")
    web = os.path.join(src, "web")
    procs, servers = [], []
    try:
        content = fl.copy_content(src, tmp)
        master = os.path.join(tmp, "master")
        rc, out = fl.run_index(index, content, master, "--changesets", "10")
        fl.check(rc == 0, out)
        port = fl.free_port()
        repl_server = subprocess.Popen(["xapian-replicate-server", "-I", "127.0.0.1", "-p", str(port), master],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                       start_new_session=True)  # it signals its whole process group on exit
        procs.append(repl_server)
        time.sleep(0.3)
        replica = os.path.join(tmp, "replica")
        client = subprocess.Popen(["xapian-replicate", "-h", "127.0.0.1", "-p", str(port), "-m", "CURRENT", "-i", "1",
                                   "-r", "0", "-q", replica], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                       start_new_session=True)  # it signals its whole process group on exit
        procs.append(client)
        for _ in range(100):
            if os.path.exists(os.path.join(replica, "XAPIANDB")):
                break
            time.sleep(0.1)
        fl.check(os.path.exists(os.path.join(replica, "XAPIANDB")), "no replica made")
        primary = fl.Server(serve, master, web)
        servers.append(primary)
        rsrv = fl.Server(serve, replica, web)
        servers.append(rsrv)
        # The same answers.
        for q in ("", "inkoop", "marktconsultatie", "market consultation"):
            a, b = search(primary.port, q), search(rsrv.port, q)
            for k in ("total", "facets", "matched_all"):
                fl.check(a[k] == b[k], f"replica differs for {q!r} in {k}")
            fl.check([h["id"] for h in a["hits"]] == [h["id"] for h in b["hits"]], f"replica order for {q!r}")
        # An update in place reaches the replica (changesets), no restart.
        article(os.path.join(content, "cases", "replica-een.md"), "Replica een", "replicawoordeen")
        rc, out = fl.run_index(index, content, master, "--changesets", "10")
        fl.check(rc == 0, out)
        took_update = wait_for(rsrv.port, "replicawoordeen", 1)
        # A rebuild (a new generation) too: a full copy.
        article(os.path.join(content, "cases", "replica-twee.md"), "Replica twee", "replicawoordtwee")
        rc, out = fl.run_index(index, content, master, "--full", "--changesets", "10")
        fl.check(rc == 0, out)
        took_rebuild = wait_for(rsrv.port, "replicawoordtwee", 1)
        fl.check(search(rsrv.port, "")["total"] == search(primary.port, "")["total"] == 51, "article counts")
        # The master host down: the replica keeps serving.
        primary.stop()
        servers.remove(primary)
        repl_server.send_signal(signal.SIGTERM)
        repl_server.wait(10)
        time.sleep(1.5)
        fl.check(search(rsrv.port, "replicawoordtwee")["total"] == 1, "replica stopped serving with the master down")
        fl.check(search(rsrv.port, "")["total"] == 51, "replica lost articles with the master down")
        fl.log("replicas", f"update visible on the replica after {took_update:.1f} s, rebuild after "
                           f"{took_rebuild:.1f} s (xapian-replicate polls every 1 s); serving with the master down")
        return 0
    finally:
        for s in servers:
            s.stop()
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    fl.main(main)
