#!/usr/bin/env bash
# Builds everything and runs all tests (the model tests include verify-model: TorchSharp vs ONNX Runtime).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./setup.sh --tests
dotnet test InterpLsp.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
