package dev.sluice.shell.internal;

import java.util.List;
import dev.sluice.api.management.StreamSummary;

/** What {@code stream:list} returns: the container's applications and their state. */
record StreamList(List<StreamSummary> streams) {

    StreamList {
        streams = List.copyOf(streams);
    }
}
