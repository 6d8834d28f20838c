package dev.sluice.api.management;

/**
 * Something that happened to a stream in the container, at {@code time} (epoch milliseconds): it
 * started, waited for a plugin, resumed, held its batches for a missing sink, stopped or failed;
 * {@code message} says which plugin, or why.
 */
public record StreamEvent(long time, Kind kind, String message) {

    public enum Kind {
        STARTED,
        /** Waiting for a plugin to be installed, before or instead of running. */
        WAITING,
        /** Running again after a wait or a hold. */
        RESUMED,
        /** Running, with its batches held until a sink plugin returns. */
        HELD,
        /** A plugin the stream uses was replaced by a new version. */
        UPGRADED,
        STOPPED,
        FAILED
    }
}
