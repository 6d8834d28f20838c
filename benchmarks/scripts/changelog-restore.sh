#!/usr/bin/env bash
# How long reading one key partition's state back from its changelog takes, against the changes
# written since the start, with the broker's 1 GiB segments and with the 16 MiB the Kafka plugin
# makes changelogs with (ChangelogRestore: a broker in its own JVM, one compacted partition of KEYS
# keys each changed PASSES times, the cleaner given 40 s, then three reads as a restore reads).
# Usage: benchmarks/scripts/changelog-restore.sh      about 3 minutes here
# Env:   KEYS=166667   keys of the partition (a sixth of 1,000,000: one key partition of six)
#        PASSES="4 20" how many times every key is changed, one run each
# Prints the RESTORE lines of each run and one RESULT line per run with the fastest read.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

KEYS=${KEYS:-166667}
PASSES=${PASSES:-"4 20"}
ensure_built
OUT="$RESULTS/changelog-restore-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
echo "Changelog restore, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $KEYS keys," \
  "commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
for passes in $PASSES; do
  for segment in default 16777216; do
    log="$OUT/passes$passes-segment$segment.log"
    (run_java "-Xms2g -Xmx2g -XX:+UseParallelGC" dev.sluice.benchmarks.ChangelogRestore keys="$KEYS" \
      passes="$passes" dir="$OUT/kafka-$passes-$segment" \
      $([ "$segment" = default ] || echo segmentBytes="$segment")) > "$log" 2>&1
    grep '^RESTORE' "$log" | sed "s/^/passes=$passes segment=$segment /"
    best="$(grep '^RESTORE' "$log" | sed -n 's/.*ms=\([0-9]*\)/\1/p' | sort -n | head -1)"
    records="$(grep '^RESTORE' "$log" | head -1 | sed -n 's/.*records=\([0-9]*\).*/\1/p')"
    echo "RESULT passes=$passes segment=$segment records_read=$records fastest_ms=$best"
  done
done
