#!/usr/bin/env bash
# The run behind docs/performance.md: every measurement of the page, one after the other, on one build, into
# artifacts/performance/<UTC time>/ (one text file per step). About an hour on 2 cores; the model folders (about
# 5 GB with every variant) are written on first use.
#
#   benchmarks/performance-run.sh [--quick]      # --quick: fewer rounds, for trying the script itself
#
# Steps: side by side with transformers.js (1 and 2 threads), the floor (library vs a plain loop over the same
# sessions, alternated call by call), beams and overhead, concurrent callers with and without the micro-batcher
# (caption and a 200-token detection), every quantized variant (one process each), memory and load time, and the
# peak memory of one CLI caption against one transformers.js caption (GNU time).
set -euo pipefail

quick=false
[[ "${1:-}" == --quick ]] && quick=true
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/performance/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
B=(dotnet "$root/benchmarks/Florence2.Benchmarks/bin/Release/net10.0/Florence2.Benchmarks.dll")
rounds() { if $quick; then echo "$1"; else echo "$2"; fi; }
step() {
  local name="$1"; shift
  echo "== $(date -u +%H:%M:%S) $name: $*" | tee -a "$out/steps.txt" >&2
  { echo "# $*"; echo "# $(date -u) load average $(cut -d' ' -f1-3 /proc/loadavg)"; "$@"; } > "$out/$name.txt" 2>&1 \
    || echo "   failed: see $out/$name.txt" | tee -a "$out/steps.txt" >&2
}

dotnet build "$root/benchmarks/Florence2.Benchmarks" -c Release -v q -nologo >&2
dotnet build "$root/samples/Florence2.Cli" -c Release -v q -nologo >&2
models="${FLORENCE2_BENCHMARK_MODELS:-$root/artifacts/benchmark-models}"
cli=(dotnet "$root/samples/Florence2.Cli/bin/Release/net10.0/Florence2.Cli.dll")
"${B[@]}" models >&2

cache="$out/optimized-model-cache"
for round in $(seq 1 "$(rounds 1 2)"); do
  step "memory-default-$round" "${B[@]}" memory
  step "memory-no-prepack-$round" "${B[@]}" memory --no-prepack
  step "memory-sequential-load-$round" "${B[@]}" memory --parallel 1
  step "memory-cache-$round" "${B[@]}" memory --cache "$cache"
  # One load and one greedy caption per process, peak RSS by GNU time: the CLI against transformers.js.
  step "memory-cli-$round" /usr/bin/time -v "${cli[@]}" caption "$models/images/bench-1920x1080.jpg" \
    --model "$models/base-davit-caption" --num-beams 1
  step "memory-transformersjs-$round" /usr/bin/time -v node "$root/benchmarks/transformersjs/bench.mjs" \
    --task "caption=$models/base-davit-caption" --image "$models/images/bench-1920x1080.jpg" --runs 1 --warmup 0 --threads 2
done
step side-by-side-1-thread "$root/benchmarks/side-by-side.sh" --runs "$(rounds 1 3)" --threads 1
step side-by-side-2-threads "$root/benchmarks/side-by-side.sh" --runs "$(rounds 1 3)" --threads 2
step floor-caption-1-thread "${B[@]}" floor --task caption --threads 1 --rounds "$(rounds 4 16)" --warmup 1
step floor-caption-2-threads "${B[@]}" floor --task caption --threads 2 --rounds "$(rounds 4 16)" --warmup 1
step beams-overhead "${B[@]}" overhead --size base --iterations "$(rounds 1 3)" --threads 2
step micro-batching-caption "${B[@]}" micro-batching --task caption --callers 1,4,8 --calls 1 --rounds "$(rounds 1 2)" --configs 10x8
step micro-batching-detection "${B[@]}" micro-batching --task detection --callers 4,8 --calls 1 --rounds "$(rounds 1 2)" --configs 10x8
step variants-1-thread "$root/benchmarks/variants.sh" --rounds "$(rounds 1 2)" --threads 1 --runs 2
echo "done: $out" >&2
