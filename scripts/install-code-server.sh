#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, engine Node 20) into a cache folder outside the clone.
#
# Its normal install (npm's install scripts) fails on Node 20 machines without internet, so this does the same work by hand:
# install without scripts, rebuild the native modules it needs, install VS Code's own dependencies and use the system ripgrep.
# Idempotent: a marker file is written last; a half-done install (no marker) is started again from scratch.
#
# Usage: scripts/install-code-server.sh            prints the path of the code-server entry script on its last line
# Env:   NN_VIZ_CACHE   cache root (default ~/.cache/nn-viz)
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT="${NN_VIZ_CACHE:-$HOME/.cache/nn-viz}"
DIR="$CACHE_ROOT/code-server-$VERSION"
MARKER="$DIR/.nn-viz-installed"
CS="$DIR/node_modules/code-server"
ENTRY="$CS/out/node/entry.js"

log() { echo "[install-code-server] $*" >&2; }
fail() {
  echo "[install-code-server] ERROR: $*" >&2
  exit 1
}
# Runs a command, printing it first; on failure says which step failed.
run() {
  log "\$ $*"
  "$@" || fail "step failed (exit $?): $* (in $(pwd))"
}

if [[ -f "$MARKER" && -f "$ENTRY" ]]; then
  log "code-server $VERSION already installed in $DIR"
  echo "$ENTRY"
  exit 0
fi

# --- prerequisites ---------------------------------------------------------------------------------------------------
command -v node >/dev/null || fail "node is not on PATH (Node 20 is required)"
command -v npm >/dev/null || fail "npm is not on PATH"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$NODE_MAJOR" == "20" ]] || fail "code-server $VERSION needs Node 20, found $(node -v)"

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -f /usr/include/gssapi/gssapi.h || -f /usr/include/krb5.h ]] || dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    log "installing missing system packages: ${missing[*]}"
    run apt-get update
    DEBIAN_FRONTEND=noninteractive run apt-get install -y "${missing[@]}"
  else
    fail "missing system packages: ${missing[*]}. Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
fi
for tool in make g++ python3; do
  command -v "$tool" >/dev/null || fail "$tool is needed to build code-server's native modules (apt-get install -y build-essential python3)"
done
RG="$(command -v rg)"

# --- install -----------------------------------------------------------------------------------------------------------
START=$SECONDS
if [[ -d "$DIR" ]]; then
  log "removing the unfinished install in $DIR"
  rm -rf "$DIR"
fi
mkdir -p "$DIR"
cd "$DIR"
printf '{ "name": "nn-viz-code-server", "private": true }\n' >package.json

export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
run npm install --ignore-scripts --no-save code-server@"$VERSION"
[[ -f "$ENTRY" ]] || fail "npm did not install $ENTRY"
run npm rebuild argon2

VS="$CS/lib/vscode"
[[ -d "$VS" ]] || fail "code-server package has no lib/vscode folder at $VS"
cd "$VS"
run npm install --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
run cp "$RG" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true run npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid
run ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && run ln -sfn code-linux.sh code-server)
(cd bin/helpers && run ln -sfn browser-linux.sh browser.sh)
(cd extensions && run npm install --omit=dev --ignore-scripts)

# --- verify -------------------------------------------------------------------------------------------------------------
cd "$DIR"
: >"$DIR/empty-config.yaml"
VERSION_OUT="$(node "$ENTRY" --config "$DIR/empty-config.yaml" --version 2>&1)" || fail "code-server does not start: $VERSION_OUT"
grep -q "^$VERSION " <<<"$VERSION_OUT" || fail "expected code-server $VERSION, got: $VERSION_OUT"
for native in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node; do
  [[ -f "$VS/node_modules/$native" ]] || fail "native module was not built: $VS/node_modules/$native"
done

date -u +%FT%TZ >"$MARKER"
log "installed code-server $VERSION into $DIR in $((SECONDS - START)) s"
echo "$ENTRY"
