#!/usr/bin/env bash
# Installs the Debian 12 packages Casebase needs, only those missing.
# Idempotent: a second run with everything present does nothing and asks no registry.
# Usage: scripts/install-deps.sh [build|e2e|bench|fault|fuzz|package]...   (default: build)
# `fault`: wrk and nginx for tests/fault (load during reindex, hostile requests behind nginx),
# python3-aiosmtpd for the SMTP sink of tests/fault/alerts.py.
# `fuzz`: clang and its sanitizer/libFuzzer runtime for fuzz/ (`make fuzz`).
# `package`: the Debian package (`make deb`): dpkg-deb and dpkg-shlibdeps, lintian,
# help2man for the man pages, systemd for `systemd-analyze verify` of the units.
# `e2e` also installs the browser-test packages of tests/e2e with `npm ci`
# (from its package-lock.json), again only when they are missing or stale.
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libxapian-dev xapian-tools libcpp-httplib-dev
  libcmark-dev nlohmann-json3-dev doctest-dev libyaml-cpp-dev libcli11-dev
  libkainjow-mustache-dev libssl-dev zlib1g-dev libbrotli-dev curl python3 wdutch wamerican
  libargon2-dev libsqlite3-dev git help2man)
e2e_pkgs=(chromium nodejs npm)
bench_pkgs=(xapian-omega sphinxsearch wrk hyperfine time libmariadb-dev python3)
fault_pkgs=(wrk nginx xapian-tools python3 python3-aiosmtpd)
fuzz_pkgs=(clang-14 libclang-rt-14-dev)
package_pkgs=(dpkg-dev lintian help2man systemd file)

want=()
for group in "${@:-build}"; do
  case "$group" in
    build) want+=("${build_pkgs[@]}") ;;
    e2e) want+=("${e2e_pkgs[@]}") ;;
    bench) want+=("${bench_pkgs[@]}") ;;
    fault) want+=("${fault_pkgs[@]}") ;;
    fuzz) want+=("${fuzz_pkgs[@]}") ;;
    package) want+=("${package_pkgs[@]}") ;;
    *) echo "install-deps: unknown group \`$group\` (build, e2e, bench, fault, fuzz, package)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node/npm may come from outside Debian (e.g. a preinstalled toolchain); accept those.
if [[ " ${missing[*]-} " == *" nodejs "* ]] && command -v node >/dev/null; then
  missing=("${missing[@]/nodejs}")
fi
if [[ " ${missing[*]-} " == *" npm "* ]] && command -v npm >/dev/null; then
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]-}"

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The npm packages of the browser tests, pinned by tests/e2e/package-lock.json.
# A copy of the lock file in node_modules marks an install that is current.
if [[ " ${*:-build} " == *" e2e "* ]]; then
  e2e_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e"
  if ! cmp -s "$e2e_dir/package-lock.json" "$e2e_dir/node_modules/.casebase-package-lock.json"; then
    echo "install-deps: npm ci in tests/e2e"
    (cd "$e2e_dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$e2e_dir/package-lock.json" "$e2e_dir/node_modules/.casebase-package-lock.json"
  fi
fi
