package dev.sluice.runtime.internal.input;

import dev.sluice.api.StorageLevel;
import dev.sluice.api.Time;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.block.Block;
import dev.sluice.runtime.internal.block.BlockId;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.storage.BlockLog;
import dev.sluice.runtime.internal.storage.LogSegment;
import dev.sluice.runtime.internal.storage.ReceivedBlockLog;
import dev.sluice.runtime.internal.storage.ReceiverProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;
import dev.sluice.api.SluiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver stream's logged blocks as a crashed run left them. Its checkpoint says which blocks
 * each replayable batch had and the last block given to any batch; the write-ahead log holds the
 * blocks. Each batch up to the last one generated gets its own blocks again; blocks logged after
 * the last one given to a batch (received, never processed) go to the first new batch. Blocks
 * read back stay in the old files, which are deleted once no kept checkpoint can need them.

 * The bytes are a {@link ReceiverProgress}.
 */
final class ReceiverRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverRecovery.class);

    /** A block's place in the log, by file name (not the full URI) and offset. */
    private record Position(String file, long offset) {
        static Position of(LogSegment s) {
            return new Position(s.fileName(), s.offset());
        }
    }

    private final String stream;
    private final Time lastGenerated;
    private final LogSegment allocatedUpTo;
    private final SortedMap<Time, List<LogSegment>> batches;
    private final Map<Time, List<Block>> blocks = new HashMap<>();
    private List<Block> unallocated = new ArrayList<>();
    private final List<String> oldFiles = new ArrayList<>();
    private BlockLog log;

    private ReceiverRecovery(String stream, Time lastGenerated, LogSegment allocatedUpTo,
                             SortedMap<Time, List<LogSegment>> batches) {
        this.stream = stream;
        this.lastGenerated = lastGenerated;
        this.allocatedUpTo = allocatedUpTo;
        this.batches = batches;
    }

    static ReceiverRecovery decode(String stream, byte[] bytes) {
        ReceiverProgress p = ReceiverProgress.decode(stream, bytes);
        return new ReceiverRecovery(stream, p.lastGenerated(), p.allocatedUpTo(), p.batches());
    }

    /** Reads the blocks back from {@code newLog}'s directory into {@code store}. Before the receiver starts. */
    void readBack(BlockLog newLog, BlockStore store, RecordCodec codec, StorageLevel level, int streamId) {
        if (newLog == null) {
            if (batches.values().stream().anyMatch(l -> !l.isEmpty()) || allocatedUpTo != null) {
                LOG.warn("{}: the checkpoint has write-ahead logged blocks, but the stream no longer logs its blocks"
                        + " (storage level without _2); they are not recovered", stream);
            }
            return;
        }
        log = newLog;
        var byPosition = new HashMap<Position, Time>();
        batches.forEach((time, segments) -> segments.forEach(s -> byPosition.put(Position.of(s), time)));
        int sequence = 0;
        int missing = byPosition.size();
        try {
            List<LogSegment> found = log.recover();
            var files = new LinkedHashSet<String>();
            for (LogSegment segment : found) {
                files.add(segment.file());
                Time batch = byPosition.get(Position.of(segment));
                boolean after = allocatedUpTo == null
                        || ReceivedBlockLog.WRITE_ORDER.compare(segment, allocatedUpTo) > 0;
                if (batch == null && !after) {
                    continue; // processed before the checkpoint's batches
                }
                byte[] bytes = log.read(segment);
                List<Object> records = codec.decode(bytes);
                var id = new BlockId("input-" + streamId + "-recovered-" + sequence++);
                store.put(id, records, bytes, level);
                // the block stays where it is logged: the old files are kept until no checkpoint needs them
                var block = new Block(id, records.size(), Optional.of(segment));
                if (batch != null) {
                    missing--;
                    blocks.computeIfAbsent(batch, t -> new ArrayList<>()).add(block);
                } else {
                    unallocated.add(block);
                }
            }
            oldFiles.addAll(files);
        } catch (IOException | RuntimeException e) {
            throw new SluiceException(stream + ": cannot read its write-ahead log back: " + e.getMessage()
                    + "; to start this stream afresh, start with recovery=fresh", e);
        }
        if (missing > 0) {
            LOG.error("{}: {} logged blocks of its checkpointed batches are missing from the write-ahead log;"
                    + " those batches run without them", stream, missing);
        }
        LOG.info("{}: read back {} logged blocks of batches up to {} and {} received after them", stream,
                sequence - unallocated.size(), lastGenerated, unallocated.size());
    }

    /**
     * The blocks of batch {@code time}: read back for a batch the earlier run had generated;
     * otherwise what the receiver has, after the blocks no batch had taken yet.
     */
    List<Block> blocksOf(Time time, Supplier<List<Block>> allocate) {
        if (lastGenerated != null && !time.isAfter(lastGenerated)) {
            return Optional.ofNullable(blocks.remove(time)).orElse(List.of());
        }
        var result = new ArrayList<>(unallocated);
        unallocated = List.of();
        result.addAll(allocate.get());
        return result;
    }

    /**
     * Whether recovery is over once the batches up to {@code upTo} are released and no kept
     * checkpoint replays them: then the old log files are deleted.
     */
    boolean forgotten(Time upTo) {
        if (lastGenerated != null && upTo.isBefore(lastGenerated) || !unallocated.isEmpty()) {
            return false;
        }
        if (log != null) {
            log.deleteFiles(oldFiles);
        }
        return true;
    }
}
