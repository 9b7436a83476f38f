#!/usr/bin/env bash
# Builds levelshare and runs the side-by-side benchmark: direct leveldbjni vs remote over the Unix socket vs the bare
# round trip, each in its own processes. Prints a Markdown table (stdout) and progress (stderr).
# Usage: bench/run.sh [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
CP="$PWD/integration-tests/target/classes:$(cat integration-tests/target/runtime-classpath.txt)"
exec java -cp "$CP" dev.levelshare.it.bench.Benchmark --shim-jar "$PWD"/shim-server/target/levelshare-shim-server.jar "$@"
