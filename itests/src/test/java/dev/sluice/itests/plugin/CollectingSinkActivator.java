package dev.sluice.itests.plugin;

import dev.sluice.api.spi.SinkProvider;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the sink as any bundle can: a {@link SinkProvider} service with its type property. */
public final class CollectingSinkActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(SinkProvider.TYPE, "collecting");
        context.registerService(SinkProvider.class, new CollectingSinkProvider(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
