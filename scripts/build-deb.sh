#!/usr/bin/env bash
# Builds the Debian package casebase_VERSION_ARCH.deb with CPack
# (cmake/Packaging.cmake) in a Release build folder of its own, and prints
# its path. Incremental: a second run rebuilds only what changed.
# Usage: scripts/build-deb.sh [BUILD_DIR]   (default: build-deb; JOBS=N, default 2)
# Needs the `package` group of scripts/install-deps.sh (`make deb` installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-deb}"
jobs="${JOBS:-2}"

# Debian's hardening flags (fortify, stack protector, relro, bindnow, PIE),
# without -g and -O2: the binaries are stripped and Release sets -O3.
# (dpkg-buildflags maps the current folder to . in debug paths: run it in the root.)
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(cd "$root" && dpkg-buildflags --get CPPFLAGS)"
for flag in $(cd "$root" && dpkg-buildflags --get CXXFLAGS); do
  case "$flag" in -g | -O2) ;; *) cxxflags+=" $flag" ;; esac
done
ldflags="$(cd "$root" && dpkg-buildflags --get LDFLAGS)"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCASEBASE_BUILD_TESTS=OFF -DCASEBASE_PACKAGE=ON \
  -DCMAKE_INSTALL_PREFIX=/usr "-DCMAKE_CXX_FLAGS=$cxxflags" "-DCMAKE_EXE_LINKER_FLAGS=$ldflags" >/dev/null
cmake --build "$build" -j"$jobs" --target casebase_package_files
(cd "$build" && cpack -G DEB >cpack.log) || { cat "$build/cpack.log" >&2; exit 1; }

version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
deb="$build/casebase_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "build-deb: $deb was not written (see $build/cpack.log)" >&2; exit 1; }
echo "$deb"
