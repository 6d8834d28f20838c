#!/usr/bin/env bash
# Launch to first batch: how long `bin/sluice run network-word-count` takes from the command to
# the stream started and to its first batch printed, fed by the load generator.
# Usage: benchmarks/scripts/startup.sh [RUNS=5]
# Env:   NODE_JVM_OPTS   the container's JVM flags (JAVA_OPTS; default none, as bin/sluice runs it)
#        REBUILD=0       skip the build (by default the current tree is built first)
#        TRACE=0         no start trace (by default the launcher prints one, -Dsluice.trace.start=true)
# Each run is two launches on a framework storage of its own: a cold one (an empty cache: the
# launcher installs every jar of bundle/, as at the first start of a distribution or after a jar in
# bundle/ changed) and a warm one (bundle/ unchanged: the launcher keeps the cache). Every line printed
# is stamped. Per launch: started_ms (the stream started), first_batch_ms (the first batch's output
# printed), first_batch_time_ms (how long after the launch the first batch's time was: the first batch
# is the first whole interval after the stream starts, as in Spark Streaming, so up to one interval
# passes before it can run) and first_batch_late_ms (printed after its time: first_batch_ms -
# first_batch_time_ms, the part of the wait that is not the interval's) and cpu_ms_at_first_batch (the
# JVM's user and system CPU time when the first batch was seen: less disturbed than the wall clock on
# a machine shared with other work), then the medians of each kind. With the trace, a "phases" line per
# launch splits the start (ms): jvm (the command to the launcher's main), framework (configuration, the
# framework object and the init of its cache), install (bundle/ into the framework), logging
# (pax-logging and log4j2), config_ds (Configuration Admin, FileInstall reading etc/ and deploy/,
# Declarative Services), plugins (libraries, plugins and applications, then the runtime), stream (the
# runtime started to the stream started: the shell bundle starts its runner, which defines and starts
# the stream, while the SSH shell, Gogo's console and the web view start beside it). The trace also
# gives the process's CPU time at each of its marks: cpu_<phase> is the CPU all threads (the JIT
# compilers too) used in that phase, up to the runtime started (the stream's start has no trace mark;
# cpu_ms_at_first_batch is the total by the first batch): figures that other work on the machine
# disturbs far less than the wall clock.
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
# launch KIND RUN: one bin/sluice run until its first batch is printed; appends to the KIND's figures
declare -A STARTED FIRST LATE CPU PHASES
TRACE_OPTS=$([ "${TRACE:-1}" = 1 ] && echo -Dsluice.trace.start=true || true)
launch() {
  local kind=$1 i=$2 log="$OUT/run-$2-$1.log" launch runner started first batch pid cpu
  launch=$(date +%s%3N)
  # each line stamped with bash's EPOCHREALTIME, not a date process per line: stamping the trace's lines
  # neither lags behind them nor takes CPU from the launch it measures
  (JAVA_OPTS="${NODE_JVM_OPTS:-} $TRACE_OPTS -Dorg.osgi.framework.storage=$OUT/felix-$i" \
    exec "$DIST/bin/sluice" run network-word-count host=127.0.0.1 port="$GEN_PORT" 2>&1 \
    | while IFS= read -r line; do t=${EPOCHREALTIME/[.,]/}; echo "$((t / 1000)) $line"; done > "$log") &
  runner=$!
  # the first batch's output starts with its time, e.g. "Time: 1796022935000 ms"
  until grep -q ' Time: [0-9]* ms' "$log" 2>/dev/null; do
    kill -0 "$runner" 2>/dev/null || { echo "run $i ($kind) ended before its first batch; see $log" >&2; exit 1; }
    sleep 0.05
  done
  # the JVM's CPU time so far (user + system): a figure a machine shared with other work disturbs less
  pid=$(pgrep -f "org.osgi.framework.storage=$OUT/felix-$i" | head -1)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$pid/stat" 2>/dev/null || echo 0)
  pkill -TERM -f "org.osgi.framework.storage=$OUT/felix-$i" || true
  wait "$runner" 2>/dev/null || true
  started=$(awk '/ started; its log is/ { print $1; exit }' "$log")
  first=$(awk '/ Time: [0-9]* ms/ { print $1; exit }' "$log")
  batch=$(awk '/ Time: [0-9]* ms/ { print $3; exit }' "$log")
  STARTED[$kind]+=" $((started - launch))"; FIRST[$kind]+=" $((first - launch))"; LATE[$kind]+=" $((first - batch))"; CPU[$kind]+=" $cpu"
  echo "run=$i cache=$kind started_ms=$((started - launch)) first_batch_ms=$((first - launch))" \
    "first_batch_time_ms=$((batch - launch)) first_batch_late_ms=$((first - batch)) cpu_ms_at_first_batch=$cpu"
  if [ -n "$TRACE_OPTS" ]; then
    PHASES[$kind]+="$(phases "$log" "$launch")"$'\n'
    echo "phases run=$i cache=$kind $(phases "$log" "$launch")"
  fi
}
# phases LOG LAUNCH: the start split at the trace's marks, from the stamps the script put on its lines
phases() {
  awk -v launch="$2" '
    function at(mark) { return stamp[mark] == "" ? -1 : stamp[mark] }
    function used(mark) { return cpu[mark] == "" ? -1 : cpu[mark] }
    # the CPU time the trace line says the process had used (traces before it had none)
    function note(mark) { stamp[mark] = $1; if (match($0, /\(cpu +[0-9]+ ms\)/)) { c = substr($0, RSTART + 5); cpu[mark] = c + 0 } }
    / sluice: start trace .* main$/ { note("main") }
    / sluice: start trace .* framework initialised$/ { note("init") }
    / sluice: start trace .* bundles installed$/ { note("installed") }
    / sluice: start trace .* started org.ops4j.pax.logging.pax-logging-log4j2$/ { note("logging") }
    / sluice: start trace .* started org.apache.felix.scr$/ { note("ds") }
    / sluice: start trace .* started dev.sluice.runtime$/ { note("runtime") }
    / started; its log is/ && stamp["stream"] == "" { stamp["stream"] = $1 }
    END {
      printf "jvm=%d framework=%d install=%d logging=%d config_ds=%d plugins=%d stream=%d",
        at("main") - launch, at("init") - at("main"), at("installed") - at("init"), at("logging") - at("installed"),
        at("ds") - at("logging"), at("runtime") - at("ds"), at("stream") - at("runtime")
      # CPU time (all threads) by phase; -1 where the trace has no CPU figure
      if (used("main") >= 0) {
        printf " cpu_jvm=%d cpu_framework=%d cpu_install=%d cpu_logging=%d cpu_config_ds=%d cpu_plugins=%d",
          used("main"), used("init") - used("main"), used("installed") - used("init"), used("logging") - used("installed"),
          used("ds") - used("logging"), used("runtime") - used("ds")
      }
      printf "\n"
    }' "$1"
}
for i in $(seq 1 "$RUNS"); do
  launch cold "$i"
  launch warm "$i"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for kind in cold warm; do
  # shellcheck disable=SC2086
  echo "RESULT $kind cache: launch to stream started: median $(median ${STARTED[$kind]}) ms; launch to first" \
    "batch printed: median $(median ${FIRST[$kind]}) ms (runs:${FIRST[$kind]}); printed after its batch time:" \
    "median $(median ${LATE[$kind]}) ms; CPU time by then: median $(median ${CPU[$kind]}) ms"
  if [ -n "${PHASES[$kind]:-}" ]; then
    # the median of each phase over the runs (a phase's median, not a split of one run)
    line=""
    for name in jvm framework install logging config_ds plugins stream \
        cpu_jvm cpu_framework cpu_install cpu_logging cpu_config_ds cpu_plugins; do
      values=$(printf '%s' "${PHASES[$kind]}" | grep -o "\(^\| \)$name=-\?[0-9]*" | cut -d= -f2 || true)
      # shellcheck disable=SC2086
      [ -n "$values" ] && line+=" $name=$(median $values)"
    done
    echo "PHASES $kind cache (median of each phase, ms):$line"
  fi
done
