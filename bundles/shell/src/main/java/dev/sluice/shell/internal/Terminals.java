package dev.sluice.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.BundleContext;

/** JLine terminals for the shell: the process's own, or one over an SSH channel's streams. */
final class Terminals {

    private Terminals() {
    }

    /** The process's terminal. Ctrl-C is ignored outside the shell's own handling, so it never ends the container. */
    static Terminal system() throws IOException {
        return build(TerminalBuilder.builder().system(true).name("sluice").nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN));
    }

    /** A terminal over a remote session's streams, of the type and size its client says. */
    static Terminal remote(InputStream in, OutputStream out, String type, int columns, int rows) throws IOException {
        Terminal terminal = build(TerminalBuilder.builder().system(false).name("sluice-ssh").type(type)
                .streams(in, out).encoding(java.nio.charset.StandardCharsets.UTF_8));
        if (columns > 0 && rows > 0) {
            terminal.setSize(new Size(columns, rows));
        }
        return terminal;
    }

    /** JLine finds its terminal providers through the context class loader: give it its own bundle's. */
    private static Terminal build(TerminalBuilder builder) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            return builder.build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@code user@name> }, the container's name from {@code sluice.name} (default {@code sluice}). */
    static String prompt(BundleContext context) {
        return prompt(System.getProperty("user.name", "sluice"), context);
    }

    static String prompt(String user, BundleContext context) {
        String name = context.getProperty("sluice.name");
        return user + "@" + (name == null || name.isBlank() ? "sluice" : name) + "> ";
    }
}
