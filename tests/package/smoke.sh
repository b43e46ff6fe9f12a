#!/usr/bin/env bash
# CI smoke test of the Debian package, as root on Debian 12 (.ci/run):
# dpkg -i (apt-get install -f for missing dependencies), what postinst made
# (the casebase user, /var/lib/casebase, the example articles), then the
# installed programs on the installed paths: casebase-index over
# /usr/share/casebase/content-example, casebase-serve on 127.0.0.1 with
# /usr/share/casebase/web (GET /healthz and /api/search?q=inkoop answer 200,
# SIGTERM ends it with exit code 0), and with --config-file
# /etc/casebase/casebase.yaml once the programs have that option; then the
# upgrade path (dpkg -i once more). When the
# package was not installed before, it is purged at the end and the data it
# left (/var/lib/casebase, the casebase user) removed, so the machine is as
# it was; purge itself must keep that data (docs/OPERATIONS.md).
# Usage: tests/package/smoke.sh build-deb/casebase_VERSION_amd64.deb
set -euo pipefail
deb="$(realpath "$1")"
[ "$(id -u)" -eq 0 ] || { echo "smoke: run as root (dpkg -i)" >&2; exit 2; }
[ -f "$deb" ] || { echo "smoke: no package $deb" >&2; exit 2; }

say() { echo "smoke: $*"; }
die() { echo "smoke: FAIL: $*" >&2; exit 1; }

fresh=1
if dpkg-query -W -f='${Status}' casebase 2>/dev/null | grep -q 'install ok installed'; then fresh=0; fi
state_existed=0
[ -e /var/lib/casebase ] && state_existed=1

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

say "dpkg -i $(basename "$deb")"
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -i "$deb"; then
  say "installing missing dependencies"
  apt-get update -qq
  apt-get install -f -y -qq --no-install-recommends
fi
dpkg-query -W -f='${Status}' casebase | grep -q 'install ok installed' || die "casebase is not installed"

# What postinst made.
getent passwd casebase >/dev/null || die "no casebase user"
for dir in /var/lib/casebase /var/lib/casebase/index /var/lib/casebase/content; do
  [ "$(stat -c %U "$dir")" = casebase ] || die "$dir is not owned by casebase"
done
if [ $fresh -eq 1 ] && [ $state_existed -eq 0 ]; then
  n="$(find /var/lib/casebase/content/cases -name '*.md' | wc -l)"
  [ "$n" -gt 0 ] || die "the example articles were not copied to /var/lib/casebase/content"
  [ "$(stat -c %U /var/lib/casebase/content/cases)" = casebase ] || die "the copied articles are not casebase's"
  # The service user indexes its own state folder, as casebase-index.service
  # does (one pass, without --watch), and the server's settings check out.
  rc=0
  if casebase-index --help | grep -q -- --config-file; then
    say "as casebase: casebase-index --config-file /etc/casebase/casebase.yaml"
    runuser -u casebase -- casebase-index --config-file /etc/casebase/casebase.yaml || rc=$?
  else
    runuser -u casebase -- casebase-index --quiet --content /var/lib/casebase/content --db /var/lib/casebase/index || rc=$?
  fi
  [ $rc -le 1 ] || die "casebase-index as casebase exited $rc"
  if casebase-serve --help | grep -q -- --check-config; then
    say "as casebase: casebase-serve --config-file /etc/casebase/casebase.yaml --check-config"
    runuser -u casebase -- casebase-serve --config-file /etc/casebase/casebase.yaml --check-config ||
      die "casebase-serve --check-config failed on the installed settings"
  fi
fi
for f in /etc/casebase/casebase.yaml /usr/lib/systemd/system/casebase-serve.service \
    /usr/lib/systemd/system/casebase-index.service /usr/share/casebase/web/templates/search.mustache; do
  [ -f "$f" ] || die "missing $f"
done
man -w casebase-serve >/dev/null 2>&1 || [ ! -x /usr/bin/man ] || die "no man page for casebase-serve"
for p in casebase-index casebase-serve casebase-admin casebase-shard; do
  if [ "$p" != casebase-shard ] || [ -x /usr/bin/casebase-shard ]; then
    "/usr/bin/$p" --help >/dev/null || die "$p --help failed"
  fi
done

say "casebase-index --content /usr/share/casebase/content-example --db $tmp/index"
rc=0
casebase-index --quiet --content /usr/share/casebase/content-example --db "$tmp/index" || rc=$?
[ $rc -le 1 ] || die "casebase-index exited $rc"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts casebase-serve with the given arguments, checks two requests, stops
# it with SIGTERM and wants exit code 0.
serve_check() {
  local port="$1"; shift
  say "casebase-serve $*"
  casebase-serve "$@" >"$tmp/serve.log" 2>&1 &
  server_pid=$!
  local base="http://127.0.0.1:$port" code="" i
  for i in $(seq 1 100); do
    code="$(curl -s -o "$tmp/healthz" -w '%{http_code}' "$base/healthz" || true)"
    [ "$code" = 200 ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; die "casebase-serve exited"; }
    sleep 0.2
  done
  [ "$code" = 200 ] || { cat "$tmp/serve.log" >&2; die "GET /healthz: $code"; }
  code="$(curl -s -o "$tmp/search.json" -w '%{http_code}' "$base/api/search?q=inkoop")"
  [ "$code" = 200 ] || die "GET /api/search?q=inkoop: $code"
  python3 - "$tmp/search.json" <<'PY' || die "GET /api/search?q=inkoop found nothing"
import json, sys
body = json.load(open(sys.argv[1]))
sys.exit(0 if body["total"] > 0 and body["hits"] else 1)
PY
  say "  /healthz $(cat "$tmp/healthz"); /api/search?q=inkoop: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/search.json") hits"
  kill -TERM "$server_pid"
  rc=0
  wait "$server_pid" || rc=$?
  server_pid=""
  [ $rc -eq 0 ] || { cat "$tmp/serve.log" >&2; die "casebase-serve exited $rc on SIGTERM"; }
}

port="$(free_port)"
serve_check "$port" --db "$tmp/index" --web /usr/share/casebase/web --host 127.0.0.1 --port "$port"
if casebase-serve --help | grep -q -- --config-file; then
  port="$(free_port)"
  serve_check "$port" --config-file /etc/casebase/casebase.yaml --db "$tmp/index" --port "$port"
else
  say "casebase-serve has no --config-file yet: that run is left out"
fi

# Installing again runs the upgrade path of the maintainer scripts.
say "dpkg -i again (the upgrade path)"
dpkg -i "$deb" >/dev/null || die "installing the package again failed"
[ -f /etc/casebase/casebase.yaml ] || die "reinstalling lost /etc/casebase/casebase.yaml"

if [ $fresh -eq 1 ]; then
  say "dpkg --purge casebase"
  dpkg --purge casebase
  [ ! -e /usr/bin/casebase-serve ] || die "/usr/bin/casebase-serve left after purge"
  [ ! -e /etc/casebase/casebase.yaml ] || die "/etc/casebase/casebase.yaml left after purge"
  [ -d /var/lib/casebase/content ] || die "purge removed /var/lib/casebase (it keeps the data)"
  if [ $state_existed -eq 0 ]; then
    rm -rf /var/lib/casebase
    deluser --system --quiet casebase >/dev/null 2>&1 || true
  fi
fi
say "ok"
