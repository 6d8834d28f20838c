package dev.sluice.source.kafka.internal;

import dev.sluice.api.Time;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One Kafka input of a shared stream that has several ({@link JoinedInputs}): each batch reads the
 * ranges of its own topics from the plan made over every input's, with its own deserializers. It
 * keeps no progress of its own: the group's committed offsets are the progress of all the inputs.
 */
final class JoinedInput<K, V> implements BatchSource<KafkaRecord<K, V>> {

    private final KafkaSourceSettings settings;
    private final GroupShare share;
    private final int inputs;
    private final JoinedInputs.Registry registry;
    private BatchSourceContext context;
    private ConsumerPool pool;
    private RecordDecoder<K, V> decoder;
    private JoinedInputs joined;

    JoinedInput(KafkaSourceSettings settings, GroupShare share, int inputs, JoinedInputs.Registry registry) {
        this.registry = registry;
        this.settings = settings;
        this.share = share;
        this.inputs = inputs;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start(BatchSourceContext context) {
        this.context = context;
        pool = new ConsumerPool(settings.clientProperties());
        decoder = new RecordDecoder<>((Deserializer<K>) settings.keyDeserializer(),
                (Deserializer<V>) settings.valueDeserializer(), settings.skipUndeserializable(), context);
        try {
            joined = JoinedInputs.join(registry, share, inputs, this);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        context.reportStatus("reading " + settings.subscription() + " with the other inputs of the stream group "
                + share.group() + " shares");
    }

    @Override
    public List<InputSplit<KafkaRecord<K, V>>> poll(Time batchTime) {
        if (!joined.reading()) {
            context.reportStatus("waiting for the other inputs of the stream to start; batch " + batchTime
                    + " reads nothing");
        }
        List<OffsetRange> mine = joined.rangesOf(batchTime).stream().filter(r -> settings.reads(r.partition().topic()))
                .toList();
        context.reportRecords(batchTime, mine.stream().mapToLong(OffsetRange::size).sum());
        return mine.stream().<InputSplit<KafkaRecord<K, V>>>map(r -> new RangeSplit<>(r, pool, decoder,
                settings.outOfRange(), settings.pollTimeout())).toList();
    }

    @Override
    public void batchCompleted(Time batchTime) {
        joined.batchCompleted(batchTime);
    }

    @Override
    public void forget(Time horizon) {
        joined.forget(horizon);
    }

    @Override
    public void stop() {
        if (joined != null) {
            joined.leave(this);
        }
        if (pool != null) {
            pool.close();
        }
    }

    /** The inputs this one is read with. */
    JoinedInputs joined() {
        return joined;
    }

    KafkaSourceSettings settings() {
        return settings;
    }

    BatchSourceContext context() {
        return context;
    }

    @Override
    public String description() {
        return "Kafka " + settings.subscription() + ", read with the other inputs of group " + share.group();
    }
}
