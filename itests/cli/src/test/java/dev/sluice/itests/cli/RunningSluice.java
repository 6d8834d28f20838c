package dev.sluice.itests.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/sluice run ...} as a child process that keeps running: its standard output and error
 * go to a file the test reads while it runs. {@code bin/sluice} execs java, so {@link #stop()} is a
 * SIGTERM to the container's JVM.
 */
final class RunningSluice implements AutoCloseable {

    /** SIGTERM's exit status: the stream stopped gracefully on it. */
    static final int EXIT_ON_SIGTERM = 143;

    private final Process process;
    private final Path output;

    private RunningSluice(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static RunningSluice start(Distribution sluice, Path output, String... words) throws IOException {
        Process p = sluice.command(List.of(words), Map.of()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        return new RunningSluice(p, output);
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code text} in the output; fails at once if the process ends without printing it. */
    void awaitOutput(String text) {
        Await.until("'" + text + "' in the output", () -> {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("bin/sluice ended (status " + process.exitValue() + ") without printing '"
                        + text + "':\n" + output());
            }
            return false;
        }, this::output);
    }

    /** SIGTERM; the exit status once the process is gone. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/sluice did not stop on SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
