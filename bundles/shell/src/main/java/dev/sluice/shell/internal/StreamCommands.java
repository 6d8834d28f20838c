package dev.sluice.shell.internal;

import java.util.List;
import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code stream:} Gogo commands. They return data objects; {@link StreamConverter} turns
 * them into text. Errors from the {@link StreamManager} (unknown application, bad argument)
 * pass through unchanged: their messages already say what exists.
 */
@Component(service = StreamCommands.class, property = {
        "osgi.command.scope=" + StreamCommands.SCOPE,
        "osgi.command.function=list",
        "osgi.command.function=start",
        "osgi.command.function=stop",
        "osgi.command.function=status",
        "osgi.command.function=checkpoint",
        "osgi.command.function=plugins"})
public class StreamCommands {

    static final String SCOPE = "stream";

    private final StreamManager streams;

    @Activate
    public StreamCommands(@Reference StreamManager streams) {
        this.streams = streams;
    }

    @Descriptor("lists the applications and the state of their streams")
    public StreamList list() {
        return new StreamList(streams.list());
    }

    @Descriptor("starts an application's stream")
    public StreamStatus start(
            @Descriptor("the application, as stream:list names it") String application,
            @Descriptor("arguments as key=value, e.g. port=9999 batch=500ms parallelism=2") String... arguments) {
        StreamStatus status = streams.start(application, Config.parse(List.of(arguments)));
        if (status.state() == StreamState.FAILED) {
            // e.g. the application rejected an argument: that is this command's error, not a result
            throw new SluiceException(application + " failed: " + status.lastError().orElse("no reason given"));
        }
        return status;
    }

    @Descriptor("stops an application's stream: at once (its next start recovers from its checkpoint), or with"
            + " --graceful after the batches of what it received and a final checkpoint")
    public StreamStatus stop(
            @Descriptor("stop receiving, finish every received batch and its outputs, write a final checkpoint")
            @Parameter(names = {"-g", "--graceful"}, presentValue = "true", absentValue = "false") boolean graceful,
            @Descriptor("the application, as stream:list names it") String application) {
        return streams.stop(application, graceful);
    }

    @Descriptor("shows a stream's latest checkpoint: its batch time, the last completed batch and the state in it")
    public CheckpointStatus checkpoint(@Descriptor("the application, as stream:list names it") String application) {
        return streams.checkpoint(application);
    }

    @Descriptor("shows a stream's state, arguments, batches, delays, receivers and last error")
    public StatusReport status(
            @Descriptor("how many of the latest batches to show")
            @Parameter(names = {"-b", "--batches"}, absentValue = "1") int batches,
            @Descriptor("the application, as stream:list names it") String application) {
        return new StatusReport(streams.status(application), batches);
    }

    @Descriptor("lists the installed source, operator and sink plugins, the bundles providing them, and the keys they take")
    public PluginList plugins() {
        return new PluginList(streams.plugins());
    }
}
