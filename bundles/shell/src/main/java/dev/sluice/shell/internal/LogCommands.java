package dev.sluice.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code stream:logs}: the container's log file from the shell, its end or followed as it grows. */
@Component(service = LogCommands.class, property = {
        "osgi.command.scope=" + StreamCommands.SCOPE,
        "osgi.command.function=logs"})
public class LogCommands {

    /** Where etc/org.ops4j.pax.logging.cfg writes, below the container's home. */
    static final String LOG_FILE = "log/sluice.log";

    private final Path file;

    @Activate
    public LogCommands(BundleContext context) {
        String home = context.getProperty("sluice.home");
        this.file = Path.of(home == null ? "." : home).resolve(LOG_FILE);
    }

    LogCommands(Path file) {
        this.file = file;
    }

    @Descriptor("shows the end of the container's log (log/sluice.log); with -f follows it until Ctrl-C")
    public void logs(CommandSession session,
            @Descriptor("how many of the last lines to show")
            @Parameter(names = {"-n", "--lines"}, absentValue = "20") int lines,
            @Descriptor("keep printing lines as they are logged, until Ctrl-C")
            @Parameter(names = {"-f", "--follow"}, presentValue = "true", absentValue = "false") boolean follow)
            throws IOException, InterruptedException {
        PrintStream out = session.getConsole();
        var tail = new LogTail(file);
        tail.last(lines).forEach(out::println);
        out.flush();
        while (follow && !Thread.currentThread().isInterrupted()) {
            tail.awaitMore().forEach(out::println);
            out.flush();
        }
    }
}
