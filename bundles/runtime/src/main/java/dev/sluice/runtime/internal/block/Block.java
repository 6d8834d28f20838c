package dev.sluice.runtime.internal.block;

import dev.sluice.runtime.internal.storage.LogSegment;
import java.util.Optional;

/** A block of received records handed to a batch: its id, how many records it holds, and where it is logged, if it is. */
public record Block(BlockId id, int size, Optional<LogSegment> logged) {
}
