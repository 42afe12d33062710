#!/usr/bin/env bash
# Times this library and transformers.js 4.3.1 on the same Florence-2 model folders, tasks, image and intra-op thread
# count, in one run, and prints a table of medians with the ratio transformers.js / Florence2 per task, plus both
# answer texts (they must match on the scripted models).
#
#   benchmarks/side-by-side.sh [--size base|tiny] [--runs N] [--warmup N] [--threads N]
#
# Needs: the .NET SDK, node, and `npm ci` done in benchmarks/transformersjs (ONNXRUNTIME_NODE_INSTALL=skip; see
# docs/performance.md). The model folders are written on first use into artifacts/benchmark-models (git-ignored).
set -euo pipefail

size=base runs=5 warmup=1 threads=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/side-by-side"
mkdir -p "$out"
models="${FLORENCE2_BENCHMARK_MODELS:-$root/artifacts/benchmark-models}"

if [[ ! -d "$root/benchmarks/transformersjs/node_modules/@huggingface/transformers" ]]; then
  echo "Installing transformers.js (ONNXRUNTIME_NODE_INSTALL=skip npm ci) ..." >&2
  (cd "$root/benchmarks/transformersjs" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund >&2)
fi

dotnet build "$root/benchmarks/Florence2.Benchmarks" -c Release -v q -nologo >&2
bench_dll="$root/benchmarks/Florence2.Benchmarks/bin/Release/net10.0/Florence2.Benchmarks.dll"

# Write the models and the image first, so neither side's timing includes it.
dotnet "$bench_dll" models >&2

echo "== Florence2 (.NET), $size, $threads thread(s), $warmup warm-up + $runs runs ==" >&2
dotnet "$bench_dll" side-by-side --size "$size" --runs "$runs" --warmup "$warmup" --threads "$threads" \
  --image "$models/images/bench-1920x1080.jpg" > "$out/dotnet-$size.json"

echo "== transformers.js ==" >&2
# The folders BenchmarkModels writes: the base-sized ones carry the DaViT-base-sized vision stand-in.
folder_prefix="$size"
[[ "$size" == base ]] && folder_prefix=base-davit
(cd "$root/benchmarks/transformersjs" && node bench.mjs \
  --task "caption=$models/$folder_prefix-caption" --task "detection=$models/$folder_prefix-od" \
  --image "$models/images/bench-1920x1080.jpg" --runs "$runs" --warmup "$warmup" --threads "$threads" \
  --max-new-tokens 256) > "$out/transformersjs-$size.json"

node "$root/benchmarks/transformersjs/compare.mjs" "$out/dotnet-$size.json" "$out/transformersjs-$size.json"
