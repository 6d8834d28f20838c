package dev.sluice.shell.internal;

import java.io.IOException;
import java.time.Clock;
import dev.sluice.api.Config;
import dev.sluice.api.management.StreamManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * {@code sluice run FILE [key=value ...]}: when the launcher sets {@value #RUN_FILE}, hands the
 * file's keys (the command line's winning) to the runtime as a declared stream's configuration,
 * the same way FileInstall hands it a file of etc/, and keeps the container running while that
 * stream runs. A file the runtime refuses ends the container with status 1 and its one-line error.
 * The configuration lives in this container's framework storage only, so the stream is not
 * started again by a later container.
 */
@Component(immediate = true)
public class HeadlessDeclaredRun {

    static final String RUN_FILE = "sluice.run.file";

    private static final Logger LOG = LoggerFactory.getLogger(HeadlessDeclaredRun.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StreamManager streams;

    private final LauncherExit exit;
    private final ConfigurationAdmin configurations;
    private Thread runner;

    @Activate
    public HeadlessDeclaredRun(@Reference LauncherExit exit, @Reference ConfigurationAdmin configurations) {
        this.exit = exit;
        this.configurations = configurations;
    }

    @Activate
    void activate(BundleContext context) {
        String file = context.getProperty(RUN_FILE);
        if (file == null || file.isBlank()) {
            return;
        }
        var args = HeadlessRun.words(context.getProperty(HeadlessRun.RUN_ARGS));
        var settled = new ContainerSettled(context);
        runner = new Thread(() -> run(file, args, settled), "sluice-run");
        runner.setDaemon(true);
        runner.start();
    }

    @Deactivate
    void deactivate() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    private void run(String file, java.util.List<String> args, ContainerSettled settled) {
        var app = new ApplicationRunner(() -> streams, Clock.systemUTC(), Pause.SLEEP, HeadlessRun.PATIENCE, settled,
                Terminal.ERR);
        int status;
        try {
            DeclaredFile declared = DeclaredFile.read(file, Config.parse(args));
            Configuration configuration = configurations.createFactoryConfiguration(DeclaredFile.PID, "?");
            configuration.update(declared.properties());
            status = app.runDeclared(declared.name(), declared.entry(), file);
        } catch (InterruptedException e) {
            return; // the container is stopping
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not run {}", file, e);
            Terminal.ERR.println("sluice: " + ErrorText.of(e));
            status = 1;
        }
        exit.exit(status);
    }
}
