#!/usr/bin/env bash
# Sluice NetworkWordCount throughput: the highest input rate sustained with every batch's total
# delay under the batch interval over 30 s, at 1 s, 100 ms and 10 ms batches (at 10 ms every batch
# must finish within 10 ms), of the windowed word count (30 s window, 1 s slide, incremental
# reduceByKeyAndWindow) at 1 s, and of the running count per word over 1,000,000 keys with
# mapWithState at 1 s; then backpressure at twice the sustainable 1 s rate, and the word count with
# a write-ahead log; then checkpointing a state of 1,000,000 keys every 10 s and a crash and restart
# (scripts/checkpoint.sh; see README.md). Spark side by side: compare-spark.sh.
# Usage: benchmarks/run.sh          about 25 minutes on a quiet 2-core machine, and 11 for checkpointing
#        SKIP_CHECKPOINT=1          leaves the checkpointing scenario out (REPEATS applies to it too)
# Env:   REPEATS=3                  searches per scenario; the figure is their median
#        STEPS=5                    probes per search (each about 55 s, 85 s for mapWithState)
#        RANGE_1S="600000 2400000"  RANGE_100MS="300000 1800000"  RANGE_10MS="50000 900000"
#        RANGE_WINDOW="150000 900000"  RANGE_MWS="20000 1200000"  RANGE_WAL="300000 1800000"
#                                   bisection bounds (LO HI)
#        REBUILD=0                  skip the build (by default the current tree is built first)
#        BLOCK_INTERVAL_10MS=200ms  the block interval of the 10 ms search (until 2026-12-01 10ms)
#        JVM_OPTS_10MS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseShenandoahGC"
#                                   the engine's JVM options of the 10 ms search (default ENGINE_JVM_OPTS)
#        RUN_SEC, WARMUP_SEC, WARM_GEN_SEC   shorter probes, to try the script out (scripts/probe.sh)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/scripts/lib.sh"

REPEATS=${REPEATS:-1}
read -r LO_1S HI_1S <<< "${RANGE_1S:-600000 2400000}"
read -r LO_100MS HI_100MS <<< "${RANGE_100MS:-300000 1800000}"
read -r LO_10MS HI_10MS <<< "${RANGE_10MS:-50000 900000}"
read -r LO_WINDOW HI_WINDOW <<< "${RANGE_WINDOW:-150000 900000}"
read -r LO_MWS HI_MWS <<< "${RANGE_MWS:-20000 1200000}"
read -r LO_WAL HI_WAL <<< "${RANGE_WAL:-300000 1800000}"
REBUILD=${REBUILD:-1} ensure_built

echo "Sluice NetworkWordCount, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$("$JAVA" -version 2>&1 | head -1), commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"

# search BATCH_MS LO HI (JOB in the environment): runs REPEATS bisections and prints the median with its best probe's delays
search() {
  local batch=$1 lo=$2 hi=$3 maxes=() lines=() line
  for i in $(seq 1 "$REPEATS"); do
    echo "-- ${JOB:-wordcount}, batch ${batch} ms, search $i of $REPEATS (bounds $lo..$hi)" >&2
    line="$("$HERE/scripts/find_max.sh" "$batch" "$lo" "$hi" "${STEPS:-5}" | tee /dev/stderr | grep '^MAX')"
    maxes+=("$(echo "$line" | sed 's/.*sustainable=\([0-9]*\).*/\1/')")
    lines+=("$line")
  done
  local median
  median="$(printf '%s\n' "${maxes[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
  for line in "${lines[@]}"; do
    if [[ "$line" == *"sustainable=$median "* ]]; then
      echo "RESULT job=${JOB:-wordcount} batch=${batch}ms sustained_rec_per_s=$median (searches: ${maxes[*]})"
      echo "       at that rate: $(echo "$line" | grep -o 'recv_rec_per_s=.*total_max=[0-9]*' || echo 'LO was never probed')"
      break
    fi
  done
}

RESULTS_1S="$(search 1000 "$LO_1S" "$HI_1S")"
RESULTS_100MS="$(search 100 "$LO_100MS" "$HI_100MS")"
# at 10 ms every batch cuts its own block, whatever the block interval (the timer leaves batch times to the
# batches), so the default 200 ms only saves the timer 95 idle wake-ups a second over blockInterval=10ms;
# the engine's JVM of its own (JVM_OPTS_10MS): a collector's pause is a late batch at 10 ms, not at 1 s
RESULTS_10MS="$(ENGINE_JVM_OPTS="${JVM_OPTS_10MS:-$ENGINE_JVM_OPTS}" \
  RUNNER_ARGS="blockInterval=${BLOCK_INTERVAL_10MS:-200ms} ${RUNNER_ARGS:-}" search 10 "$LO_10MS" "$HI_10MS")"
RESULTS_WINDOW="$(JOB=window search 1000 "$LO_WINDOW" "$HI_WINDOW")"
# a running count per word over a 1,000,000-key space (the generator's keys=), only the batch's keys touched
RESULTS_MWS="$(JOB=mapwithstate search 1000 "$LO_MWS" "$HI_MWS")"

# backpressure: offer twice the sustainable 1 s rate; the receiver must slow down to keep every
# batch under the interval (recv_rec_per_s is what it took, the rest waits in TCP buffers)
MAX_1S="$(echo "$RESULTS_1S" | sed -n 's/.*sustained_rec_per_s=\([0-9]*\).*/\1/p')"
RESULTS_BACKPRESSURE="$(RUNNER_ARGS="backpressure.enabled=true ${RUNNER_ARGS:-}" \
  "$HERE/scripts/probe.sh" "$((2 * MAX_1S))" 1000 | sed 's/^/RESULT backpressure offered=2x /')"
# the write-ahead log's cost: received lines at MEMORY_AND_DISK_SER_2, every block synced to a log
# under a checkpoint directory on this disk before it counts as received
WAL_DIR="$RESULTS/wal-checkpoint"
RESULTS_WAL="$(RUNNER_ARGS="wal=$WAL_DIR ${RUNNER_ARGS:-}" search 1000 "$LO_WAL" "$HI_WAL" | sed 's/job=wordcount/job=wordcount+wal/')"
rm -rf "$WAL_DIR"
# checkpointing: the 1M-key state job with and without a checkpoint directory, then SIGKILL and restart
RESULTS_CHECKPOINT=""
if [ "${SKIP_CHECKPOINT:-0}" != 1 ]; then
  RESULTS_CHECKPOINT="$(REPEATS_STATE="${REPEATS_STATE:-$REPEATS}" "$HERE/scripts/checkpoint.sh" \
    | tee /dev/stderr | grep -E '^(RESULT|       )')"
fi
echo
echo "$RESULTS_1S"
echo "$RESULTS_100MS"
echo "$RESULTS_10MS"
echo "$RESULTS_WINDOW"
echo "$RESULTS_MWS"
echo "$RESULTS_BACKPRESSURE"
echo "$RESULTS_WAL"
if [ -n "$RESULTS_CHECKPOINT" ]; then echo "$RESULTS_CHECKPOINT"; fi
