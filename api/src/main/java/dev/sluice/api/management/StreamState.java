package dev.sluice.api.management;

/** The life of a stream in the container. */
public enum StreamState {
    /** Defined by an application, not running. */
    STOPPED,
    /** Started, but a plugin it uses is not installed; it starts when the plugin arrives. */
    WAITING,
    RUNNING,
    /** Started in a group of containers, one of which runs it: this one stands by to take over. */
    STANDBY,
    /** Could not be defined or started; the status says why. */
    FAILED
}
