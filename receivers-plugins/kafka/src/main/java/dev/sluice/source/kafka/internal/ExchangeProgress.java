package dev.sluice.source.kafka.internal;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What the group's committed offsets carry for a key exchange, in their metadata: for an input
 * partition, the last batch whose part of it was handed over ({@code upTo}); for a key partition,
 * the last batch reduced from it and the position its reduce had read to ({@code upTo:readTo}),
 * so that records before that position of batches up to then are known to be reduced.
 */
record ExchangeProgress(long offset, long upTo, long readTo) {

    /** Nothing committed yet. */
    static final ExchangeProgress NONE = new ExchangeProgress(-1, Long.MIN_VALUE, -1);

    static ExchangeProgress of(OffsetAndMetadata committed) {
        if (committed == null) {
            return NONE;
        }
        String m = committed.metadata();
        long upTo = Long.MIN_VALUE;
        long readTo = committed.offset();
        if (m != null && !m.isEmpty()) {
            try {
                int colon = m.indexOf(':');
                upTo = Long.parseLong(colon < 0 ? m : m.substring(0, colon));
                if (colon >= 0) {
                    readTo = Long.parseLong(m.substring(colon + 1));
                }
            } catch (NumberFormatException e) {
                // an offset committed by something else than an exchange: nothing is known of its batches
            }
        }
        return new ExchangeProgress(committed.offset(), upTo, readTo);
    }

    static OffsetAndMetadata input(long offset, long upTo) {
        return new OffsetAndMetadata(offset, Long.toString(upTo));
    }

    static OffsetAndMetadata reduced(long offset, long upTo, long readTo) {
        return new OffsetAndMetadata(offset, upTo + ":" + readTo);
    }
}
