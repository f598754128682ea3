#!/usr/bin/env bash
# The main job: build, then colour a sample text by a sample direction in the terminal with the embedded
# model (all-MiniLM-L6-v2 from its NuGet package; nothing is downloaded from model hubs).
#   ./run.sh                          the sample
#   ./run.sh activations FILE -d SPEC any interp-lsp verb
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./setup.sh >&2
exe=server/InterpLsp.Server/bin/Release/net10.0/linux-x64/interp-lsp
if [ $# -eq 0 ]; then
  set -- activations samples/heat-and-disorder.txt --direction samples/directions/temperature.json --color always
fi
exec "$exe" "$@"
