# Shared by the benchmark scripts (sourced, not run): locations, JVM flags, build, child processes.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
RESULTS="${RESULTS:-$BENCH_DIR/results}"
LIB_DIR="$BENCH_DIR/target/lib"

# The generator allocates next to nothing: a small heap and the serial collector keep it from
# starting GC threads that would compete with the engine for the two cores.
GEN_JVM_OPTS="${GEN_JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}"

# The engine allocates about 1 KB per record (line, split array, words, pairs), i.e. ~1 GB/s at
# the rates measured, and holds up to two batches of lines (~100 MB each at 1 s) while they are
# processed. A fixed, pre-touched 4 GB heap keeps page faults and heap resizing out of the
# measured window; ParallelGC is the throughput collector and has no concurrent threads stealing
# a core, and its young pauses stay far below even a 100 ms batch with a young generation this size.
ENGINE_JVM_OPTS="${ENGINE_JVM_OPTS:--Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseParallelGC}"

# Builds the module (and what it needs) when it is missing or its sources changed, or always with
# REBUILD=1, then copies the jars aside: another module rebuilt during a run cannot change what
# is measured.
ensure_built() {
  if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$LIB_DIR/.complete" ] \
      || [ -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" -newer "$LIB_DIR/.complete" -print -quit)" ]; then
    echo "building the benchmark (mvn -o -q -B -DskipTests package -pl benchmarks -am)..." >&2
    mkdir -p "$RESULTS"
    if ! (cd "$ROOT_DIR" && mvn -o -q -B -DskipTests package -pl benchmarks -am) > "$RESULTS/build.log" 2>&1; then
      cat "$RESULTS/build.log" >&2
      return 1
    fi
    rm -rf "$LIB_DIR" && mkdir -p "$LIB_DIR"
    cp "$BENCH_DIR"/target/sluice-benchmarks-*.jar "$LIB_DIR"/
    tr ':' '\n' < "$BENCH_DIR/target/classpath.txt" | xargs -I{} cp {} "$LIB_DIR"/
    touch "$LIB_DIR/.complete"
  fi
}

# copy_container DIR: the assembled container (distribution/target/sluice, built when missing or
# with REBUILD=1) copied to DIR, so that a build during the run cannot change what is measured.
copy_container() {
  if [ "${REBUILD:-0}" = 1 ] || [ ! -x "$ROOT_DIR/distribution/target/sluice/bin/sluice" ]; then
    echo "building the container (mvn -o -q -B -DskipTests package -pl distribution -am)..." >&2
    mkdir -p "$RESULTS"
    if ! (cd "$ROOT_DIR" && mvn -o -q -B -DskipTests package -pl distribution -am) > "$RESULTS/build.log" 2>&1; then
      cat "$RESULTS/build.log" >&2
      return 1
    fi
  fi
  cp -a "$ROOT_DIR/distribution/target/sluice" "$1"
}

# run_java "JVM OPTIONS" MAIN-CLASS ARGS... ; exec'd, so that a background run's $! is the JVM itself.
run_java() {
  local opts="$1"; shift
  # shellcheck disable=SC2086
  exec "$JAVA" $opts -cp "$LIB_DIR/*" "$@"
}

# The JVMs this script started; whatever way it ends, they are killed.
CHILDREN=()
kill_children() {
  local pid
  for pid in "${CHILDREN[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  CHILDREN=()
}
trap kill_children EXIT
trap 'kill_children; exit 130' INT TERM

# start_generator LOG key=value... : starts the load generator on a free loopback port in the
# background and sets GEN_PID and GEN_PORT.
start_generator() {
  local log="$1"; shift
  local port_file
  port_file="$(mktemp -u "${TMPDIR:-/tmp}/sluice-loadgen.XXXXXX")"
  (run_java "$GEN_JVM_OPTS" dev.sluice.benchmarks.LoadGenerator port=0 portFile="$port_file" "$@") > "$log" 2>&1 &
  GEN_PID=$!
  CHILDREN+=("$GEN_PID")
  for _ in $(seq 1 150); do
    if [ -s "$port_file" ]; then
      GEN_PORT="$(cat "$port_file")"
      rm -f "$port_file"
      return 0
    fi
    kill -0 "$GEN_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the load generator did not start; see $log" >&2
  return 1
}

# Prints how many cores all processes kept busy over two seconds (from /proc/stat).
machine_busy_cores() {
  local a b
  a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
  awk -v n="$(nproc)" -v a="${a[*]}" -v b="${b[*]}" 'BEGIN {
    n_fields = split(a, x); split(b, y); t = 0
    for (i = 2; i <= n_fields; i++) t += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%.2f", (t > 0 ? (t - idle) * n / t : 0) }'
}

# The machine is shared: waits (up to QUIET_MAX_WAIT s, default 600) until other processes use less
# than QUIET_BELOW cores (default 0.2), so that a build next door does not decide a probe. Prints
# the busy cores last seen.
wait_for_quiet() {
  local waited=0 busy
  while :; do
    busy="$(machine_busy_cores)"
    if awk -v b="$busy" -v q="${QUIET_BELOW:-0.2}" 'BEGIN { exit !(b < q) }' \
        || [ "$waited" -ge "${QUIET_MAX_WAIT:-600}" ]; then
      echo "$busy"
      return 0
    fi
    [ "$waited" = 0 ] && echo "waiting for the machine to quieten down (other processes use $busy cores)..." >&2
    sleep 8; waited=$((waited + 10))
  done
}

