#!/usr/bin/env bash
# Time from a restart after a crash to batches on time again, for a checkpointed stateful job.
# Usage: scripts/recovery.sh RATE [CKPTS=5] [KILL_DELAY_SEC=5] [DOWN_SEC=5] [AFTER_SEC=60]
# JOB=state (default, updateStateByKey) or mapwithstate: a running count per word over KEYS (1000000)
# words, 1 s batches, checkpointed to a fresh directory (the state every 10 s by default). The engine
# runs until CKPTS state checkpoints are written, then KILL_DELAY_SEC more, and is killed with SIGKILL;
# DOWN_SEC later it is started again with the same checkpoint directory, runs AFTER_SEC and stops
# gracefully. The generator runs throughout and serves the new connection like the first, at RATE
# from its first second (no warm-up, for either start: the restarted JVM is as cold as a real one).
# Both runs print every batch as it completes (BATCH lines) and the state's key count and count sum
# (STATE lines: verify=true). Prints
#   RECOVERY ... restart_to_caught_up_ms=.. rerun_batches=.. replayed_batches=.. state_ok=true|false ...
# where caught up is the completion of the first batch after which no batch has a total delay of a
# batch interval or more, up to the end of the run, and restart is the moment the JVM is launched;
# sched settled is the same for a scheduling delay of a tenth of the interval (no backlog left, though
# a single batch may still take longer than the interval).
# state_ok says the first batch after the restart had all KEYS keys and at least the count sum of the
# batch the state was checkpointed at (without WAL=1 the batches after it are lost: state_sum_before_kill
# is higher). WAL=1 keeps received lines in a write-ahead log; RUNNER_ARGS adds runner settings.
# Last, one line with the figure the issue names: RESULT ... restart to caught up, and its parts.
# RECOVERY_JVM_OPTS: the engine's JVM flags, both runs: a 2 GB heap, not pre-touched, as a restarted
# node would run (pre-touching the 4 GB of ENGINE_JVM_OPTS alone took 1.2 s on a quiet machine, and
# 13 s on a busy one, before the JVM ran a line of Sluice).
# CDS=on (default): both runs map a class data archive, as a container started by bin/sluice maps its
# own: the restarted JVM does not parse and verify the engine's classes again. The second run of the
# first recovery.sh with these jars writes it when it stops (results/cds/), so that run itself goes
# without (cds=writing in its RESULT line); CDS=off never uses one.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

RATE=$1; CKPTS=${2:-5}; KILL_DELAY=${3:-5}; DOWN=${4:-5}; AFTER=${5:-60}
JOB=${JOB:-state}; BATCH=1000
RECOVERY_JVM_OPTS="${RECOVERY_JVM_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC}"
ensure_built
BUSY_BEFORE="$(wait_for_quiet)"
mkdir -p "$RESULTS/logs"
TAG="recovery_${JOB}_r${RATE}_$(date +%Y%m%d-%H%M%S)"
LOGS="$RESULTS/logs/$TAG"
CKPT_DIR="$RESULTS/checkpoints/$TAG"
rm -rf "$CKPT_DIR"

start_generator "$LOGS.gen.log" rate="$RATE" keys="${KEYS:-1000000}" duration=30m
ARGS=(port="$GEN_PORT" job="$JOB" batch="${BATCH}ms" checkpoint="$CKPT_DIR" batchLog=true warmup=5s)
[ "$JOB" = state ] && ARGS+=(verify=true)
# WAL=1: received lines at MEMORY_AND_DISK_SER_2, logged under the checkpoint directory, so that the
# batches since the state checkpoint, and what was received but not processed, are replayed
[ -n "${WAL:-}" ] && ARGS+=(wal="$CKPT_DIR")
# shellcheck disable=SC2206
ARGS+=(${RUNNER_ARGS:-})
ms() { date +%s%3N; }
# the archive is for these jars and this Java only
CDS_ARCHIVE="$RESULTS/cds/engine-$( { readlink -f "$(command -v "$JAVA")"; stat -c '%n %s %Y' "$LIB_DIR"/*.jar; } | cksum | cut -d' ' -f1).jsa"
CDS_RUN1=""; CDS_RUN2=""; CDS_STATE=off
if [ "${CDS:-on}" = on ]; then
  if [ -s "$CDS_ARCHIVE" ]; then
    CDS_RUN1="-XX:SharedArchiveFile=$CDS_ARCHIVE -Xlog:cds=off -Xlog:cds+dynamic=off"; CDS_RUN2="$CDS_RUN1"; CDS_STATE=mapped
  else
    mkdir -p "$RESULTS/cds"
    CDS_RUN2="-XX:ArchiveClassesAtExit=$CDS_ARCHIVE -Xlog:cds=off -Xlog:cds+dynamic=off"; CDS_STATE=writing
  fi
