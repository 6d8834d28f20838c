package dev.sluice.itests.recovery.countjoin;

import dev.sluice.api.spi.StreamingApplication;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@code count-join} and {@code records-join} when their test bundle starts (a test bundle, made without bnd). */
public final class CountJoinActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(StreamingApplication.NAME, CountJoinApplication.NAME);
        context.registerService(StreamingApplication.class, new CountJoinApplication(), properties);
        var records = new Hashtable<String, Object>();
        records.put(StreamingApplication.NAME, RecordsJoinApplication.NAME);
        context.registerService(StreamingApplication.class, new RecordsJoinApplication(), records);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
