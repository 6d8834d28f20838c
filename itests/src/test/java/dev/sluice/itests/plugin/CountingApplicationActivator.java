package dev.sluice.itests.plugin;

import dev.sluice.api.spi.StreamingApplication;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@code counting-app} in this bundle's major version. */
public final class CountingApplicationActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(StreamingApplication.NAME, "counting-app");
        String version = "v" + context.getBundle().getVersion().getMajor();
        context.registerService(StreamingApplication.class, new CountingApplication(version), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
