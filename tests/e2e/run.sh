#!/usr/bin/env bash
# Runs the browser tests: indexes tests/data/corpus into a temp folder,
# starts casebase-serve on a free loopback port, runs `node --test` on each
# tests/e2e/*.test.mjs, and stops the server.
# Usage: run.sh <casebase-index> <casebase-serve> <source dir> [screenshots]
# With `screenshots`, content/ is indexed and screenshots.mjs writes
# docs/screenshots instead of running the tests.
# CASEBASE_E2E_ONLY=NAME runs NAME.test.mjs alone.
# Exit 77 (ctest: skipped) when node, chromium or the npm packages are
# missing, unless CASEBASE_E2E_REQUIRED=1 (set by `make test`).
set -euo pipefail
index=$1 serve=$2 src=$3 mode=${4:-test}
e2e="$src/tests/e2e"
corpus="$src/tests/data/corpus"
[ "$mode" = screenshots ] && corpus="$src/content"

skip() {
  echo "e2e: $* (install with: scripts/install-deps.sh e2e)" >&2
  if [ "${CASEBASE_E2E_REQUIRED:-0}" = 1 ]; then exit 1; fi
  exit 77
}
command -v node >/dev/null || skip "node is missing"
[ -x "${CASEBASE_CHROMIUM:-/usr/bin/chromium}" ] || skip "chromium is missing"
[ -f "$e2e/node_modules/playwright-core/package.json" ] && [ -f "$e2e/node_modules/axe-core/package.json" ] ||
  skip "the npm packages are missing (npm ci in tests/e2e)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/casebase-e2e.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A copy of the corpus in its own git work tree: the contribution tests
# (workflow.test.mjs) publish into it.
cp -r "$corpus" "$tmp/content"
git -C "$tmp/content" init -q
git -C "$tmp/content" -c user.name=e2e -c user.email=e2e@example.org add -A
git -C "$tmp/content" -c user.name=e2e -c user.email=e2e@example.org commit -qm corpus

# The test corpus holds one broken file on purpose: exit code 1 is expected.
rc=0
"$index" --quiet --content "$tmp/content" --db "$tmp/db" >"$tmp/index.log" 2>&1 || rc=$?
if [ "$rc" -gt 1 ]; then cat "$tmp/index.log" >&2; exit 1; fi

# Accounts with one-time passwords (the last line casebase-admin prints).
admin="$(dirname "$serve")/../contrib/casebase-admin"
accounts="{"
for spec in anna:contributor erik:editor nora:contributor emma:editor ines:editor otto:contributor lena:contributor; do
  name=${spec%%:*} role=${spec#*:}
  pw=$("$admin" --data "$tmp/data" user add "$name" --role "$role" --email "$name@example.org" | tail -n 1)
  accounts="$accounts\"$name\":\"$pw\","
done
export CASEBASE_E2E_ACCOUNTS="${accounts%,}}"

# Alerts on (their pages and forms); the relay's port is closed: no mail
# leaves, a digest would only be retried (alerts.test.mjs deletes its own).
smtp_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$serve" --db "$tmp/db" --host 127.0.0.1 --port 0 --threads 4 --web "$src/web" --data "$tmp/data" --content "$tmp/content" \
  --trust-proxy 127.0.0.1 --smtp "127.0.0.1:$smtp_port" --facet-search-min 3 >"$tmp/serve.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|^Casebase is serving on http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$tmp/serve.log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then echo "e2e: casebase-serve did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; fi
export CASEBASE_URL="http://127.0.0.1:$port"
echo "e2e: casebase-serve on $CASEBASE_URL"

cd "$e2e"
if [ "$mode" = screenshots ]; then
  exec_status=0
  CASEBASE_SCREENSHOTS_DIR="$src/docs/screenshots" node screenshots.mjs || exec_status=$?
  exit "$exec_status"
fi
status=0
# CASEBASE_E2E_ONLY=workflow runs one file (while working on it).
for f in ${CASEBASE_E2E_ONLY:-*}.test.mjs; do
  node --test "$f" || status=1
done
if [ "$status" -ne 0 ]; then
  echo "e2e: failed; screenshots in $e2e/test-results/" >&2
  echo "--- server log ---" >&2
  tail -n 50 "$tmp/serve.log" >&2
fi
exit "$status"
