package dev.sluice.api.spi;

import dev.sluice.api.StreamingContext;
import dev.sluice.api.StreamingSettings;
import org.osgi.annotation.versioning.ProviderType;

/** Implemented by the runtime and found by {@link java.util.ServiceLoader} for {@link StreamingContext#create}. */
@ProviderType
public interface StreamingEngine {

    StreamingContext createContext(StreamingSettings settings);
}
