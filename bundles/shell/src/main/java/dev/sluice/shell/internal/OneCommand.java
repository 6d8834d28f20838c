package dev.sluice.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.sluice.api.SluiceException;

/**
 * What {@code sluice exec '<command>'} does inside the container: run one Gogo command line,
 * print its result, and say by the exit status whether it worked.
 */
final class OneCommand {

    /** The part of a Gogo session this needs. */
    interface Shell {

        Object execute(String line) throws Exception;

        CharSequence format(Object result);

        /** Whether a command such as {@code stream:list} is registered. */
        boolean has(String command);
    }

    /** Registered once the runtime's StreamManager is there, which may be after the framework started. */
    static final String STREAM_COMMAND = StreamCommands.SCOPE + ":list";

    private final Clock clock;
    private final Pause pause;
    private final Duration patience;

    OneCommand(Clock clock, Pause pause, Duration patience) {
        this.clock = clock;
        this.pause = pause;
        this.patience = patience;
    }

    /** Runs {@code line}; prints the result to {@code out} or one line of error to {@code err}; returns the exit status. */
    int run(String line, Shell shell, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            if (line.contains(StreamCommands.SCOPE + ":")) {
                awaitStreamCommands(shell);
            }
            Object result = shell.execute(line);
            if (result != null) {
                out.println(shell.format(result));
            }
            out.flush();
            return 0;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            err.println("sluice: " + ErrorText.of(e));
            return 1;
        }
    }

    private void awaitStreamCommands(Shell shell) throws InterruptedException {
        Instant deadline = clock.instant().plus(patience);
        while (!shell.has(STREAM_COMMAND)) {
            if (!clock.instant().isBefore(deadline)) {
                throw new SluiceException("the stream: commands are not available: no StreamManager service appeared within "
                        + patience.toSeconds() + " s; check that bundle/ holds the sluice-runtime bundle and that it resolves");
            }
            pause.pause(ApplicationRunner.POLL);
        }
    }
}
