package dev.sluice.itests.recovery.histogram;

import dev.sluice.api.spi.StreamingApplication;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@code counts-of-counts} when its test bundle starts (a test bundle, made without bnd). */
public final class CountsOfCountsActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(StreamingApplication.NAME, CountsOfCountsApplication.NAME);
        context.registerService(StreamingApplication.class, new CountsOfCountsApplication(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
