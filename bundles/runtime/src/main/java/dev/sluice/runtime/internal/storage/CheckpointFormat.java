package dev.sluice.runtime.internal.storage;

import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The bytes of a checkpoint file ({@code checkpoint-SEQUENCE}), version 1, big-endian:
 * <pre>
 * magic "SLCK", version (byte), body length (int), CRC-32 of the body (int), body:
 *   sequence (long), application name (UTF), batch interval ms (long), zero time ms (long),
 *   time ms (long), last completed ms (long), replay from ms (long),
 *   pending: count (int), times ms (long each),
 *   operators: count (int), each name (UTF) and kind (UTF),
 *   states: count (int), each name (UTF), kind (UTF), time ms (long), file (UTF),
 *   inputs: count (int), each name (UTF), time ms (long), length (int) and bytes of its progress
 * </pre>
 * A file that is short, has another magic or version, or fails its checksum is refused whole.
 */
public final class CheckpointFormat {

    static final byte[] MAGIC = {'S', 'L', 'C', 'K'};
    public static final byte VERSION = 1;

    private CheckpointFormat() {
    }

    public static byte[] encode(Checkpoint c) {
        var body = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(body)) {
            out.writeLong(c.sequence());
            out.writeUTF(c.appName());
            out.writeLong(c.batchInterval().toMillis());
            out.writeLong(c.zeroTime().millis());
            out.writeLong(c.time().millis());
            out.writeLong(c.lastCompleted().millis());
            out.writeLong(c.replayFrom().millis());
            out.writeInt(c.pending().size());
            for (Time t : c.pending()) {
                out.writeLong(t.millis());
            }
            out.writeInt(c.operators().size());
            for (Checkpoint.Operator o : c.operators()) {
                out.writeUTF(o.name());
                out.writeUTF(o.kind());
            }
            out.writeInt(c.states().size());
            for (Checkpoint.StateRef s : c.states()) {
                out.writeUTF(s.name());
                out.writeUTF(s.kind());
                out.writeLong(s.time().millis());
                out.writeUTF(s.file());
            }
            out.writeInt(c.inputs().size());
            for (Checkpoint.InputProgress i : c.inputs()) {
                out.writeUTF(i.name());
                out.writeLong(i.time().millis());
                out.writeInt(i.progress().length);
                out.write(i.progress());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        byte[] bytes = body.toByteArray();
        var file = new ByteArrayOutputStream(bytes.length + 13);
        try (var out = new DataOutputStream(file)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(bytes.length);
            out.writeInt(crc(bytes));
            out.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return file.toByteArray();
    }

    /** Reads a checkpoint file's bytes; {@code source} names the file in the error if they are not a whole checkpoint. */
    public static Checkpoint decode(byte[] file, String source) {
        try (var in = new DataInputStream(new ByteArrayInputStream(file))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new SluiceException(source + " is not a Sluice checkpoint (bad header)");
            }
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SluiceException(source + " has checkpoint format version " + version
                        + "; this runtime reads version " + VERSION);
            }
            int length = in.readInt();
            int crc = in.readInt();
            byte[] body = in.readNBytes(length);
            if (body.length != length) {
                throw new SluiceException(source + " is truncated: " + body.length + " of " + length + " bytes");
            }
            if (crc(body) != crc) {
                throw new SluiceException(source + " is corrupt: checksum mismatch");
            }
            return body(new DataInputStream(new ByteArrayInputStream(body)));
        } catch (IOException e) {
            throw new SluiceException(source + " is truncated or corrupt: " + e, e);
        }
    }

    private static Checkpoint body(DataInputStream in) throws IOException {
        long sequence = in.readLong();
        String app = in.readUTF();
        Duration interval = Duration.ofMillis(in.readLong());
        Time zero = new Time(in.readLong());
        Time time = new Time(in.readLong());
        Time lastCompleted = new Time(in.readLong());
        Time replayFrom = new Time(in.readLong());
        var pending = new ArrayList<Time>();
        for (int n = in.readInt(); n > 0; n--) {
            pending.add(new Time(in.readLong()));
        }
        var operators = new ArrayList<Checkpoint.Operator>();
        for (int n = in.readInt(); n > 0; n--) {
            operators.add(new Checkpoint.Operator(in.readUTF(), in.readUTF()));
        }
        var states = new ArrayList<Checkpoint.StateRef>();
        for (int n = in.readInt(); n > 0; n--) {
            states.add(new Checkpoint.StateRef(in.readUTF(), in.readUTF(), new Time(in.readLong()), in.readUTF()));
        }
        var inputs = new ArrayList<Checkpoint.InputProgress>();
        for (int n = in.readInt(); n > 0; n--) {
            String name = in.readUTF();
            Time at = new Time(in.readLong());
            byte[] progress = new byte[in.readInt()];
            in.readFully(progress);
            inputs.add(new Checkpoint.InputProgress(name, at, progress));
        }
        return new Checkpoint(sequence, app, interval, zero, time, lastCompleted, pending, operators, states,
                replayFrom, inputs);
    }

    static int crc(byte[] bytes) {
        var crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
