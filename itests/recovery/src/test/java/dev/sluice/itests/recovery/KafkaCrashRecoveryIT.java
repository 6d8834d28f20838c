package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice run kafka-word-count} with a checkpoint, reading a topic that keeps getting
 * lines and writing each batch's word counts to another topic, killed with SIGKILL while one of its
 * transactions is open, right after one commits, right after a checkpoint is written, and at random
 * moments, and restarted
 * each time: a {@code read_committed} consumer of the output finds every word of the input counted
 * exactly once. The seed is printed; {@code -Dsluice.recovery.seed=N} replays its choices.
 */
@ExtendWith(FailedRunLogs.class)
class KafkaCrashRecoveryIT {

    private static final String APP = "kafka-word-count";
    private static final int LINES = 2_000;

    @TempDir
    Path root;

    @Test
    void shouldCountEveryInputRecordOnceAcrossKills() throws Exception {
        long seed = seed();
        System.out.println("KafkaCrashRecoveryIT seed " + seed + " (replay with -Dsluice.recovery.seed=" + seed + ")");
        var random = new Random(seed);
        Path checkpoint = root.resolve("checkpoint");
        try (var broker = KafkaBroker.start(root.resolve("kafka"));
             var offsets = new OutputOffsets(broker.bootstrapServers(), "counts")) {
            broker.createTopic("lines", 3);
            broker.createTopic("counts", 3);
            List<String> arguments = List.of(APP, "brokers=" + broker.bootstrapServers(), "topics=lines",
                    "out=counts", "startingOffsets=earliest", "batch=250ms", "checkpoint=" + checkpoint.toUri());
            var runs = new ArrayList<SluiceRun>();
            try (var input = new KafkaLines(broker, "lines", seed, LINES, 10, Duration.ofMillis(100))) {
                runs.add(launch(arguments, runs.size()));

                awaitStarted(last(runs));
                last(runs).await("a transaction of the output open", Duration.ofMillis(1), offsets::transactionOpen);
                last(runs).kill();
                boolean leftOpen = offsets.transactionOpen();
                System.out.println("killed run 1 with a transaction open; still open after the kill: " + leftOpen);

                runs.add(launch(arguments, runs.size()));
                awaitStarted(last(runs));
                long stable = offsets.stableEnd();
                last(runs).await("a transaction of the output committed", Duration.ofMillis(1),
                        () -> offsets.stableEnd() > stable);
                last(runs).kill();
                System.out.println("killed run 2 right after a transaction committed");

                runs.add(launch(arguments, runs.size()));
                awaitStarted(last(runs));
                String newest = newestCheckpoint(checkpoint);
                last(runs).await("a new checkpoint", Duration.ofMillis(1), () -> !newestCheckpoint(checkpoint)
                        .equals(newest));
                last(runs).kill();
                System.out.println("killed run 3 right after " + newestCheckpoint(checkpoint));

                for (int kill = 4; kill <= 6; kill++) {
                    Await.pause(Duration.ofMillis(random.nextInt(1500)));
                    runs.add(launch(arguments, runs.size()));
                    awaitStarted(last(runs));
                    long delay = random.nextInt(2000);
                    Await.pause(Duration.ofMillis(delay));
                    last(runs).kill();
                    System.out.println("killed run " + kill + " " + delay + " ms after its stream started, "
                            + input.sent() + " lines sent so far");
                }

                runs.add(launch(arguments, runs.size()));
                awaitStarted(last(runs));
                Map<String, Integer> expected = input.awaitAllSent();
                Await.until("the output to count every word of the input", () -> totals(broker).equals(expected),
                        () -> "counted " + totals(broker) + ", expected " + expected + "; output of the last run:\n"
                                + last(runs).output());
                int batchesBefore = batchesDone(last(runs));
                last(runs).await("three more batches", () -> batchesDone(last(runs)) >= batchesBefore + 3);
                assertThat(last(runs).stop()).as("exit status after SIGTERM").isEqualTo(143);

                assertThat(totals(broker)).isEqualTo(expected);
                // whether a kill landed between a transaction's commit and the checkpoint completing its batch
                long skipped = runs.stream().mapToLong(r -> r.output().split("is already in topic", -1).length - 1)
                        .sum();
                System.out.println("batches found already committed after a restart and not written again: "
                        + skipped);
                assertThat(broker.readAll("lines", "read_committed")).hasSize(LINES);
            } finally {
                runs.forEach(SluiceRun::close);
            }
        }
    }

    private SluiceRun launch(List<String> arguments, int earlier) throws IOException {
        String name = "run " + (earlier + 1);
        Path dir = Files.createDirectories(root.resolve("run-" + (earlier + 1)));
        return SluiceRun.start(name, LineCountApp.distribution(), arguments, dir.resolve("felix"), dir.resolve("output.log"));
    }

    private static void awaitStarted(SluiceRun run) {
        run.awaitOutput("Stream " + APP + " started");
    }

    /** The batches the run completed: each logs its total delay. */
    private static int batchesDone(SluiceRun run) {
        return run.output().split("Total delay: ", -1).length - 1;
    }

    private static SluiceRun last(List<SluiceRun> runs) {
        return runs.get(runs.size() - 1);
    }

    private static Map<String, Integer> totals(KafkaBroker broker) {
        return GroupMembers.totals(broker, "counts");
    }

    private static String newestCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-"))
                    .max((a, b) -> Long.compare(sequence(a), sequence(b))).orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sequence(String checkpointName) {
        return Long.parseLong(checkpointName.substring("checkpoint-".length()));
    }

    private static long seed() {
        String given = System.getProperty("sluice.recovery.seed", "").strip();
        return given.isEmpty() ? System.nanoTime() : Long.parseLong(given);
    }

    /**
     * The output topic's ends as the two kinds of consumer see them: a transaction is open while
     * its records are in the log (the uncommitted end) but not yet committed (the stable end).
     */
    private static final class OutputOffsets implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> committed;
        private final KafkaConsumer<byte[], byte[]> uncommitted;
        private final String topic;

        OutputOffsets(String bootstrap, String topic) {
            this.topic = topic;
            this.committed = consumer(bootstrap, "read_committed");
            this.uncommitted = consumer(bootstrap, "read_uncommitted");
        }

        private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
            return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", isolation),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        boolean transactionOpen() {
            List<TopicPartition> partitions = partitions();
            committed.assign(partitions); // offsets are asked of partitions the consumers follow (never polled)
            uncommitted.assign(partitions);
            Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
            Map<TopicPartition, Long> logged = uncommitted.endOffsets(partitions);
            return partitions.stream().anyMatch(tp -> logged.get(tp) > stable.get(tp));
        }

        /** How many records of the output are committed, over all its partitions. */
        long stableEnd() {
            List<TopicPartition> partitions = partitions();
            committed.assign(partitions);
            return committed.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }

        private List<TopicPartition> partitions() {
            return committed.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        }

        @Override
        public void close() {
            committed.close();
            uncommitted.close();
        }
    }
}