# Spark Streaming's sides of the comparisons, each its own Maven project beside this module (not in
# the Sluice build): spark-kafka (the Kafka benchmark) and spark-state (the state rows of
# compare-spark.sh), both with the measuring code of spark-common. Built when missing or changed, or
# always with REBUILD=1; the first build downloads Spark.
SPARK_DIR="$BENCH_DIR/spark-kafka"
SPARK_STATE_DIR="$BENCH_DIR/spark-state"
# Spark's JVM gets the same fixed heap and collector as Sluice's engine, so neither is favoured; the
# flags Spark 3.5 needs on Java 17 are in spark-kafka/jvm-flags.txt.
SPARK_JVM_OPTS="${SPARK_JVM_OPTS:--Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseParallelGC}"
# ensure_spark_built [DIR]   (default: spark-kafka)
ensure_spark_built() {
  local dir="${1:-$SPARK_DIR}"
  if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$dir/target/.complete" ] || [ -n "$(find "$dir/src" "$dir/pom.xml" \
      "$BENCH_DIR/spark-common/src" -newer "$dir/target/.complete" -print -quit)" ]; then
    echo "building Spark's side (mvn -q -B -DskipTests package in benchmarks/$(basename "$dir"))..." >&2
    mkdir -p "$RESULTS"
    if ! (cd "$dir" && mvn -q -B -DskipTests package) > "$RESULTS/build-$(basename "$dir").log" 2>&1; then
      cat "$RESULTS/build-$(basename "$dir").log" >&2
      return 1
    fi
    touch "$dir/target/.complete"
  fi
}

# run_spark "JVM OPTIONS" MAIN-CLASS ARGS... ; exec'd like run_java, from spark-kafka, or from the
# Maven project SPARK_PROJECT names (built: target/classes and target/classpath.txt)
run_spark() {
  local opts="$1" project="${SPARK_PROJECT:-$SPARK_DIR}"; shift
  # shellcheck disable=SC2046,SC2086
  exec "$JAVA" $opts $(cat "$SPARK_DIR/jvm-flags.txt") \
    -cp "$project/target/classes:$(cat "$project/target/classpath.txt")" "$@"
}

# The measured window and the generator's warm-up of a probe of JOB at RATE: sets RUN and WARM (s;
# given ones first, then RUN_SEC and WARMUP_SEC from the environment, for short probes), and for the
# stateful jobs GEN_ARGS (keys=$KEYS, 1000000 by default) and WARM_RATE.
# Usage: probe_window JOB RATE [RUN] [WARM]
probe_window() {
  case "$1" in
    window) RUN=${3:-${RUN_SEC:-77}}; WARM=${4:-${WARMUP_SEC:-45}} ;;
    # a large state costs every batch whatever the rate: the warm-up runs at half the rate, not at a
    # fixed 100,000 records/s that would leave a backlog behind; and the measured window starts at 40 s,
    # once the collector has moved the state to the old generation (from 20 s to 35 s young
    # collections copying it take 0.4-0.75 s and single batches 1.0-1.3 s, with or without checkpoints)
    state|mapwithstate) RUN=${3:-${RUN_SEC:-82}}; WARM=${4:-${WARMUP_SEC:-40}}
                        GEN_ARGS="${GEN_ARGS:-keys=${KEYS:-1000000}}"; WARM_RATE=${WARM_RATE:-$(( $2 / 2 ))} ;;
    *) RUN=${3:-${RUN_SEC:-52}}; WARM=${4:-${WARMUP_SEC:-20}} ;;
  esac
}

# cpu_snapshot PID... : the machine's total and busy CPU jiffies, then each process's (utime + stime)
cpu_snapshot() {
  local pid
  printf '%s' "$(head -1 /proc/stat | awk '{ t = 0; for (i = 2; i <= NF; i++) t += $i; print t, t - $5 - $6 }')"
  for pid in "$@"; do printf ' %s' "$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"; done
  echo
}

# cpu_report "SNAPSHOT1" "SNAPSHOT2" SECONDS NAME1 NAME2 : the cores the two processes of the snapshots
# used over SECONDS, the machine's, and the rest's (what neither used): above NOISY_ABOVE (0.25)
# something else was running, e.g. NAME1_cores=1.10 NAME2_cores=0.20 machine_cores=1.35 others_cores=0.05 noisy=false
cpu_report() {
  awk -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" -v a="$1" -v b="$2" -v el="$3" -v p="$4" -v q="$5" \
    -v limit="${NOISY_ABOVE:-0.25}" 'BEGIN {
      split(a, x, " "); split(b, y, " ")
      m = (y[2] - x[2]) * n / (y[1] - x[1]); e = (y[3] - x[3]) / hz / el; k = (y[4] - x[4]) / hz / el; o = m - e - k
      printf "%s_cores=%.2f %s_cores=%.2f machine_cores=%.2f others_cores=%.2f noisy=%s", p, e, q, k, m, o,
        (o > limit ? "true" : "false") }'
}
