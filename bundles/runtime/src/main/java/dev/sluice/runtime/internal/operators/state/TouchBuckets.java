package dev.sluice.runtime.internal.operators.state;

import java.util.TreeMap;

/**
 * mapWithState's keys by the batch time they were last touched, for timeouts: each touch adds the
 * key's slot to its time's bucket, and the keys due are those in the buckets up to the timeout's
 * threshold, so a batch visits the keys that may time out and none of the others. A key touched again
 * leaves a stale entry in its older bucket, which the reader recognises (the slot's touch time is no
 * longer the bucket's) and which goes with its bucket once that is due.
 */
final class TouchBuckets {

    /** What {@link #forEachUpTo} hands over: a bucket's time and one slot in it. */
    @FunctionalInterface
    interface Visitor {
        void slot(long time, int slot);
    }

    private final TreeMap<Long, SlotList> byTime = new TreeMap<>();
    /** Entries in every bucket, stale ones too. */
    private long entries;
    /** The bucket touched last and its time: a batch touches its keys at one time, so one map lookup per batch. */
    private SlotList latest;
    private long latestTime;

    void add(long time, int slot) {
        if (latest == null || latestTime != time) {
            latest = byTime.computeIfAbsent(time, t -> new SlotList());
            latestTime = time;
        }
        latest.add(slot);
        entries++;
    }

    /** Entries in every bucket, stale ones too: a key touched every batch adds one per batch until its bucket is due. */
    long entries() {
        return entries;
    }

    /** Every entry of the buckets up to {@code threshold}, oldest bucket first; {@code visit} may not add any. */
    void forEachUpTo(long threshold, Visitor visit) {
        for (var e : byTime.headMap(threshold, true).entrySet()) {
            long time = e.getKey();
            SlotList bucket = e.getValue();
            for (int j = 0; j < bucket.size(); j++) {
                visit.slot(time, bucket.at(j));
            }
        }
    }

    /** Drops the buckets up to {@code threshold}, once their keys have timed out or moved on. */
    void dropUpTo(long threshold) {
        var due = byTime.headMap(threshold, true);
        due.values().forEach(bucket -> entries -= bucket.size());
        due.clear();
        if (latest != null && latestTime <= threshold) {
            latest = null;
        }
    }

    void clear() {
        byTime.clear();
        entries = 0;
        latest = null;
    }
}
