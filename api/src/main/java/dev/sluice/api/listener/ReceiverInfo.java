package dev.sluice.api.listener;

import java.util.Optional;

/** A receiver's state: which stream it feeds, what it is, whether it runs, its last status and error. */
public record ReceiverInfo(int streamId, String description, boolean active, String status, Optional<String> lastError) {
}
