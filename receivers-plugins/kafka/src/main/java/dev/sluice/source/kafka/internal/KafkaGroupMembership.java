package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.kafka.KafkaCalls;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Groups of containers kept by Kafka: the members of a group are the consumers of a consumer
 * group over a topic of one partition, {@code sluice-group-NAME}, and the member Kafka assigns the
 * partition to leads. A member killed stops heartbeating and the partition moves after the session
 * timeout; one that leaves moves it at once.
 */
@Component(service = GroupMembership.class, property = GroupMembership.TYPE + "=kafka")
public final class KafkaGroupMembership implements GroupMembership {

    /** The settings a group takes, as {@code group.KEY} among a stream's keys. */
    static final String BROKERS = "brokers";
    static final String SESSION_TIMEOUT = "sessionTimeout";

    @Override
    public Member join(String group, String member, Config config, Leadership leadership) {
        String brokers = config.get(BROKERS).filter(b -> !b.isBlank()).orElseThrow(() -> new ConfigException(
                "a group needs the Kafka cluster that keeps it: set group.brokers=host:port,..."));
        Duration session = config.duration(SESSION_TIMEOUT, Duration.ofSeconds(6));
        String topic = "sluice-group-" + group;
        var common = Map.<String, Object>of("bootstrap.servers", brokers, "client.id", member);
        return KafkaCalls.withKafkaLoader(() -> new KafkaGroupMember(topic, common, session, leadership));
    }

    /** Keyed stages of a shared stream exchange their keys through repartition topics. */
    @Override
    public Optional<KeyExchange> keyExchange() {
        return Optional.of(new KafkaKeyExchange());
    }
}
