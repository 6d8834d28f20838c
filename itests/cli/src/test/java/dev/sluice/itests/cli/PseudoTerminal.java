package dev.sluice.itests.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * bin/sluice on a real pseudo-terminal, as a person at a terminal runs it: util-linux's
 * {@code script} makes the terminal (120 x 40) and passes what the test types to it, and
 * what the shell writes back. Keys are typed as the terminal sends them ({@code \t}, Ctrl-C is
 * {@code \u0003}, the up arrow {@code ESC [ A}).
 */
final class PseudoTerminal implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream keys;
    private final StringBuffer screen = new StringBuffer();
    private int mark;

    private PseudoTerminal(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream()), "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static PseudoTerminal start(Distribution sluice, String... args) throws IOException {
        String line = "stty cols 120 rows 40; exec " + sluice.file("bin/sluice") + " " + String.join(" ", args);
        var builder = new ProcessBuilder(List.of("script", "-q", "-f", "-e", "-c", line, "/dev/null"))
                .directory(sluice.home().toFile()).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm");
        return new PseudoTerminal(builder.start());
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /**
     * Waits until {@code text} appears in what the terminal showed since the last wait, and returns
     * that part; later waits look only after it.
     */
    String await(String text) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            int at = screen.indexOf(text, mark);
            if (at >= 0) {
                String seen = screen.substring(mark, at + text.length());
                mark = at + text.length();
                return seen;
            }
            if (!process.isAlive() && screen.indexOf(text, mark) < 0) {
                throw new AssertionError("the shell ended before showing '" + text + "'; it showed: " + since());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + TIMEOUT.toSeconds() + " s for '" + text + "'; the terminal showed: "
                        + since());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** The prompt, once the shell is ready for the next line; returns what came before it. */
    String awaitPrompt() {
        return await("@sluice> ");
    }

    /** What the terminal showed after the last wait. */
    String since() {
        return screen.substring(Math.min(mark, screen.length()));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the shell did not end; it showed: " + since());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
