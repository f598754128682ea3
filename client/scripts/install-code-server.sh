#!/usr/bin/env bash
# Installs Node 24 and npm (client/scripts/node-env.sh) and code-server (a real VS Code workbench in the browser)
# into a cache folder, from npm.
# Idempotent: a part already installed is kept. Used by the main job (client/scripts/open-editor.sh) and the
# end-to-end test (client/test/e2e/run.mjs).
#   client/scripts/install-code-server.sh [CACHE]      default CACHE: $INTERP_CACHE or ~/.cache/interp-lsp
# Prints the path of code-server's entry script (run it with CACHE/node/bin/node) on its last line.
# Needs: npm (any Node >= 18, once, to bootstrap Node 24), g++/make/python3 and libkrb5-dev (code-server's kerberos module
# is built from source: its prebuilt download fails offline, harmlessly). ~3.5 min on 2 cores, ~1.9 GB.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
cache="${1:-${INTERP_CACHE:-$HOME/.cache/interp-lsp}}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ "$(uname -s)" = Linux ] && command -v dpkg >/dev/null; then
  need=()
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)   # code-server's kerberos module builds from source
  command -v g++ >/dev/null || need+=(g++)
  command -v make >/dev/null || need+=(make)
  command -v python3 >/dev/null || need+=(python3)               # node-gyp
  if [ ${#need[@]} -gt 0 ]; then
    echo "install-code-server: installing ${need[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
# 1. Node 24 and npm from npm (code-server 4.139 requires Node 24): the project's own, client/scripts/node-env.sh.
. "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
INTERP_CACHE="$cache" interp_node_env
nodedir="$cache/node"

# 2. code-server, built against that Node (npm_config_nodedir: native modules use its headers).
csdir="$cache/code-server"
entry="$csdir/node_modules/code-server/out/node/entry.js"
if [ ! -f "$entry" ] || [ ! -f "$csdir/.installed-$CODE_SERVER_VERSION" ]; then
  echo "install-code-server: installing code-server $CODE_SERVER_VERSION into $csdir (a few minutes)" >&2
  rm -rf "$csdir"
  mkdir -p "$csdir"
  (
    cd "$csdir"
    export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
    # Run npm itself on Node 24: npm puts the directory of the node that runs it first on PATH for install
    # scripts, and code-server's postinstall refuses any other Node. Under `npm run` the outer npm also exports
    # NODE, npm_node_execpath and npm_config_user_agent (which that postinstall reads the version from): drop them.
    npmcli="$(readlink -f "$(command -v npm)")"
    env -u npm_node_execpath -u npm_execpath -u NODE -u npm_config_user_agent "$nodedir/bin/node" "$npmcli" install --no-save --no-package-lock \
      --foreground-scripts "code-server@$CODE_SERVER_VERSION" >&2
  )
  [ -f "$entry" ] || { echo "install-code-server: code-server did not install ($entry missing)" >&2; exit 1; }
  touch "$csdir/.installed-$CODE_SERVER_VERSION"
fi
echo "$entry"
