#!/usr/bin/env bash
# The consumer test: installs the packages packed into artifacts/packages into fresh console apps (with the CPU
# native ONNX Runtime from nuget.org), writes the tiny scripted test model, and checks four apps: the caption through
# the core and the ImageSharp decoder package; an app on its own ImageSharp 4 with the core alone, passing pixels it
# decodes itself; ImageSharp 4 beside the ImageSharp decoder package, which must get the typed version error; and
# ImageSharp 4 beside the SkiaSharp decoder package, which must caption the image file.
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
# True for samples/images/car.jpg (the caption BatchCaption's README scripts).
expected="A red car on a grey road."

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

# The core package depends on no imaging library (decoding is the decoder packages' job).
if unzip -p "artifacts/packages/Florence2.OnnxRuntime.$version.nupkg" '*.nuspec' | grep -qi '<dependency id="\(SixLabors\|SkiaSharp\)'; then
  echo "FAIL: the nuspec of Florence2.OnnxRuntime $version names an imaging library" >&2; exit 1
fi

# Three apps on the app's own ImageSharp 4, a version this repository never ships (3 and later are a paid licence
# line). Its build task fails a Release build without a Six Labors licence key and lets a Debug build go on with a
# warning, so these throwaway apps are built in Debug.
newer_imagesharp=4.1.3
# (a) The core alone beside it: the app decodes the image with its ImageSharp and passes the pixels.
dotnet build tests/consumer/Florence2.Consumer.csproj -c Debug -p:Florence2Version="$version" -p:ConsumerCheck=own-pixels \
  -p:AppImageSharpVersion="$newer_imagesharp" --packages "$work/packages" -o "$work/app-own-pixels"
dotnet "$work/app-own-pixels/Florence2.Consumer.dll" "$newer_imagesharp" "$work/model" samples/images/car.jpg "$expected" | tee -a "$work/output.txt"
# (b) The ImageSharp decoder package beside it (NuGet unifies the app to 4.x): the typed version error at load,
# naming both versions and the way out, instead of a TypeLoadException.
dotnet build tests/consumer/Florence2.Consumer.csproj -c Debug -p:Florence2Version="$version" -p:ConsumerCheck=version-error \
  -p:AppImageSharpVersion="$newer_imagesharp" --packages "$work/packages" -o "$work/app-version-error"
dotnet "$work/app-version-error/Florence2.Consumer.dll" "$newer_imagesharp" "$work/model" | tee -a "$work/output.txt"
# (c) The SkiaSharp decoder package beside it: the app keeps its ImageSharp 4 and the model decodes the JPEG with Skia.
# Skia's Linux native library at the SkiaSharp version the decoder package depends on, as its README tells users.
# Built for this machine's runtime identifier: without one the output takes every platform's libSkiaSharp and the
# Windows ones' PDBs (about 500 MB).
skiasharp=$(unzip -p "artifacts/packages/Florence2.OnnxRuntime.SkiaSharp.$version.nupkg" '*.nuspec' \
  | sed -n 's/.*<dependency id="SkiaSharp" version="\([^"]*\)".*/\1/p' | head -1)
[[ -n "$skiasharp" ]] || { echo "FAIL: the nuspec of Florence2.OnnxRuntime.SkiaSharp $version names no SkiaSharp dependency" >&2; exit 1; }
dotnet build tests/consumer/Florence2.Consumer.csproj -c Debug -p:Florence2Version="$version" -p:ConsumerCheck=skiasharp \
  -p:AppImageSharpVersion="$newer_imagesharp" -p:SkiaSharpVersion="$skiasharp" --use-current-runtime --no-self-contained \
  --packages "$work/packages" -o "$work/app-skiasharp"
dotnet "$work/app-skiasharp/Florence2.Consumer.dll" "$newer_imagesharp" "$work/model" samples/images/car.jpg "$expected" | tee -a "$work/output.txt"
# The decoder must be the one from the package just packed.
cmp -s "$work/packages/florence2.onnxruntime.skiasharp/$version/lib/net10.0/Florence2.SkiaSharp.dll" "$work/app-skiasharp/Florence2.SkiaSharp.dll" \
  || { echo "FAIL: the app does not run Florence2.SkiaSharp.dll from Florence2.OnnxRuntime.SkiaSharp $version" >&2; exit 1; }
echo "consumer test passed (Florence2.OnnxRuntime $version)"
