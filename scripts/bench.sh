#!/usr/bin/env bash
# End-to-end benchmarks of the whole flow, written to docs/benchmarks.md with the machine they ran on:
#  1. the embedded default: one host process (every role, in-memory bus, SQLite), driven over HTTP by 32
#     clients, against MassTransit's in-memory relay measured in the same run;
#  2. the distributed way: ingestion and journey as separate host processes on a private RabbitMQ node,
#     against the bare MassTransit relay on the same node in the same run.
# Each path runs twice: every interaction in its own request, then in batches of 100 on the batch endpoint
# (how a channel system with volume posts). Each reports interactions/s posted -> stored in the journey, latency p50/p99 at full load and at half
# the peak rate, peak memory, and the ratio to its relay. Medians of 3 alternating rounds.
# With a commit as second argument, it ends with the embedded default in batches of 100 against that commit's
# build, in alternating runs (scripts/bench-against.sh): what a change costs, measured in the same run.
#   bash scripts/bench.sh [interactions per round, default 20000] [commit to compare with]
#   bash scripts/bench.sh scale [interactions, default 1000000] [embedded (default) | rabbitmq]: issue 22's scale mode
#   (from an empty store to N interactions of N/10 citizens, on the embedded default or on RabbitMQ with two journey
#   replicas against the bare relay): rate per tenth, CPU, memory, disk, reads; appended to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = scale ]; then
  n="${2:-1000000}"
  transport="${3:-embedded}"
  case "$transport" in embedded|rabbitmq) ;; *) echo "scale: the third argument is embedded or rabbitmq, not '$transport'" >&2; exit 2 ;; esac
  dotnet build -c Release tests/Omnichannel.Benchmarks >/dev/null
  result=$(dotnet run -c Release --no-build --project tests/Omnichannel.Benchmarks -- scale "$n" 8 100 "$transport")
  echo "$result"
  { echo; echo "### Scale mode, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD): \`bash scripts/bench.sh scale $n $transport\`"; echo; echo '```'; echo "$result"; echo '```'; } >> docs/benchmarks.md
  exit 0
fi
n="${1:-20000}"
against="${2:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || { echo "rabbitmq-server is needed (apt-get install rabbitmq-server)" >&2; exit 1; }

dotnet build -c Release tests/Omnichannel.Benchmarks >/dev/null
run() { dotnet run -c Release --no-build --project tests/Omnichannel.Benchmarks -- "$@" 2>&1 | grep -v '^  posted [0-9]'; }

echo "embedded default, $n interactions per round, one per request..." >&2
embedded=$(run embedded "$n" 1)
echo "embedded default, $n interactions per round, batches of 100..." >&2
embedded_batch=$(run embedded "$n" 100)
echo "RabbitMQ, $n interactions per round, one per request..." >&2
rabbit=$(run pipeline "$n" 1)
echo "RabbitMQ, $n interactions per round, batches of 100..." >&2
rabbit_batch=$(run pipeline "$n" 100)
if [ -n "$against" ]; then
  echo "embedded default in batches of 100, this build against $against, alternating..." >&2
  compared=$(bash scripts/bench-against.sh "$against" "$n" 3)
fi

out=docs/benchmarks.md
marker='<!-- bench.sh: the latest run ends here; it rewrites what is above and keeps the measured history below. -->'
mkdir -p docs
# The measured history below the marker is kept; the latest run replaces what is above it.
history=$(mktemp)
if [ -f "$out" ] && grep -qF "$marker" "$out"; then
  awk -v m="$marker" 'found { print } $0 == m { found = 1 }' "$out" > "$history"
fi
{
  echo "# Benchmarks"
  echo
  echo "Written by \`bash scripts/bench.sh $n\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Figures are medians of three rounds;"
  echo "ratios compare each path with the bare MassTransit relay of the same transport, measured in the same run,"
  echo "since these machines are noisy. The load generator, the host processes and the broker share the machine."
  echo
  echo "## Machine"
  echo
  echo '```'
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -r)"
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread)' || true
  echo ".NET SDK $(dotnet --version), RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo '?')"
  echo '```'
  echo
  echo "## Embedded default: HTTP -> in-memory bus -> Journey -> SQLite, one process"
  echo
  echo "Targets: >= 10,000 interactions/s end to end; p99 <= 250 ms at half the peak rate."
  echo
  echo '```'
  echo "$embedded"
  echo '```'
  echo
  echo "The same, posted in batches of 100:"
  echo
  echo '```'
  echo "$embedded_batch"
  echo '```'
  echo
  echo "## Distributed: HTTP -> RabbitMQ -> Journey -> SQLite, a process per role"
  echo
  echo "Targets: >= 0.6 x the bare relay; p99 <= 250 ms at half the peak rate."
  echo
  echo '```'
  echo "$rabbit"
  echo '```'
  echo
  echo "The same, posted in batches of 100:"
  echo
  echo '```'
  echo "$rabbit_batch"
  echo '```'
  if [ -n "$against" ]; then
    echo
    echo "## Embedded default in batches of 100, against $against"
    echo
    echo "Both builds in turn (\`scripts/bench-against.sh $against $n 3\`), each run the median of its three rounds:"
    echo
    echo '```'
    echo "$compared"
    echo '```'
  fi
  echo
  echo "$marker"
  cat "$history"
} > "$out.new"
mv "$out.new" "$out"
rm -f "$history"
echo "wrote $out" >&2
