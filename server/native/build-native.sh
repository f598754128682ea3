#!/usr/bin/env bash
# Native helpers built next to TorchSharp's libraries in an output folder (Linux x86-64 only):
#  1. libinterp-mkl-shim.so: lets libtorch's MKL use AVX-512 on AMD CPUs (see mkl-amd-shim.c). Optional:
#     skipped with a warning when no C compiler is present.
#  2. the libLibTorchSharp.so adaptation for a libstdc++ without GLIBCXX_3.4.32 (patch-libtorchsharp.sh).
# usage: build-native.sh OUTPUT_DIR
set -euo pipefail
out="${1:?output directory}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$out/libLibTorchSharp.so" ] || exit 0
[ "$(uname -m)" = x86_64 ] || exit 0

if [ ! -f "$out/libinterp-mkl-shim.so" ] || [ "$here/mkl-amd-shim.c" -nt "$out/libinterp-mkl-shim.so" ]; then
  if command -v gcc >/dev/null; then
    gcc -O2 -shared -fPIC -o "$out/libinterp-mkl-shim.so.tmp" "$here/mkl-amd-shim.c"
    mv -f "$out/libinterp-mkl-shim.so.tmp" "$out/libinterp-mkl-shim.so"
  else
    echo "warning: gcc not found; libtorch's matrix multiplies will not use AVX-512 on AMD CPUs (run ./setup.sh)" >&2
  fi
fi
exec bash "$here/patch-libtorchsharp.sh" "$out"
