#!/usr/bin/env bash
# Peak memory on every hostile input of tests/hostile.rs, against the bar of
# 20 × input + 20 MB. Writes the inputs to target/hostile, then cleans each
# with examples/clean_file.rs under /usr/bin/time -v, with the default limits
# and with the limits lifted (--unlimited).
#
#     bash benches/hostile-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/hostile
HOSTILE_DIR=$dir cargo test --release --quiet --test hostile -- --ignored write_inputs >/dev/null
cargo build --release --quiet --example clean_file
bin=target/release/examples/clean_file
printf '%-28s %-10s %12s %12s %12s %6s  %s\n' input limits "input KB" "peak KB" "bar KB" ok result
fail=0
for file in "$dir"/*; do
  name=$(basename "$file")
  kind=${name##*.}
  size_kb=$(( $(stat -c %s "$file") / 1024 ))
  bar_kb=$(( 20 * size_kb + 20 * 1024 ))
  for limits in default unlimited; do
    flag=""; [ "$limits" = unlimited ] && flag=--unlimited
    out=$( { /usr/bin/time -v "$bin" "$file" "$kind" $flag; } 2>&1 || true)
    peak=$(printf '%s\n' "$out" | awk -F': ' '/Maximum resident set size/ {print $2}')
    result=$(printf '%s\n' "$out" | grep -m1 "^$file" | sed "s|^$file: ||" | cut -c1-60)
    ok=yes; [ "$peak" -gt "$bar_kb" ] && { ok=NO; fail=1; }
    printf '%-28s %-10s %12d %12d %12d %6s  %s\n' "$name" "$limits" "$size_kb" "$peak" "$bar_kb" "$ok" "$result"
  done
done
exit $fail
