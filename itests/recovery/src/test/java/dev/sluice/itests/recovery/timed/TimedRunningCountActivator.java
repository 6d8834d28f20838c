package dev.sluice.itests.recovery.timed;

import dev.sluice.api.spi.OperatorProvider;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Registers {@code timed-running-count}, {@code word-lines-by-window} and {@code summed-running-count}
 * when their test bundle starts (a test bundle, made without bnd).
 */
public final class TimedRunningCountActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        var properties = new Hashtable<String, Object>();
        properties.put(OperatorProvider.TYPE, TimedRunningCount.TYPE);
        context.registerService(OperatorProvider.class, new TimedRunningCount(), properties);
        var lines = new Hashtable<String, Object>();
        lines.put(OperatorProvider.TYPE, WordLinesByWindow.TYPE);
        context.registerService(OperatorProvider.class, new WordLinesByWindow(), lines);
        var summed = new Hashtable<String, Object>();
        summed.put(OperatorProvider.TYPE, SummedRunningCount.TYPE);
        context.registerService(OperatorProvider.class, new SummedRunningCount(), summed);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
