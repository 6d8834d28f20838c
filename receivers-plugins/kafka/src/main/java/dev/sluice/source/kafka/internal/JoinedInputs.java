package dev.sluice.source.kafka.internal;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSourceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The Kafka inputs of one shared stream in this container, read as one: one source over every
 * topic of every input ({@link KafkaBatchSource}, with its one ownership of all their partitions,
 * one key exchange and one registration for the output), started once the last input has joined.
 * So a batch's map side, or its output without keyed stages, commits the progress of every input
 * in one transaction, and the reduce side waits for every partition of every input, as for one
 * input of several topics. Each input ({@link JoinedInput}) takes the ranges of its own topics from
 * each batch's plan and decodes them itself.
 */
final class JoinedInputs {

    /** Where the inputs of a group's stream find each other: one per container (a test may hold one per member). */
    static final class Registry {
        private final Map<String, JoinedInputs> byGroup = new HashMap<>();
    }

    /** The container's: it runs a group's stream once. */
    static final Registry CONTAINER = new Registry();

    private final Registry registry;
    private final String group;
    private final int expected;
    private final List<JoinedInput<?, ?>> inputs = new ArrayList<>();
    private KafkaBatchSource<byte[], byte[]> whole;
    /** The latest batch polled and its ranges: every input of a batch reads from one plan. */
    private long polledBatch = Long.MIN_VALUE;
    private List<OffsetRange> polledRanges = List.of();

    private JoinedInputs(Registry registry, String group, int expected) {
        this.registry = registry;
        this.group = group;
        this.expected = expected;
    }

    /**
     * Joins {@code input} to the inputs of the stream group {@code share} shares in this container,
     * of which there are {@code expected}; the last one to join starts reading them all.
     */
    static JoinedInputs join(Registry registry, GroupShare share, int expected, JoinedInput<?, ?> input) {
        JoinedInputs joined;
        synchronized (registry) {
            joined = registry.byGroup.computeIfAbsent(share.group(), g -> new JoinedInputs(registry, g, expected));
        }
        joined.add(share, expected, input);
        return joined;
    }

    private synchronized void add(GroupShare share, int expected, JoinedInput<?, ?> input) {
        if (expected != this.expected || whole != null) {
            throw new SluiceException("the stream group " + group + " shares in this container already reads its "
                    + this.expected + " Kafka inputs; a stream's inputs start together, once per container: stop the"
                    + " stream and start it again");
        }
        inputs.add(input);
        if (inputs.size() < expected) {
            return;
        }
        try {
            whole = started(share);
        } catch (RuntimeException e) {
            // this input never started, so it never leaves: the others do, and the place is free again
            inputs.remove(input);
            throw e;
        }
    }

    private KafkaBatchSource<byte[], byte[]> started(GroupShare share) {
        var source = new KafkaBatchSource<byte[], byte[]>(KafkaSourceSettings.joined(inputs.stream()
                .map(JoinedInput::settings).toList()), Optional.of(share));
        try {
            source.start(new WholeContext(inputs.get(0).context(), inputs.stream().map(JoinedInput::context).toList()));
        } catch (RuntimeException e) {
            source.stop();
            throw e;
        }
        return source;
    }

    /** The ranges of batch {@code batchTime} over every input's topics; none while inputs are still to join. */
    synchronized List<OffsetRange> rangesOf(Time batchTime) {
        if (batchTime.millis() != polledBatch) {
            // a batch polled before all inputs joined reads nothing on any input; its records go to the next
            polledRanges = whole == null ? List.of() : whole.rangesOf(batchTime);
            polledBatch = batchTime.millis();
        }
        return polledRanges;
    }

    void batchCompleted(Time batchTime) {
        // outside this lock: a poll holding it may wait for the whole, which a hand-over may hold
        KafkaBatchSource<byte[], byte[]> reading = whole();
        if (reading != null) {
            reading.batchCompleted(batchTime);
        }
    }

    void forget(Time horizon) {
        KafkaBatchSource<byte[], byte[]> reading = whole();
        if (reading != null) {
            reading.forget(horizon);
        }
    }

    /** The source reading every input, once all have joined; null before. */
    synchronized KafkaBatchSource<byte[], byte[]> whole() {
        return whole;
    }

    /** Whether every input has joined, so that batches read. */
    synchronized boolean reading() {
        return whole != null;
    }

    /** {@code input} stops; the last one stops the whole and leaves the group's place free for a next start. */
    void leave(JoinedInput<?, ?> input) {
        KafkaBatchSource<byte[], byte[]> stopping = null;
        synchronized (this) {
            if (!inputs.remove(input)) {
                return;
            }
            if (inputs.isEmpty()) {
                stopping = whole;
                whole = null;
                synchronized (registry) {
                    registry.byGroup.remove(group, this);
                }
            }
        }
        if (stopping != null) {
            stopping.stop(); // outside the lock: giving partitions up may wait for batches
        }
    }

    /**
     * The whole's view of the runtime: the first input's, its records counted by each input itself,
     * and with backpressure the sum of the inputs' rates (each estimated from that input's records).
     */
    private record WholeContext(BatchSourceContext first, List<BatchSourceContext> all) implements BatchSourceContext {

        @Override
        public java.time.Duration batchInterval() {
            return first.batchInterval();
        }

        @Override
        public Time firstBatchTime() {
            return first.firstBatchTime();
        }

        @Override
        public Time startTime() {
            return first.startTime();
        }

        @Override
        public OptionalDouble maxRate() {
            double sum = 0;
            for (BatchSourceContext input : all) {
                OptionalDouble rate = input.maxRate();
                if (rate.isEmpty()) {
                    return OptionalDouble.empty();
                }
                sum += rate.getAsDouble();
            }
            return OptionalDouble.of(sum);
        }

        @Override
        public void reportLag(long records) {
            first.reportLag(records);
        }

        @Override
        public void reportError(String message, Throwable cause) {
            first.reportError(message, cause);
        }

        @Override
        public void reportStatus(String status) {
            first.reportStatus(status);
        }
    }
}
