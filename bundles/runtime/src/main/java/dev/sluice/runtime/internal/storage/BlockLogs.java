package dev.sluice.runtime.internal.storage;

import dev.sluice.api.InvalidGraphException;
import dev.sluice.api.StorageLevel;
import java.util.Optional;

/** The write-ahead logs of a context's receivers: none without a checkpoint directory. */
public interface BlockLogs extends AutoCloseable {

    /** No checkpoint directory: no logs, and a receiver that asks for a replicated level is refused. */
    BlockLogs NONE = new BlockLogs() {
        @Override
        public Optional<BlockLog> forStream(String stream, StorageLevel level) {
            if (level.replication() > 1) {
                throw new InvalidGraphException("receiver stream " + stream + " stores at " + level + ", which makes"
                        + " received blocks durable in a write-ahead log under the checkpoint directory; set one"
                        + " with ssc.checkpoint(directory), or choose a level without _2");
            }
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    /** The log of a receiver stream (by name) whose blocks must be durable at {@code level}, if they must. */
    Optional<BlockLog> forStream(String stream, StorageLevel level);

    @Override
    void close();
}
