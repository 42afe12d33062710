#!/usr/bin/env bash
# Brings each shipped library's PublicAPI.Unshipped.txt up to date with its code: builds with the public API
# analyzer's diagnostics as warnings, adds every symbol reported as undeclared (RS0016) and drops every Unshipped
# entry reported as gone (RS0017). A symbol gone from PublicAPI.Shipped.txt is a breaking change: the script lists
# it and leaves it to you. See docs/releasing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

libraries=(src/Florence2 src/Florence2.Testing src/Florence2.AI src/Florence2.ImageSharp src/Florence2.SkiaSharp)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Florence2.Testing, Florence2.AI and the decoder packages reference Florence2, so building them covers all; every TFM reports its own
# diagnostics. The logs are appended: the second build reports Florence2 again, which the per-project filter dedupes.
for leaf in src/Florence2.Testing/Florence2.Testing.csproj src/Florence2.AI/Florence2.AI.csproj src/Florence2.ImageSharp/Florence2.ImageSharp.csproj src/Florence2.SkiaSharp/Florence2.SkiaSharp.csproj; do
  dotnet build "$leaf" -c Debug --no-incremental \
    -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= >>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
done

status=0
for lib in "${libraries[@]}"; do
  project="$(pwd)/$lib/$(basename "$lib").csproj"
  unshipped="$lib/PublicAPI.Unshipped.txt"
  shipped="$lib/PublicAPI.Shipped.txt"
  mine=$(grep -F "[$project" "$log" || true)
  added=$(sed -n "s/.*RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" <<<"$mine" | LC_ALL=C sort -u)
  gone=$(sed -n "s/.*RS0017: Symbol '\(.*\)' is part of the declared API, but is either not public or could not be found.*/\1/p" <<<"$mine" | LC_ALL=C sort -u)

  # Keep "#nullable enable" first; the symbols follow in ordinal order.
  {
    echo "#nullable enable"
    { grep -v '^#nullable enable$' "$unshipped" || true; echo "$added"; } \
      | { grep -v '^$' || true; } | { grep -vxF -f <(echo "${gone:-}" | grep -v '^$' || echo '#none#') || true; } | LC_ALL=C sort -u
  } >"$unshipped.tmp"
  mv "$unshipped.tmp" "$unshipped"

  broken=$(grep -xF -f <(echo "${gone:-}" | grep -v '^$' || echo '#none#') "$shipped" || true)
  echo "$lib: $(grep -c . <<<"$added" || true) symbol(s) added to PublicAPI.Unshipped.txt"
  dropped=$(grep -vxF -f "$shipped" <<<"${gone:-}" | grep -v '^$' || true)
  if [[ -n "$dropped" ]]; then
    echo "$lib: removed from PublicAPI.Unshipped.txt (no longer in the code; check that this was meant):"
    sed 's/^/  - /' <<<"$dropped"
  fi
  if [[ -n "$broken" ]]; then
    echo "$lib: shipped API removed or changed (a breaking change; restore it, or delete the line from PublicAPI.Shipped.txt on purpose):" >&2
    echo "$broken" >&2
    status=1
  fi
done
exit "$status"
