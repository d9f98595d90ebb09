#!/usr/bin/env bash
# Benchmarks: Google Benchmark on in-memory models, then whole runs of `threatpath validate` on
# generated files of 1k, 10k and 100k components with wall time and peak RSS.
set -euo pipefail
build=${1:-build-bench}
out="$build/bench-models"
mkdir -p "$out"
"$build/bin/tp_read_bench" --benchmark_min_time=0.5
printf '\n%-28s %10s %10s %12s %12s\n' model components MB "wall ms" "peak RSS MB"
for n in 1000 10000 100000; do
  for fmt in threagile native json; do
    ext=yaml; [ "$fmt" = json ] && ext=json
    file="$out/gen-$n-$fmt.$ext"
    [ -f "$file" ] || "$build/bin/tp_gen" "$n" "$fmt" "$file"
    size=$(du -m "$file" | cut -f1)
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$build/bin/threatpath" -q validate "$file" >/dev/null
    read -r secs kb < "$out/time.txt"
    printf '%-28s %10s %10s %12.0f %12.0f\n' "$(basename "$file")" "$n" "$size" \
      "$(echo "$secs * 1000" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  done
done
