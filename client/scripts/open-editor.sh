#!/usr/bin/env bash
# Builds everything and opens InterpLsp in a real editor, on a fresh machine too:
#   1. builds the server and the extension into a .vsix (client/scripts/package.sh; ./setup.sh first);
#   2. with VS Code installed (`code` on PATH) and INTERP_EDITOR unset or "code": installs the .vsix there and
#      opens the sample workspace; otherwise installs code-server from npm (Node 24 from npm, libkrb5-dev) into
#      the cache, installs the .vsix into it, and serves VS Code on 127.0.0.1, printing the URL to open.
#   client/scripts/open-editor.sh                 PORT=8080, INTERP_CACHE=~/.cache/interp-lsp, INTERP_EDITOR=auto
# The sample workspace (a copy of samples/: texts and the temperature direction, set in its
# .vscode/settings.json) is made fresh in $INTERP_CACHE/workspace. Stop code-server with Ctrl+C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo="$(pwd)"
cache="${INTERP_CACHE:-$HOME/.cache/interp-lsp}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

./setup.sh >&2
command -v npm >/dev/null || { echo "open-editor: npm (any Node.js >= 18) is needed to bring the project's Node 24" >&2; exit 1; }
vsix="$(bash client/scripts/package.sh | tail -1)"
vsix="$repo/$vsix"

ws="$cache/workspace"
rm -rf "$ws"
mkdir -p "$ws/.vscode" "$ws/directions"
find samples -maxdepth 1 -type f \( -name '*.txt' -o -name '*.md' \) -exec cp {} "$ws/" \;
cp samples/directions/* "$ws/directions/"
cat > "$ws/.vscode/settings.json" <<'JSON'
{
  "interp.directions": ["directions/temperature.json"]
}
JSON
first_text="$(cd "$ws" && ls *.txt 2>/dev/null | head -1)"

if [ "${INTERP_EDITOR:-auto}" != code-server ] && command -v code >/dev/null; then
  echo "open-editor: installing $vsix into VS Code" >&2
  code --install-extension "$vsix" --force
  exec code "$ws" ${first_text:+"$ws/$first_text"}
fi

entry="$(bash client/scripts/install-code-server.sh "$cache" | tail -1)"
node="$cache/node/bin/node"
data="$cache/editor"
mkdir -p "$data/user/User" "$data/ext"
if [ ! -f "$data/user/User/settings.json" ]; then
  cat > "$data/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "security.workspace.trust.enabled": false
}
JSON
fi
"$node" "$entry" --extensions-dir "$data/ext" --user-data-dir "$data/user" --install-extension "$vsix" --force >&2

port="${PORT:-8080}"
if ! "$node" -e 'const s=require("net").createServer();s.on("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$port"; then
  port="$("$node" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
setsid "$node" "$entry" --bind-addr "127.0.0.1:$port" --auth none --user-data-dir "$data/user" --extensions-dir "$data/ext" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override "$ws" \
  > "$data/code-server.log" 2>&1 &
pgid=$!
trap 'kill -- -$pgid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pgid" 2>/dev/null || { echo "open-editor: code-server exited; see $data/code-server.log" >&2; exit 1; }
  sleep 0.5
done
url="http://127.0.0.1:$port/?folder=$ws"
echo
echo "InterpLsp is running in VS Code (code-server). Open this URL in a browser:"
echo
echo "    $url"
echo
echo "Open ${first_text:-a .txt file} from the Explorer: tokens are coloured by the temperature direction; hover one"
echo "for its card; the palette (F1) has the Interp: commands. Stop with Ctrl+C. Log: $data/code-server.log"
wait "$pgid"
