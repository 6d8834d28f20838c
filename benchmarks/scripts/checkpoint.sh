#!/usr/bin/env bash
# Checkpointing's cost and recovery (see README.md, "Checkpointing"), on a running count per word
# (updateStateByKey) over a key space of 1,000,000 words, 1 s batches, the state checkpointed every 10 s:
#  1. the highest input rate sustained without a checkpoint directory (the state is never written) and
#     with one, each by scripts/find_max.sh; the probe at the sustained rate with checkpoints gives the
#     time per checkpoint (serialization on the job thread, write on the writer thread, bytes) and the
#     delays of the batches a checkpoint falls on next to the others;
#  2. scripts/recovery.sh at RECOVERY_RATE: SIGKILL, restart with the same checkpoint directory, time
#     from the restart to batches on time again, batches re-run.
# Usage: benchmarks/scripts/checkpoint.sh      about 11 minutes on a quiet 2-core machine
# Env:   RANGE_STATE="15000 45000"   bisection bounds (LO HI) for both searches
#        STEPS_STATE=3               probes per search (each about 90 s)
#        REPEATS_STATE=1             searches each, alternating; the figures are their medians
#        RECOVERY_RATE               default 3/4 of the rate sustained with checkpoints, in 5,000s
#        KEYS=1000000   JOB=state (or mapwithstate)   REBUILD=0
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"
export JOB=${JOB:-state} KEYS=${KEYS:-1000000}
read -r LO HI <<< "${RANGE_STATE:-15000 45000}"
ensure_built

echo "Sluice checkpointing, $JOB over $KEYS keys, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$("$JAVA" -version 2>&1 | head -1), commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"

# search LABEL [CHECKPOINT=1]: one bisection; prints its MAX line
search() {
  local label=$1; shift
  echo "-- $JOB over $KEYS keys, checkpoint $label, bounds $LO..$HI" >&2
  env -u CHECKPOINT "$@" "$HERE/find_max.sh" 1000 "$LO" "$HI" "${STEPS_STATE:-3}" | tee /dev/stderr | grep '^MAX'
}

# result LABEL MAX-LINES...: the median of the searches, with its probe's delays and checkpoint costs
result() {
  local label=$1; shift
  local rates median line probe
  rates="$(printf '%s\n' "$@" | sed 's/.*sustainable=\([0-9]*\).*/\1/' | tr '\n' ' ')"
  median="$(echo "$rates" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
  line="$(printf '%s\n' "$@" | grep "sustainable=$median " | head -1)"
  probe="${line#*| }"
  echo "RESULT job=$JOB keys=$KEYS checkpoint=$label batch=1000ms sustained_rec_per_s=$median (searches: ${rates% })"
  echo "       at that rate: $(echo "$probe" | sed -n 's/.*\(recv_rec_per_s=.* total_max=[0-9]*\) sched_max.*/\1/p')" \
    "$(echo "$probe" | grep -o 'cpu_cores=[0-9.]* machine_cores=[0-9.]* gc_ms=[0-9]*' || true)" \
    "$(echo "$probe" | grep -o 'others_cores=[0-9.-]* noisy=[a-z]*' || true)"
  echo "       $(echo "$probe" | grep -o 'ckpts=.*' || echo "$probe")"
}

# REPEATS_STATE searches each, alternating, so that a busy spell on the machine does not fall on one side only
WITHOUT=(); WITH=()
for i in $(seq 1 "${REPEATS_STATE:-1}"); do
  WITHOUT+=("$(search none)")
  WITH+=("$(search every-10s CHECKPOINT=1)")
done
RESULTS_WITHOUT="$(result none "${WITHOUT[@]}")"
RESULTS_WITH="$(result every-10s "${WITH[@]}")"
WITH="$(echo "$RESULTS_WITH" | sed -n 's/.*sustained_rec_per_s=\([0-9]*\).*/\1/p')"
RATE=${RECOVERY_RATE:-$(( WITH * 3 / 4 / 5000 * 5000 ))}
[ "$RATE" -ge 5000 ] || RATE=5000
echo "-- crash and restart at $RATE records/s" >&2
RESULTS_RECOVERY="$("$HERE/recovery.sh" "$RATE" | tee /dev/stderr | grep "^RECOVERY" | sed "s/^/RESULT /" || echo "RESULT recovery failed, see above")"
echo
echo "$RESULTS_WITHOUT"
echo "$RESULTS_WITH"
echo "$RESULTS_RECOVERY"
