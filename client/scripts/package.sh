#!/usr/bin/env bash
# Builds the .vsix: bundles the extension, publishes the server (framework-dependent, linux-x64) into
# client/server-bin with the native libraries it needs (and not the ones it does not), checks that the
# published server runs, then runs `vsce package` (offline).
#   client/scripts/package.sh [OUT.vsix]        default: dist/interp-lsp-VERSION-linux-x64.vsix
# Needs: the .NET 10 SDK, npm (it runs on the project's Node 24: client/scripts/node-env.sh), and what ./setup.sh
# installs (g++, patchelf on Debian 12).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. client/scripts/node-env.sh
interp_node_env
version="$(node -p 'require("./package.json").version')"
out="${1:-dist/interp-lsp-$version-linux-x64.vsix}"
bin=client/server-bin

[ -d node_modules ] || { node client/scripts/check-lock.mjs && npm ci --no-audit --no-fund; }
npx tsc -p . --noEmit
node client/scripts/bundle.mjs --production

# The default corpus (the Brown Corpus) goes beside the server: the publish copies it into corpus/.
brown=build/corpus/brown.jsonl.gz
[ -f "$brown" ] || node client/scripts/prepare-brown.mjs "$brown"
# So does the WordNet corpus (WordNet 3.1 glosses and examples, the corpus 'wordnet').
corpus=build/corpus/wordnet-3.1.jsonl.gz
[ -f "$corpus" ] || node client/scripts/prepare-corpus.mjs "$corpus"
# So does the WordNet lexicon that candidate explanations read.
lexicon=build/corpus/wordnet-3.1-lexicon.jsonl.gz
[ -f "$lexicon" ] || node client/scripts/prepare-lexicon.mjs "$lexicon"

echo "package: publishing the server into $bin" >&2
rm -rf "$bin"
dotnet publish server/InterpLsp.Server -c Release -r linux-x64 --self-contained false -o "$bin" -nologo -clp:ErrorsOnly \
  -p:DebugType=none -p:DebugSymbols=false

# Native libraries the server does not load (libtorch's Python binding, test and mobile backends, ML.NET's LDA).
rm -f "$bin"/libtorch_python.so "$bin"/libtorchbind_test.so "$bin"/libjitbackend_test.so "$bin"/libbackend_with_compiler.so \
      "$bin"/libnnapi_backend.so "$bin"/libaoti_custom_ops.so "$bin"/libshm.so "$bin"/libLdaNative.so "$bin"/*.dbg "$bin"/*.pdb
# libtorch_cpu.so ships with its full symbol table (~90 MB); the loader needs only the dynamic symbols.
if command -v strip >/dev/null; then strip --strip-unneeded "$bin/libtorch_cpu.so"; fi

# The native adaptations that server/native/build-native.sh makes at publish (Directory.Build.targets).
[ -f "$bin/libLibTorchSharp.so" ] || { echo "package: $bin/libLibTorchSharp.so missing" >&2; exit 1; }
[ -f "$bin/libinterp-mkl-shim.so" ] || echo "package: warning: no libinterp-mkl-shim.so (no gcc?): slower on AMD CPUs" >&2
if ! strings "$(gcc -print-file-name=libstdc++.so.6 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/libstdc++.so.6)" 2>/dev/null | grep -q GLIBCXX_3.4.32; then
  [ -f "$bin/libstdcxx-compat.so" ] || { echo "package: this libstdc++ lacks GLIBCXX_3.4.32 but $bin/libstdcxx-compat.so is missing" >&2; exit 1; }
  readelf -d "$bin/libLibTorchSharp.so" | grep -q 'libstdcxx-compat.so' \
    || { echo "package: $bin/libLibTorchSharp.so is not the adapted one" >&2; exit 1; }
fi

[ -f "$bin/corpus/brown.jsonl.gz" ] || { echo "package: $bin/corpus/brown.jsonl.gz missing" >&2; exit 1; }
[ -f "$bin/corpus/wordnet-3.1.jsonl.gz" ] || { echo "package: $bin/corpus/wordnet-3.1.jsonl.gz missing" >&2; exit 1; }
[ -f "$bin/corpus/wordnet-3.1-lexicon.jsonl.gz" ] || { echo "package: $bin/corpus/wordnet-3.1-lexicon.jsonl.gz missing" >&2; exit 1; }
[ -f "$bin/corpus/brown-pos-tagger.bin" ] || { echo "package: $bin/corpus/brown-pos-tagger.bin missing (./setup.sh trains it)" >&2; exit 1; }
[ -f "$bin/corpus/wordnet-gloss-embeddings.bin" ] || { echo "package: $bin/corpus/wordnet-gloss-embeddings.bin missing (./setup.sh builds it)" >&2; exit 1; }

echo "package: checking that the published server runs" >&2
json="$(dotnet "$bin/interp-lsp.dll" activations samples/heat-and-disorder.txt --direction samples/directions/temperature.json --json)"
node -e 'const r = JSON.parse(process.argv[1]); if (!(r.tokens.length > 100)) { console.error("package: the published server returned too few tokens"); process.exit(1); }' "$json"

mkdir -p "$(dirname "$out")"
npx vsce package --no-dependencies --target linux-x64 --skip-license --allow-missing-repository \
  --readme-path client/README.md --out "$out"
ls -la "$out" >&2
echo "$out"
