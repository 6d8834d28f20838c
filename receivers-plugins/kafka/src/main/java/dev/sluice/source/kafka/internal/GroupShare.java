package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.spi.GroupMembership;
import java.time.Duration;
import java.util.Optional;

/** The group whose members share a Kafka stream's partitions, as the runtime names it in the source's config. */
record GroupShare(String group, Duration sessionTimeout) {

    static Optional<GroupShare> from(Config config) {
        return config.get(GroupMembership.SHARED_GROUP).filter(g -> !g.isBlank()).map(g -> new GroupShare(g,
                config.duration(GroupMembership.SHARED_SESSION_TIMEOUT, Duration.ofSeconds(6))));
    }
}
