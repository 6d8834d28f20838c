package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.KeyExchange;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The group whose members share a Kafka stream's partitions, as the runtime names it in the source's
 * config, the keyed stages whose keys they exchange (none when the stream has none), and those of
 * them that keep state per key in a changelog.
 */
record GroupShare(String group, Duration sessionTimeout, List<String> shuffles, List<String> stateShuffles) {

    GroupShare(String group, Duration sessionTimeout) {
        this(group, sessionTimeout, List.of(), List.of());
    }

    static Optional<GroupShare> from(Config config) {
        List<String> shuffles = names(config, KeyExchange.SHUFFLES);
        List<String> stateShuffles = names(config, KeyExchange.STATE_SHUFFLES);
        return config.get(GroupMembership.SHARED_GROUP).filter(g -> !g.isBlank()).map(g -> new GroupShare(g,
                config.duration(GroupMembership.SHARED_SESSION_TIMEOUT, Duration.ofSeconds(6)), shuffles,
                stateShuffles));
    }

    private static List<String> names(Config config, String key) {
        return config.get(key).map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .toList()).orElse(List.of());
    }
}
