#!/usr/bin/env bash
# One stream on 1, 2 and 3 Sluice containers of a group: how fast the group drains a filled Kafka
# topic as members are added, and how long the survivors take to go on after one is SIGKILLed.
# Usage: benchmarks/scripts/group.sh          about 10 minutes on the shared 2-core machine
# Env:   JOB=wordcount     wordcount: `kafka-word-count` (reduceByKey); state: a declared running count
#                          (kafka-value, split-words, running-count: updateStateByKey, its state per key
#                          partition on the changelog topic) writing the whole state every batch
#                          mapwithstate: the same with running-count-updates (mapWithState: a batch writes the
#                          counts of its own words only, and touches only their keys)
#        KEYS=             with JOB=state or mapwithstate: the input is a key space of KEYS distinct words (e.g. 1000000,
#                          every word once per KEYS/10 records) instead of the 3,000-word vocabulary, and
#                          the output only the counts of the words starting with "kakaka" (about one in
#                          8,000), so that a batch does not write the whole state; the kill run then
#                          reports the survivors' restores of the dead member's key partitions
#        SNAPSHOTS=0       with 1 (JOB=state or mapwithstate), the members snapshot the state of their key
#                          partitions into a directory they share (group.snapshots=OUT/snapshots), so that a
#                          restore reads a snapshot and only the changelog after it
#        NODES="1 2 3"     group sizes measured, one after the other (NODES= measures none: the kill run only)
#        KILL=             members of the last run, one SIGKILLed (by default the largest of NODES)
#        RECORDS=6000000   records loaded into the input topic (the load generator's lines)
#        PARTITIONS=6      partitions of the input topic
#        PARALLELISM=1     worker threads of each container, so that one container cannot use the
#                          whole machine and the scaling shows
#        BATCH=500ms       the batch interval: the group's progress is seen a batch at a time
#        MAX_RATE=200000   maxRatePerPartition: the most records a batch reads per partition and second
#        NODE_JVM_OPTS     each container's JVM flags (-Xms1g -Xmx1g -XX:+UseParallelGC)
#        REBUILD=0         skip the build (by default the current tree is built first)
# Every group runs `bin/sluice run kafka-word-count ... group=G` (or the running count) in each container against one
# broker (KafkaBrokerProcess), reading the topic from its first record in a group of its own;
# GroupProgress follows the offsets the group's output transactions commit. The last run is the
# largest group again, with one member SIGKILLed when 40% of the records are committed. Prints one
# line per group and RESULT lines; logs go to results/group-STAMP/. RESULT restore lines are the
# survivors' "Restored the state of key partitions" lines (keys and milliseconds) of the kill run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

JOB=${JOB:-wordcount}
KEYS=${KEYS:-}
SNAPSHOTS=${SNAPSHOTS:-0}
NODES=${NODES-"1 2 3"}
KILL=${KILL:-${NODES##* }}
RECORDS=${RECORDS:-6000000}
PARTITIONS=${PARTITIONS:-6}
PARALLELISM=${PARALLELISM:-1}
BATCH=${BATCH:-500ms}
MAX_RATE=${MAX_RATE:-200000}
NODE_JVM_OPTS=${NODE_JVM_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}
OUT="$RESULTS/group-$(date +%Y%m%d-%H%M%S)"
DIST="$OUT/sluice"
mkdir -p "$OUT"

REBUILD=${REBUILD:-1} ensure_built
REBUILD=${REBUILD:-1} copy_container "$DIST"

BOOTSTRAP_FILE="$OUT/kafka-bootstrap"
echo "starting a Kafka broker and loading $RECORDS records into $PARTITIONS partitions..." >&2
(run_java "-Xms1g -Xmx1g" dev.sluice.benchmarks.KafkaBrokerProcess dir="$OUT/kafka" \
  bootstrapFile="$BOOTSTRAP_FILE" records="$RECORDS" partitions="$PARTITIONS" ${KEYS:+keys=$KEYS}) \
  > "$OUT/kafka-broker.log" 2>&1 &
BROKER_PID=$!
CHILDREN+=("$BROKER_PID")
until [ -s "$BOOTSTRAP_FILE" ]; do
  kill -0 "$BROKER_PID" 2>/dev/null || { echo "the broker stopped; see $OUT/kafka-broker.log" >&2; exit 1; }
  sleep 1
done
BROKERS="$(cat "$BOOTSTRAP_FILE")"

case "$JOB" in
  wordcount) ;;
  state|mapwithstate)
    cat > "$OUT/running-count.cfg" <<'CFG'
