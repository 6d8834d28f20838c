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

# Spark Streaming's side of the Kafka benchmark (../spark-kafka, its own Maven project, not in the
# Sluice build): built when missing or changed, or always with REBUILD=1; the first build downloads Spark.
SPARK_DIR="$BENCH_DIR/spark-kafka"
# Spark's JVM gets the same fixed heap and collector as Sluice's engine, so neither is favoured; the
# flags Spark 3.5 needs on Java 17 are in spark-kafka/jvm-flags.txt.
SPARK_JVM_OPTS="${SPARK_JVM_OPTS:--Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseParallelGC}"
ensure_spark_built() {
  if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$SPARK_DIR/target/.complete" ] \
      || [ -n "$(find "$SPARK_DIR/src" "$SPARK_DIR/pom.xml" -newer "$SPARK_DIR/target/.complete" -print -quit)" ]; then
    echo "building Spark's side (mvn -q -B -DskipTests package in benchmarks/spark-kafka)..." >&2
    mkdir -p "$RESULTS"
    if ! (cd "$SPARK_DIR" && mvn -q -B -DskipTests package) > "$RESULTS/build-spark.log" 2>&1; then
      cat "$RESULTS/build-spark.log" >&2
      return 1
    fi
    touch "$SPARK_DIR/target/.complete"
  fi
}

# run_spark "JVM OPTIONS" MAIN-CLASS ARGS... ; exec'd like run_java
run_spark() {
  local opts="$1"; shift
  # shellcheck disable=SC2046,SC2086
  exec "$JAVA" $opts $(cat "$SPARK_DIR/jvm-flags.txt") \
    -cp "$SPARK_DIR/target/classes:$(cat "$SPARK_DIR/target/classpath.txt")" "$@"
}
