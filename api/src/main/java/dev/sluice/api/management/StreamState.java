package dev.sluice.api.management;

/** The life of a stream in the container. */
public enum StreamState {
    /** Defined by an application, not running. */
    STOPPED,
    /** Started, but a plugin it uses is not installed; it starts when the plugin arrives. */
    WAITING,
    RUNNING,
    /** Could not be defined or started; the status says why. */
    FAILED
}
