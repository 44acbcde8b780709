#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing, restores, builds with
# warnings as errors, runs every test project, then prints one line "N passed, N failed, N skipped"
# counted from the test results (TRX files). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# What the tests need beyond the .NET SDK, from Debian: a RabbitMQ server (the tests start a private node)
# and Chromium (the browser tests drive it through Microsoft.Playwright; no browser is ever downloaded).
# The portal's front-end libraries come from npm at build time (services/Portal/client/package-lock.json).
missing=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

dotnet restore Omnichannel.sln
dotnet build Omnichannel.sln -c Release --no-restore

# A MongoDB server for the MongoDB tests, in this order: the one OMNICHANNEL_TEST_MONGODB_URI names, a private
# mongod from PATH (each test fixture starts its own), or the team's wire-protocol emulator beside the
# repository (../shared/tools/mongo-emulator), started here and stopped by its PID at exit. The emulator runs
# the driver's commands for real but cannot prove isolation, replication, failover or performance. With none
# of them, the MongoDB tests skip, or fail under CI=true.
emulator="$root/../shared/tools/mongo-emulator/start-mongo.sh"
if [ -n "${OMNICHANNEL_TEST_MONGODB_URI:-}" ]; then
  echo "MongoDB tests: the server OMNICHANNEL_TEST_MONGODB_URI names"
elif command -v mongod >/dev/null; then
  echo "MongoDB tests: private mongod servers from PATH ($(command -v mongod))"
elif [ -f "$emulator" ]; then
  MONGO_EMULATOR_PIDFILE=$(mktemp /tmp/omnichannel-mongo-emulator-XXXXXX)
  export MONGO_EMULATOR_PIDFILE
  trap 'kill "$(cat "$MONGO_EMULATOR_PIDFILE")" 2>/dev/null || true; rm -f "$MONGO_EMULATOR_PIDFILE"' EXIT
  OMNICHANNEL_TEST_MONGODB_URI=$(bash "$emulator" | tail -1)
  export OMNICHANNEL_TEST_MONGODB_URI OMNICHANNEL_TEST_MONGODB_EMULATOR=1
  echo "MongoDB tests: the team's wire-protocol emulator ($OMNICHANNEL_TEST_MONGODB_URI, PID $(cat "$MONGO_EMULATOR_PIDFILE")): not a MongoDB server, it proves no isolation, replication, failover or performance"
else
  echo "MongoDB tests: no server (no OMNICHANNEL_TEST_MONGODB_URI, no mongod on PATH, no $emulator)"
fi

# The browser tests' screenshots are kept with the results.
export OMNICHANNEL_SCREENSHOTS="$results/screenshots"

status=0
dotnet test Omnichannel.sln -c Release --no-build \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=$?

projects=$(grep -l "<IsTestProject>true</IsTestProject>" tests/*/*.csproj | wc -l)
passed=0 failed=0 skipped=0 files=0 crashed=()
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # The runner leaves notExecuted at 0 for skipped tests: they are the ones counted but not executed.
  skipped=$((skipped + $(get total) - $(get executed)))
  # A test process that died mid-run leaves a result file counting only the tests it finished: the ones it
  # did not are nowhere, so the crash itself counts as a failure.
  if grep -q "Test process crashed\|Catastrophic failure" "$trx"; then
    crashed+=("$(grep -o 'storage="[^"]*"' "$trx" | head -1 | sed 's|.*/||; s|"$||'): $(grep -o 'Test process crashed[^<]*' "$trx" | head -1)")
    failed=$((failed + 1))
  fi
done

if [ "$files" -lt "$projects" ]; then
  echo "error: $projects test projects but only $files produced results (a test host crashed?)" >&2
  failed=$((failed + projects - files))
  status=1
fi
if [ "$failed" -gt 0 ]; then
  status=1
fi

# The failed tests by name, with the first line of their message, just above the count (CI shows the end).
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  for crash in "${crashed[@]}"; do
    echo "  a test process crashed, its remaining tests not run: $crash"
  done
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    python3 - "$trx" <<'PY' || grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | grep -o 'testName="[^"]*"' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") != "Failed":
        continue
    message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
    first = (message.text or "").strip().splitlines()[0][:300] if message is not None and message.text else ""
    print(f"  {result.get('testName')}: {first}")
PY
  done
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
