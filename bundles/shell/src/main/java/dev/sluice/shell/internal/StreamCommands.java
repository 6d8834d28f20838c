package dev.sluice.shell.internal;

import dev.sluice.api.management.ClosestName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import dev.sluice.api.spi.StreamingApplication;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code stream:} Gogo commands. They return data objects; {@link StreamConverter} turns
 * them into text. A mistyped application or key is caught here, with the closest name suggested,
 * before the {@link StreamManager} sees it.
 */
@Component(service = StreamCommands.class, property = {
        "osgi.command.scope=" + StreamCommands.SCOPE,
        "osgi.command.function=list",
        "osgi.command.function=start",
        "osgi.command.function=stop",
        "osgi.command.function=status",
        "osgi.command.function=batches",
        "osgi.command.function=info",
        "osgi.command.function=checkpoint",
        "osgi.command.function=discardState",
        "osgi.command.function=plugins"})
public class StreamCommands {

    static final String SCOPE = "stream";

    private final StreamManager streams;
    private final ApplicationCatalog applications;
    private final KeyCatalog keys;

    @Activate
    public StreamCommands(@Reference StreamManager streams, @Reference ApplicationCatalog applications) {
        this.streams = streams;
        this.applications = applications;
        this.keys = new KeyCatalog(streams);
    }

    @Descriptor("lists the applications and the state of their streams")
    public StreamList list() {
        return new StreamList(streams.list());
    }

    @Descriptor("starts an application's stream")
    public StreamStatus start(
            @Descriptor("the application, as stream:list names it") String application,
            @Descriptor("arguments as key=value, e.g. port=9999 batch=500ms parallelism=2") String... arguments) {
        Config args = Config.parse(List.of(arguments));
        checkKeys(known(application), args);
        StreamStatus status = streams.start(application, args);
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
        return streams.stop(known(application), graceful);
    }

    @Descriptor("lets a stream held for a new version that does not fit its state go on with that version, dropping"
            + " the state it has no fitting operator for")
    public StreamStatus discardState(@Descriptor("the application, as stream:list names it") String application) {
        return streams.discardState(known(application));
    }

    @Descriptor("shows a stream's latest checkpoint: its batch time, the last completed batch and the state in it")
    public CheckpointStatus checkpoint(@Descriptor("the application, as stream:list names it") String application) {
        return streams.checkpoint(known(application));
    }

    @Descriptor("shows a stream's state, arguments, input rate, pending batches, latest batches, receivers and last error")
    public StatusReport status(
            @Descriptor("how many of the latest batches to show")
            @Parameter(names = {"-b", "--batches"}, absentValue = "1") int batches,
            @Descriptor("the application, as stream:list names it") String application) {
        StreamStatus status = streams.status(known(application));
        return new StatusReport(status, batches, interval(status));
    }

    @Descriptor("lists a stream's latest batches: local time, records, input rate, delays, and their averages")
    public BatchReport batches(
            @Descriptor("how many batches to show (the runtime keeps the latest 100)")
            @Parameter(names = {"-n", "--number"}, absentValue = "10") int number,
            @Descriptor("the application, as stream:list names it") String application) {
        if (number < 1) {
            throw new SluiceException("-n is how many batches to show and must be at least 1, got " + number);
        }
        StreamStatus status = streams.status(known(application));
        return new BatchReport(application, status.recentBatches(), number, interval(status));
    }

    @Descriptor("describes an application: what it does, every key it takes with type, default and meaning, and an example")
    public ApplicationHelp info(@Descriptor("the application, as stream:list names it") String application) {
        StreamingApplication app = applications.find(known(application))
                .orElseThrow(() -> new SluiceException("application '" + application + "' is being replaced; try again"));
        return new ApplicationHelp(application, app.description(), app.defaultBatchInterval(),
                keys.applicationKeys(app), keys.contextKeys());
    }

    @Descriptor("lists the installed source, operator and sink plugins, the bundles providing them, and the keys they take")
    public PluginList plugins() {
        return new PluginList(streams.plugins());
    }

    /** {@code application} if it is installed; otherwise an error naming the closest one and all of them. */
    private String known(String application) {
        List<String> names = streams.list().stream().map(StreamSummary::application).sorted().toList();
        if (names.contains(application)) {
            return application;
        }
        throw unknownApplication(application, names);
    }

    /** The error for an application that is not installed, with the closest name and all of them. */
    static SluiceException unknownApplication(String application, List<String> installed) {
        return new SluiceException(installed.isEmpty() ? "no application '" + application + "': no applications are installed"
                : "no application '" + application + "'" + ClosestName.didYouMean(application, installed)
                + " (installed: " + String.join(", ", installed) + ")");
    }

    private void checkKeys(String application, Config args) {
        Optional<StreamingApplication> app = applications.find(application);
        List<KeyHelp> common = keys.contextKeys();
        if (app.isEmpty() || common.isEmpty()) {
            return; // the manager checks the keys itself; this is only for a closer suggestion
        }
        List<String> known = new ArrayList<>(Stream.concat(keys.applicationKeys(app.get()).stream(),
                common.stream()).map(KeyHelp::key).toList());
        for (String key : args.asMap().keySet()) {
            if (!known.contains(key)) {
                throw new SluiceException("unknown key '" + key + "' for " + application
                        + ClosestName.didYouMean(key, known) + " (it takes " + String.join(", ", known)
                        + "; stream:info " + application + " describes them)");
            }
        }
    }

    private Optional<java.time.Duration> interval(StreamStatus status) {
        return BatchInterval.of(Config.of(status.arguments()), applications.find(status.application()));
    }
}
