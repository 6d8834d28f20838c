#!/usr/bin/env bash
# Launch to first batch: how long `bin/sluice run network-word-count` takes from the command to
# the stream started and to its first batch printed, fed by the load generator.
# Usage: benchmarks/scripts/startup.sh [RUNS=5]
# Env:   NODE_JVM_OPTS   the container's JVM flags (JAVA_OPTS; default none, as bin/sluice runs it)
#        REBUILD=0       skip the build (by default the current tree is built first)
# Each run starts the container afresh (its own framework storage, so nothing is cached from the
# run before) and stamps every line it prints. It prints per run: started_ms (the stream started),
# first_batch_ms (the first batch's output printed), first_batch_time_ms (how long after the launch
# the first batch's time was: the first batch is the first whole interval after the stream starts,
# as in Spark Streaming, so up to one interval passes before it can run), then the medians.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

RUNS=${1:-5}
OUT="$RESULTS/startup-$(date +%Y%m%d-%H%M%S)"
DIST="$OUT/sluice"
mkdir -p "$OUT"
REBUILD=${REBUILD:-1} ensure_built
REBUILD=${REBUILD:-1} copy_container "$DIST"
start_generator "$OUT/generator.log" rate=1000

echo "Sluice launch to first batch, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
STARTED=(); FIRST=()
for i in $(seq 1 "$RUNS"); do
  log="$OUT/run-$i.log"
  launch=$(date +%s%3N)
  (JAVA_OPTS="${NODE_JVM_OPTS:-} -Dorg.osgi.framework.storage=$OUT/felix-$i" \
    exec "$DIST/bin/sluice" run network-word-count host=127.0.0.1 port="$GEN_PORT" 2>&1 \
    | while IFS= read -r line; do echo "$(date +%s%3N) $line"; done > "$log") &
  runner=$!
  # the first batch's output starts with its time, e.g. "Time: 1796022935000 ms"
  until grep -q ' Time: [0-9]* ms' "$log" 2>/dev/null; do
    kill -0 "$runner" 2>/dev/null || { echo "run $i ended before its first batch; see $log" >&2; exit 1; }
    sleep 0.05
  done
  pkill -TERM -f "org.osgi.framework.storage=$OUT/felix-$i" || true
  wait "$runner" 2>/dev/null || true
  started=$(awk '/ started; its log is/ { print $1; exit }' "$log")
  first=$(awk '/ Time: [0-9]* ms/ { print $1; exit }' "$log")
  batch=$(awk '/ Time: [0-9]* ms/ { print $3; exit }' "$log")
  STARTED+=($((started - launch))); FIRST+=($((first - launch)))
  echo "run=$i started_ms=$((started - launch)) first_batch_ms=$((first - launch)) first_batch_time_ms=$((batch - launch))"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "RESULT launch to stream started: median $(median "${STARTED[@]}") ms; launch to first batch printed:" \
  "median $(median "${FIRST[@]}") ms (runs: ${FIRST[*]})"
