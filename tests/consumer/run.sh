#!/usr/bin/env bash
# The consumer test: installs the packages packed into artifacts/packages into a fresh console app (with the CPU
# native ONNX Runtime from nuget.org), writes the tiny scripted test model, and checks the app's caption.
# Usage: tests/consumer/run.sh [VERSION]   (default: the newest Florence2.OnnxRuntime.*.nupkg in artifacts/packages)
# Needs tests/Florence2.TestModels built in Release (.ci/run builds the solution first).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version="${1:-}"
if [[ -z "$version" ]]; then
  newest=$(ls -t artifacts/packages/Florence2.OnnxRuntime.[0-9]*.nupkg 2>/dev/null | head -1)
  [[ -n "$newest" ]] || { echo "no Florence2.OnnxRuntime package in artifacts/packages: run dotnet pack first" >&2; exit 1; }
  version=$(basename "$newest" .nupkg); version=${version#Florence2.OnnxRuntime.}
fi

work=artifacts/consumer
rm -rf "$work" tests/consumer/bin tests/consumer/obj
mkdir -p "$work"
expected="A green car parked in front of a yellow building."

dotnet run --project tests/Florence2.TestModels -c Release --no-build -- --out "$work/model" --script "$expected"
# A private packages folder: the app restores exactly the packed bits, never a copy cached by an earlier run.
# nuget.org packages come from NuGet's HTTP cache after the first run.
dotnet build tests/consumer/Florence2.Consumer.csproj -c Release -p:Florence2Version="$version" \
  --packages "$work/packages" -o "$work/app"
dotnet "$work/app/Florence2.Consumer.dll" "$work/model" samples/images/car.jpg "$expected" | tee "$work/output.txt"
# The app's Florence2.dll must be the one from the package just packed.
packed="$work/packages/florence2.onnxruntime/$version/lib/net10.0/Florence2.dll"
grep -q "\"Florence2.OnnxRuntime/$version\"" "$work/app/Florence2.Consumer.deps.json" && cmp -s "$packed" "$work/app/Florence2.dll" \
  || { echo "FAIL: the app does not run Florence2.dll from Florence2.OnnxRuntime $version" >&2; exit 1; }

# An app on ImageSharp 4 beside the ImageSharp decoder package (NuGet unifies it to 4.x): the typed version error,
# naming both versions and the way out, instead of a TypeLoadException.
newer_imagesharp=4.1.3
dotnet build tests/consumer/Florence2.Consumer.csproj -c Release -p:Florence2Version="$version" -p:AppImageSharpVersion="$newer_imagesharp" \
  --packages "$work/packages" -o "$work/app-imagesharp4"
dotnet "$work/app-imagesharp4/Florence2.Consumer.dll" --expect-version-error "$newer_imagesharp" | tee -a "$work/output.txt"
echo "consumer test passed (Florence2.OnnxRuntime $version)"
