package dev.sluice.source.kafka.internal;

import org.apache.kafka.common.TopicPartition;

/** The records of one partition a batch reads: offsets from {@code from} (inclusive) to {@code until} (exclusive). */
record OffsetRange(TopicPartition partition, long from, long until) {

    long size() {
        return until - from;
    }

    @Override
    public String toString() {
        return partition + " [" + from + ", " + until + ")";
    }
}
