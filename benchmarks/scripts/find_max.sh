#!/usr/bin/env bash
# Bisects the highest input rate Sluice's NetworkWordCount sustains at one batch interval.
# Usage: scripts/find_max.sh BATCH_MS LO HI [STEPS=5]     (JOB=window for the windowed count; JOB=state
# and CHECKPOINT=1 as in probe.sh; PROBE=another probe script taking RATE BATCH_MS, e.g. kafka_probe.sh)
# LO is taken as sustainable and HI as not, as long as no probe says otherwise; each probe is
# scripts/probe.sh (about 55 s) at the midpoint, rounded down to 5,000 records/s. A probe that
# fails while other processes were busy (noisy=true) is repeated, up to RETRIES (2) times.
# Ends with
#   MAX batch=BATCH_MS sustainable=R first_unstable=R' | <the line of the probe at R>
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

BATCH=$1; LO=$2; HI=$3; STEPS=${4:-5}
ensure_built
BEST="(LO=$LO was assumed, not probed)"
for _ in $(seq 1 "$STEPS"); do
  MID=$(( (LO + HI) / 2 / 5000 * 5000 ))
  [ "$MID" -le "$LO" ] && break
  for _ in $(seq 0 "${RETRIES:-2}"); do
    OUT="$("${PROBE:-$HERE/probe.sh}" "$MID" "$BATCH")"
    echo "$OUT"
    [[ "$OUT" == *stable=true* || "$OUT" != *noisy=true* ]] && break
    echo "(unstable while the machine was busy with other work: probing again)"
  done
  if [[ "$OUT" == *stable=true* ]]; then LO=$MID; BEST="$OUT"; else HI=$MID; fi
done
mkdir -p "$RESULTS"
echo "MAX ${ENGINE:+engine=$ENGINE }job=${JOB:-wordcount}${CHECKPOINT:+ checkpoint=yes} batch=$BATCH sustainable=$LO first_unstable=$HI | $BEST" | tee -a "$RESULTS/max.txt"
