#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS (one process, one core), starting
# from its seed corpus fuzz/corpus/<target>/ (read-only: new inputs go to a
# work corpus under the build folder). A crash leaves its input in
# <build>/fuzz-artifacts/<target>/ and fails the run; turn each into a
# regression test (tests/*_test.cc) and a seed.
# Usage: fuzz/run.sh <build-fuzz dir> [seconds per target] [target...]
set -euo pipefail
build=$1 secs=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
src="$(cd "$(dirname "$0")/.." && pwd)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_article fuzz_render fuzz_query fuzz_article_page)
status=0
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  [ -x "$bin" ] || { echo "fuzz: $bin is missing (make fuzz builds it)" >&2; exit 2; }
  work="$build/fuzz-corpus/$t" art="$build/fuzz-artifacts/$t"
  mkdir -p "$work" "$art"
  dict=()
  [ -f "$src/fuzz/$t.dict" ] && dict=(-dict="$src/fuzz/$t.dict")
  echo "fuzz: $t for ${secs}s"
  start=$(date +%s)
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix="$art/" "$work" "$src/fuzz/corpus/$t" >"$build/fuzz-$t.log" 2>&1; then
    echo "fuzz: $t FOUND A CRASH: see $build/fuzz-$t.log and $art/" >&2
    tail -40 "$build/fuzz-$t.log" >&2
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz-$t.log" | grep -o '[0-9]*$' || echo '?')
  echo "fuzz: $t ran $(( $(date +%s) - start ))s, $runs executions, corpus $(ls "$work" | wc -l) files"
done
exit $status
