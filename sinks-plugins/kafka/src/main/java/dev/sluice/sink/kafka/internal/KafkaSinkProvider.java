package dev.sluice.sink.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import org.osgi.service.component.annotations.Component;

/**
 * Sink type {@code kafka}: each batch written to a topic in one Kafka transaction
 * ({@code Kafka.save}). Public with a no-argument constructor for {@link java.util.ServiceLoader}
 * as well as DS.
 */
@Component(service = SinkProvider.class)
@SinkType("kafka")
public class KafkaSinkProvider implements SinkProvider {

    /** Refuses a topic that does not exist on brokers that do not create topics (see {@link OutputTopic}). */
    @Override
    public <T> Sink<T> createSink(Config config) {
        KafkaSinkSettings settings = KafkaSinkSettings.from(config);
        OutputTopic.requireWritable(settings);
        return new TransactionalKafkaSink<>(settings,
                config.get(GroupMembership.SHARED_GROUP).filter(g -> !g.isBlank()).orElse(null));
    }

    /** Each member's transaction commits the input offsets its part of the batch consumed. */
    @Override
    public boolean sharesWork() {
        return true;
    }
}
