package dev.sluice.runtime.internal.storage;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a receiver stream writes into checkpoints to get its logged blocks back: the last batch
 * generated, the last block given to any batch, and the logged blocks of each replayable batch.
 *
 * <p>Bytes, version 1: version (byte), last generated batch ms (long, or MIN_VALUE), whether a
 * block was ever given to a batch (boolean) and then its file name (UTF) and offset (long), then
 * the count of batches (int) and for each its time ms (long), its count of blocks (int) and for
 * each block its file name (UTF), offset (long) and length (int).
 *
 * @param lastGenerated null before the first batch
 * @param allocatedUpTo null if no block was ever given to a batch
 */
public record ReceiverProgress(Time lastGenerated, LogSegment allocatedUpTo,
                               SortedMap<Time, List<LogSegment>> batches) {

    private static final byte VERSION = 1;

    public byte[] encode() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(lastGenerated == null ? Long.MIN_VALUE : lastGenerated.millis());
            out.writeBoolean(allocatedUpTo != null);
            if (allocatedUpTo != null) {
                out.writeUTF(allocatedUpTo.file());
                out.writeLong(allocatedUpTo.offset());
            }
            out.writeInt(batches.size());
            for (var batch : batches.entrySet()) {
                out.writeLong(batch.getKey().millis());
                out.writeInt(batch.getValue().size());
                for (LogSegment s : batch.getValue()) {
                    out.writeUTF(s.file());
                    out.writeLong(s.offset());
                    out.writeInt(s.length());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** The progress of {@code stream} from its bytes in a checkpoint. */
    public static ReceiverProgress decode(String stream, byte[] bytes) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SluiceException("the checkpointed progress of " + stream + " has version " + version
                        + "; this runtime reads version " + VERSION);
            }
            long last = in.readLong();
            LogSegment upTo = in.readBoolean() ? new LogSegment(in.readUTF(), in.readLong(), 0) : null;
            var batches = new TreeMap<Time, List<LogSegment>>();
            for (int n = in.readInt(); n > 0; n--) {
                Time time = new Time(in.readLong());
                var segments = new ArrayList<LogSegment>();
                for (int k = in.readInt(); k > 0; k--) {
                    segments.add(new LogSegment(in.readUTF(), in.readLong(), in.readInt()));
                }
                batches.put(time, segments);
            }
            return new ReceiverProgress(last == Long.MIN_VALUE ? null : new Time(last), upTo, batches);
        } catch (IOException e) {
            throw new SluiceException("the checkpointed progress of " + stream + " is truncated: " + e, e);
        }
    }
}
