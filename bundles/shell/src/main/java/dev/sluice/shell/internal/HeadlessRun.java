package dev.sluice.shell.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import dev.sluice.api.Config;
import dev.sluice.api.management.StreamManager;
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
 * {@code sluice run <app> [key=value ...]}: when the launcher sets the framework property
 * {@value #RUN} (and {@value #RUN_ARGS}), starts that application and keeps the container running
 * while its stream runs. An unknown application or a bad argument ends the container with status 1.
 */
@Component(immediate = true)
public class HeadlessRun {

    static final String RUN = "sluice.run";
    static final String RUN_ARGS = "sluice.run.args";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HeadlessRun.class);

    // optional, so that a container without a runtime says so instead of waiting silently
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StreamManager streams;

    private final LauncherExit exit;
    private Thread runner;

    @Activate
    public HeadlessRun(@Reference LauncherExit exit) {
        this.exit = exit;
    }

    @Activate
    void activate(BundleContext context) {
        String application = context.getProperty(RUN);
        if (application == null || application.isBlank()) {
            return;
        }
        List<String> args = words(context.getProperty(RUN_ARGS));
        var settled = new ContainerSettled(context);
        runner = new Thread(() -> run(application.strip(), args, settled), "sluice-run");
        runner.setDaemon(true);
        runner.start();
    }

    @Deactivate
    void deactivate() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    private void run(String application, List<String> args, ContainerSettled settled) {
        var app = new ApplicationRunner(() -> streams, Clock.systemUTC(), Pause.SLEEP, PATIENCE, settled, Terminal.ERR);
        int status;
        try {
            status = app.run(application, Config.parse(args));
        } catch (InterruptedException e) {
            return; // the container is stopping
        } catch (RuntimeException e) {
            LOG.debug("Could not run {}", application, e);
            Terminal.ERR.println("sluice: " + ErrorText.of(e));
            status = 1;
        }
        exit.exit(status);
    }

    /** The launcher joins the arguments with this character, which no argument typed has, so spaces stay. */
    static final String SEPARATOR = "\u001f";

    static List<String> words(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(SEPARATOR));
    }
}
