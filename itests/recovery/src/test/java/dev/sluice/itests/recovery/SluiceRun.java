package dev.sluice.itests.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One {@code bin/sluice run ...} of the built distribution as a child process. {@code bin/sluice}
 * execs java, so the child is the container's JVM: {@link #kill()} is a SIGKILL to it and
 * {@link #stop()} a SIGTERM. Its stdout and stderr (where {@code sluice run} logs at INFO) go to a file.
 */
final class SluiceRun implements AutoCloseable {

    /** Every child still running when the test JVM exits is killed, whatever the test did. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kill-sluice-children"));
    }

    /**
     * These tests start the container about thirty times. On two cores the C2 compiler's and
     * parallel GC's threads roughly double a start (about 3 s against 6 s); what is tested is
     * where the kills land in Sluice's work, which no JIT or GC choice changes.
     */
    private static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final String name;
    private final Process process;
    private final Path log;

    private SluiceRun(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code bin/sluice run <arguments>} from {@code distribution}, logging to {@code log}.
     * The framework's storage goes to {@code frameworkStorage}, so that a killed container leaves
     * nothing in the distribution's {@code data/}.
     */
    static SluiceRun start(String name, Path distribution, List<String> arguments, Path frameworkStorage, Path log)
            throws IOException {
        var command = new ArrayList<String>();
        command.add(distribution.resolve("bin/sluice").toString());
        command.add("run");
        // these tests follow the runtime's INFO lines (recovery, stop) on the console
        command.add("--log-level");
        command.add("info");
        command.addAll(arguments);
        var builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", JVM_OPTIONS + " -Dorg.osgi.framework.storage=" + frameworkStorage);
        Process process = builder.start();
        LIVE.add(process);
        return new SluiceRun(name, process, log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    String output() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code text} in the output; fails at once if the process ends without printing it. */
    void awaitOutput(String text) {
        await("'" + text + "' in the output of " + name, () -> output().contains(text));
    }

    /** The stream runs (after its recovery, if it had a checkpoint to recover from). */
    void awaitStarted() {
        awaitOutput("Stream " + LineCountApp.NAME + " started");
    }

    /** Polls {@code done} every {@code every}, failing at once if the process ends. */
    void await(String what, Duration every, BooleanSupplier done) {
        Await.until(what, every, this::isAlive, done, this::describe);
    }

    void await(String what, BooleanSupplier done) {
        await(what, Await.POLL, done);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM; returns the exit status once the process is gone. */
    int stop() {
        process.destroy();
        return waitForExit();
    }

    /** Waits for the process to end by itself; returns its exit status. */
    int awaitExit() {
        return waitForExit();
    }

    private int waitForExit() {
        try {
            if (!process.waitFor(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new AssertionError(name + " did not end within " + Await.TIMEOUT.toSeconds() + " s; killed."
                        + " Output:\n" + output());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } finally {
            if (!process.isAlive()) {
                LIVE.remove(process);
            }
        }
        return process.exitValue();
    }

    private String describe() {
        String state = process.isAlive() ? "running" : "ended with status " + process.exitValue();
        return name + " (pid " + process.pid() + ") " + state + "; output:\n" + output();
    }

    /** Kills the process if it still runs: a test never leaves a container behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        LIVE.remove(process);
    }
}
