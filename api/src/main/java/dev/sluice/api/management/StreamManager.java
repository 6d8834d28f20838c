package dev.sluice.api.management;

import java.util.List;
import dev.sluice.api.Config;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The container's streams: one per registered application. Errors (unknown application, bad
 * argument) are {@link dev.sluice.api.SluiceException}s whose message says what exists.
 */
@ProviderType
public interface StreamManager {

    List<StreamSummary> list();

    /** Starts {@code application} with {@code args}; it may wait for plugins (see {@link StreamStatus#waitingFor()}). */
    StreamStatus start(String application, Config args);

    StreamStatus stop(String application);

    StreamStatus status(String application);

    List<PluginDescription> plugins();
}
