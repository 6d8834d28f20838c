#!/usr/bin/env bash
# One measurement of a Spark Streaming job at a fixed input rate, fed by Sluice's load generator as
# scripts/probe.sh feeds Sluice: the same records, rates, warm-up and measured window per JOB.
# Usage: scripts/spark_probe.sh RATE BATCH_MS [RUN_SEC] [WARMUP_SEC]
# Env:   JOB=wordcount   the shared reference's NetworkWordCount (Spark 3.5.7, local[2]) from a built
#                        copy of it, SPARK_REF_DIR (compare-spark.sh makes one; the reference itself is
#                        read-only)
#        JOB=state | mapwithstate   spark-state's SparkStateCount (updateStateByKey | mapWithState) over
#                        KEYS (1000000) keys, with a fresh checkpoint directory, deleted afterwards
#        RUN_SEC, WARMUP_SEC, WARM_GEN_SEC, WARM_RATE, SPARK_JVM_OPTS as for probe.sh
# Prints
#   engine=spark job=JOB rate=RATE busy_before=.. SUMMARY ... stable=true|false engine_cores=..
#   gen_cores=.. machine_cores=.. others_cores=.. noisy=true|false
# with the CPU of Spark's JVM, of the generator, of the machine and of the rest, sampled from /proc
# over the measured window.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

JOB=${JOB:-wordcount}
probe_window "$JOB" "$1" "${3:-}" "${4:-}"
RATE=$1; BATCH=$2
case "$JOB" in
  wordcount)
    if [ ! -f "${SPARK_REF_DIR:-}/target/classpath.txt" ]; then
      echo "SPARK_REF_DIR must name a built copy of ../shared/reference/spark-throughput (got '${SPARK_REF_DIR:-}');" \
        "compare-spark.sh builds one" >&2
      exit 2
    fi ;;
  state|mapwithstate) ensure_spark_built "$SPARK_STATE_DIR" ;;
  *) echo "JOB must be wordcount, state or mapwithstate for Spark, got '$JOB'" >&2; exit 2 ;;
esac
ensure_built # the generator is Sluice's
BUSY_BEFORE="$(wait_for_quiet)"
mkdir -p "$RESULTS/logs"
TAG="spark_${JOB}_r${RATE}_b${BATCH}_$(date +%Y%m%d-%H%M%S)"
LOGS="$RESULTS/logs/$TAG"

# shellcheck disable=SC2086
start_generator "$LOGS.gen.log" rate="$RATE" warmRate="${WARM_RATE:-100000}" warmup="${WARM_GEN_SEC:-12}s" \
  duration="$((RUN + 30))s" ${GEN_ARGS:-}
CKPT_DIR=""
if [ "$JOB" = wordcount ]; then
  (SPARK_PROJECT="$SPARK_REF_DIR" run_spark "$SPARK_JVM_OPTS -Xlog:gc:file=$LOGS.gc.log" ref.NetworkWordCount \
    127.0.0.1 "$GEN_PORT" "$BATCH" "$RUN" "$WARM" "$LOGS.csv") > "$LOGS.out" 2> "$LOGS.err" &
else
  CKPT_DIR="$RESULTS/checkpoints/$TAG"
  rm -rf "$CKPT_DIR"
  (SPARK_PROJECT="$SPARK_STATE_DIR" run_spark "$SPARK_JVM_OPTS -Xlog:gc:file=$LOGS.gc.log" \
    dev.sluice.benchmarks.spark.SparkStateCount port="$GEN_PORT" job="$JOB" checkpoint="$CKPT_DIR" \
    batchMs="$BATCH" runSec="$RUN" warmupSec="$WARM" csv="$LOGS.csv") > "$LOGS.out" 2> "$LOGS.err" &
fi
ENGINE_PID=$!
CHILDREN+=("$ENGINE_PID")
sleep "$((WARM + 1))"; S1="$(cpu_snapshot "$ENGINE_PID" "$GEN_PID")"; T1=$(date +%s.%N)
sleep "$((RUN - WARM - 3))"; S2="$(cpu_snapshot "$ENGINE_PID" "$GEN_PID")"; T2=$(date +%s.%N)
wait "$ENGINE_PID" || true
kill_children
[ -n "$CKPT_DIR" ] && rm -rf "$CKPT_DIR"
CPU="$(cpu_report "$S1" "$S2" "$(awk -v a="$T1" -v b="$T2" 'BEGIN { print b - a }')" engine gen)"
SUMMARY="$(grep '^SUMMARY' "$LOGS.out" || echo "SUMMARY failed: no summary, see $LOGS.err stable=false")"
echo "engine=spark job=$JOB rate=$RATE busy_before=$BUSY_BEFORE $SUMMARY $CPU" | tee -a "$RESULTS/spark-summary.txt"
