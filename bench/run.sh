#!/usr/bin/env bash
# Builds levelshare and runs the side-by-side benchmark: direct leveldbjni vs remote over the Unix socket vs the bare
# round trip, each in its own processes; then what the agent costs (start-up, the leader's own calls).
# Prints Markdown tables (stdout) and progress (stderr).
# Usage: bench/run.sh [--threads N] [--only core|agent|failover]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
IT="$PWD/integration-tests/target"
CP="$IT/classes:$(cat "$IT/runtime-classpath.txt")"
PLAIN_CP="$IT/levelshare-integration-tests-0.1.0-SNAPSHOT-plain-apps.jar:$(cat "$IT/plain-app-classpath.txt")"
exec java -cp "$CP" dev.levelshare.it.bench.Benchmark --shim-jar "$PWD"/shim-server/target/levelshare-shim-server.jar \
  --agent-jar "$PWD"/agent/target/levelshare-agent.jar --plain-classpath "$PLAIN_CP" "$@"
