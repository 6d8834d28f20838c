package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The example application {@code file-line-count} with its directories under one test's temporary
 * directory, run by the distribution again and again over the same checkpoint: at most one run
 * at a time, each with an output file of its own ({@code logs/run-N.log}).
 */
final class LineCountApp implements AutoCloseable {

    static final String NAME = "file-line-count";
    static final Duration BATCH = Duration.ofSeconds(1);
    /**
     * The exit status of a container stopped by SIGTERM: its shutdown hook stops the stream
     * gracefully, and the JVM then ends as a process ended by that signal does, 128 + 15.
     */
    static final int EXIT_ON_SIGTERM = 143;
    static final String STOPPED = "Stream " + NAME + " stopped";
    static final String CHECKPOINT_PREFIX = "checkpoint-";

    private final Path distribution;
    private final Path in;
    private final Path staging;
    private final Path out;
    private final Path checkpoint;
    private final Path frameworkStorage;
    private final Path logs;
    private final List<SluiceRun> runs = new ArrayList<>();

    LineCountApp(Path root) throws IOException {
        this.distribution = distribution();
        this.in = Files.createDirectories(root.resolve("in"));
        this.staging = Files.createDirectories(root.resolve("staging"));
        this.out = Files.createDirectories(root.resolve("out")).resolve("lines");
        this.checkpoint = root.resolve("checkpoint");
        this.frameworkStorage = root.resolve("felix-cache");
        this.logs = Files.createDirectories(root.resolve("logs"));
    }

    /** The built distribution, from the system property the pom sets. */
    static Path distribution() {
        String dir = System.getProperty("sluice.distribution");
        assertThat(dir).as("system property sluice.distribution (set by the pom)").isNotBlank();
        Path home = Path.of(dir).toAbsolutePath().normalize();
        assertThat(home.resolve("bin/sluice")).as("the distribution's launcher; build it with"
                + " mvn -o install -DskipTests").isExecutable();
        return home;
    }

    /** A feeder of this application's watched directory. */
    InputFeeder feeder(List<Integer> files, long seed, Duration minGap, Duration maxGap) {
        return new InputFeeder(staging, in, files, seed, minGap, maxGap);
    }

    /** Starts a run; the one before must have ended. */
    SluiceRun start() {
        assertThat(current()).as("the previous run has ended").matches(r -> r.isEmpty() || !r.get().isAlive());
        String name = "run-" + (runs.size() + 1);
        try {
            var run = SluiceRun.start(name, distribution, List.of(NAME, "dir=" + in, "out=" + out,
                    "checkpoint=" + checkpoint, "batch=" + BATCH.toMillis() + "ms"), frameworkStorage,
                    logs.resolve(name + ".log"));
            runs.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a run while the current one still runs, on the same directories, as a second process
     * would (its framework storage apart, as another installation's is); it is not a run of the series.
     */
    SluiceRun startBeside(String name) {
        try {
            return SluiceRun.start(name, distribution, List.of(NAME, "dir=" + in, "out=" + out,
                    "checkpoint=" + checkpoint, "batch=" + BATCH.toMillis() + "ms"),
                    frameworkStorage.resolveSibling("felix-cache-" + name), logs.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<SluiceRun> current() {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    SluiceRun running() {
        return current().filter(SluiceRun::isAlive).orElseThrow(() -> new AssertionError("no run is running"));
    }

    List<SluiceRun> runs() {
        return List.copyOf(runs);
    }

    /** Starts the first run and waits for its first complete batch and checkpoint: from then on input is recoverable. */
    SluiceRun startFresh() {
        SluiceRun run = start();
        run.awaitStarted();
        run.await("the first batch's outputs and a checkpoint",
                () -> outputs().hasCompleteBatchFrom(Long.MIN_VALUE) && !checkpoints().isEmpty());
        return run;
    }

    /** Waits until a batch after {@code modifiedMillis} (the newest input file's time) has both outputs complete. */
    void awaitCaughtUpWith(long modifiedMillis) {
        // a file moved in just after its batch listed the directory is taken by the next batch
        long after = modifiedMillis + 2 * BATCH.toMillis();
        running().await("both outputs of a batch at or after " + after, () -> {
            try {
                return outputs().hasCompleteBatchFrom(after);
            } catch (UncheckedIOException e) {
                return false; // a batch directory renamed while being read
            }
        });
    }

    /** SIGTERM to the running container; returns its exit status once it is gone. */
    int stopGracefully() {
        return running().stop();
    }

    BatchOutputs outputs() {
        return BatchOutputs.read(out);
    }

    Path outputDirectory() {
        return out.getParent();
    }

    /** Hidden entries next to the batch directories: attempts being written and batches being replaced. */
    List<String> hiddenOutputs() {
        try (Stream<Path> entries = Files.list(out.getParent())) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") || n.startsWith("_")).sorted().toList();
        } catch (IOException e) {
            return List.of(); // listed while an entry was renamed: try again
        }
    }

    Path checkpointDirectory() {
        return checkpoint;
    }

    /** The checkpoint files, newest (highest sequence) first. */
    List<Path> checkpoints() {
        if (!Files.isDirectory(checkpoint)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(checkpoint)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(CHECKPOINT_PREFIX))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Files of the checkpoint directory (and its state) left half-written: hidden {@code .tmp} files. */
    List<String> checkpointTemporaries() {
        try (Stream<Path> all = Files.walk(checkpoint)) {
            return all.map(p -> checkpoint.relativize(p).toString())
                    .filter(n -> Path.of(n).getFileName().toString().startsWith(".") && n.endsWith(".tmp"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every run's output, for the test's report. */
    String report() {
        var s = new StringBuilder();
        for (SluiceRun run : runs) {
            s.append("----- ").append(run.name()).append(" (pid ").append(run.pid()).append(")\n")
                    .append(run.output());
        }
        return s.toString();
    }

    @Override
    public void close() {
        runs.forEach(SluiceRun::close);
    }
}
