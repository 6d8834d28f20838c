package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.time.Duration;

/** The settings of a group the runtime hands the group plugin: the Kafka cluster that keeps it, and the session timeout. */
record GroupSettings(String brokers, Duration sessionTimeout) {

    /** The keys, as {@code group.KEY} among a stream's keys. */
    static final String BROKERS = "brokers";
    static final String SESSION_TIMEOUT = "sessionTimeout";

    static GroupSettings from(Config config) {
        String brokers = config.get(BROKERS).filter(b -> !b.isBlank()).orElseThrow(() -> new ConfigException(
                "a group needs the Kafka cluster that keeps it: set group.brokers=host:port,..."));
        return new GroupSettings(brokers, config.duration(SESSION_TIMEOUT, Duration.ofSeconds(6)));
    }
}
