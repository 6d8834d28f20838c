package dev.sluice.itests.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Feeds the watched directory on a thread of its own, whether the container is up, down or
 * recovering: file {@code i} has {@link #lines(int)} lines, is written beside the directory and
 * moved in atomically, after a random pause between {@code minGap} and {@code maxGap}.
 */
final class InputFeeder implements AutoCloseable {

    /** The input of every run: files 1 to 15, 375 lines in all. */
    static final List<Integer> ALL_FILES = files(1, 15);

    /**
     * A file moved into the watched directory: the modification time that decides its batch, and
     * the wall-clock time just after the move. The file system's clock is coarse: a file written
     * just after a batch time may carry a modification time a few milliseconds before it.
     */
    record Fed(int file, Path path, long modifiedMillis, long movedMillis) {

        @Override
        public String toString() {
            return path.getFileName() + " (" + lines(file) + " lines) modified " + modifiedMillis + ", in at "
                    + movedMillis;
        }
    }

    private final Path staging;
    private final Path watched;
    private final List<Integer> files;
    private final Random random;
    private final Duration minGap;
    private final Duration maxGap;
    private final List<Fed> fed = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;
    private Thread thread;

    InputFeeder(Path staging, Path watched, List<Integer> files, long seed, Duration minGap, Duration maxGap) {
        this.staging = staging;
        this.watched = watched;
        this.files = List.copyOf(files);
        this.random = new Random(seed);
        this.minGap = minGap;
        this.maxGap = maxGap;
    }

    static List<Integer> files(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().toList();
    }

    /** Distinct for every file, so a file counted twice or lost shows in the totals. */
    static int lines(int file) {
        return 3 * file + 1;
    }

    static long totalLines(List<Integer> files) {
        return files.stream().mapToLong(InputFeeder::lines).sum();
    }

    void start() {
        thread = new Thread(this::feed, "input-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    private void feed() {
        try {
            for (int file : files) {
                long gap = minGap.toMillis() + random.nextInt((int) (maxGap.toMillis() - minGap.toMillis()) + 1);
                TimeUnit.MILLISECONDS.sleep(gap);
                fed.add(moveIn(file));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private Fed moveIn(int file) throws IOException {
        return moveInStaged(stage(file));
    }

    /** Writes {@code file} beside the watched directory, not yet in it; its modification time is now. */
    Path stage(int file) throws IOException {
        var text = new StringBuilder();
        for (int line = 1; line <= lines(file); line++) {
            text.append("file ").append(file).append(" line ").append(line).append('\n');
        }
        return Files.writeString(staging.resolve(name(file)), text, StandardCharsets.UTF_8);
    }

    /** Moves a file written by {@link #stage} into the watched directory, keeping its modification time. */
    Fed moveInStaged(Path staged) throws IOException {
        int file = Integer.parseInt(staged.getFileName().toString().replaceAll("\\D", ""));
        Path moved = Files.move(staged, watched.resolve(staged.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        long movedAt = System.currentTimeMillis();
        return new Fed(file, moved, Files.getLastModifiedTime(moved).toMillis(), movedAt);
    }

    private static String name(int file) {
        return String.format("input-%02d.txt", file);
    }

    /** The files moved in so far, in order. */
    List<Fed> fed() {
        return List.copyOf(fed);
    }

    /** Waits until {@code count} files are in. */
    void awaitFed(int count) {
        Await.until(count + " input files fed", () -> failure != null || !thread.isAlive() || fed.size() >= count,
                () -> fed.size() + " fed");
        if (failure != null) {
            throw new AssertionError("feeding the input failed", failure);
        }
        if (fed.size() < count) {
            throw new AssertionError("the feeder stopped after " + fed.size() + " of " + count + " files");
        }
    }

    /** Waits until every file is in; returns the latest modification time among them. */
    long awaitAll() {
        awaitFed(files.size());
        return fed.stream().mapToLong(Fed::modifiedMillis).max().orElseThrow();
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
