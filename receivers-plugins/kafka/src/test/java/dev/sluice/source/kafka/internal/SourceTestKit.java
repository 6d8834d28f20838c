package dev.sluice.source.kafka.internal;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSourceContext;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the Kafka source's tests share: a started source with 1 s batches from 1000 ms, and waiting for a condition. */
final class SourceTestKit {

    static final Duration WAIT = Duration.ofSeconds(60);

    private SourceTestKit() {
    }

    /** A Kafka source made by the provider from {@code config} and started; any error it reports fails the test. */
    @SuppressWarnings("unchecked")
    static KafkaBatchSource<String, String> started(Config config) {
        return started(config, null);
    }

    /** A started source whose reported errors go to {@code errors} (when not null) instead of failing the test. */
    @SuppressWarnings("unchecked")
    static KafkaBatchSource<String, String> started(Config config, java.util.List<String> errors) {
        var source = (KafkaBatchSource<String, String>) new KafkaSourceProvider().createBatchSource(config);
        source.start(new Context(errors));
        return source;
    }

    /** Starts {@code source} with the kit's context, its reported errors going to {@code errors}. */
    static void start(dev.sluice.api.spi.BatchSource<?> source, java.util.List<String> errors) {
        try {
            source.start(new Context(errors));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static final class Context implements BatchSourceContext {

        private final java.util.List<String> errors;

        Context(java.util.List<String> errors) {
            this.errors = errors;
        }

        @Override
        public Duration batchInterval() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Time firstBatchTime() {
            return new Time(1000);
        }

        @Override
        public Time startTime() {
            return new Time(0);
        }

        @Override
        public void reportError(String message, Throwable cause) {
            if (errors == null) {
                throw new AssertionError("unexpected error: " + message, cause);
            }
            errors.add(message);
        }

        @Override
        public void reportStatus(String status) {
        }
    }
}
