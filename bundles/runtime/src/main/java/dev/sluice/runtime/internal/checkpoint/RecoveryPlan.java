package dev.sluice.runtime.internal.checkpoint;

import dev.sluice.runtime.internal.storage.Checkpoint;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.graph.StatefulNode;
import java.util.List;
import java.util.Map;

/**
 * How a context goes on from a checkpoint: its state is restored; {@link #replay} are the
 * completed batches computed again without outputs so that state restored at an earlier batch
 * catches up; {@link #run} are the batches that were pending or fell due while it was down, run
 * with their outputs, each for its own time, before the first new batch.
 */
public record RecoveryPlan(Checkpoint checkpoint, String file, Map<StatefulNode, Time> restoredAt, List<Time> replay,
                           List<Time> run, Time lastCompleted) {
}
