package dev.sluice.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamGraph;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;

/** A StreamManager over a map of applications whose states a test sets; errors read like the runtime's. */
final class FakeStreamManager implements StreamManager {

    final Map<String, StreamState> states = new LinkedHashMap<>();
    final Map<String, Config> started = new LinkedHashMap<>();
    final List<PluginDescription> plugins = new ArrayList<>();
    /** The state a started application enters. */
    StreamState stateOnStart = StreamState.RUNNING;
    String lastError;

    FakeStreamManager offering(String application) {
        states.put(application, StreamState.STOPPED);
        return this;
    }

    @Override
    public List<StreamSummary> list() {
        return states.entrySet().stream().map(e -> new StreamSummary(e.getKey(), e.getValue(), "")).toList();
    }

    @Override
    public StreamStatus start(String application, Config args) {
        known(application);
        started.put(application, args);
        states.put(application, stateOnStart);
        return status(application);
    }

    @Override
    public StreamStatus stop(String application, boolean gracefully) {
        known(application);
        states.put(application, StreamState.STOPPED);
        stoppedGracefully = gracefully;
        return status(application);
    }

    /** Whether the last stop asked to be graceful. */
    boolean stoppedGracefully;

    @Override
    public dev.sluice.api.management.CheckpointStatus checkpoint(String application) {
        known(application);
        return new dev.sluice.api.management.CheckpointStatus(application, java.util.Optional.of("/var/ckpt"),
                java.util.Optional.of("checkpoint-000000000007"), java.util.Optional.of(new dev.sluice.api.Time(7000)),
                java.util.Optional.of(new dev.sluice.api.Time(6000)), List.of(new dev.sluice.api.Time(7000)),
                java.util.Map.of("totals", new dev.sluice.api.Time(4000)), java.util.Optional.empty());
    }

    @Override
    public StreamStatus status(String application) {
        known(application);
        Config args = started.getOrDefault(application, Config.empty());
        return new StreamStatus(application, states.get(application), args.asMap(), List.of(), 0, 0, List.of(),
                List.of(), Optional.ofNullable(lastError));
    }

    @Override
    public StreamMetrics metrics(String application) {
        known(application);
        return new StreamMetrics(application, states.get(application), Optional.empty(), 0, 0, 0, 0, 0, 0, 0, 0,
                Optional.empty(), Optional.empty(), List.of());
    }

    @Override
    public StreamGraph graph(String application) {
        known(application);
        return new StreamGraph(application, List.of(), List.of());
    }

    @Override
    public List<PluginDescription> plugins() {
        return plugins;
    }

    /** A few of the runtime's common keys, as it declares them. */
    @Override
    public List<dev.sluice.api.spi.Parameter> contextKeys() {
        return List.of(dev.sluice.api.spi.Parameter.of("batch", null, "batch interval, e.g. 1s or 500ms"),
                dev.sluice.api.spi.Parameter.of("parallelism", "2", "worker threads"),
                dev.sluice.api.spi.Parameter.of("checkpoint", null, "checkpoint directory"));
    }

    private void known(String application) {
        if (!states.containsKey(application)) {
            throw new SluiceException("no application '" + application + "'; installed applications: "
                    + String.join(", ", states.keySet()));
        }
    }
}
