package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Time;
import dev.sluice.runtime.internal.context.StreamingContextImpl;
import dev.sluice.runtime.internal.lifecycle.Handover;
import dev.sluice.runtime.internal.plugin.PluginRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stream's run paused at a batch boundary for its next version, and what that version goes on from. */
final class HeldVersion {

    private static final Logger LOG = LoggerFactory.getLogger(HeldVersion.class);
    /** How long a live upgrade waits for the running batch before it stops the stream as a restart would. */
    private static final long PAUSE_TIMEOUT_MILLIS = 60_000;

    private final StreamingContextImpl paused;
    private final Handover handover;

    private HeldVersion(StreamingContextImpl paused, Handover handover) {
        this.paused = paused;
        this.handover = handover;
    }

    /**
     * Pauses {@code running} until {@code missing} (or, if none, the new version) is here; empty,
     * with the run stopped, if its running batch does not finish in time. {@code leftSources}: the
     * source plugin types that are leaving.
     */
    static Optional<HeldVersion> pause(String stream, StreamingContextImpl running, List<PluginRef> missing,
                                       Set<String> leftSources) {
        Optional<Handover> handover = running.run().pause(leftSources, PAUSE_TIMEOUT_MILLIS);
        if (handover.isEmpty()) {
            LOG.warn("Stream {} stops: its running batch did not finish within {} ms for a live upgrade", stream,
                    PAUSE_TIMEOUT_MILLIS);
            running.stop();
            return Optional.empty();
        }
        LOG.info("Stream {} holds its state and batches after batch {} until {}", stream,
                handover.get().firstBatch().minus(running.batchInterval()), missing.isEmpty()
                        ? "its new version is here"
                        : missing.stream().map(PluginRef::toString).collect(Collectors.joining(", ")) + " returns");
        return Optional.of(new HeldVersion(running, handover.get()));
    }

    Handover handover() {
        return handover;
    }

    Time firstBatch() {
        return handover.firstBatch();
    }

    /** The next version's run took over: the paused one ends. */
    void taken() {
        paused.stop();
    }

    /** The stream stops while it holds: what it received since it paused goes. */
    void drop(String stream) {
        LOG.warn("Stream {} stops while it holds for a new version: what it received since it paused is dropped",
                stream);
        paused.stop();
    }
}
