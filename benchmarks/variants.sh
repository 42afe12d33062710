#!/usr/bin/env bash
# Compares model variants (fp32, int8, q4, ...) on the base-sized benchmark model: for each round, one fresh process
# per variant (so each has its own peak RSS and no variant always runs first), each printing one JSON line
# (Florence2.Benchmarks variants); then a table of medians over the rounds.
#
#   benchmarks/variants.sh [--rounds N] [--threads N] [--runs N] [--variants "Fp32 Int8 Q4"] [--scope all|decoder]
#                          [--extra "Q4=DIR" ...]
#
# --extra LABEL=DIR adds, to every round, the Q4 files of another folder under the row name LABEL (for example a
# folder written with --q4-accuracy-level 4).
# The model folder (about 2.5 GB, all variants from the same weights) is written on first use into
# artifacts/benchmark-models/base-davit-od-variants (git-ignored). Lines go to artifacts/variants/<timestamp>.jsonl.
set -euo pipefail

rounds=3 threads=1 runs=3 scope=all variants="Fp32 Quantized Int8 Uint8 Q4 Q4F16" extras=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --variants) variants="$2"; shift 2 ;;
    --scope) scope="$2"; shift 2 ;;
    --extra) extras+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/variants"
mkdir -p "$out"
lines="$out/$(date -u +%Y%m%dT%H%M%SZ)-$threads-threads.jsonl"

dotnet build "$root/benchmarks/Florence2.Benchmarks" -c Release -v q -nologo >&2
bench_dll="$root/benchmarks/Florence2.Benchmarks/bin/Release/net10.0/Florence2.Benchmarks.dll"

for round in $(seq 1 "$rounds"); do
  for variant in $variants; do
    echo "round $round/$rounds: $variant" >&2
    dotnet "$bench_dll" variants --variant "$variant" --scope "$scope" --threads "$threads" --runs "$runs" >> "$lines"
  done
  for extra in "${extras[@]}"; do
    echo "round $round/$rounds: ${extra%%=*}" >&2
    dotnet "$bench_dll" variants --variant Q4 --label "${extra%%=*}" --model "${extra#*=}" --scope "$scope" --threads "$threads" --runs "$runs" >> "$lines"
  done
done

dotnet "$bench_dll" variants-summary "$lines"
