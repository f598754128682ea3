#!/usr/bin/env bash
# The main job: builds everything and opens InterpLsp in a real editor (VS Code if `code` is on PATH, else
# code-server from npm on 127.0.0.1, printing the URL) with a sample folder and a sample direction, using the
# embedded model (all-MiniLM-L6-v2 from its NuGet package; nothing is downloaded from model hubs).
#   ./run.sh                          the editor (PORT=8080 by default)
#   ./run.sh activations FILE -d SPEC any interp-lsp verb instead, e.g. the terminal highlighter:
#   ./run.sh activations samples/heat-and-disorder.txt -d samples/directions/temperature.json --color always
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ $# -eq 0 ]; then
  exec bash client/scripts/open-editor.sh
fi
./setup.sh >&2
exec server/InterpLsp.Server/bin/Release/net10.0/linux-x64/interp-lsp "$@"
