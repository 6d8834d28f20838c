#!/usr/bin/env bash
# How long reading one key partition's state back from its changelog takes, against the changes
# written since the start, with the broker's 1 GiB segments and with the 16 MiB the Kafka plugin
# makes changelogs with (ChangelogRestore: a broker in its own JVM, one compacted partition of KEYS
# keys each changed PASSES times, the cleaner given 40 s, then three reads as a restore reads).
# With 16 MiB segments the Kafka plugin's own snapshot is also taken after pass SNAPSHOT_AFTER, and
# each read is followed by the plugin's restore from the changelog only and from the snapshot and
# the changelog after it.
# Usage: benchmarks/scripts/changelog-restore.sh      about 4 minutes here
# Env:   KEYS=166667   keys of the partition (a sixth of 1,000,000: one key partition of six)
#        PASSES="4 20" how many times every key is changed, one run each
#        SNAPSHOT_AFTER=last  the pass after which the snapshot is taken: last (the one before the
#                      last: the tail is one change per key), a number, or none
# Prints the RESTORE lines of each run and one RESULT line per run (and per restore) with the fastest read.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

KEYS=${KEYS:-166667}
PASSES=${PASSES:-"4 20"}
SNAPSHOT_AFTER=${SNAPSHOT_AFTER:-last}
ensure_built
OUT="$RESULTS/changelog-restore-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
echo "Changelog restore, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $KEYS keys," \
  "commit $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
for passes in $PASSES; do
  for segment in default 16777216; do
    log="$OUT/passes$passes-segment$segment.log"
    snapshot=""
    if [ "$segment" != default ] && [ "$SNAPSHOT_AFTER" != none ]; then
      snapshot="snapshotAfter=$([ "$SNAPSHOT_AFTER" = last ] && echo $((passes - 1)) || echo "$SNAPSHOT_AFTER")"
    fi
    (run_java "-Xms2g -Xmx2g -XX:+UseParallelGC" dev.sluice.benchmarks.ChangelogRestore keys="$KEYS" \
      passes="$passes" dir="$OUT/kafka-$passes-$segment" $snapshot \
      $([ "$segment" = default ] || echo segmentBytes="$segment")) > "$log" 2>&1
    grep '^SNAPSHOT' "$log" | sed "s/^/passes=$passes segment=$segment /" || true
    grep '^RESTORE' "$log" | sed "s/^/passes=$passes segment=$segment /"
    best="$(grep '^RESTORE keys' "$log" | sed -n 's/.*ms=\([0-9]*\)/\1/p' | sort -n | head -1)"
    records="$(grep '^RESTORE keys' "$log" | head -1 | sed -n 's/.*records=\([0-9]*\).*/\1/p')"
    echo "RESULT passes=$passes segment=$segment records_read=$records fastest_ms=$best"
    for mode in changelog snapshot; do
      grep -q "^RESTORE mode=$mode" "$log" || continue
      best="$(grep "^RESTORE mode=$mode" "$log" | sed -n 's/.*ms=\([0-9]*\)/\1/p' | sort -n | head -1)"
      records="$(grep "^RESTORE mode=$mode" "$log" | head -1 | sed -n 's/.*records=\([0-9]*\).*/\1/p')"
      echo "RESULT passes=$passes segment=$segment plugin_restore=$mode records_read=$records fastest_ms=$best"
    done
  done
done
