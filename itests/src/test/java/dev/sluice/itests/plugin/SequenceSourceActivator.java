package dev.sluice.itests.plugin;

import dev.sluice.api.spi.SourceProvider;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the plugin the way any bundle can: a {@link SourceProvider} service with its type property. */
public final class SequenceSourceActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(SourceProvider.TYPE, "sequence");
        context.registerService(SourceProvider.class, new SequenceSourceProvider(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
