#!/usr/bin/env bash
# Checks the packed packages in a folder (default artifacts/packages): every .nupkg has the repository's one version
# line, its README and the icon (declared in the nuspec and present in the package), the project URL, the repository
# URL with the commit it was built from, and PDBs whose SourceLink JSON maps the sources to that commit of the
# canonical repository (in the .snupkg for libraries, in the package itself for the tool).
# Usage: eng/check-packages.sh [FOLDER]    Exit 1 naming every package and what it lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

folder="${1:-artifacts/packages}"
# The expected values come from the build's own properties, not from a second copy here.
props=$(dotnet msbuild src/Florence2/Florence2.csproj -getProperty:Version -getProperty:Florence2RepositoryUrl)
version=$(sed -n 's/.*"Version": *"\([^"]*\)".*/\1/p' <<<"$props")
repo=$(sed -n 's/.*"Florence2RepositoryUrl": *"\([^"]*\)".*/\1/p' <<<"$props")
[[ -n "$version" && -n "$repo" ]] || { echo "could not read Version and Florence2RepositoryUrl from the build" >&2; exit 1; }
raw="https://raw.githubusercontent.com/${repo#https://github.com/}"

shopt -s nullglob
packages=("$folder"/*.nupkg)
(( ${#packages[@]} > 0 )) || { echo "no .nupkg in $folder" >&2; exit 1; }

failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL $1: $2" >&2; failures=$((failures + 1)); }

for package in "${packages[@]}"; do
  name=$(basename "$package")
  entries=$(unzip -Z1 "$package")
  nuspec=$(unzip -p "$package" '*.nuspec')
  id=$(sed -n 's:.*<id>\(.*\)</id>.*:\1:p' <<<"$nuspec")

  grep -q "<version>$version</version>" <<<"$nuspec" || fail "$name" "version is not $version"
  for file in README.md icon.png; do
    grep -qx "$file" <<<"$entries" || fail "$name" "no $file in the package"
  done
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$name" "no <readme> in the nuspec"
  grep -q '<icon>icon.png</icon>' <<<"$nuspec" || fail "$name" "no <icon> in the nuspec"
  grep -q "<projectUrl>$repo</projectUrl>" <<<"$nuspec" || fail "$name" "project URL is not $repo"
  commit=$(sed -n "s#.*<repository type=\"git\" url=\"$repo\"[^>]* commit=\"\([0-9a-f]\{40\}\)\".*#\1#p" <<<"$nuspec")
  if [[ -z "$commit" ]]; then
    fail "$name" "no <repository type=\"git\" url=\"$repo\" commit=\"...\"> in the nuspec"
    continue
  fi

  # The PDBs of the package's own assemblies: beside the DLLs (tool) or in the symbols package (libraries).
  symbols="${package%.nupkg}.snupkg"
  pdbs=()
  for source in "$package" "$symbols"; do
    [[ -f "$source" ]] || continue
    while IFS= read -r pdb; do
      [[ -n "$pdb" ]] && pdbs+=("$source|$pdb")
    done < <(unzip -Z1 "$source" | grep -E '^(lib|tools)/.*/Florence2[^/]*\.pdb$' || true)
  done
  if (( ${#pdbs[@]} == 0 )); then
    fail "$name" "no PDB of its assemblies in the package or $(basename "$symbols")"
    continue
  fi
  for entry in "${pdbs[@]}"; do
    source=${entry%%|*}; pdb=${entry#*|}
    # A portable PDB keeps the SourceLink JSON as plain UTF-8. (Read it whole: grep -q in a pipe would stop unzip early.)
    unzip -p "$source" "$pdb" >"$scratch/pdb"
    grep -aq "\"$raw/$commit/\*\"" "$scratch/pdb" || fail "$name" "$pdb has no SourceLink to $raw/$commit/*"
  done
  echo "ok $name: $version, README, icon, $repo @ ${commit:0:12}, SourceLink in ${#pdbs[@]} PDB(s)"
done

(( failures == 0 )) || { echo "$failures package check(s) failed" >&2; exit 1; }
