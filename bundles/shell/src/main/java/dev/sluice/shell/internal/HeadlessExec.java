package dev.sluice.shell.internal;

import java.time.Clock;
import java.time.Duration;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code sluice exec '<command>'}: when the launcher sets the framework property {@value #EXEC},
 * runs that Gogo command line once the container has started, prints the result, and ends the
 * container with status 0, or 1 after printing the error.
 */
@Component(immediate = true)
public class HeadlessExec {

    static final String EXEC = "sluice.exec";
    static final Duration STARTUP = Duration.ofSeconds(60);

    private final CommandProcessor processor;
    private final LauncherExit exit;
    private Thread runner;

    @Activate
    public HeadlessExec(@Reference CommandProcessor processor, @Reference LauncherExit exit) {
        this.processor = processor;
        this.exit = exit;
    }

    @Activate
    void activate(BundleContext context) {
        String line = context.getProperty(EXEC);
        if (line == null || line.isBlank()) {
            return;
        }
        runner = new Thread(() -> run(context, line.strip()), "sluice-exec");
        runner.setDaemon(true);
        runner.start();
    }

    @Deactivate
    void deactivate() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    private void run(BundleContext context, String line) {
        int status;
        try {
            // commands of bundles at later start levels (the Gogo shell's) exist only then
            FrameworkStarted.await(context, STARTUP);
            CommandSession session = ShellSession.configure(processor.createSession(Terminal.IN, Terminal.OUT, Terminal.ERR));
            try {
                status = new OneCommand(Clock.systemUTC(), Pause.SLEEP, HeadlessRun.PATIENCE)
                        .run(line, shell(session), Terminal.OUT, Terminal.ERR);
            } finally {
                session.close();
            }
        } catch (InterruptedException e) {
            return; // the container is stopping
        }
        exit.exit(status);
    }

    static OneCommand.Shell shell(CommandSession session) {
        return new OneCommand.Shell() {
            @Override
            public Object execute(String line) throws Exception {
                return session.execute(line);
            }

            @Override
            public CharSequence format(Object result) {
                return session.format(result, Converter.INSPECT);
            }

            @Override
            public boolean has(String command) {
                return session.get(command) != null;
            }
        };
    }
}
