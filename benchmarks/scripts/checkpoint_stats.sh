#!/usr/bin/env bash
# The checkpoints of one stateful run and the delays of the batches they fall on.
# Usage: scripts/checkpoint_stats.sh LOGS BATCH_MS WARMUP_SEC RUN_SEC
# LOGS is a run's log prefix (LOGS.out with the runner's STARTED line, LOGS.err with the runtime's
# "Checkpointed the state of ..." lines, LOGS.csv with every batch). Over the runner's measured window
# (from WARMUP_SEC after the context's start to RUN_SEC minus two batches) prints one line:
#   ckpts=N ser_p50= ser_max= write_p50= write_max= bytes=            (ms; absent without a checkpoint)
#   ckpt_total_p50= ckpt_total_max=       total delay of the batches a state checkpoint is taken after
#   next_sched_p50= next_sched_max= next_total_p50= next_total_max=   the batch after each of them
#   other_total_p50= other_total_max=     all other batches
# Serialization runs on the job thread after a batch's outputs, so it shows in the next batch's
# scheduling delay, not in its own batch. Without a checkpoint directory the same batch times are
# taken (every CKPT_INTERVAL_MS, default 10000, from the batch before the first one), for comparison.
set -euo pipefail
LOGS=$1; BATCH=$2; WARM=$3; RUN=$4
START="$(sed -n 's/^STARTED .*context_start=\([0-9]*\).*/\1/p' "$LOGS.out" | head -1)"
if [ -z "$START" ] || [ ! -s "$LOGS.csv" ]; then
  echo "ckpts=? (no STARTED line or no per-batch CSV in $LOGS.*)"
  exit 0
fi
FROM=$((START + WARM * 1000)); TO=$((START + RUN * 1000 - 2 * BATCH))

{ grep -h 'Checkpointed the state of' "$LOGS.err" 2>/dev/null || true; } \
  | sed 's/.* at batch \([0-9]*\) ms: \([0-9]*\) bytes, serialized in \([0-9]*\) ms, written in \([0-9]*\) ms.*/CKPT \1 \2 \3 \4/' \
  | cat - "$LOGS.csv" \
  | awk -v from="$FROM" -v to="$TO" -v batch="$BATCH" -v every="${CKPT_INTERVAL_MS:-10000}" '
    function key(x) { return sprintf("%.0f", x) }   # mawk would print large numbers as 1.79e+12
    function pct(a, n, p,    i, j, t, r) {   # nearest rank of a[1..n] (sorted here)
      if (n == 0) return "-"
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      r = int(p * n); if (r < p * n) r++; if (r < 1) r = 1
      return a[r]
    }
    $1 == "CKPT" { logged = 1; if ($2 + 0 >= from + 0 && $2 + 0 <= to + 0) { ck[key($2)] = 1; n++; ser[n] = $4; wr[n] = $5; bytes = $3 }
                   else ckOut[key($2)] = 1; next }
    /^batchTimeMs/ { FS = ","; next }
    { split($0, f, ","); t = f[1] + 0; if (m == 0) first = t
      sched[key(t)] = f[3]; total[key(t)] = f[5]; times[++m] = t }
    END {
      if (!logged) for (i = 1; i <= m; i++) { t = times[i]; if ((t - first + batch) % every == 0 && t >= from + 0 && t <= to + 0) ck[key(t)] = 1 }
      for (i = 1; i <= m; i++) {
        t = times[i]; k = key(t); prev = key(t - batch)
        if (t < from + 0 || t > to + 0) continue
        if (k in ck) { c[++nc] = total[k] }
        else if ((prev in ck) || (prev in ckOut)) { ns[++nn] = sched[k]; nt[nn] = total[k] }
        else { o[++no] = total[k] }
      }
      line = logged ? sprintf("ckpts=%d ser_p50=%s ser_max=%s write_p50=%s write_max=%s bytes=%s ", n,
                              pct(ser, n, .5), pct(ser, n, 1), pct(wr, n, .5), pct(wr, n, 1), bytes) \
                    : sprintf("ckpts=none(at_times_of=%d) ", nc)
      printf "%sckpt_total_p50=%s ckpt_total_max=%s next_sched_p50=%s next_sched_max=%s next_total_p50=%s next_total_max=%s other_total_p50=%s other_total_max=%s\n",
             line, pct(c, nc, .5), pct(c, nc, 1), pct(ns, nn, .5), pct(ns, nn, 1), pct(nt, nn, .5), pct(nt, nn, 1),
             pct(o, no, .5), pct(o, no, 1)
    }'
