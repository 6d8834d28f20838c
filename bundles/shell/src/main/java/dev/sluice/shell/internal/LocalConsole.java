package dev.sluice.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.sluice.api.management.StreamManager;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/sluice} without arguments: when the launcher sets {@value #CONSOLE}, the shell on
 * the process's terminal, once the container has started; leaving it stops the container.
 */
@Component(immediate = true)
public class LocalConsole {

    static final String CONSOLE = "sluice.console";

    private static final Logger LOG = LoggerFactory.getLogger(LocalConsole.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StreamManager streams;

    private final CommandProcessor processor;
    private final LauncherExit exit;
    private final ApplicationCatalog applications;
    private Thread console;

    @Activate
    public LocalConsole(@Reference CommandProcessor processor, @Reference LauncherExit exit,
                        @Reference ApplicationCatalog applications) {
        this.processor = processor;
        this.exit = exit;
        this.applications = applications;
    }

    @Activate
    void activate(BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty(CONSOLE))) {
            return;
        }
        console = new Thread(() -> run(context), "sluice-console");
        console.setDaemon(true);
        console.start();
    }

    @Deactivate
    void deactivate() {
        if (console != null) {
            console.interrupt();
        }
    }

    private void run(BundleContext context) {
        Path home = Path.of(context.getProperty("sluice.home") == null ? "." : context.getProperty("sluice.home"));
        int status;
        try {
            FrameworkStarted.await(context, HeadlessExec.STARTUP);
            try (var terminal = Terminals.system()) {
                var loop = new ShellLoop(terminal, processor, new ShellCompleter(context, () -> streams, applications),
                        home.resolve("data/history"), Terminals.prompt(context));
                loop.run(greeting(home));
                status = 0;
            }
        } catch (InterruptedException e) {
            return; // the container is stopping
        } catch (IOException | RuntimeException e) {
            LOG.error("The shell could not run on this terminal: {}", e.getMessage(), e);
            Terminal.ERR.println("sluice: the shell could not run on this terminal: " + ErrorText.of(e));
            status = 1;
        }
        exit.exit(status);
    }

    /** etc/motd, shown when a shell starts. */
    static String greeting(Path home) {
        try {
            return Files.readString(home.resolve("etc/motd")).stripTrailing();
        } catch (IOException e) {
            return "";
        }
    }
}
