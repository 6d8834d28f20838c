package dev.sluice.itests.plugin;

import dev.sluice.api.spi.OperatorProvider;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the operator as any bundle can: an {@link OperatorProvider} service with its type property. */
public final class ShoutOperatorActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(OperatorProvider.TYPE, "shout");
        context.registerService(OperatorProvider.class, new ShoutOperatorProvider(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
