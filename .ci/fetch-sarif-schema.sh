#!/usr/bin/env bash
# Fetch the official SARIF 2.1.0 JSON schema into a cache folder outside the repository.
#
#   .ci/fetch-sarif-schema.sh                  # schema only
#   .ci/fetch-sarif-schema.sh --with-multitool # also unpack Microsoft's validator (Sarif.Multitool)
#   CONVEX_LSP_CACHE=/some/dir .ci/fetch-sarif-schema.sh
#
# The schema ships with Microsoft's official SARIF validator on npm: the platform package
# @microsoft/sarif-multitool-linux holds `sarif-2.1.0.json` next to the `Sarif.Multitool` binary.
# Result: $CONVEX_LSP_CACHE/sarif/sarif-2.1.0.json (default cache: ~/.cache/convex-lsp), read by
# tests/cli/test_sarif_schema.py. With --with-multitool, $CONVEX_LSP_CACHE/sarif/multitool/Sarif.Multitool
# can validate by hand:
#   DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 Sarif.Multitool validate out.sarif -j sarif-2.1.0.json -o report.sarif
# Idempotent: skips the download when the files are there. Nothing fetched here is committed.
set -u -o pipefail

SPEC="@microsoft/sarif-multitool-linux@5.7.0"
CACHE="${CONVEX_LSP_CACHE:-$HOME/.cache/convex-lsp}"
DEST="$CACHE/sarif"
SCHEMA="$DEST/sarif-2.1.0.json"
WITH_MULTITOOL=0
[ "${1:-}" = "--with-multitool" ] && WITH_MULTITOOL=1

if [ -s "$SCHEMA" ] && { [ "$WITH_MULTITOOL" = 0 ] || [ -x "$DEST/multitool/Sarif.Multitool" ]; }; then
  echo "cached   $SCHEMA"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "fetch-sarif-schema: npm not found on PATH" >&2; exit 2; }
mkdir -p "$DEST" || { echo "fetch-sarif-schema: cannot create $DEST" >&2; exit 2; }
tmp="$(mktemp -d "$DEST/.tmp.XXXXXX")" || exit 2
trap 'rm -rf "$tmp"' EXIT

tgz=""
for attempt in 1 2; do
  if out="$(cd "$tmp" && npm pack "$SPEC" --loglevel=error --ignore-scripts 2>"$tmp/npm.log")"; then
    tgz="$tmp/$(printf '%s\n' "$out" | tail -n 1)"
    [ -f "$tgz" ] && break
  fi
  tgz=""
  [ "$attempt" = 1 ] && sleep 2
done
if [ -z "$tgz" ]; then
  echo "FAILED   $SPEC (npm pack: $(grep -m1 -i error "$tmp/npm.log" 2>/dev/null))" >&2
  exit 1
fi
if ! tar -xzf "$tgz" -C "$tmp" package/sarif-2.1.0.json; then
  echo "FAILED   $SPEC has no package/sarif-2.1.0.json" >&2
  exit 1
fi
mv "$tmp/package/sarif-2.1.0.json" "$SCHEMA"
echo "fetched  $SPEC -> $SCHEMA"
if [ "$WITH_MULTITOOL" = 1 ]; then
  mkdir -p "$DEST/multitool"
  tar -xzf "$tgz" -C "$DEST/multitool" --strip-components=1 package/Sarif.Multitool && chmod +x "$DEST/multitool/Sarif.Multitool" \
    && echo "unpacked $DEST/multitool/Sarif.Multitool"
fi
exit 0
