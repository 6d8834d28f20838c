package dev.sluice.itests.plugin;

import dev.sluice.api.spi.OperatorProvider;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the {@code counting} operator of this bundle's major version ({@code v1}, {@code v2}, ...). */
public final class CountingOperatorActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(OperatorProvider.TYPE, "counting");
        String version = "v" + context.getBundle().getVersion().getMajor();
        context.registerService(OperatorProvider.class, new CountingOperatorProvider(version), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
