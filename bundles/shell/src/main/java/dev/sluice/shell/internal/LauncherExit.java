package dev.sluice.shell.internal;

import java.util.function.IntConsumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the container with an exit status. The launcher offers an {@link IntConsumer} service with
 * {@value #LAUNCHER_PROPERTY}{@code =exit} that stops the framework and exits the JVM with the
 * status; without a launcher (e.g. in tests) the framework is stopped and the status only logged.
 */
@Component(service = LauncherExit.class)
public class LauncherExit {

    static final String LAUNCHER_PROPERTY = "sluice.launcher";

    private static final Logger LOG = LoggerFactory.getLogger(LauncherExit.class);

    @Reference(target = "(" + LAUNCHER_PROPERTY + "=exit)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile IntConsumer launcher;

    private final BundleContext context;

    @Activate
    public LauncherExit(BundleContext context) {
        this.context = context;
    }

    void exit(int status) {
        IntConsumer exit = launcher;
        if (exit != null) {
            exit.accept(status);
            return;
        }
        LOG.warn("No launcher to hand exit status {} to; stopping the framework", status);
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not stop the framework", e);
        }
    }
}
