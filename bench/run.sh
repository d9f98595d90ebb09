#!/usr/bin/env bash
# Benchmarks (see docs/performance.md):
#  1. Google Benchmark: reading generated models held in memory (parse + map + validate), and
#     ranking the intake queue (docs/questionnaires.md).
#  2. Phase timings of the whole pipeline (tp_pipeline) on generated files of 1k, 10k and 100k
#     components, native and Threagile YAML, and Threagile's example model.
#  3. Whole runs of `threatpath analyze` (wall time and peak RSS from /usr/bin/time).
#  4. The program server under wrk (bench/server_bench.sh): reading a model's risks, writing
#     decisions.
set -euo pipefail
build=${1:-build-bench}
sizes=${BENCH_SIZES:-"1000 10000 100000"}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$build/bench-models"
mkdir -p "$out"
"$build/bin/tp_read_bench" --benchmark_min_time=0.3
"$build/bin/tp_intake_bench" --benchmark_min_time=0.3
files=()
for n in $sizes; do
  for fmt in threagile native; do
    file="$out/gen-$n-$fmt.yaml"
    [ -f "$file" ] || "$build/bin/tp_gen" "$n" "$fmt" "$file"
    files+=("$file")
  done
done
example="$root/../shared/fixtures/threagile/example-v1.yaml"
[ -f "$example" ] && files=("$example" "${files[@]}")
echo
"$build/bin/tp_pipeline" "${files[@]}"
echo
printf '%-34s %10s %12s\n' "threatpath analyze" "wall ms" "peak RSS MB"
for file in "${files[@]}"; do
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$build/bin/threatpath" -q analyze "$file" -o "$out/analysis" >/dev/null
  read -r secs kb < "$out/time.txt"
  printf '%-34s %10.0f %12.0f\n' "$(basename "$file")" "$(echo "$secs * 1000" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
done
echo
bash "$root/bench/server_bench.sh" "$build"
echo
python3 "$root/bench/ws_fanout.py" "$build/bin/threatpath" --clients 500 --projects 10 --events 20
