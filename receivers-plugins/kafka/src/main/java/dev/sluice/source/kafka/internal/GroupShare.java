package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.KeyExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The group whose members share a Kafka stream's partitions, as the runtime names it in the source's
 * config, the keyed stages whose keys they exchange (none when the stream has none), those of them
 * that keep state per key in a changelog, and those that read other keyed stages' output rather
 * than the input (stage to its upstream stages).
 */
record GroupShare(String group, Duration sessionTimeout, List<String> shuffles, List<String> stateShuffles,
                  Map<String, List<String>> chained, Optional<Snapshots> snapshots) {

    GroupShare(String group, Duration sessionTimeout) {
        this(group, sessionTimeout, List.of(), List.of(), Map.of(), Optional.empty());
    }

    /** Where and how often the members snapshot the state of their key partitions, as the runtime says. */
    record Snapshots(KeyExchange.SnapshotFiles files, Duration interval) {

        static Optional<Snapshots> from(Config config) {
            return config.object(KeyExchange.SNAPSHOT_FILES, KeyExchange.SnapshotFiles.class).map(files ->
                    new Snapshots(files, config.duration(KeyExchange.SNAPSHOT_INTERVAL, Duration.ofSeconds(10))));
        }
    }

    static Optional<GroupShare> from(Config config) {
        List<String> shuffles = names(config, KeyExchange.SHUFFLES);
        List<String> stateShuffles = names(config, KeyExchange.STATE_SHUFFLES);
        var chained = new LinkedHashMap<String, List<String>>();
        for (String pair : names(config, KeyExchange.CHAINED_SHUFFLES)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new SluiceException("'" + pair + "' in " + KeyExchange.CHAINED_SHUFFLES + " is not STAGE=UPSTREAM;"
                        + " the runtime names each keyed stage that reads another one so");
            }
            chained.computeIfAbsent(pair.substring(0, eq), s -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
        return config.get(GroupMembership.SHARED_GROUP).filter(g -> !g.isBlank()).map(g -> new GroupShare(g,
                config.duration(GroupMembership.SHARED_SESSION_TIMEOUT, Duration.ofSeconds(6)), shuffles,
                stateShuffles, copyOf(chained), Snapshots.from(config)));
    }

    private static Map<String, List<String>> copyOf(Map<String, List<String>> chained) {
        var copy = new LinkedHashMap<String, List<String>>();
        chained.forEach((stage, upstreams) -> copy.put(stage, List.copyOf(upstreams)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static List<String> names(Config config, String key) {
        return config.get(key).map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .toList()).orElse(List.of());
    }
}
