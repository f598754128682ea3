#!/usr/bin/env bash
# Builds everything and runs all tests:
#   1. the server's tests (xunit: tokenizer vs Hugging Face, model vs ONNX Runtime, the language server, neovim);
#   2. the extension's unit tests (node --test);
#   3. the end-to-end test: the packaged .vsix in code-server (installed from npm into ~/.cache/interp-lsp),
#      driven in Chromium by playwright-core.
#   Every npm step runs on the project's own Node 24 and npm (client/scripts/node-env.sh); first of all,
#   client/scripts/check-lock.mjs fails naming any package whose dependency resolves through a tag, "*", "x" or "".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./setup.sh --tests
. client/scripts/node-env.sh
interp_node_env
node client/scripts/check-lock.mjs
dotnet test InterpLsp.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
npm ci --no-audit --no-fund
npm run build
npm run test:unit
npm run package
npm run test:e2e
