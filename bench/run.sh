#!/usr/bin/env bash
# Builds levelshare and runs the side-by-side benchmark: direct leveldbjni vs a follower app (with the agent) vs the
# raw socket floor, each in its own processes, with the CPU each costs; idle CPU; what the agent costs (start-up, the
# leader's own calls); failover. Prints Markdown tables (stdout) and progress (stderr).
# Usage: bench/run.sh [--threads N] [--poll-micros N] [--only core|agent|failover]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
IT="$PWD/integration-tests/target"
CP="$IT/classes:$(cat "$IT/runtime-classpath.txt")"
PLAIN_CP="$IT/levelshare-integration-tests-0.1.0-SNAPSHOT-plain-apps.jar:$(cat "$IT/plain-app-classpath.txt")"
exec java -cp "$CP" dev.levelshare.it.bench.Benchmark \
  --agent-jar "$PWD"/agent/target/levelshare-agent.jar --plain-classpath "$PLAIN_CP" "$@"
