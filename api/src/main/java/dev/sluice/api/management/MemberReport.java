package dev.sluice.api.management;

import dev.sluice.api.Time;
import java.util.Objects;
import java.util.Optional;

/**
 * What a member of a group says of itself about a stream, posted about once a second: its role,
 * the time of its latest completed batch and its batch delays (both empty before its first batch).
 */
public record MemberReport(String stream, MemberRole role, Optional<Time> lastBatch, Optional<BatchDelays> delays) {

    public MemberReport {
        Objects.requireNonNull(stream);
        Objects.requireNonNull(role);
        Objects.requireNonNull(lastBatch);
        Objects.requireNonNull(delays);
    }
}
