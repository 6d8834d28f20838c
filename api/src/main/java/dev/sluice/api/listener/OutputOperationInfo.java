package dev.sluice.api.listener;

import java.util.Optional;

/** One output operation of a batch: its position in the graph, what it is, and why it failed if it did. */
public record OutputOperationInfo(int id, String description, long durationMillis, Optional<String> failure) {
}
