package dev.sluice.shell.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interactive shell on a terminal, local or over SSH: a JLine line editor with completion
 * and history, each line run as a Gogo command, its result formatted or its error in one line.
 * Ctrl-C clears the line or interrupts the running command; Ctrl-D, {@code exit} and
 * {@code logout} leave.
 */
final class ShellLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ShellLoop.class);

    private final Terminal terminal;
    private final CommandProcessor processor;
    private final ShellCompleter completer;
    private final Path history;
    private final String prompt;

    ShellLoop(Terminal terminal, CommandProcessor processor, ShellCompleter completer, Path history, String prompt) {
        this.terminal = terminal;
        this.processor = processor;
        this.completer = completer;
        this.history = history;
        this.prompt = prompt;
    }

    /** Runs until the user leaves (Ctrl-D, exit, logout). */
    void run(String greeting) {
        var out = new PrintStream(terminal.output(), true);
        CommandSession session = ShellSession.configure(processor.createSession(terminal.input(), out, out));
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("sluice")
                .completer((r, line, candidates) -> completer.complete(session, line, candidates))
                .variable(LineReader.HISTORY_FILE, history)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is no history expansion
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
        try {
            if (!greeting.isEmpty()) {
                terminal.writer().println(greeting);
            }
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    break; // Ctrl-D
                }
                String command = line.strip();
                if (command.isEmpty()) {
                    continue;
                }
                if (command.equals("exit") || command.equals("logout")) {
                    break;
                }
                execute(session, command);
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (java.io.IOException e) {
                LOG.warn("Could not save the shell history to {}: {}", history, e.getMessage());
            }
            session.close();
        }
    }

    /** Runs one line; Ctrl-C meanwhile interrupts it. Returns 0 if it worked, 1 if not. */
    int execute(CommandSession session, String line) {
        Thread worker = Thread.currentThread();
        // through Gogo's job, so that its job control knows the command ended
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> {
            Job job = session.foregroundJob();
            if (job != null) {
                job.interrupt();
            } else {
                worker.interrupt();
            }
        });
        try {
            Object result = session.execute(line);
            if (result != null) {
                terminal.writer().println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (InterruptedException e) {
            terminal.writer().println("interrupted");
            return 1;
        } catch (Exception e) {
            LOG.debug("Shell command failed: {}", line, e);
            terminal.writer().println(completer.explain(session, line, e));
            return 1;
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a Ctrl-C that came as the command ended must not hit the next one
            terminal.writer().flush();
        }
    }
}
