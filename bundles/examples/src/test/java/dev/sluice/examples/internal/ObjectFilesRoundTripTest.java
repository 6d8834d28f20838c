package dev.sluice.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.StreamingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What saveAsObjectFiles writes, objectFile reads back: the real runtime, files sink and files source. */
class ObjectFilesRoundTripTest {

    record Reading(String sensor, double value) {
    }

    @TempDir
    Path dir;

    @Test
    void objectFileReadsBackExactlyWhatABatchSaved() throws Exception {
        List<Pair<String, Reading>> batch = IntStream.range(0, 1234)
                .mapToObj(i -> Pair.of("k" + i % 17, new Reading("s" + i, i / 4.0))).toList();
        Queue<List<Pair<String, Reading>>> queue = new ArrayDeque<>(List.of(batch));
        String prefix = dir.resolve("readings").toString();

        Path saved;
        try (StreamingContext ssc = StreamingContext.create("local[2]", "save", Duration.ofMillis(200))) {
            ssc.registerRecordTypes(Reading.class);
            ssc.queueStream(queue, true).repartition(3).saveAsObjectFiles(prefix);
            ssc.start();
            saved = awaitCompleteBatch();
        }

        try (StreamingContext ssc = StreamingContext.create("local[2]", "read", Duration.ofMillis(200))) {
            ssc.registerRecordTypes(Reading.class);
            List<Pair<String, Reading>> back = ssc.<Pair<String, Reading>>objectFile(saved.toString()).collect();

            assertThat(back).containsExactlyInAnyOrderElementsOf(batch);
        }
    }

    /**
     * The first batch's directory (the queue's one collection is batch 1), once a batch is complete:
     * batches are written one after another, and each appears whole, with its _SUCCESS, by one rename.
     */
    private Path awaitCompleteBatch() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> batches = Files.list(dir)) {
                Optional<Path> first = batches.filter(b -> b.getFileName().toString().startsWith("readings-"))
                        .min(Comparator.comparingLong(b -> Long.parseLong(b.getFileName().toString().substring(9))));
                if (first.isPresent()) {
                    return first.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no batch directory under " + dir);
    }
}
