#!/usr/bin/env bash
# ctest package_deb: builds the Debian package in BUILD_DIR (incremental; the
# same as `make deb`), checks its contents and control data, and runs lintian:
# any error (E:) fails. Skipped (77) when a packaging tool is missing, unless
# CASEBASE_PACKAGE_REQUIRED=1 (set by `make test`, which installs them).
# Usage: tests/package/check_deb.sh SOURCE_DIR [BUILD_DIR]   (default: SOURCE_DIR/build-deb)
#        tests/package/check_deb.sh SOURCE_DIR --from-build BUILD_DIR
# --from-build packages the build the tests ran against (configured with
# CASEBASE_PACKAGE=ON, as `make build` does) instead of building another:
# the same programs, without Debian's hardening flags (`make deb` adds them).
set -euo pipefail
src="$(cd "$1" && pwd)"
from_build=0
if [ "${2:-}" = "--from-build" ]; then
  from_build=1
  build="$3"
else
  build="${2:-$src/build-deb}"
fi

missing=()
for tool in cmake cpack dpkg-deb dpkg-shlibdeps dpkg-buildflags lintian help2man file gzip; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "check_deb: missing ${missing[*]} (scripts/install-deps.sh package)"
  [ -n "${CASEBASE_PACKAGE_REQUIRED:-}" ] && exit 1
  exit 77
fi

fail=0
bad() { echo "check_deb: $*" >&2; fail=1; }

if [ "$from_build" = 1 ]; then
  cmake --build "$build" -j"${JOBS:-2}" --target casebase_package_files >/dev/null
  (cd "$build" && cpack -G DEB >cpack.log) || { cat "$build/cpack.log" >&2; exit 1; }
  deb="$build/casebase_$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")_$(dpkg --print-architecture).deb"
else
  deb="$(JOBS="${JOBS:-2}" bash "$src/scripts/build-deb.sh" "$build" | tail -n 1)"
fi
echo "check_deb: $deb"
version="$(sed -n 's/^project(casebase VERSION \([0-9][0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
[ "$(basename "$deb")" = "casebase_${version}_$(dpkg --print-architecture).deb" ] || bad "unexpected name $(basename "$deb")"

# Contents.
listing="$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')"
programs=(casebase-index casebase-serve casebase-admin)
if grep -q 'add_executable(casebase-shard' "$src/search/CMakeLists.txt"; then programs+=(casebase-shard); fi
expected=(
  /etc/casebase/casebase.yaml
  /etc/nginx/sites-available/casebase
  /usr/lib/systemd/system/casebase-serve.service
  /usr/lib/systemd/system/casebase-index.service
  /usr/share/casebase/web/templates/search.mustache
  /usr/share/casebase/web/static/style.css
  /usr/share/casebase/web/i18n/nl.json
  /usr/share/casebase/web/i18n/en.json
  /usr/share/casebase/examples/digitalgov.yaml
  /usr/share/casebase/schema/case-library.yaml
  /usr/share/casebase/content-example/README.md
  /usr/share/casebase/content-example/_synonyms.yaml
  /usr/share/doc/casebase/copyright
  /usr/share/doc/casebase/changelog.gz
)
for p in "${programs[@]}"; do expected+=("/usr/bin/$p" "/usr/share/man/man1/$p.1.gz"); done
for path in "${expected[@]}"; do
  grep -qxF "$path" <<<"$listing" || bad "missing $path"
done
articles="$(grep -c '^/usr/share/casebase/content-example/cases/.*\.md$' <<<"$listing" || true)"
[ "$articles" -ge 10 ] || bad "only $articles example articles"
# Not packaged: tools, benchmarks, tests.
for path in $(grep -E 'stem-compare|casebase-eval|casebase-load|casebase_tests|/tests/|/bench/|/tools/' <<<"$listing" || true); do
  bad "should not be packaged: $path"
done

# Control data.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = casebase ] || bad "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || bad "Version: $(field Version), project version $version"
depends="$(field Depends)"
for dep in adduser xapian-tools libxapian30 libc6; do
  grep -qE "(^|, )$dep( |,|$)" <<<"$depends" || bad "Depends lacks $dep: $depends"
done
info="$(dpkg-deb -I "$deb")"
for script in postinst prerm postrm conffiles; do
  grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\*? +$script( |$)" <<<"$info" || bad "no $script in the control archive"
done
conffiles="$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)"
for conffile in /etc/casebase/casebase.yaml /etc/nginx/sites-available/casebase; do
  grep -qxF "$conffile" <<<"$conffiles" || bad "$conffile is not a conffile"
done

# Man pages: a NAME line with a description, a synopsis with the program's
# name, and no build folder.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/root"
for p in "${programs[@]}"; do
  page="$(gzip -dc "$tmp/root/usr/share/man/man1/$p.1.gz")"
  grep -qF "$p \\- " <<<"$page" || bad "$p.1: no NAME description"
  grep -qE "^\.B $p$" <<<"$page" || bad "$p.1: no synopsis"
  if grep -qF "$build" <<<"$page"; then bad "$p.1 names the build folder"; fi
done
# The default configuration is what casebase-serve's unit reads.
cmp -s "$tmp/root/etc/casebase/casebase.yaml" "$src/deploy/casebase.yaml" || bad "casebase.yaml differs from deploy/"

# lintian: errors fail, the rest is reported.
lintian_out="$(lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v 'running with root privileges' || true)"
if [ -n "$lintian_out" ]; then echo "$lintian_out"; fi
if grep -q '^E:' <<<"$lintian_out"; then bad "lintian reports errors"; fi
echo "check_deb: lintian: $(grep -c '^E:' <<<"$lintian_out" || true) errors, $(grep -c '^W:' <<<"$lintian_out" || true) warnings"

exit $fail
