package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * One test's story: the application started afresh, input fed while it is killed and restarted,
 * then a final graceful stop and the checks of everything it wrote. What happens (kills, the
 * outputs) is printed as it happens, and every run's output when it closes, pass or fail.
 */
final class Scenario implements AutoCloseable {

    private final String name;
    private final LineCountApp app;
    private final InputFeeder feeder;
    private final long expectedLines;

    private Scenario(String name, LineCountApp app, InputFeeder feeder, long expectedLines) {
        this.name = name;
        this.app = app;
        this.feeder = feeder;
        this.expectedLines = expectedLines;
    }

    /**
     * Starts the application afresh in {@code root} and, once its first batch and checkpoint are
     * written, starts feeding {@code files} with gaps between {@code minGap} and {@code maxGap}.
     */
    static Scenario start(String name, Path root, List<Integer> files, long seed, Duration minGap, Duration maxGap) {
        LineCountApp app;
        try {
            app = new LineCountApp(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var scenario = new Scenario(name, app, app.feeder(files, seed, minGap, maxGap), InputFeeder.totalLines(files));
        scenario.note("scenario '%s': %d files, %d lines, input seed %d, under %s", name, files.size(),
                scenario.expectedLines, seed, root);
        try {
            app.startFresh();
            scenario.feeder.start();
        } catch (RuntimeException | AssertionError e) {
            scenario.close();
            throw e;
        }
        return scenario;
    }

    LineCountApp app() {
        return app;
    }

    InputFeeder feeder() {
        return feeder;
    }

    String name() {
        return name;
    }

    void note(String format, Object... args) {
        System.out.println(LocalTime.now() + " " + String.format(format, args));
    }

    /** SIGKILL to the running container; it must still have been running (not ended on its own). */
    SluiceRun crash(String moment) {
        SluiceRun run = app.current().orElseThrow();
        assertThat(run.isAlive()).as("%s was running before it was killed (%s); its output:%n%s", run.name(),
                moment, run.output()).isTrue();
        run.kill();
        note("killed %s (pid %d) %s; %d files fed; hidden outputs left: %s; checkpoint temporaries left: %s",
                run.name(), run.pid(), moment, feeder.fed().size(), app.hiddenOutputs(), app.checkpointTemporaries());
        return run;
    }

    /** Starts the next run and waits until its stream runs again. */
    SluiceRun restart() {
        app.start();
        return awaitRecovered();
    }

    /** Waits until the stream of the run last started runs again. */
    SluiceRun awaitRecovered() {
        SluiceRun run = app.current().orElseThrow();
        run.awaitStarted();
        note("%s (pid %d) recovered: %s", run.name(), run.pid(), recoveryLine(run));
        return run;
    }

    private static String recoveryLine(SluiceRun run) {
        return run.output().lines().filter(l -> l.contains("Recovering from checkpoint") || l.contains("cannot be used"))
                .map(String::strip).reduce((a, b) -> a + " | " + b).orElse("(no recovery logged)");
    }

    /**
     * Waits for the rest of the input and for the stream to catch up with it, stops the container
     * with SIGTERM and checks everything written since the start; returns the batches.
     */
    List<BatchOutputs.Batch> finish() {
        long lastModified = feeder.awaitAll();
        app.awaitCaughtUpWith(lastModified);
        SluiceRun last = app.running();
        int status = app.stopGracefully();
        note("%s stopped by SIGTERM with status %d", last.name(), status);
        assertThat(status).as("exit status of %s after SIGTERM; output:%n%s", last.name(), last.output())
                .isEqualTo(LineCountApp.EXIT_ON_SIGTERM);
        assertThat(last.output()).as("the graceful stop of %s", last.name()).contains(LineCountApp.STOPPED);
        BatchOutputs outputs = app.outputs();
        noteInput(feeder);
        note("outputs (batch time, count, total):%n%s", outputs.describe());
        var batches = outputs.assertConsistent(expectedLines, LineCountApp.BATCH.toMillis(),
                name + " (" + app.runs().size() + " runs)");
        assertThat(app.checkpointTemporaries()).as("half-written checkpoint files after the final clean stop (%s)",
                name).isEmpty();
        return batches;
    }

    /** Each file {@code input} moved in, with its modification time and when it arrived. */
    void noteInput(InputFeeder input) {
        note("input:%n  %s", String.join("\n  ", input.fed().stream().map(InputFeeder.Fed::toString).toList()));
    }

    @Override
    public void close() {
        feeder.close();
        app.close();
        System.out.println("===== " + name + ": output of each run\n" + app.report());
    }
}