fi

# first run: until killed
LAUNCH1=$(ms)
(run_java "$RECOVERY_JVM_OPTS $CDS_RUN1 -Xlog:gc:file=$LOGS.1.gc.log" dev.sluice.benchmarks.NetworkWordCount "${ARGS[@]}" \
  run=1800s) > "$LOGS.1.out" 2> "$LOGS.1.err" &
ENGINE=$!
CHILDREN+=("$ENGINE")
waited=0
until [ "$(grep -c 'Checkpointed the state of' "$LOGS.1.err" 2>/dev/null || true)" -ge "$CKPTS" ] 2>/dev/null; do
  if ! kill -0 "$ENGINE" 2>/dev/null || [ "$waited" -ge $((CKPTS * 300)) ]; then
    echo "RECOVERY failed: the first run wrote no $CKPTS state checkpoints; see $LOGS.1.err" >&2
    exit 1
  fi
  sleep 0.2; waited=$((waited + 1))
done
sleep "$KILL_DELAY"
kill -9 "$ENGINE"
KILLED=$(ms)
wait "$ENGINE" 2>/dev/null || true
sleep "$DOWN"

# second run: the same application and checkpoint directory
RESTART=$(ms)
(run_java "$RECOVERY_JVM_OPTS $CDS_RUN2 -Xlog:gc:file=$LOGS.2.gc.log" dev.sluice.benchmarks.NetworkWordCount "${ARGS[@]}" \
  run="${AFTER}s" stop=graceful csv="$LOGS.2.csv") > "$LOGS.2.out" 2> "$LOGS.2.err" &
ENGINE=$!
CHILDREN+=("$ENGINE")
wait "$ENGINE" || true
kill_children

