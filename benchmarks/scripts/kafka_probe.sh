#!/usr/bin/env bash
# One measurement of Kafka in -> word count -> Kafka out at a fixed rate, on Sluice or on Spark
# Streaming's Kafka direct stream, against the broker scripts/kafka.sh started.
# Usage: scripts/kafka_probe.sh RATE BATCH_MS [RUN_SEC=52] [WARMUP_SEC=20]
# Env:   ENGINE=sluice|spark   KAFKA_BOOTSTRAP (the broker's address)   KAFKA_BROKER_PID (its JVM, for its CPU)
#        PARTITIONS=2 (the input topic's)
# The engine reads the input topic from its first record with every batch capped at RATE records
# (maxRatePerPartition = RATE / PARTITIONS per second), counts the words and writes each batch's counts
# to a fresh output topic; it measures the batches from WARMUP_SEC to RUN_SEC - 2 batches and prints
#   engine=E rate=RATE busy_before=.. SUMMARY ... stable=true|false engine_cores=.. broker_cores=..
#   machine_cores=.. others_cores=.. noisy=true|false
# with the CPU of the engine, of the broker, of the machine and of the rest (what neither used), sampled
# from /proc over the measured window; above NOISY_ABOVE (0.25) cores something else was running.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

RATE=$1; BATCH=$2; RUN=${3:-${RUN_SEC:-52}}; WARM=${4:-${WARMUP_SEC:-20}}
ENGINE=${ENGINE:-sluice}
: "${KAFKA_BOOTSTRAP:?start the broker with scripts/kafka.sh, which sets KAFKA_BOOTSTRAP}"
case "$ENGINE" in
  sluice) ensure_built ;;
  spark) ensure_spark_built ;;
  *) echo "ENGINE must be sluice or spark, got '$ENGINE'" >&2; exit 2 ;;
esac
BUSY_BEFORE="$(wait_for_quiet)"
mkdir -p "$RESULTS/logs"
TAG="kafka_${ENGINE}_r${RATE}_b${BATCH}_$(date +%Y%m%d-%H%M%S)"
LOGS="$RESULTS/logs/$TAG"
if [ "$ENGINE" = sluice ]; then
  (run_java "$ENGINE_JVM_OPTS -Xlog:gc:file=$LOGS.gc.log" dev.sluice.benchmarks.KafkaWordCount \
    brokers="$KAFKA_BOOTSTRAP" rate="$RATE" out="counts-$TAG" partitions="${PARTITIONS:-2}" batch="${BATCH}ms" \
    run="${RUN}s" warmup="${WARM}s" csv="$LOGS.csv") > "$LOGS.out" 2> "$LOGS.err" &
else
  (run_spark "$SPARK_JVM_OPTS -Xlog:gc:file=$LOGS.gc.log" dev.sluice.benchmarks.spark.SparkKafkaWordCount \
    brokers="$KAFKA_BOOTSTRAP" rate="$RATE" out="counts-$TAG" partitions="${PARTITIONS:-2}" batchMs="$BATCH" \
    runSec="$RUN" warmupSec="$WARM" csv="$LOGS.csv") > "$LOGS.out" 2> "$LOGS.err" &
fi
ENGINE_PID=$!
CHILDREN+=("$ENGINE_PID")
sleep "$((WARM + 1))"; S1="$(cpu_snapshot "$ENGINE_PID" "${KAFKA_BROKER_PID:-0}")"; T1=$(date +%s.%N)
sleep "$((RUN - WARM - 3))"; S2="$(cpu_snapshot "$ENGINE_PID" "${KAFKA_BROKER_PID:-0}")"; T2=$(date +%s.%N)
wait "$ENGINE_PID" || true
kill_children
CPU="$(cpu_report "$S1" "$S2" "$(awk -v a="$T1" -v b="$T2" 'BEGIN { print b - a }')" engine broker)"
SUMMARY="$(grep '^SUMMARY' "$LOGS.out" | sed 's/ machine_cores=[0-9.-]*//' \
  || echo "SUMMARY failed: no summary, see $LOGS.err stable=false")"
echo "engine=$ENGINE rate=$RATE busy_before=$BUSY_BEFORE $SUMMARY $CPU" | tee -a "$RESULTS/kafka-summary.txt"
