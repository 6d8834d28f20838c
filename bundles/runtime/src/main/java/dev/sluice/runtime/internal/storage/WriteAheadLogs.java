package dev.sluice.runtime.internal.storage;

import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StorageLevel;
import dev.sluice.runtime.internal.time.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receivers' write-ahead logs under {@code CHECKPOINT_DIR/receivedData/STREAM_NAME}: a receiver
 * stream logs its blocks when its storage level is replicated ({@code _2}: on one machine,
 * replicated means durable) or when {@code receiver.writeAheadLog=true} asks it of all.
 */
public final class WriteAheadLogs implements BlockLogs {

    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLogs.class);

    private final FileSystem fs;
    private final Path root;
    private final boolean all;
    private final long rollMillis;
    private final Clock clock;
    private final List<ReceivedBlockLog> opened = new ArrayList<>();

    private WriteAheadLogs(FileSystem fs, Path root, boolean all, long rollMillis, Clock clock) {
        this.fs = fs;
        this.root = root;
        this.all = all;
        this.rollMillis = rollMillis;
        this.clock = clock;
    }

    /** The logs under {@code checkpointDirectory}, a Hadoop path or URI. */
    public static WriteAheadLogs open(String checkpointDirectory, boolean all, long rollMillis, Clock clock) {
        try {
            FileSystem fs = HadoopFiles.open(checkpointDirectory);
            Path root = HadoopCalls.call(() ->
                    fs.makeQualified(new Path(checkpointDirectory, CheckpointStore.RECEIVED_DATA)));
            return new WriteAheadLogs(fs, root, all, rollMillis, clock);
        } catch (IOException e) {
            throw new SluiceException("cannot open the checkpoint directory " + checkpointDirectory + " for the"
                    + " receivers' write-ahead logs: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<BlockLog> forStream(String stream, StorageLevel level) {
        if (!all && level.replication() < 2) {
            return Optional.empty();
        }
        var log = new ReceivedBlockLog(fs, new Path(root, FileNames.encode(stream)), rollMillis, clock);
        opened.add(log);
        return Optional.of(log);
    }

    @Override
    public synchronized void close() {
        for (ReceivedBlockLog log : opened) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("Cannot close a write-ahead log under {}: {}", root, e.getMessage());
            }
        }
        HadoopFiles.close(fs, root);
    }
}
