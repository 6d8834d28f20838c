#!/usr/bin/env bash
# One measurement of Sluice's NetworkWordCount at a fixed input rate.
# Usage: scripts/probe.sh RATE BATCH_MS [RUN_SEC] [WARMUP_SEC]
# JOB=wordcount (default) measures from 20 s to 52 s by default; JOB=window (counts over a 30 s
# window sliding by 1 s) from 45 s to 77 s, once the first window is full.
# The generator (its own JVM) sends WARM_RATE records/s (default 100000) for WARM_GEN_SEC (12) s,
# then RATE; the runner (another JVM) measures the batches from WARMUP_SEC to RUN_SEC - 2 batches,
# i.e. 30 s by default, and prints
#   rate=RATE busy_before=.. SUMMARY ... stable=true|false gen_cores=.. others_cores=.. noisy=true|false
# where others_cores is what neither JVM used of the machine during the window: above NOISY_ABOVE
# (default 0.25 cores) something else was running and the verdict is not to be trusted.
# RUNNER_ARGS adds runner settings, e.g. RUNNER_ARGS="blockInterval=100ms master=local[3]".
# Stateful jobs: JOB=state (updateStateByKey) or JOB=mapwithstate, a running count per word over a key
# space of KEYS (default 1000000) words, measured from 40 s to 82 s by default (40 batches, four 10 s
# checkpoint intervals), warmed up at half the rate. CHECKPOINT=1 gives the run a fresh checkpoint directory (deleted afterwards) and appends
# the checkpoints' costs and the delays of the batches they fall on (scripts/checkpoint_stats.sh).
# GEN_ARGS adds generator settings (for the stateful jobs, keys=$KEYS unless given).
# RUN_SEC and WARMUP_SEC in the environment shorten every probe of a search (e.g. RUN_SEC=10
# WARMUP_SEC=4 WARM_GEN_SEC=2 to try the scripts out; such figures mean nothing).
# Logs, GC log and per-batch CSV go to $RESULTS/logs (default benchmarks/results/logs).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

JOB=${JOB:-wordcount}
probe_window "$JOB" "$1" "${3:-}" "${4:-}"
RATE=$1; BATCH=$2
ensure_built
BUSY_BEFORE="$(wait_for_quiet)"
mkdir -p "$RESULTS/logs"
TAG="${JOB}${CHECKPOINT:+_ckpt}_r${RATE}_b${BATCH}_$(date +%Y%m%d-%H%M%S)"
LOGS="$RESULTS/logs/$TAG"
EXTRA_ARGS=""
if [ -n "${CHECKPOINT:-}" ]; then
  CKPT_DIR="$RESULTS/checkpoints/$TAG"
  rm -rf "$CKPT_DIR"
  EXTRA_ARGS="checkpoint=$CKPT_DIR"
fi

# shellcheck disable=SC2086
start_generator "$LOGS.gen.log" rate="$RATE" warmRate="${WARM_RATE:-100000}" warmup="${WARM_GEN_SEC:-12}s" \
  duration="$((RUN + 30))s" ${GEN_ARGS:-}
# in the background, so that a signal is handled at once (the trap kills both JVMs)
# shellcheck disable=SC2086
(run_java "$ENGINE_JVM_OPTS -Xlog:gc:file=$LOGS.gc.log" dev.sluice.benchmarks.NetworkWordCount \
  port="$GEN_PORT" job="$JOB" batch="${BATCH}ms" run="${RUN}s" warmup="${WARM}s" csv="$LOGS.csv" $EXTRA_ARGS \
  ${RUNNER_ARGS:-}) > "$LOGS.out" 2> "$LOGS.err" &
CHILDREN+=("$!")
wait "$!" || true
kill_children

SUMMARY="$(grep '^SUMMARY' "$LOGS.out" || echo "SUMMARY failed: no summary, see $LOGS.err stable=false")"
# the generator reports its CPU every 5 s of its connection; average the reports inside the window
GEN_CORES="$(awk -v from="$((WARM + 5))" -v to="$RUN" '
  /generator cpu/ { t = $0; sub(/.*client [0-9]+: /, "", t); sub(/ s,.*/, "", t)
                    c = $0; sub(/.*generator cpu /, "", c); sub(/ cores.*/, "", c)
                    if (t + 0 >= from && t + 0 <= to) { s += c; n++ } }
  END { printf "%.2f", n ? s / n : 0 }' "$LOGS.gen.log")"
NOISE="$(echo "$SUMMARY" | awk -v gen="$GEN_CORES" -v limit="${NOISY_ABOVE:-0.25}" '{
  for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  o = v["machine_cores"] - v["cpu_cores"] - gen
  printf "gen_cores=%.2f others_cores=%.2f noisy=%s", gen, o, (o > limit ? "true" : "false") }')"
CKPT_STATS=""
if [ "$JOB" = state ] || [ "$JOB" = mapwithstate ]; then
  # the batches a checkpoint falls on, with or without a checkpoint directory; the costs when there is one
  CKPT_STATS=" $("$HERE/checkpoint_stats.sh" "$LOGS" "$BATCH" "$WARM" "$RUN")"
  [ -n "${CKPT_DIR:-}" ] && rm -rf "$CKPT_DIR"
fi
echo "job=$JOB${CHECKPOINT:+ checkpoint=yes} rate=$RATE busy_before=$BUSY_BEFORE $SUMMARY $NOISE$CKPT_STATS" \
  | tee -a "$RESULTS/summary.txt"
