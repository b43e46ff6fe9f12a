#!/usr/bin/env bash
# ctest systemd_units: `systemd-analyze verify` and an offline security
# score of deploy/systemd/*.service. Works without systemd as PID 1: verify
# runs on copies whose ExecStart names the built programs (verify wants an
# executable there), and any message it prints fails the test (an unknown
# key is only a warning to it). Skipped (77) when systemd-analyze is
# missing, unless CASEBASE_PACKAGE_REQUIRED=1 (set by `make test`).
# Usage: tests/package/check_units.sh SOURCE_DIR CASEBASE_INDEX CASEBASE_SERVE
set -euo pipefail
src="$(cd "$1" && pwd)"
index_bin="$2"
serve_bin="$3"
units=("$src"/deploy/systemd/*.service)

if ! command -v systemd-analyze >/dev/null; then
  echo "check_units: missing systemd-analyze (scripts/install-deps.sh package)"
  [ -n "${CASEBASE_PACKAGE_REQUIRED:-}" ] && exit 1
  exit 77
fi

fail=0
bad() { echo "check_units: $*" >&2; fail=1; }

# What the package promises (docs/OPERATIONS.md).
serve="$src/deploy/systemd/casebase-serve.service"
index="$src/deploy/systemd/casebase-index.service"
grep -qx 'ExecStart=/usr/bin/casebase-serve --config-file /etc/casebase/casebase.yaml' "$serve" || bad "casebase-serve ExecStart"
grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$serve" || bad "casebase-serve ExecReload"
grep -qx 'ExecStart=/usr/bin/casebase-index --config-file /etc/casebase/casebase.yaml --watch' "$index" || bad "casebase-index ExecStart"
for unit in "${units[@]}"; do
  for line in User=casebase StateDirectory=casebase ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
      NoNewPrivileges=yes CapabilityBoundingSet= SystemCallArchitectures=native ProtectKernelTunables=yes \
      WantedBy=multi-user.target; do
    grep -qx "$line" "$unit" || bad "$(basename "$unit") lacks $line"
  done
  grep -q '^RestrictAddressFamilies=' "$unit" || bad "$(basename "$unit") lacks RestrictAddressFamilies="
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for unit in "${units[@]}"; do
  sed -e "s|/usr/bin/casebase-index|$index_bin|; s|/usr/bin/casebase-serve|$serve_bin|" "$unit" >"$tmp/$(basename "$unit")"
done
copies=("$tmp"/*.service)
if ! out="$(systemd-analyze verify --man=no "${copies[@]}" 2>&1)"; then
  bad "systemd-analyze verify failed"
fi
if [ -n "$out" ]; then
  echo "$out"
  bad "systemd-analyze verify printed messages"
fi

# Exposure scores (0 safe … 10 unsafe): the units are at 1.5 and 0.8; a
# dropped hardening line shows here. --threshold counts tenths (20 = 2.0).
for copy in "${copies[@]}"; do
  score="$(systemd-analyze security --offline=yes --no-pager "$copy" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
  echo "check_units: $(basename "$copy") exposure $score"
  systemd-analyze security --offline=yes --threshold=20 --no-pager "$copy" >/dev/null 2>&1 ||
    bad "$(basename "$copy"): exposure ${score:-?} above 2"
done

exit $fail
