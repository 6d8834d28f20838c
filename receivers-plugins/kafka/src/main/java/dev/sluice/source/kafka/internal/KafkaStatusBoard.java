package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.spi.GroupStatusBoard;
import dev.sluice.kafka.KafkaCalls;

/**
 * The members' status kept by Kafka: each group's compacted topic {@code sluice-status-NAME}, a
 * record per member keyed by its name, read back by every member ({@link StatusPin}).
 */
final class KafkaStatusBoard implements GroupStatusBoard {

    @Override
    public Pin open(String group, String member, Config config) {
        GroupSettings settings = GroupSettings.from(config);
        return KafkaCalls.withKafkaLoader(() -> new StatusPin(group, member, settings));
    }
}
