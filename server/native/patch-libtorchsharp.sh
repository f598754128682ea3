#!/usr/bin/env bash
# Makes TorchSharp's libLibTorchSharp.so load on systems whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12).
# usage: patch-libtorchsharp.sh OUTPUT_DIR
# Leaves the stock binary alone where the system libstdc++ already provides GLIBCXX_3.4.32.
# Otherwise (see shared platform facts): build a shim library defining std::ios_base_library_init(), mark the
# GLIBCXX_3.4.32 requirement weak, clear that symbol's version and add the shim as a needed library.
# The patched copy is cached by the checksum of the original, so repeated builds cost one cp.
set -euo pipefail
out="${1:?output directory}"
lib="$out/libLibTorchSharp.so"
[ -f "$lib" ] || exit 0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

stdcxx="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')"
[ -n "$stdcxx" ] || stdcxx=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
if [ ! -f "$stdcxx" ] || grep -qa 'GLIBCXX_3\.4\.32' "$stdcxx"; then
  exit 0   # a new enough libstdc++ (or not glibc Linux): the stock binary loads
fi
# Already patched (it needs our shim and the shim is beside it)?
if grep -qa 'libstdcxx-compat.so' "$lib" && [ -f "$out/libstdcxx-compat.so" ]; then exit 0; fi

for tool in g++ gcc patchelf; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' is needed to adapt TorchSharp to this system's libstdc++ (no GLIBCXX_3.4.32); run ./setup.sh or apt-get install -y g++ patchelf" >&2; exit 1; }
done

sum="$(sha256sum "$lib" | cut -c1-16)"
cache="$here/.build/$sum"
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$cache/libLibTorchSharp.so" ]; then
  g++ -O2 -shared -fPIC -o "$cache/libstdcxx-compat.so.tmp" "$here/stdcxx-compat.cpp"
  gcc -O2 -o "$cache/elf-weaken-version" "$here/elf-weaken-version.c"
  cp "$lib" "$cache/libLibTorchSharp.so.tmp"
  "$cache/elf-weaken-version" "$cache/libLibTorchSharp.so.tmp" GLIBCXX_3.4.32
  patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$cache/libLibTorchSharp.so.tmp"
  patchelf --add-needed libstdcxx-compat.so "$cache/libLibTorchSharp.so.tmp"
  mv "$cache/libstdcxx-compat.so.tmp" "$cache/libstdcxx-compat.so"
  mv "$cache/libLibTorchSharp.so.tmp" "$cache/libLibTorchSharp.so"
fi
cp "$cache/libstdcxx-compat.so" "$out/libstdcxx-compat.so"
cp "$cache/libLibTorchSharp.so" "$lib.patched"
mv -f "$lib.patched" "$lib"
echo "patched $lib for a libstdc++ without GLIBCXX_3.4.32"
