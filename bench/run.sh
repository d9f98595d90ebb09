#!/usr/bin/env bash
# Benchmarks (see docs/performance.md):
#  1. Google Benchmark: reading generated models held in memory (parse + map + validate), and
#     ranking the intake queue (docs/questionnaires.md).
#  2. Phase timings of the whole pipeline (tp_pipeline) on generated files of 1k, 10k and 100k
#     components, native and Threagile YAML, and Threagile's example model.
#  3. Whole runs of `threatpath analyze` (all outputs and diagrams; risks.json only) and of
#     `threatpath check`: wall times, and the peak RSS of analyze.
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
# Whole runs, wall milliseconds: `analyze` with every output and the diagrams (and its peak
# RSS), `analyze --format json --no-diagrams` (risks.json only) and `check` (parse, rules and
# attack paths, a table on stdout). Files under 5 MB: the median of 5 runs, else one run.
wall_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
median_ms() {
  local runs=$1
  shift
  for _ in $(seq "$runs"); do wall_ms "$@"; done | sort -n | sed -n "$(((runs + 1) / 2))p"
}
tp="$build/bin/threatpath"
printf '%-34s %12s %12s %12s %12s\n' "threatpath, whole runs" "analyze ms" "peak RSS MB" \
  "json ms" "check ms"
for file in "${files[@]}"; do
  runs=1
  [ "$(stat -c %s "$file")" -lt 5000000 ] && runs=5
  /usr/bin/time -f '%M' -o "$out/time.txt" "$tp" -q analyze "$file" -o "$out/analysis" >/dev/null
  read -r kb < "$out/time.txt"
  all=$(median_ms "$runs" "$tp" -q analyze "$file" -o "$out/analysis")
  json=$(median_ms "$runs" "$tp" -q analyze "$file" -o "$out/json" --format json --no-diagrams)
  check=$(median_ms "$runs" "$tp" -q check "$file")
  printf '%-34s %12s %12.0f %12s %12s\n' "$(basename "$file")" "$all" "$(echo "$kb / 1024" | bc -l)" \
    "$json" "$check"
done
echo
bash "$root/bench/server_bench.sh" "$build"
echo
python3 "$root/bench/ws_fanout.py" "$build/bin/threatpath" --clients 500 --projects 10 --events 20
