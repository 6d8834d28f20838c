package dev.sluice.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Whether every application that will come is there: the framework has started (bundle/ is
 * installed and started) and every jar in deploy/ has been installed and started by FileInstall
 * (a fragment: resolved). Until then a missing application may still arrive; after, it is a typo.
 * FileInstall installs a jar some time before it starts it, and an application's service comes
 * only with the start. A jar that cannot start (a dependency missing) keeps it unsettled: the
 * runner's patience bounds that wait.
 */
final class ContainerSettled implements BooleanSupplier {

    private final BundleContext context;
    private final Path deploy;

    ContainerSettled(BundleContext context) {
        this.context = context;
        String home = context.getProperty("sluice.home");
        this.deploy = Path.of(home == null ? "." : home).resolve("deploy");
    }

    @Override
    public boolean getAsBoolean() {
        return context.getBundle(0).getState() == Bundle.ACTIVE && !deployPending();
    }

    private static boolean started(Bundle b) {
        boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
        return b.getState() == Bundle.ACTIVE || (fragment && b.getState() == Bundle.RESOLVED);
    }

    private boolean deployPending() {
        if (!Files.isDirectory(deploy)) {
            return false;
        }
        try (var files = Files.list(deploy)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                    .anyMatch(n -> Arrays.stream(context.getBundles()).noneMatch(b -> b.getLocation().endsWith("/" + n)
                            && started(b)));
        } catch (IOException e) {
            return false;
        }
    }
}
