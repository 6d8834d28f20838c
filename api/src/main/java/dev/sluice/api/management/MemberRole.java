package dev.sluice.api.management;

/** What a member of a group of containers does with a stream, as the group's status shows it. */
public enum MemberRole {
    /** Runs the stream for the whole group (the one member of a stream that cannot be shared). */
    RUNNING("running"),
    /** Runs the stream on the input partitions the group gives it, as every member does. */
    SHARING("sharing"),
    /** Waits to take the stream over from the member running it. */
    STANDING_BY("standing by"),
    /** Started, but waits for a plugin (or for its application's new version). */
    WAITING("waiting"),
    /** Could not run the stream; its own status says why. */
    FAILED("failed");

    private final String text;

    MemberRole(String text) {
        this.text = text;
    }

    /** The role in words, e.g. {@code standing by}. */
    public String text() {
        return text;
    }
}
