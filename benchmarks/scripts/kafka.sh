#!/usr/bin/env bash
# Kafka in -> word count -> Kafka out: the highest input rate with every batch's total delay under
# the 1 s interval, on Sluice and on Spark Streaming's Kafka direct stream, in one sitting, against
# one real Kafka broker process with the very same records.
# Usage: benchmarks/scripts/kafka.sh          about 45 minutes on the shared 2-core machine (filling the broker is half)
# Env:   REPEATS=1                  searches per engine, alternating; the figure is their median
#        STEPS=5                    probes per search (each about 55 s)
#        RANGE_SLUICE="100000 900000"  RANGE_SPARK="50000 650000"   bisection bounds (LO HI)
#        PARTITIONS=2               partitions of the input topic
#        REBUILD=0                  skip the builds (by default the current tree is built first)
# The broker (KafkaBrokerProcess: a single-node KRaft cluster from Kafka's own test kit in
# its own JVM on loopback) is filled before any probe with enough of the load generator's records
# for the highest rate probed, and every probe reads them from the first one with a fresh consumer
# group and writes to a fresh output topic. Logs and per-batch CSVs go to results/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

REPEATS=${REPEATS:-1}
STEPS=${STEPS:-5}
read -r LO_SLUICE HI_SLUICE <<< "${RANGE_SLUICE:-100000 900000}"
read -r LO_SPARK HI_SPARK <<< "${RANGE_SPARK:-50000 650000}"
export PARTITIONS=${PARTITIONS:-2}
REBUILD=${REBUILD:-1} ensure_built
REBUILD=${REBUILD:-1} ensure_spark_built
export REBUILD=0

# a probe reads at most RATE records per second for 52 s; a bisection never probes HI itself
HI=$(( HI_SLUICE > HI_SPARK ? HI_SLUICE : HI_SPARK ))
RECORDS=$(( HI * 53 ))
BROKER_DIR="$RESULTS/kafka-broker"
BOOTSTRAP_FILE="$RESULTS/kafka-bootstrap"
rm -rf "$BROKER_DIR" "$BOOTSTRAP_FILE"
mkdir -p "$RESULTS/logs"
cleanup() {
  kill_children
  rm -rf "$BROKER_DIR" "$BOOTSTRAP_FILE"
}
trap cleanup EXIT
echo "starting a Kafka broker and loading $RECORDS records into $PARTITIONS partitions..." >&2
(run_java "-Xms1g -Xmx1g" dev.sluice.benchmarks.KafkaBrokerProcess dir="$BROKER_DIR" \
  bootstrapFile="$BOOTSTRAP_FILE" records="$RECORDS" partitions="$PARTITIONS") > "$RESULTS/logs/kafka-broker.log" 2>&1 &
KAFKA_BROKER_PID=$!
CHILDREN+=("$KAFKA_BROKER_PID")
until [ -s "$BOOTSTRAP_FILE" ]; do
  if ! kill -0 "$KAFKA_BROKER_PID" 2>/dev/null; then
    echo "the broker stopped before it was ready; see $RESULTS/logs/kafka-broker.log" >&2
    exit 1
  fi
  sleep 1
done
KAFKA_BOOTSTRAP="$(cat "$BOOTSTRAP_FILE")"
export KAFKA_BOOTSTRAP KAFKA_BROKER_PID
grep '^loaded' "$RESULTS/logs/kafka-broker.log" >&2 || true

echo "Kafka word count, Sluice and Spark Streaming, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$("$JAVA" -version 2>&1 | head -1), commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
SLUICE=(); SPARK=(); LINES=()
for i in $(seq 1 "$REPEATS"); do
  for engine in sluice spark; do
    if [ "$engine" = sluice ]; then lo=$LO_SLUICE; hi=$HI_SLUICE; else lo=$LO_SPARK; hi=$HI_SPARK; fi
    echo "-- $engine, search $i of $REPEATS (bounds $lo..$hi)" >&2
    line="$(ENGINE=$engine JOB="kafka-$engine" PROBE="$HERE/kafka_probe.sh" \
      "$HERE/find_max.sh" 1000 "$lo" "$hi" "$STEPS" | tee /dev/stderr | grep '^MAX')"
    max="$(echo "$line" | sed 's/.*sustainable=\([0-9]*\).*/\1/')"
    if [ "$engine" = sluice ]; then SLUICE+=("$max"); else SPARK+=("$max"); fi
    LINES+=("$line")
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
M_SLUICE="$(median "${SLUICE[@]}")"; M_SPARK="$(median "${SPARK[@]}")"
echo
printf '%s\n' "${LINES[@]}"
echo "RESULT kafka word count, 1 s batches: Sluice $M_SLUICE records/s (searches: ${SLUICE[*]})," \
  "Spark Streaming $M_SPARK records/s (searches: ${SPARK[*]}), ratio" \
  "$(awk -v a="$M_SLUICE" -v b="$M_SPARK" 'BEGIN { printf (b > 0 ? "%.2f" : "n/a"), (b > 0 ? a / b : 0) }')"
