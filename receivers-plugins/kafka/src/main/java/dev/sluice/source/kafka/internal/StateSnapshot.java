package dev.sluice.source.kafka.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The state of one key partition of a changelog as of changelog offset {@code offset}: every
 * committed change before it applied, none after. The file holds a magic and format number, the
 * changelog, the partition and the changelog's partition count (a key partition's keys depend on
 * it), the offset, when it was taken, each key with its state, and a checksum of it all.
 */
record StateSnapshot(String topic, int partition, int partitions, long offset, long takenAt,
                     Map<ByteBuffer, byte[]> state) {

    private static final byte[] MAGIC = "SLSS".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;

    /** A snapshot file that cannot be used: corrupt, of another format, or of another changelog. */
    static final class UnreadableException extends IOException {
        UnreadableException(String message) {
            super(message);
        }
    }

    void writeTo(OutputStream out) throws IOException {
        var checked = new CheckedOutputStream(out, new CRC32());
        var data = new DataOutputStream(checked);
        data.write(MAGIC);
        data.writeInt(FORMAT);
        data.writeUTF(topic);
        data.writeInt(partition);
        data.writeInt(partitions);
        data.writeLong(offset);
        data.writeLong(takenAt);
        data.writeInt(state.size());
        for (Map.Entry<ByteBuffer, byte[]> e : state.entrySet()) {
            ByteBuffer key = e.getKey();
            data.writeInt(key.remaining());
            data.write(key.array(), key.arrayOffset() + key.position(), key.remaining());
            data.writeInt(e.getValue().length);
            data.write(e.getValue());
        }
        data.flush();
        new DataOutputStream(out).writeInt((int) checked.getChecksum().getValue());
        out.flush();
    }

    /**
     * Reads the snapshot {@code name} of partition {@code partition} of {@code topic}, which has
     * {@code partitions} partitions now; unreadable if the file says otherwise or does not add up.
     */
    static StateSnapshot read(InputStream raw, String name, String topic, int partition, int partitions)
            throws IOException {
        var checked = new CheckedInputStream(raw, new CRC32());
        var in = new DataInputStream(checked);
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new UnreadableException(name + " is not a Sluice state snapshot");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new UnreadableException(name + " is a state snapshot of format " + format + "; this version"
                        + " reads format " + FORMAT);
            }
            String itsTopic = in.readUTF();
            int itsPartition = in.readInt();
            int itsPartitions = in.readInt();
            if (!itsTopic.equals(topic) || itsPartition != partition || itsPartitions != partitions) {
                throw new UnreadableException(name + " is a snapshot of partition " + itsPartition + " of " + itsTopic
                        + " with " + itsPartitions + " partitions, not of partition " + partition + " of " + topic
                        + " with " + partitions);
            }
            long offset = in.readLong();
            long takenAt = in.readLong();
            int keys = in.readInt();
            if (keys < 0) {
                throw new UnreadableException(name + " is corrupt: " + keys + " keys");
            }
            var state = new LinkedHashMap<ByteBuffer, byte[]>(Math.min(keys, 1 << 20) * 4 / 3 + 1);
            for (int i = 0; i < keys; i++) {
                byte[] key = bytes(in, name);
                state.put(ByteBuffer.wrap(key), bytes(in, name));
            }
            int expected = (int) checked.getChecksum().getValue();
            if (new DataInputStream(raw).readInt() != expected) {
                throw new UnreadableException(name + " is corrupt: checksum mismatch");
            }
            return new StateSnapshot(topic, partition, partitions, offset, takenAt, state);
        } catch (EOFException e) {
            throw new UnreadableException(name + " is truncated");
        }
    }

    private static byte[] bytes(DataInputStream in, String name) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new UnreadableException(name + " is corrupt: a length of " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException();
        }
        return bytes;
    }
}
