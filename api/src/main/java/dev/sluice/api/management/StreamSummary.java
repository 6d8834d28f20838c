package dev.sluice.api.management;

/** One line of {@code stream:list}. */
public record StreamSummary(String application, StreamState state, String description) {
}
