#!/usr/bin/env bash
# Boot-to-READY on the fake-cloud walk-through with the machines' own user data run (lablink dev
# fake-cloud --run-user-data): each machine downloads its agent from the allocator and starts it.
#   bench/scripts/agent-download.sh ALLOCATOR_JAR [COUNT]
# ALLOCATOR_JAR runs the allocator (an older lablink.jar hands out itself, a newer one lablink-agent.jar);
# the fake cloud always runs from this checkout's dist/target/lablink.jar. Prints the seconds
# `lablink vm create --count COUNT` took until every machine was READY.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/bin/java-env"
ALLOCATOR_JAR="$1"; COUNT="${2:-2}"
FAKE_JAR="$ROOT/dist/target/lablink.jar"
WORK="$(mktemp -d)"; PORT=$((20000 + RANDOM % 20000)); LAMBDA=$((PORT + 1)); EC2=$((PORT + 2))
cleanup() { kill "$SERVER" "$FAKE" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
java -jar "$FAKE_JAR" dev fake-cloud --run-user-data --lambda-port "$LAMBDA" --ec2-port "$EC2" --data-dir "$WORK/fake" \
    --write-config "$WORK/lablink.yaml" > "$WORK/fake.log" 2>&1 & FAKE=$!
until grep -q "Stop with Ctrl-C" "$WORK/fake.log"; do sleep 0.2; done
java -jar "$ALLOCATOR_JAR" server --data-dir "$WORK/data" --port "$PORT" --config "$WORK/lablink.yaml" > "$WORK/server.log" 2>&1 & SERVER=$!
until grep -q "listening on http://localhost:$PORT" "$WORK/server.log"; do sleep 0.2; done
export LABLINK_URL="http://localhost:$PORT" LABLINK_ADMIN_PASSWORD="$(grep -o 'password: [^ ]*' "$WORK/server.log" | head -1 | cut -d' ' -f2)"
start=$(date +%s.%N)
java -jar "$FAKE_JAR" vm create --count "$COUNT" --timeout PT3M > "$WORK/create.log" 2>&1 || { cat "$WORK/create.log" "$WORK"/fake/*/agent.log >&2; exit 1; }
end=$(date +%s.%N)
grep -h "READY" "$WORK/create.log" | tail -1
du -b "$WORK"/fake/*/opt/lablink/*.jar | sed "s|$WORK/fake/||"
echo "create_to_ready_s=$(awk "BEGIN { print $end - $start }")"
