#!/usr/bin/env bash
# Soak: does Sluice stay flat for as long as it runs? Three streams run side by side for DURATION,
# each fed by its own load generator: the word count, the windowed word count (30 s window, 1 s
# slide, incremental) and a checkpointed running count per word (updateStateByKey over KEYS words,
# state every 10 s). Every KILL_EVERY all three are killed with SIGKILL and started again at once
# (the running count recovers from its checkpoint). Every SAMPLE_EVERY the script samples each
# stream's JVM: heap after a collection it asks for (jcmd GC.run), RSS, threads, open files, the
# checkpoint directory's size, and the largest total delay of the batches since the last sample.
# It draws each figure over time as a PNG (gnuplot, installed when missing) and fails when any
# trends upward: the median of the last third of the samples (those at least WARMUP after a start)
# above the median of the first third by more than TOLERANCE (a share) plus a floor per figure.
#
# Usage: benchmarks/soak.sh DURATION           e.g. 5m for a try, 1h for the figures in README.md
#        benchmarks/soak.sh --charts RESULT_DIR  draws the charts and judges the trends of an earlier
#                                                run's samples again (e.g. of a run cut short)
# Env:   KILL_EVERY=10m SAMPLE_EVERY=10s WARMUP=60s TOLERANCE=0.2
#        RATE_WORDCOUNT=100000 RATE_WINDOW=100000 RATE_STATE=9000 KEYS=1000000
#                   the defaults are half of what each job sustains alone on the 2-core machine
#                   (see README.md), shared three ways
#        SOAK_JVM_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC"   each stream's JVM
# Output: results/soak-STAMP/ with samples.csv, one PNG per figure, the streams' logs; the last
#         lines printed are one TREND line per stream and figure and SOAK passed|failed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/scripts/lib.sh"

