package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.GroupStatusBoard;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.kafka.KafkaCalls;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Groups of containers kept by Kafka: the members of a group are the consumers of a consumer
 * group over a topic of one partition, {@code sluice-group-NAME}, and the member Kafka assigns the
 * partition to leads. A member killed stops heartbeating and the partition moves after the session
 * timeout; one that leaves moves it at once. The members post their status to the compacted topic
 * {@code sluice-status-NAME} ({@link KafkaStatusBoard}).
 */
@Component(service = GroupMembership.class, property = GroupMembership.TYPE + "=kafka")
public final class KafkaGroupMembership implements GroupMembership {

    private final KafkaStatusBoard board = new KafkaStatusBoard();

    @Override
    public Member join(String group, String member, Config config, Leadership leadership) {
        GroupSettings settings = GroupSettings.from(config);
        String topic = "sluice-group-" + group;
        var common = Map.<String, Object>of("bootstrap.servers", settings.brokers(), "client.id", member);
        return KafkaCalls.withKafkaLoader(() -> new KafkaGroupMember(topic, common, settings.sessionTimeout(),
                leadership));
    }

    @Override
    public Optional<GroupStatusBoard> statusBoard() {
        return Optional.of(board);
    }

    /** Keyed stages of a shared stream exchange their keys through repartition topics. */
    @Override
    public Optional<KeyExchange> keyExchange() {
        return Optional.of(new KafkaKeyExchange());
    }
}
