package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.kafka.KafkaHeader;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Source type {@code kafka}: direct streams of Kafka topics ({@code Kafka.stream}), each batch an
 * offset range per partition. Public with a no-argument constructor for {@link java.util.ServiceLoader}
 * as well as DS.
 */
@Component(service = SourceProvider.class)
@SourceType("kafka")
public class KafkaSourceProvider implements SourceProvider {

    @Override
    public boolean pollsPerBatch() {
        return true;
    }

    @Override
    public BatchSource<?> createBatchSource(Config config) {
        var settings = KafkaSourceSettings.from(config);
        Optional<GroupShare> share = GroupShare.from(config);
        int inputs = Integer.parseInt(config.string(GroupMembership.SHARED_INPUTS, "1").trim());
        return share.isPresent() && inputs > 1 ? new JoinedInput<>(settings, share.get(), inputs, JoinedInputs.CONTAINER)
                : new KafkaBatchSource<>(settings, share);
    }

    /** The inputs of a shared stream are read as one: one ownership, one transaction per batch for all. */
    @Override
    public boolean joinsSharedInputs() {
        return true;
    }

    /** A group's members divide the topics' partitions among them. */
    @Override
    public boolean sharesWork() {
        return true;
    }

    @Override
    public Collection<Class<?>> recordTypes() {
        return List.of(KafkaRecord.class, KafkaHeader.class);
    }
}
