#!/usr/bin/env bash
# levelshare demo: one sidecar JVM holds a LevelDB and serves it; three client JVMs write and read it at the same time;
# `status` shows who is connected; SIGTERM closes the sidecar cleanly and every write is found in the DB afterwards.
# (The agent-based demo, with apps unmodified and a leader killed, arrives with the agent and failover.)
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "building (mvn -q -DskipTests package)"
mvn -B -q -DskipTests package
JAR=shim-server/target/levelshare-shim-server.jar
CP="$PWD/integration-tests/target/classes:$(cat integration-tests/target/runtime-classpath.txt)"
WORK=$(mktemp -d /tmp/levelshare-demo.XXXXXX)
SOCK="$WORK/sock"
DB="$WORK/db"
SIDECAR=""
cleanup() { [ -n "$SIDECAR" ] && kill "$SIDECAR" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

say "starting the sidecar: java -jar $JAR serve $DB"
java -Dlevelshare.socketDir="$SOCK" -jar "$JAR" serve "$DB" > "$WORK/sidecar.log" 2>&1 &
SIDECAR=$!
for _ in $(seq 150); do grep -q serving "$WORK/sidecar.log" && break; sleep 0.1; done
sed 's/^/  [sidecar] /' "$WORK/sidecar.log"

say "a plain second open of the same directory fails, as LevelDB always did"
java -cp "$CP" dev.levelshare.it.apps.PlainLockHolderApp "$DB" 2>&1 | grep -m1 -o 'IO error: lock.*' | sed 's/^/  /' || true

say "three client JVMs write 2000 keys each and read them back, concurrently, through the sidecar"
PIDS=()
for p in alpha beta gamma; do
  java -Dlevelshare.socketDir="$SOCK" -cp "$CP" dev.levelshare.it.apps.RemoteWriterApp "$DB" "$p" 2000 \
    > "$WORK/$p.log" 2>&1 &
  PIDS+=($!)
done
sleep 1
java -Dlevelshare.socketDir="$SOCK" -jar "$JAR" status "$DB" | sed 's/^/  /' || true
for i in 0 1 2; do wait "${PIDS[$i]}"; done
for p in alpha beta gamma; do echo "  [$p] $(tail -1 "$WORK/$p.log")   (written, then entries seen in the DB)"; done

say "status after the clients left"
java -Dlevelshare.socketDir="$SOCK" -jar "$JAR" status "$DB" | sed 's/^/  /'

say "SIGTERM to the sidecar (pid $SIDECAR): it closes connections, then the DB"
kill -TERM "$SIDECAR"; wait "$SIDECAR" || true; SIDECAR=""
tail -2 "$WORK/sidecar.log" | sed 's/^/  [sidecar] /'
java -Dlevelshare.socketDir="$SOCK" -jar "$JAR" status "$DB" | sed 's/^/  /' || true
say "done: 6000 acknowledged writes from three processes, one LevelDB"
