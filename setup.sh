#!/usr/bin/env bash
# Prepares a fresh machine (Debian/Ubuntu) and builds the server.
#   ./setup.sh            install what is missing, restore, build (Release)
#   ./setup.sh --tests    also what the tests need: neovim (a second LSP client), Chromium (the end-to-end
#                         test drives code-server in it), libkrb5-dev (to build code-server), Node.js/npm
# Installs only what is missing: g++ and patchelf (to adapt TorchSharp's native library where the system
# libstdc++ is older than GCC 13's, e.g. Debian 12). Needs the .NET 10 SDK on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

need=()
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is needed (dotnet on PATH)" >&2; exit 1; }
if [ "$(uname -s)" = Linux ]; then
  command -v g++ >/dev/null || need+=(g++)
  command -v patchelf >/dev/null || need+=(patchelf)
  if [ "${1:-}" = --tests ]; then
    command -v nvim >/dev/null || need+=(neovim)
    command -v chromium >/dev/null || need+=(chromium)
    command -v npm >/dev/null || need+=(nodejs npm)
    dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
    command -v make >/dev/null || need+=(make)
  fi
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet build InterpLsp.sln -c Release -nologo -clp:ErrorsOnly
