#!/usr/bin/env bash
# Sluice and Spark Streaming side by side, in one sitting: the highest input rate each sustains with
# every batch's total delay under the interval for 30 s, from the very same records (Sluice's load
# generator, whose bytes are the Spark reference's), searched alternately (Sluice, then Spark, REPEATS
# times per row), the median of each reported with the ratio.
# Rows: word count at 1 s and at 100 ms batches (Spark: the shared reference's NetworkWordCount,
#       ../shared/reference/spark-throughput, copied to a temporary folder and built there), and the
#       running count per word over 1,000,000 keys at 1 s batches with updateStateByKey and with
#       mapWithState (Spark: spark-state's SparkStateCount, checkpointed as Spark requires; Sluice:
#       NetworkWordCount job=state and job=mapwithstate).
# Usage: benchmarks/compare-spark.sh        about 3 hours with REPEATS=3 on a quiet 2-core machine
# Env:   REPEATS=3    searches per engine and row; the figure is their median
#        STEPS=5      probes per search (about 55 s each, 85 s for the state rows)
#        ROWS="wordcount-1s wordcount-100ms state mapwithstate"   the rows to run
#        bisection bounds (LO HI) per row and engine:
#          SLUICE_1S="300000 1400000"  SPARK_1S="100000 700000"
#          SLUICE_100MS="150000 800000" SPARK_100MS="20000 300000"
#          SLUICE_STATE="20000 400000" SPARK_STATE="10000 300000"
#          SLUICE_MWS="20000 1200000"  SPARK_MWS="10000 600000"
#        SPARK_REFERENCE=<the reference's folder>   REBUILD=0 (skip building Sluice and spark-state)
#        RUN_SEC, WARMUP_SEC, WARM_GEN_SEC: shorter probes, to try the script out (scripts/probe.sh)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/scripts/lib.sh"

REPEATS=${REPEATS:-3}
STEPS=${STEPS:-5}
ROWS=${ROWS:-wordcount-1s wordcount-100ms state mapwithstate}
SPARK_REFERENCE="${SPARK_REFERENCE:-$ROOT_DIR/../shared/reference/spark-throughput}"
if [ ! -f "$SPARK_REFERENCE/pom.xml" ]; then
  echo "no Spark reference at $SPARK_REFERENCE; set SPARK_REFERENCE to its folder" >&2
  exit 2
fi

REBUILD=${REBUILD:-1} ensure_built
REBUILD=${REBUILD:-1} ensure_spark_built "$SPARK_STATE_DIR"
export REBUILD=0
# the reference is shared and read-only: build a copy, removed at the end
SPARK_REF_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sluice-spark-reference.XXXXXX")"
export SPARK_REF_DIR
trap 'kill_children; rm -rf "$SPARK_REF_DIR"' EXIT
cp -r "$SPARK_REFERENCE"/. "$SPARK_REF_DIR"/
rm -rf "$SPARK_REF_DIR/target" "$SPARK_REF_DIR/results"
echo "building the Spark reference in $SPARK_REF_DIR (mvn -q -B -DskipTests package)..." >&2
mkdir -p "$RESULTS"
if ! (cd "$SPARK_REF_DIR" && mvn -q -B -DskipTests package) > "$RESULTS/build-spark-reference.log" 2>&1; then
  cat "$RESULTS/build-spark-reference.log" >&2
  exit 1
fi

# row NAME: sets JOB, BATCH, the two engines' bounds and the row's label
row() {
  case "$1" in
    wordcount-1s) JOB=wordcount; BATCH=1000; LABEL="word count, 1 s batches"
                  S_RANGE="${SLUICE_1S:-300000 1400000}"; P_RANGE="${SPARK_1S:-100000 700000}" ;;
    wordcount-100ms) JOB=wordcount; BATCH=100; LABEL="word count, 100 ms batches"
                  S_RANGE="${SLUICE_100MS:-150000 800000}"; P_RANGE="${SPARK_100MS:-20000 300000}" ;;
    state) JOB=state; BATCH=1000; LABEL="running count, 1M keys, updateStateByKey, 1 s"
                  S_RANGE="${SLUICE_STATE:-20000 400000}"; P_RANGE="${SPARK_STATE:-10000 300000}" ;;
    mapwithstate) JOB=mapwithstate; BATCH=1000; LABEL="running count, 1M keys, mapWithState, 1 s"
                  S_RANGE="${SLUICE_MWS:-20000 1200000}"; P_RANGE="${SPARK_MWS:-10000 600000}" ;;
    *) echo "unknown row '$1'; rows are wordcount-1s wordcount-100ms state mapwithstate" >&2; exit 2 ;;
  esac
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# figure MEDIAN LO: a median of 0 means no probe passed, so the figure is under the search's lower bound
figure() { if [ "$1" = 0 ]; then echo "under $2"; else echo "$1"; fi; }
# ratio SLUICE S_LO SPARK P_LO: Sluice / Spark, a bound when either side sustained nothing probed
ratio() {
  awk -v a="$1" -v alo="$2" -v b="$3" -v blo="$4" 'BEGIN {
    if (a == 0 && b == 0) print "n/a"
    else if (a == 0) printf "under %.2f\n", alo / b
    else if (b == 0) printf "over %.2f\n", a / blo
    else printf "%.2f\n", a / b }'
}

echo "Sluice and Spark Streaming side by side, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$("$JAVA" -version 2>&1 | head -1), commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
TABLE=(); LINES=()
for name in $ROWS; do
  row "$name"
  SLUICE=(); SPARK=()
  for i in $(seq 1 "$REPEATS"); do
    for engine in sluice spark; do
      if [ "$engine" = sluice ]; then read -r lo hi <<< "$S_RANGE"; probe="$HERE/scripts/probe.sh"
      else read -r lo hi <<< "$P_RANGE"; probe="$HERE/scripts/spark_probe.sh"; fi
      echo "-- $LABEL: $engine, search $i of $REPEATS (bounds $lo..$hi)" >&2
      line="$(ENGINE=$engine JOB=$JOB PROBE="$probe" "$HERE/scripts/find_max.sh" "$BATCH" "$lo" "$hi" "$STEPS" \
        | tee /dev/stderr | grep '^MAX')"
      max="$(echo "$line" | sed 's/.*sustainable=\([0-9]*\).*/\1/')"
      # no probe passed: the search's lower bound was assumed, not sustained; 0 stands for "under it"
      if [[ "$line" == *"was assumed, not probed"* ]]; then max=0; fi
      if [ "$engine" = sluice ]; then SLUICE+=("$max"); else SPARK+=("$max"); fi
      LINES+=("$line")
    done
  done
  m_sluice="$(median "${SLUICE[@]}")"; m_spark="$(median "${SPARK[@]}")"
  s_lo="${S_RANGE%% *}"; p_lo="${P_RANGE%% *}"
  TABLE+=("$(printf '| %s | %s (%s) | %s (%s) | %s |' "$LABEL" "$(figure "$m_spark" "$p_lo")" "${SPARK[*]}" \
    "$(figure "$m_sluice" "$s_lo")" "${SLUICE[*]}" "$(ratio "$m_sluice" "$s_lo" "$m_spark" "$p_lo")")")
done
echo
printf '%s\n' "${LINES[@]}"
echo
echo "RESULT records/s sustained, median (searches; 0: no probe passed, the rate is under the search's lower bound)"
echo "| workload | Spark Streaming 3.5.7 local[2] | Sluice | ratio |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${TABLE[@]}"
