package dev.sluice.itests.recovery.join;

import dev.sluice.api.spi.StreamingApplication;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@code side-by-side} when its test bundle starts (a test bundle, made without bnd). */
public final class SideBySideActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(StreamingApplication.NAME, SideBySideApplication.NAME);
        context.registerService(StreamingApplication.class, new SideBySideApplication(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
