package dev.sluice.source.kafka.internal;

import dev.sluice.api.ConfigException;
import dev.sluice.api.kafka.Kafka;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the partitions a stream finds at its first batch begin. Partitions that appear later
 * (added to a topic, or a new topic matching the pattern) hold only new records, so they begin at
 * their earliest offset whatever this says.
 */
sealed interface StartingOffsets {

    record Earliest() implements StartingOffsets {
    }

    record Latest() implements StartingOffsets {
    }

    /** Given offsets per partition; the partitions not named begin at their earliest offset. */
    record Given(Map<TopicPartition, Long> offsets) implements StartingOffsets {
    }

    /** Each partition's first record with a timestamp at or after {@code millis}; its end if it has none. */
    record FromTimestamp(long millis) implements StartingOffsets {
    }

    static StartingOffsets parse(Optional<String> offsets, Optional<String> timestamp) {
        if (offsets.isPresent() && timestamp.isPresent()) {
            throw new ConfigException("give either " + Kafka.STARTING_OFFSETS + " or " + Kafka.STARTING_TIMESTAMP
                    + ", not both");
        }
        if (timestamp.isPresent()) {
            try {
                return new FromTimestamp(Long.parseLong(timestamp.get().trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(Kafka.STARTING_TIMESTAMP + " must be milliseconds since the epoch, got '"
                        + timestamp.get() + "'");
            }
        }
        String text = offsets.orElse("latest").trim();
        return switch (text) {
            case "earliest" -> new Earliest();
            case "latest" -> new Latest();
            default -> new Given(parseGiven(text));
        };
    }

    /** {@code orders-0:42,orders-1:17}: the topic is everything before the last dash. */
    private static Map<TopicPartition, Long> parseGiven(String text) {
        var offsets = new LinkedHashMap<TopicPartition, Long>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            int colon = entry.lastIndexOf(':');
            int dash = colon < 0 ? -1 : entry.lastIndexOf('-', colon);
            try {
                if (dash <= 0) {
                    throw new NumberFormatException();
                }
                offsets.put(new TopicPartition(entry.substring(0, dash), Integer.parseInt(entry.substring(dash + 1, colon))),
                        Long.parseLong(entry.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new ConfigException(Kafka.STARTING_OFFSETS + " must be earliest, latest or topic-partition:offset"
                        + " entries separated by commas (e.g. orders-0:42,orders-1:17), got '" + entry + "'");
            }
        }
        return offsets;
    }
}
