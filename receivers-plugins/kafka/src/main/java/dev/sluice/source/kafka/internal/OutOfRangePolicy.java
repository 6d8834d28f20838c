package dev.sluice.source.kafka.internal;

import dev.sluice.api.ConfigException;
import dev.sluice.api.kafka.Kafka;
import java.util.Locale;

/** What a stream does when the offset it is to read from is no longer (or not yet) in a partition. */
enum OutOfRangePolicy {
    /** The batch fails, naming the partition and both offsets: records were lost to retention or a topic was recreated. */
    FAIL,
    /** Goes on from the partition's first offset still there. */
    EARLIEST,
    /** Goes on from the partition's end. */
    LATEST;

    static OutOfRangePolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Kafka.ON_OFFSET_OUT_OF_RANGE + " must be fail, earliest or latest, got '" + text
                    + "'");
        }
    }
}
