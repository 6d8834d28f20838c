package dev.sluice.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code sluice run <app>} does inside the container: start the application as soon as the
 * {@link StreamManager} has it (applications register asynchronously), then follow its stream
 * until it stops or fails. The manager has no events to wait on, so both steps poll it.
 */
final class ApplicationRunner {

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration FOLLOW = Duration.ofSeconds(1);
    /** After this long without the application, say what is awaited, so a typo does not look like a hang. */
    static final Duration SAY_WAITING = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationRunner.class);

    private final Supplier<StreamManager> manager;
    private final Clock clock;
    private final Pause pause;
    private final Duration patience;
    private final BooleanSupplier settled;
    private final PrintStream notices;

    /**
     * {@code manager} gives null while there is no manager; {@code settled} says when every
     * application that will come is there (the container started, no bundle waits in deploy/), so
     * a missing one is a mistake at once; {@code patience} bounds the wait until then.
     * {@code notices} gets one line when the stream starts and one when it stops.
     */
    ApplicationRunner(Supplier<StreamManager> manager, Clock clock, Pause pause, Duration patience,
                      BooleanSupplier settled, PrintStream notices) {
        this.manager = manager;
        this.clock = clock;
        this.pause = pause;
        this.patience = patience;
        this.settled = settled;
        this.notices = notices;
    }

    /** Runs {@code application} until its stream ends; returns 0 if it stopped, throws if it could not start or failed. */
    int run(String application, Config args) throws InterruptedException {
        return follow(start(application, args));
    }

    StreamStatus start(String application, Config args) throws InterruptedException {
        Instant begin = clock.instant();
        Instant deadline = begin.plus(patience);
        boolean said = false;
        while (true) {
            StreamManager streams = manager.get();
            boolean late = !clock.instant().isBefore(deadline);
            // asked before looking: an application that came as the container settled is seen, not missed
            boolean settledBefore = streams != null && settled.getAsBoolean();
            if (streams != null && offers(streams, application)) {
                return started(failIfFailed(streams.start(application, args)));
            }
            if (streams != null && (late || settledBefore)) {
                throw StreamCommands.unknownApplication(application,
                        streams.list().stream().map(StreamSummary::application).sorted().toList());
            }
            if (late) {
                throw noRuntime();
            }
            if (!said && !clock.instant().isBefore(begin.plus(SAY_WAITING))) {
                said = true;
                LOG.info("Waiting up to {} s for application {} to be installed; installed now: {}",
                        patience.toSeconds(), application, streams == null ? "no runtime" : names(streams));
            }
            pause.pause(POLL);
        }
    }

    private StreamStatus started(StreamStatus status) {
        notices.println("sluice: " + status.application() + " started" + (status.waitingFor().isEmpty() ? ""
                : ", waiting for " + String.join(", ", status.waitingFor()))
                + "; its log is log/sluice.log; Ctrl-C stops it gracefully");
        return status;
    }

    /**
     * Follows the stream the runtime declares from a file ({@code bin/sluice run FILE}) under
     * {@code name}. A file the runtime refused is the FAILED entry {@code entry}: its error ends the
     * run once the container has settled (until then a plugin the file names may still arrive from
     * deploy/, and the runtime tries the file again). A stream of that name that is stopped is not
     * the file's, which starts at once: it is an application of the same name, and the runtime
     * refuses the file for it.
     */
    int runDeclared(String name, String entry, String file) throws InterruptedException {
        Instant deadline = clock.instant().plus(patience);
        while (true) {
            StreamManager streams = manager.get();
            boolean late = !clock.instant().isBefore(deadline);
            if (streams != null) {
                Optional<StreamSummary> stream = summary(streams, name);
                if (stream.isPresent() && stream.get().state() != StreamState.FAILED
                        && stream.get().state() != StreamState.STOPPED) {
                    return follow(started(streams.status(name)));
                }
                Optional<StreamSummary> refused = summary(streams, entry).or(() -> stream);
                if (refused.isPresent() && (late || settled.getAsBoolean())) {
                    throw new SluiceException(streams.status(refused.get().application()).lastError()
                            .orElse(file + " was refused; see log/sluice.log"));
                }
                if (late) {
                    throw new SluiceException("the runtime did not declare the stream of " + file + " within "
                            + patience.toSeconds() + " s; see log/sluice.log");
                }
            } else if (late) {
                throw noRuntime();
            }
            pause.pause(POLL);
        }
    }

    private static Optional<StreamSummary> summary(StreamManager streams, String name) {
        return streams.list().stream().filter(s -> s.application().equals(name)).findFirst();
    }

    private SluiceException noRuntime() {
        return new SluiceException("no Sluice runtime in this container: no StreamManager service appeared within "
                + patience.toSeconds() + " s; check that bundle/ holds the sluice-runtime bundle and that it resolves");
    }

    private static String names(StreamManager streams) {
        var names = streams.list().stream().map(StreamSummary::application).sorted().toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static boolean offers(StreamManager streams, String application) {
        return streams.list().stream().anyMatch(s -> s.application().equals(application));
    }

    /** Polls the stream's state; the runtime itself logs why a stream waits, starts or stops. */
    int follow(StreamStatus started) throws InterruptedException {
        String application = started.application();
        while (true) {
            pause.pause(FOLLOW);
            StreamManager streams = manager.get();
            if (streams == null) {
                continue; // the runtime is being replaced; its streams come back with it
            }
            if (failIfFailed(streams.status(application)).state() == StreamState.STOPPED) {
                notices.println("sluice: " + application + " stopped");
                return 0;
            }
        }
    }

    private static StreamStatus failIfFailed(StreamStatus status) {
        if (status.state() == StreamState.FAILED) {
            throw new SluiceException(status.application() + " failed: "
                    + status.lastError().orElse("no reason given"));
        }
        return status;
    }
}
