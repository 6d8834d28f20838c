package dev.sluice.shell.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code sluice client}: the shell on the client's terminal, over the SSH channel. */
final class SshShell extends SshCommand {

    private static final Logger LOG = LoggerFactory.getLogger(SshShell.class);

    private final CommandProcessor processor;
    private final ShellCompleter completer;
    private final Path history;
    private final String name;
    private final String greeting;

    SshShell(CommandProcessor processor, ShellCompleter completer, Path history, String name, String greeting) {
        this.processor = processor;
        this.completer = completer;
        this.history = history;
        this.name = name;
        this.greeting = greeting;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Map<String, String> vars = env.getEnv();
        Terminal terminal = Terminals.remote(in, out, vars.getOrDefault(Environment.ENV_TERM, "xterm"),
                number(vars.get(Environment.ENV_COLUMNS)), number(vars.get(Environment.ENV_LINES)));
        env.addSignalListener((ch, signal) -> {
            terminal.setSize(new Size(number(env.getEnv().get(Environment.ENV_COLUMNS)),
                    number(env.getEnv().get(Environment.ENV_LINES))));
            terminal.raise(Terminal.Signal.WINCH);
        }, Signal.WINCH);
        String user = channel.getSession().getUsername();
        startThread("sluice-ssh-shell-" + user, () -> {
            try (terminal) {
                new ShellLoop(terminal, processor, completer, history, user + "@" + name + "> ").run(greeting);
                return 0;
            } catch (IOException | RuntimeException e) {
                LOG.warn("The remote shell of {} ended with an error: {}", user, e.getMessage(), e);
                return 1;
            }
        });
    }

    private static int number(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