name = running-count
source = kafka
source.topics = words
source.startingOffsets = earliest
stages = values, words, running
stage.values = kafka-value
stage.words = split-words
stage.words.dropEmpty = true
stage.running = running-count
outputs = out
sink.out = kafka
CFG
    if [ "$JOB" = mapwithstate ]; then
      sed -i 's/^stage.running = running-count$/stage.running = running-count-updates/' "$OUT/running-count.cfg"
    fi
    if [ -n "$KEYS" ]; then
      # the whole state of KEYS keys every batch would be the output's work: a sample of it instead
      sed -i 's/^stages = values, words, running$/stages = values, words, running, sample/' "$OUT/running-count.cfg"
      printf 'stage.sample = filter\nstage.sample.contains = (kakaka\n' >> "$OUT/running-count.cfg"
    fi
    ;;
  *) echo "JOB must be wordcount, state or mapwithstate, not $JOB" >&2; exit 2 ;;
esac
if [ "$SNAPSHOTS" = 1 ] && [ "$JOB" = wordcount ]; then
  echo "SNAPSHOTS=1 needs keyed state: JOB=state or mapwithstate" >&2; exit 2
fi

# the arguments of `bin/sluice run` for group NAME
run_args() {
  local name=$1
  if [ "$JOB" != wordcount ]; then
    echo "$OUT/running-count.cfg" source.kafka.bootstrap.servers="$BROKERS" source.maxRatePerPartition="$MAX_RATE" \
      sink.out.kafka.bootstrap.servers="$BROKERS" sink.out.topic="counts-$name" \
      "$([ "$SNAPSHOTS" = 1 ] && echo "group.snapshots=$OUT/snapshots")"
  else
    echo kafka-word-count brokers="$BROKERS" topics=words out="counts-$name" startingOffsets=earliest \
      maxRatePerPartition="$MAX_RATE"
  fi
}

# start_group NAME N: starts N containers of group NAME, their pids in MEMBERS
start_group() {
  local name=$1 n=$2 i
  local args
  read -r -a args <<< "$(run_args "$name")"
  MEMBERS=()
  for i in $(seq 1 "$n"); do
    mkdir -p "$OUT/$name/$i"
    (cd "$OUT/$name/$i" && JAVA_OPTS="$NODE_JVM_OPTS -Dorg.osgi.framework.storage=$OUT/$name/$i/felix" \
      exec "$DIST/bin/sluice" run "${args[@]}" parallelism="$PARALLELISM" batch="$BATCH" \
      group="$name" group.brokers="$BROKERS") > "$OUT/$name/$i.log" 2>&1 &
    MEMBERS+=("$!")
    CHILDREN+=("$!")
  done
}

stop_group() {
  local pid
  for pid in "${MEMBERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${MEMBERS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

echo "Sluice group scaling ($JOB$([ "$SNAPSHOTS" = 1 ] && echo ', snapshots')), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $RECORDS records in $PARTITIONS" \
  "partitions, parallelism=$PARALLELISM per container, commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
RATES=()
for n in $NODES; do
  start_group "g$n" "$n"
  line="$(run_java "-Xmx256m -XX:+UseSerialGC" dev.sluice.benchmarks.GroupProgress brokers="$BROKERS" group="g$n" out="counts-g$n" \
    | tee -a "$OUT/progress.txt" | grep '^GROUP')" || true
  stop_group
  echo "nodes=$n $line"
  RATES+=("$n:$(echo "$line" | sed -n 's/.*records_per_s=\([0-9]*\).*/\1/p')")
done
LAST=$KILL
start_group "kill$LAST" "$LAST"
line="$(run_java "-Xmx256m -XX:+UseSerialGC" dev.sluice.benchmarks.GroupProgress brokers="$BROKERS" \
  group="kill$LAST" out="counts-kill$LAST" kill="${MEMBERS[0]}" | tee -a "$OUT/progress.txt" | grep '^GROUP')" || true
stop_group
echo "nodes=$LAST with one SIGKILLed $line"
# the survivors' restores of the dead member's key partitions: every member logs to the container's
# log/sluice.log; the group's changelog is fresh, so the restores with keys come after the kill (a key
# partition moved, or a commit refused meanwhile was read again)
grep "Restored the state of key partitions .* of sluice-kill$LAST-changelog-" "$DIST/log/sluice.log" \
  | grep -v ': 0 keys in' | sed 's/^.*ChangelogTopic: /RESULT restore: /' || true
echo "RESULT group scaling (records/s by members): ${RATES[*]}"
echo "RESULT takeover after SIGKILL: $(echo "$line" | sed -n 's/.*takeover_ms=\([0-9]*\).*/\1 ms/p')"
