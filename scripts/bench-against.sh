#!/usr/bin/env bash
# One path of scripts/bench.sh, this checkout against another commit, in alternating runs of the same
# script (these machines are noisy: compare the ratio, not the rates):
#   bash scripts/bench-against.sh REV [interactions per round, default 20000] [pairs, default 3] [path, default embedded] [batch, default 100]
# path: embedded (the embedded default, one process) or pipeline (ingestion and journey on a private RabbitMQ
# node), or scale (issue 22's scale mode from an empty store, without its reads; also prints the bytes written
# per interaction); batch: 1 (one interaction per request) or 100 (the batch endpoint). Builds REV in a temporary git
# worktree, then runs `PATH N BATCH` of each build in turn, and prints each run's median rate and the median
# of the ratios this/REV.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:?usage: bench-against.sh REV [N] [PAIRS]}"
n="${2:-20000}"
pairs="${3:-3}"
mode="${4:-embedded}"
batch="${5:-100}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
base=$(mktemp -d /tmp/omnichannel-base-XXXXXX)
trap 'git worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
git worktree add --detach "$base" "$rev" >/dev/null
dotnet build -c Release tests/Omnichannel.Benchmarks >/dev/null
(cd "$base" && dotnet build -c Release tests/Omnichannel.Benchmarks >/dev/null)
rate() { grep -oE '^  HTTP -> .*SQLite( \(one process\))?: [0-9,]+ interactions/s' | grep -oE '[0-9,]+ interactions' | tr -d ', a-z'; }
run() {
  if [ "$mode" = scale ]; then
    local out
    out=$(OMNICHANNEL_SCALE_READS=0 dotnet run -c Release --no-build --project tests/Omnichannel.Benchmarks -- scale "$n" 2>/dev/null)
    local label=this
    [ "$(pwd)" = "$base" ] && label=$rev
    echo "  $label: $(echo "$out" | grep -oE 'CPU per interaction: host [0-9,]+ µs|written to disk: host [0-9.,]+ KB per interaction|journeys.db: [0-9,]+ B per interaction|peak host [0-9,]+ MB' | tr '\n' ' ')" >&2
    echo "$out" | grep -oE '[0-9,]+/s overall' | tr -d ',/a-z '
  else
    dotnet run -c Release --no-build --project tests/Omnichannel.Benchmarks -- "$mode" "$n" "$batch" 2>&1 | rate
  fi
}
ratios=()
for i in $(seq 1 "$pairs"); do
  this=$(run)
  that=$(cd "$base" && run)
  ratio=$(awk -v a="$this" -v b="$that" 'BEGIN { printf "%.3f", a / b }')
  ratios+=("$ratio")
  echo "pair $i ($mode, batch $batch): this $this/s, $rev $that/s, ratio $ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median ratio this/$rev over $pairs pairs: $median"
