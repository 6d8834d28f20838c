package dev.sluice.shell.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

/** {@code sluice client '<command>'}: one command line, its result, and 0 or 1 as the exit status. */
final class SshExec extends SshCommand {

    private final CommandProcessor processor;
    private final String line;

    SshExec(CommandProcessor processor, String line) {
        this.processor = processor;
        this.line = line;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        startThread("sluice-ssh-exec", () -> {
            var stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
            var stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
            CommandSession session = ShellSession.configure(processor.createSession(in, stdout, stderr));
            try {
                return new OneCommand(Clock.systemUTC(), Pause.SLEEP, HeadlessRun.PATIENCE)
                        .run(line, HeadlessExec.shell(session), stdout, stderr);
            } catch (InterruptedException e) {
                return 130;
            } finally {
                session.close();
            }
        });
    }
}
