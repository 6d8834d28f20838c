package dev.sluice.runtime.internal.context;

import dev.sluice.api.StreamingContext;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.spi.StreamingEngine;
import dev.sluice.runtime.internal.plugin.ServiceLoaderPlugins;
import dev.sluice.runtime.internal.time.SystemClock;

/** The runtime outside OSGi: found by ServiceLoader, with plugins from the class path. */
public final class RuntimeEngine implements StreamingEngine {

    @Override
    public StreamingContext createContext(StreamingSettings settings) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new StreamingContextImpl(settings, SystemClock.INSTANCE,
                new ServiceLoaderPlugins(loader != null ? loader : RuntimeEngine.class.getClassLoader()));
    }
}
