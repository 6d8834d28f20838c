package dev.sluice.runtime.internal.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BatchSourceStreamTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** A source whose batch at time t has one split per "file" listed for t; "bad" files fail to read, "unlistable" batches fail to poll. */
    static final class ListedSource implements BatchSource<String> {
        final Map<Long, List<String>> filesByBatch = new ConcurrentHashMap<>();
        final List<Long> polled = new ArrayList<>();
        BatchSourceContext context;
        boolean stopped;

        @Override
        public void start(BatchSourceContext context) {
            this.context = context;
        }

        @Override
        public List<InputSplit<String>> poll(Time batchTime) throws IOException {
            polled.add(batchTime.millis());
            List<String> files = filesByBatch.getOrDefault(batchTime.millis(), List.of());
            if (files.contains("unlistable")) {
                throw new IOException("listing refused");
            }
            return files.stream().map(ListedSource::split).toList();
        }

        private static InputSplit<String> split(String file) {
            return new InputSplit<>() {
                @Override
                public void read(Consumer<? super String> out) throws IOException {
                    if (file.equals("bad")) {
                        throw new IOException("unreadable");
                    }
                    out.accept(file + ":line1");
                    out.accept(file + ":line2");
                }

                @Override
                public String description() {
                    return "file " + file;
                }
            };
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    @Test
    void eachBatchReadsTheSplitsItsSourceListedAndAFailureStaysInItsBatch() {
        var source = new ListedSource();
        SourceProvider provider = new SourceProvider() {
            @Override
            public BatchSource<?> createBatchSource(Config config) {
                assertThat(config.string("directory")).isEqualTo("/data/in");
                return source;
            }
        };
        var settings = new StreamingSettings("files", SECOND, 2, null);
        StreamTestKit.Output<String> out;
        List<BatchInfo> batches;
        try (var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of("files", provider), Map.of()))) {
            out = kit.output(kit.context().textFileStream("/data/in"));
            kit.start();
            source.filesByBatch.put(kit.batchTime(1).millis(), List.of("a", "b"));
            source.filesByBatch.put(kit.batchTime(2).millis(), List.of("unlistable"));
            source.filesByBatch.put(kit.batchTime(3).millis(), List.of("bad"));
            source.filesByBatch.put(kit.batchTime(4).millis(), List.of("c"));

            batches = kit.runBatches(5);

            assertThat(source.context.firstBatchTime()).isEqualTo(kit.batchTime(1));
            assertThat(source.context.batchInterval()).isEqualTo(SECOND);
            assertThat(source.polled).containsExactly(kit.batchTime(1).millis(), kit.batchTime(2).millis(),
                    kit.batchTime(3).millis(), kit.batchTime(4).millis(), kit.batchTime(5).millis());
            assertThat(out.at(kit.batchTime(1))).containsExactlyInAnyOrder("a:line1", "a:line2", "b:line1", "b:line2");
            assertThat(out.at(kit.batchTime(4))).containsExactly("c:line1", "c:line2");
            assertThat(out.at(kit.batchTime(5))).isEmpty();
            source.context.reportStatus("5 batches listed");
            source.context.reportError("cannot read x: gone", null);
            var info = kit.context().graph().inputs().get(0).receiverInfo().orElseThrow();
            assertThat(info.status()).isEqualTo("5 batches listed");
            assertThat(info.lastError()).contains("cannot read x: gone");
        }
        assertThat(batches.get(1).failure()).hasValueSatisfying(op ->
                assertThat(op.failure().orElseThrow()).contains("could not list batch").contains("listing refused"));
        assertThat(batches.get(2).failure()).hasValueSatisfying(op ->
                assertThat(op.failure().orElseThrow()).contains("cannot read file bad: unreadable"));
        assertThat(batches.get(0).failure()).isEmpty();
        assertThat(batches.get(3).failure()).isEmpty();
        assertThat(source.stopped).isTrue();
    }
}