# the state checkpoint the restart recovered from, and the last batch the killed run completed
LAST_CKPT="$(grep 'Checkpointed the state of' "$LOGS.1.err" | tail -1 | sed 's/.* at batch \([0-9]*\) ms.*/\1/')"
LAST_DONE="$(grep '^BATCH' "$LOGS.1.out" | tail -1)"
RECOVERING="$(grep -m1 'Recovering from checkpoint' "$LOGS.2.err" || true)"
REPLAYED="$(echo "$RECOVERING" | sed -n 's/.* \([0-9]*\) completed batches computed again.*/\1/p')"
RERUN="$(echo "$RECOVERING" | sed -n 's/.* \([0-9]*\) batches to run.*/\1/p')"
# warnings and errors, but for Hadoop's note that it has no native library
PROBLEMS="$(grep -h -E '\] (ERROR|WARN) ' "$LOGS.1.err" "$LOGS.2.err" | grep -v NativeCodeLoader || true)"
SUMMARY="$( { echo "LAST_CKPT ${LAST_CKPT:-0}"; echo "LAST_DONE $LAST_DONE"; cat "$LOGS.1.out"; echo "RUN2"; cat "$LOGS.2.out"; } \
  | awk -v restart="$RESTART" -v killed="$KILLED" -v batch="$BATCH" -v keys="${KEYS:-1000000}" '
    function v(name,    i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "" }
    $1 == "LAST_CKPT" { ckpt = sprintf("%.0f", $2); next }
    $1 == "LAST_DONE" { lastDone = v("time"); lastDoneTotal = v("total"); next }
    $1 == "RUN2" { run2 = 1; next }
    !run2 && $1 == "STATE" { if (sprintf("%.0f", v("time")) == ckpt) ckptSum = v("sum"); lastSum = v("sum"); next }
    run2 && $1 == "STARTED" { jvm = v("jvm_start"); started = v("started"); next }
    run2 && $1 == "STATE" && firstKeys == "" { firstKeys = v("keys"); firstSum = v("sum"); next }
    run2 && $1 == "BATCH" {
      n++; t[n] = v("time"); at[n] = v("at"); total[n] = v("total"); sched[n] = v("sched"); rec[n] = v("records")
      if (total[n] + 0 >= batch) lastLate = n
      if (sched[n] + 0 >= batch / 10) lastQueued = n
      if (firstOnTime == "" && total[n] + 0 < batch) firstOnTime = n
      if (total[n] + 0 > maxTotal) maxTotal = total[n] + 0
    }
    END {
      caught = lastLate + 1
      late = 0; for (i = 1; i <= n; i++) if (total[i] + 0 >= batch) late++
      ok = (firstKeys == keys && firstSum != "" && ckptSum != "" && firstSum + 0 >= ckptSum + 0) ? "true" : "false"
      printf "killed_after_batch=%.0f (total %s ms) state_ckpt_batch=%s batches_since_state_ckpt=%d down_ms=%d", \
        lastDone, lastDoneTotal, ckpt, (lastDone - ckpt) / batch, restart - killed
      printf " restart_to_jvm_ms=%d restart_to_context_started_ms=%d", jvm - restart, started - restart
      printf " restart_to_first_batch_done_ms=%d restart_to_first_on_time_ms=%s", at[1] - restart, \
        firstOnTime == "" ? "never" : at[firstOnTime] - restart
      if (caught > n) printf " restart_to_caught_up_ms=never"
      else printf " restart_to_caught_up_ms=%d caught_up_batch=%.0f (sched %s ms, total %s ms)", at[caught] - restart, \
        t[caught], sched[caught], total[caught]
      printf " restart_to_sched_settled_ms=%s", (lastQueued + 1 > n ? "never" : at[lastQueued + 1] - restart)
      printf " late_batches=%d of %d max_total_ms=%d", late, n, maxTotal
      printf " state_keys_after=%s state_sum_at_ckpt=%s state_sum_before_kill=%s state_sum_after_first=%s state_ok=%s\n", \
        firstKeys, ckptSum, lastSum, firstSum, ok
    }')"
GRACEFUL="$(grep -c 'stopped gracefully' "$LOGS.2.err" || true)"
echo "RECOVERY job=$JOB${WAL:+ wal=yes} rate=$RATE keys=${KEYS:-1000000} busy_before=$BUSY_BEFORE rerun_batches=${RERUN:-?}" \
  "replayed_batches=${REPLAYED:-?} $SUMMARY warn_or_error_lines=$(echo -n "$PROBLEMS" | grep -c . || true) graceful_stop=$([ "$GRACEFUL" -ge 1 ] && echo ok || echo missing)" \
  | tee -a "$RESULTS/summary.txt"
[ -n "$PROBLEMS" ] && echo "$PROBLEMS" | head -20
field() { echo "$SUMMARY" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
RESTORED="$(grep -m1 -o 'Read the state of .* decoded in [0-9]* ms' "$LOGS.2.err" | sed 's/.* in \([0-9]*\) ms, decoded in \([0-9]*\) ms/read \1 ms + decoded \2 ms/' || true)"
FIRST_GC="$(grep -m1 -o 'Pause Young.*' "$LOGS.2.gc.log" | sed 's/.* \([0-9.]*ms\)$/\1/' || true)"
echo "RESULT job=$JOB rate=$RATE heap=\"$RECOVERY_JVM_OPTS\" cds=$CDS_STATE restart to caught up: $(field restart_to_caught_up_ms) ms" \
  "(JVM up $(field restart_to_jvm_ms) ms, stream started with the state restored $(field restart_to_context_started_ms) ms," \
  "first batch done $(field restart_to_first_batch_done_ms) ms; state ${RESTORED:-?}; first young pause ${FIRST_GC:-none};" \
  "${RERUN:-?} batches to run, state_ok=$(field state_ok)) busy_before=$BUSY_BEFORE" | tee -a "$RESULTS/summary.txt"
echo "logs: $LOGS.*"
rm -rf "$CKPT_DIR"
