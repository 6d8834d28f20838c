package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.kafka.KafkaHeader;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import java.util.Collection;
import java.util.List;
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
        return new KafkaBatchSource<>(KafkaSourceSettings.from(config), GroupShare.from(config));
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
