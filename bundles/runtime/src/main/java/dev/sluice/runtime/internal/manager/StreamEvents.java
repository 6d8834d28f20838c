package dev.sluice.runtime.internal.manager;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import dev.sluice.api.management.StreamEvent;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.runtime.internal.time.Clock;

/**
 * A stream's latest events, for its status and its page's timeline: at most
 * {@link StreamStatus#EVENTS}, the oldest dropped first. An event that repeats the one before it
 * (a stream told again that it still waits for the same plugin) is recorded once.
 */
final class StreamEvents {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEvents.class);

    private final String stream;
    private final Clock clock;
    private final ArrayDeque<StreamEvent> events = new ArrayDeque<>();

    StreamEvents(String stream, Clock clock) {
        this.stream = stream;
        this.clock = clock;
    }

    /** Logs the event as the stream's (a warning when it waits, holds or stops; an error when it fails), and records it. */
    void note(StreamEvent.Kind kind, String message) {
        switch (kind) {
            case FAILED -> LOG.error("Stream {} {}", stream, message);
            case WAITING, HELD, STOPPED -> LOG.warn("Stream {} {}", stream, message);
            default -> LOG.info("Stream {} {}", stream, message);
        }
        record(kind, message);
    }

    synchronized void record(StreamEvent.Kind kind, String message) {
        StreamEvent last = events.peekLast();
        if (last != null && last.kind() == kind && last.message().equals(message)) {
            return;
        }
        if (events.size() == StreamStatus.EVENTS) {
            events.removeFirst();
        }
        events.addLast(new StreamEvent(clock.millis(), kind, message));
    }

    /** Records the event unless {@code nothingHappened}, e.g. a stop of a stream that was not running. */
    void recordUnless(boolean nothingHappened, StreamEvent.Kind kind, String message) {
        if (!nothingHappened) {
            record(kind, message);
        }
    }

    /** Oldest first. */
    synchronized List<StreamEvent> list() {
        return List.copyOf(events);
    }
}
