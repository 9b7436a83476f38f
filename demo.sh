#!/usr/bin/env bash
# levelshare demo: three unmodified LevelDB apps (plain leveldbjni code, nothing of levelshare on their class path) run
# with -javaagent and write to ONE LevelDB directory at once. The first to open it leads; the others follow. Then the
# leader is killed with SIGKILL: a follower is promoted, the writes carry on, and afterwards every write any app saw
# acknowledged is found in the DB.
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
await() { for _ in $(seq 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "timed out waiting for '$2' in $1"; exit 1; }

say "building (mvn -q -DskipTests package)"
mvn -B -q -DskipTests package
AGENT="$PWD/agent/target/levelshare-agent.jar"
IT="$PWD/integration-tests/target"
APP_CP="$IT/levelshare-integration-tests-0.1.0-SNAPSHOT-plain-apps.jar:$(cat "$IT/plain-app-classpath.txt")"
WORK=$(mktemp -d /tmp/levelshare-demo.XXXXXX)
DB="$WORK/db"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
# Always run in the background (app ... &): exec makes the background job the JVM itself, so its pid is the JVM's.
app() { exec java -javaagent:"$AGENT" -Dlevelshare.socketDir="$WORK/sock" -cp "$APP_CP" "$@"; }

say "app 'alpha' starts: java -javaagent:levelshare-agent.jar -cp <leveldbjni app> KeyWriterApp jni $DB alpha"
app dev.levelshare.it.plainapps.KeyWriterApp jni "$DB" alpha 500 > "$WORK/alpha.log" 2>&1 &
PIDS+=($!); await "$WORK/alpha.log" "acked 10"
grep '\[levelshare\]' "$WORK/alpha.log" | sed 's/^/  [alpha] /'

say "without the agent, a second app cannot open the directory, as LevelDB always did"
java -cp "$APP_CP" dev.levelshare.it.plainapps.OpenErrorApp jni "$DB" | sed 's/^/  /'

say "with the agent, 'beta' and 'gamma' open it too: they follow the leader"
for p in beta gamma; do
  app dev.levelshare.it.plainapps.KeyWriterApp jni "$DB" "$p" 500 > "$WORK/$p.log" 2>&1 &
  PIDS+=($!)
done
for p in beta gamma; do await "$WORK/$p.log" "acked 10"; grep '\[levelshare\]' "$WORK/$p.log" | sed "s/^/  [$p] /"; done
java -Dlevelshare.socketDir="$WORK/sock" -jar shim-server/target/levelshare-shim-server.jar status "$DB" | sed 's/^/  /'

# Who holds the LevelDB lock, straight from the kernel's lock table (not from levelshare).
INODE=$(stat -c %i "$DB/LOCK")
LEADER=$(awk -v ino=":$INODE" '$6 ~ (ino "$") {print $5; exit}' /proc/locks)
say "SIGKILL the leader (pid $LEADER) while all three are writing"
BEFORE=$(for p in alpha beta gamma; do grep -c '^acked' "$WORK/$p.log"; done | paste -sd+ | bc)
kill -9 "$LEADER"
for p in beta gamma; do await "$WORK/$p.log" "new leader\|promoted"; done
sleep 1
for p in beta gamma; do grep '\[levelshare\]' "$WORK/$p.log" | tail -n +2 | sed "s/^/  [$p] /"; done
AFTER=$(for p in alpha beta gamma; do grep -c '^acked' "$WORK/$p.log"; done | paste -sd+ | bc)
echo "  writes acknowledged: $BEFORE before the kill, $AFTER one second later"

say "stop everything, open the DB directly, check every acknowledged write"
for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; PIDS=()
java -cp "$APP_CP" dev.levelshare.it.plainapps.AckedWritesCheck "$DB" alpha="$WORK/alpha.log" beta="$WORK/beta.log" \
  gamma="$WORK/gamma.log" | sed 's/^/  /'
say "done: three unmodified JVMs shared one LevelDB; the leader was killed; nothing acknowledged was lost"
