#!/usr/bin/env bash
# Fetch the real-code corpus (pinned npm packages) into a cache folder outside the repository.
#
#   .ci/fetch-corpus.sh            # fetch all packages (required + extra)
#   CONVEX_LSP_CORPUS=/some/dir .ci/fetch-corpus.sh
#
# Layout: $CONVEX_LSP_CORPUS/<name: leading "@" dropped, "/" replaced by "__">/package/...
#   e.g. ~/.cache/convex-lsp/corpus/convex-dev__workpool/package/src/component
# Idempotent: a package whose folder holds the marker file `.fetched` naming the same pinned
# `name@version` is skipped; a different pin (or no marker) is fetched again.
# Prints one line per package. Exits non-zero only if a required package could not be fetched.
# Nothing fetched here is ever committed (see tests/corpus/README.md).
set -u -o pipefail

CORPUS_DIR="${CONVEX_LSP_CORPUS:-$HOME/.cache/convex-lsp/corpus}"
MARKER=".fetched"

REQUIRED=(
  "@convex-dev/workpool@0.4.12"
  "@convex-dev/agent@0.7.3"
  "convex-helpers@0.1.124"
)
EXTRA=(
  "@convex-dev/rag@0.7.6"
  "@convex-dev/aggregate@0.3.1"
  "@convex-dev/workflow@0.4.8"
  "@convex-dev/rate-limiter@0.4.0"
  "@convex-dev/stripe@0.1.6"
  "@convex-dev/migrations@0.3.6"
  "@convex-dev/auth@0.0.95"
)

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-corpus: npm not found on PATH" >&2
  exit 2
fi
if ! command -v tar >/dev/null 2>&1; then
  echo "fetch-corpus: tar not found on PATH" >&2
  exit 2
fi

mkdir -p "$CORPUS_DIR" || { echo "fetch-corpus: cannot create $CORPUS_DIR" >&2; exit 2; }

# "@convex-dev/workpool@0.4.12" -> "convex-dev__workpool"
folder_name() {
  local name="${1%@*}"
  name="${name#@}"
  printf '%s\n' "${name//\//__}"
}

# npm pack once into a fresh temp dir; prints the tarball path on success.
pack_once() {
  local spec="$1" tmp="$2" out
  out="$(cd "$tmp" && npm pack "$spec" --loglevel=error --ignore-scripts 2>"$tmp/npm-stderr.log")" || return 1
  out="$(printf '%s\n' "$out" | tail -n 1)"
  [ -n "$out" ] && [ -f "$tmp/$out" ] || return 1
  printf '%s\n' "$tmp/$out"
}

# Returns 0 when the package is present (already or freshly fetched).
# $2 is "required" or "optional" (only used in FAILED lines).
fetch_one() {
  local spec="$1" kind="$2" name dest tmp tgz attempt
  name="$(folder_name "$spec")"
  dest="$CORPUS_DIR/$name"
  if [ -f "$dest/$MARKER" ] && [ -d "$dest/package" ] \
     && [ "$(head -n 1 "$dest/$MARKER")" = "$spec" ]; then
    echo "cached   $spec -> $dest/package"
    return 0
  fi
  tmp="$(mktemp -d "$CORPUS_DIR/.tmp.XXXXXX")" || return 1
  tgz=""
  for attempt in 1 2; do
    if tgz="$(pack_once "$spec" "$tmp")"; then
      break
    fi
    tgz=""
    [ "$attempt" = 1 ] && sleep 2
  done
  if [ -z "$tgz" ]; then
    echo "FAILED   $spec [$kind] (npm pack failed twice: $(grep -m1 -i "error" "$tmp/npm-stderr.log" 2>/dev/null))"
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  if ! tar -xzf "$tgz" -C "$dest" || [ ! -d "$dest/package" ]; then
    echo "FAILED   $spec [$kind] (could not unpack $(basename "$tgz"))"
    rm -rf "$tmp" "$dest"
    return 1
  fi
  # Check that npm gave us the pinned version (a stale npm cache once returned another one).
  local want="${spec##*@}" got
  got="$(node -e 'process.stdout.write(require(process.argv[1]).version)' "$dest/package/package.json" 2>/dev/null || true)"
  if [ -n "$got" ] && [ "$got" != "$want" ]; then
    echo "FAILED   $spec [$kind] (npm returned version $got)"
    rm -rf "$tmp" "$dest"
    return 1
  fi
  printf '%s\n' "$spec" >"$dest/$MARKER"
  rm -rf "$tmp"
  echo "fetched  $spec -> $dest/package"
  return 0
}

status=0
for spec in "${REQUIRED[@]}"; do
  fetch_one "$spec" required || status=1
done
for spec in "${EXTRA[@]}"; do
  fetch_one "$spec" optional || true
done
exit "$status"
