package dev.sluice.itests.plugin;

import dev.sluice.api.spi.OperatorProvider;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the {@code counting} operator in its version with another state type. */
public final class TextStateOperatorActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(OperatorProvider.TYPE, "counting");
        context.registerService(OperatorProvider.class, new TextStateOperatorProvider(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