usage() { echo "usage: benchmarks/soak.sh DURATION (e.g. 5m, 1h; s, m or h) | --charts RESULT_DIR" >&2; exit 2; }
# seconds of a duration such as 90s, 5m or 1h
seconds_of() {
  case "$1" in
    *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; *h) echo $(( ${1%h} * 3600 )) ;;
    *) echo "not a duration: '$1' (use s, m or h, e.g. 30s, 5m, 1h)" >&2; exit 2 ;;
  esac
}
CHARTS_ONLY=""
if [ $# -eq 2 ] && [ "$1" = --charts ]; then
  CHARTS_ONLY="$2"
  [ -f "$CHARTS_ONLY/samples.csv" ] || { echo "no samples.csv in $CHARTS_ONLY" >&2; exit 2; }
  set -- "the run in $CHARTS_ONLY"
else
  [ $# -eq 1 ] || usage
fi
[ -n "$CHARTS_ONLY" ] || DURATION_S=$(seconds_of "$1")
KILL_EVERY_S=$(seconds_of "${KILL_EVERY:-10m}")
SAMPLE_S=$(seconds_of "${SAMPLE_EVERY:-10s}")
WARMUP_S=$(seconds_of "${WARMUP:-60s}")
TOLERANCE=${TOLERANCE:-0.2}
SOAK_JVM_OPTS="${SOAK_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
JOBS=(wordcount window state)
declare -A RATE=([wordcount]="${RATE_WORDCOUNT:-100000}" [window]="${RATE_WINDOW:-100000}"
                 [state]="${RATE_STATE:-9000}")

# gnuplot draws the charts: installed from the distribution when missing
if ! command -v gnuplot > /dev/null; then
  echo "installing gnuplot (apt-get install gnuplot-nox)..." >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq > /dev/null && $SUDO apt-get install -y -qq gnuplot-nox > /dev/null
fi

# the run: three streams sampled for DURATION, the kills' times in kills.txt
run_soak() {
  ensure_built

  OUT="$RESULTS/soak-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$OUT"
  CKPT="$OUT/checkpoint"
  SAMPLES="$OUT/samples.csv"
  echo "elapsed_s,job,since_start_s,heap_after_gc_mb,rss_mb,threads,open_files,checkpoint_mb,max_total_delay_ms" \
    > "$SAMPLES"
  echo "Sluice soak for $1: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit" \
    "$(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?'), rates wordcount=${RATE[wordcount]}" \
    "window=${RATE[window]} state=${RATE[state]} (keys ${KEYS:-1000000}), a SIGKILL of all three every" \
    "${KILL_EVERY:-10m}; output in $OUT"

  declare -A PORT PID STARTED RUN
  for job in "${JOBS[@]}"; do
    extra=(); [ "$job" = state ] && extra=(keys="${KEYS:-1000000}")
    start_generator "$OUT/$job.gen.log" rate="${RATE[$job]}" duration="$((DURATION_S + 3600))s" "${extra[@]}"
    PORT[$job]=$GEN_PORT
    RUN[$job]=0
  done

  # start_engine JOB: starts (or starts again) the stream of JOB, on a log of its own per run
  start_engine() {
    local job=$1 args
    RUN[$job]=$(( RUN[$job] + 1 ))
    args=(port="${PORT[$job]}" job="$job" batch=1s batchLog=true warmup=0s run="$((DURATION_S + 3600))s")
    [ "$job" = state ] && args+=(checkpoint="$CKPT")
    (run_java "$SOAK_JVM_OPTS -Xlog:gc:file=$OUT/$job.${RUN[$job]}.gc.log" dev.sluice.benchmarks.NetworkWordCount \
      "${args[@]}") > "$OUT/$job.${RUN[$job]}.out" 2> "$OUT/$job.${RUN[$job]}.err" &
    PID[$job]=$!
    CHILDREN+=("${PID[$job]}")
    STARTED[$job]=$SECONDS
  }

  # the largest total delay of the BATCH lines of JOB's current run after line $2; sets DELAY and LINES
  declare -A SEEN
  batch_delays() {
    local job=$1 file="$OUT/$1.${RUN[$1]}.out"
    local lines; lines=$(grep -c '^BATCH' "$file" || true)
    # none yet (a stream still recovering after a restart): no delay for this sample
    DELAY=$( (grep '^BATCH' "$file" || true) | tail -n "+$(( ${SEEN[$job]:-0} + 1 ))" \
      | sed 's/.* total=\([0-9]*\).*/\1/' | sort -n | tail -1)
    SEEN[$job]=$lines
  }

  # sample JOB ELAPSED: one line of samples.csv
  sample() {
    local job=$1 elapsed=$2 pid=${PID[$1]} heap rss threads files ckpt
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "SOAK failed: the $job stream (pid $pid) ended by itself; see $OUT/$job.${RUN[$job]}.err" >&2
      exit 1
    fi
    jcmd "$pid" GC.run > /dev/null 2>&1 || true
    heap=$(grep -o -- '->[0-9]*M(' "$OUT/$job.${RUN[$job]}.gc.log" 2>/dev/null | tail -1 | tr -dc '0-9')
    rss=$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
    threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")
    files=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    ckpt=""
    [ "$job" = state ] && [ -d "$CKPT" ] && ckpt=$(du -sk "$CKPT" | awk '{ printf "%.2f", $1 / 1024 }')
    batch_delays "$job"
    echo "$elapsed,$job,$(( SECONDS - STARTED[$job] )),$heap,$rss,$threads,$files,$ckpt,$DELAY" >> "$SAMPLES"
  }

  for job in "${JOBS[@]}"; do start_engine "$job"; done
  BEGIN=$SECONDS
  NEXT_KILL=$KILL_EVERY_S
  while [ $(( SECONDS - BEGIN )) -lt "$DURATION_S" ]; do
    sleep "$SAMPLE_S"
    elapsed=$(( SECONDS - BEGIN ))
    if [ "$elapsed" -ge "$NEXT_KILL" ] && [ "$elapsed" -lt "$DURATION_S" ]; then
      echo "$(date -u +%H:%M:%S) SIGKILL of the three streams at ${elapsed}s, and a restart" >&2
      for job in "${JOBS[@]}"; do kill -9 "${PID[$job]}"; wait "${PID[$job]}" 2>/dev/null || true; done
      for job in "${JOBS[@]}"; do SEEN[$job]=0; start_engine "$job"; done
      echo "$elapsed" >> "$OUT/kills.txt"
      NEXT_KILL=$(( NEXT_KILL + KILL_EVERY_S ))
      continue
    fi
    for job in "${JOBS[@]}"; do sample "$job" "$elapsed"; done
  done
  kill_children
}

if [ -n "$CHARTS_ONLY" ]; then
  OUT="$CHARTS_ONLY"
  SAMPLES="$OUT/samples.csv"
else
  run_soak "$@"
fi
KILLS=()
[ -f "$OUT/kills.txt" ] && mapfile -t KILLS < "$OUT/kills.txt"

# charts: one PNG per figure, a line per stream, the kills marked
chart() {
  local column=$1 title=$2 file=$3 jobs=${4:-wordcount window state} arrows="" k
  for k in "${KILLS[@]}"; do
    arrows+="set arrow from $(awk -v s="$k" 'BEGIN { print s / 60 }'),graph 0 to $(awk -v s="$k" 'BEGIN { print s / 60 }'),graph 1 nohead dt 2 lc rgb 'gray';"
  done
  gnuplot <<EOF
set terminal pngcairo size 900,420 font ',10'
set output '$OUT/$file.png'
set datafile separator ','
set title '$title (dashed: SIGKILL and restart)'
set xlabel 'minutes'
set key outside right
set grid
$arrows
plot for [j in "$jobs"] '< grep ",'.j.',"  $SAMPLES' using (\$1/60):$column with linespoints pt 7 ps 0.4 title j
EOF
}
chart 4 "Heap after GC (MB)" heap
chart 5 "RSS (MB)" rss
chart 6 "Threads" threads
chart 7 "Open files" files
chart 8 "Checkpoint directory (MB)" checkpoint state
chart 9 "Largest total delay per sample (ms)" delay

# trends: per stream and figure, the median of the last third of the samples taken at least WARMUP
# after a start against the first third's; up by more than TOLERANCE and the floor is a failure
FAILED=0
for job in "${JOBS[@]}"; do
  while read -r column name floor; do
    [ "$name" = checkpoint_mb ] && [ "$job" != state ] && continue
    line=$(awk -F, -v job="$job" -v c="$column" -v w="$WARMUP_S" -v tol="$TOLERANCE" -v floor="$floor" -v name="$name" '
      function median(a, n,   i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      NR > 1 && $2 == job && $3 >= w && $c != "" { v[++n] = $c }
      END {
        if (n < 6) { printf "TREND %s %s samples=%d too few to judge\n", job, name, n; exit }
        k = int(n / 3)
        for (i = 1; i <= k; i++) { f[i] = v[i]; l[i] = v[n - k + i] }
        first = median(f, k); last = median(l, k)
        up = last > first * (1 + tol) + floor
        printf "TREND %s %s first=%s last=%s samples=%d %s\n", job, name, first, last, n, up ? "UP" : "flat" }' \
      "$SAMPLES")
    echo "$line"
    [[ "$line" == *" UP" ]] && FAILED=1
  done <<'FIGURES'
4 heap_after_gc_mb 32
5 rss_mb 64
6 threads 4
7 open_files 8
8 checkpoint_mb 1
9 max_total_delay_ms 250
FIGURES
done
echo "charts: $OUT/{heap,rss,threads,files,checkpoint,delay}.png"
if [ "$FAILED" = 1 ]; then
  echo "SOAK failed: a figure trends upward (see the TREND lines and the charts)"
  exit 1
fi
echo "SOAK passed: every figure stayed flat over $1 with ${#KILLS[@]} SIGKILLs and restarts"
