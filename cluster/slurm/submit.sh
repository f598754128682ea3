#!/usr/bin/env bash
# Submits a corpus scan to Slurm: a job array of N shard tasks (scan-shard.sbatch) and a merge job that runs
# when all of them have ended well (merge.sbatch, --dependency=afterok, --kill-on-invalid-dep=yes: if a task
# fails for good or is cancelled, the merge is cancelled instead of waiting forever). Prints the two job ids.
#
#   cluster/slurm/submit.sh --shards 4 --out /shared/scan1 -d samples/directions/temperature.json \
#       [--corpus brown] [--model gpt2] [--hook blocks.6.hook_resid_post] [--library /shared/.interp] \
#       [--interp-lsp PATH] [--retries R] [--tasks 2,3] [-- SBATCH-OPTIONS...]
#
# --out DIR      where every task writes its own shard-I-of-N.json (and logs/, cache/); must be on storage that
#                every node and the merge job see. The merged result is DIR/merged.json.
# --tasks LIST   submit only these array indices (e.g. after `scancel JOBID_2`): the same --shards and --out,
#                and a new merge job that waits for them and merges all N files.
# --corpus, --direction/-d (repeat), --model, --hook, --top, --context, --seed: passed to `interp-lsp scan`.
# After "--": options for both sbatch calls (--partition, --time, --mem, --cpus-per-task, --account, ...).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
die() { echo "submit: $*" >&2; exit 2; }

shards="" out="" library="" bin="${INTERP_LSP:-}" retries=2 tasks="" scan=() sb=()
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards="${2:?--shards needs N}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --library) library="${2:?--library needs a folder}"; shift 2 ;;
    --interp-lsp) bin="${2:?--interp-lsp needs a path}"; shift 2 ;;
    --retries) retries="${2:?--retries needs a count}"; shift 2 ;;
    --tasks) tasks="${2:?--tasks needs a list such as 2 or 1,3}"; shift 2 ;;
    --corpus|--direction|-d|--model|-m|--hook|--top|--context|--seed|--quantile-examples|--random)
      scan+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --) shift; sb=("$@"); break ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards N (a positive number) is required"
[ -n "$out" ] || die "--out DIR is required"
printf '%s\n' "${scan[@]}" | grep -qx -e --direction -e -d || die "give at least one --direction SPEC"
command -v sbatch >/dev/null || die "sbatch is not on PATH (is this a Slurm login node?)"
if [ -z "$bin" ]; then
  bin="$(command -v interp-lsp || true)"
  [ -n "$bin" ] || bin="$repo/server/InterpLsp.Server/bin/Release/net10.0/linux-x64/interp-lsp"
fi
[ -x "$bin" ] || die "no interp-lsp at '$bin' (build it with ./setup.sh, or give --interp-lsp PATH)"
bin="$(realpath -m "$bin")"

mkdir -p "$out/logs"
out="$(realpath "$out")"
array="0-$(( shards - 1 ))"
if [ -n "$tasks" ]; then
  [[ "$tasks" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--tasks wants indices such as 2 or 1,3, got '$tasks'"
  for t in ${tasks//,/ }; do [ "$t" -lt "$shards" ] || die "--tasks $t: indices run from 0 to $(( shards - 1 ))"; done
  array="$tasks"
fi
lib=()
[ -z "$library" ] || lib=(--library "$(realpath -m "$library")")

job=$(sbatch --parsable --array="$array" --output="$out/logs/scan-%A_%a.log" "${sb[@]}" \
  "$here/scan-shard.sbatch" --shards "$shards" --out "$out" --interp-lsp "$bin" --retries "$retries" -- "${scan[@]}")
job="${job%%;*}"
merge=$(sbatch --parsable --dependency="afterok:$job" --kill-on-invalid-dep=yes --output="$out/logs/merge-%j.log" "${sb[@]}" \
  "$here/merge.sbatch" --shards "$shards" --out "$out" --interp-lsp "$bin" "${lib[@]}")
merge="${merge%%;*}"
echo "submit: array job $job (tasks $array of $shards), merge job $merge -> $out/merged.json" >&2
echo "$job $merge"
