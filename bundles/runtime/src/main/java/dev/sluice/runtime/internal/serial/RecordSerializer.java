package dev.sluice.runtime.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.RecordCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The one place records are serialized (Kryo, never Java serialization): a sequence of records to
 * bytes and back, for serialized storage levels, spilled blocks and anything else written to disk.
 * Only {@link RecordTypes} can be written or read. Thread-safe: Kryo instances are pooled.
 *
 * <p>Format: a header (magic {@code SLR}, format version), the record count, then each record
 * with its class (by name at its first use in the sequence); or, for a sequence of strings, format
 * {@code 2}: each string as UTF-8 after its length ({@link TextRecords}); or, for lines a receiver
 * stored as bytes, format {@code 3}: the lines as they arrived, each ending in {@code '\n'} ({@link LineText}).
 */
public final class RecordSerializer implements RecordCodec {

    private static final byte[] MAGIC = {'S', 'L', 'R'};
    private static final byte VERSION = 1;
    /** The format of a sequence of strings. */
    private static final byte TEXT = 2;
    /** The format of received lines kept as their bytes. */
    private static final byte LINES = 3;
    private static final int BUFFER = 64 * 1024;
    /** Bytes a buffer starts with per record to write; it grows (by doubling) for larger ones. */
    private static final int SMALL_BUFFER = 32;

    private final RecordTypes types;
    private final Pool<Kryo> pool;

    public RecordSerializer(RecordTypes types) {
        this.types = types;
        this.pool = new Pool<>(true, true) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
    }

    public RecordTypes types() {
        return types;
    }

    @Override
    public String format() {
        return "sluice-kryo-" + VERSION;
    }

    @Override
    public byte[] encode(List<?> records) {
        return toBytes(records);
    }

    @Override
    public List<Object> decode(byte[] bytes) {
        return fromBytes(bytes);
    }

    public byte[] toBytes(List<?> records) {
        byte[][] text = TextRecords.encode(records);
        if (text != null) {
            // the exact size is known: one array, never grown or copied (blocks are most of what a receiver allocates)
            byte[] bytes = new byte[MAGIC.length + 1 + Output.varIntLength(text.length, true) + TextRecords.size(text)];
            var output = new Output(bytes);
            writeText(text, output);
            return bytes;
        }
        // sized by the records, not BUFFER: a state change is a record or two, written once per changed key,
        // and a 64 KiB buffer each was most of what a large state's changelog write allocated and cleared
        var output = new Output((int) Math.min(BUFFER, SMALL_BUFFER * (1L + records.size())), -1);
        writeRecords(records, output);
        return output.toBytes();
    }

    /**
     * A block of the {@code count} lines in {@code text[from, to)} (each ending in {@code '\n'}), the
     * text copied once after the header: what {@link #fromBytes} reads as {@code count} strings.
     */
    public static byte[] linesToBytes(byte[] text, int from, int to, int count) {
        int header = MAGIC.length + 1 + Output.varIntLength(count, true);
        byte[] bytes = new byte[header + to - from];
        var output = new Output(bytes);
        output.writeBytes(MAGIC);
        output.writeByte(LINES);
        output.writeVarInt(count, true);
        System.arraycopy(text, from, bytes, header, to - from);
        return bytes;
    }

    public List<Object> fromBytes(byte[] bytes) {
        return read(new Input(bytes), "serialized block", 0, 1);
    }

    /** Piece {@code piece} of {@code pieces} of what {@link #toBytes} wrote; text skips to its piece without decoding. */
    public List<Object> fromBytes(byte[] bytes, int piece, int pieces) {
        return read(new Input(bytes), "serialized block", piece, pieces);
    }

    /**
     * Hands piece {@code piece} of {@code pieces} of what {@link #toBytes} or {@link #linesToBytes}
     * wrote to {@code out}; lines are made into strings one at a time as they are handed on.
     */
    public void forEach(byte[] bytes, int piece, int pieces, Consumer<Object> out) {
        int headerEnd = MAGIC.length + 1;
        if (bytes.length > headerEnd && bytes[MAGIC.length] == LINES && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1]
                && bytes[2] == MAGIC[2]) {
            var input = new Input(bytes, headerEnd, bytes.length - headerEnd);
            try {
                int count = input.readVarInt(true);
                int from = pieceStart(count, piece, pieces);
                int start = LineText.skipLines(bytes, input.position(), bytes.length, from);
                LineText.forEach(bytes, start, bytes.length, pieceStart(count, piece + 1, pieces) - from, out);
            } catch (KryoException | IllegalArgumentException e) {
                throw new SluiceException("serialized block is corrupt: " + e.getMessage(), e);
            }
            return;
        }
        fromBytes(bytes, piece, pieces).forEach(out);
    }

    /** Where piece {@code piece} of {@code pieces} of {@code size} records starts; piece {@code pieces} is the end. */
    public static int pieceStart(int size, int piece, int pieces) {
        return (int) ((long) size * piece / pieces);
    }

    public void write(List<?> records, OutputStream out) throws IOException {
        var output = new Output(out, BUFFER);
        try {
            write(records, output);
        } catch (KryoException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Reads what {@link #write} wrote; {@code source} names it in errors (e.g. the file). */
    public List<Object> read(InputStream in, String source) {
        return read(new Input(in, BUFFER), source, 0, 1);
    }

    private void write(List<?> records, Output output) {
        byte[][] text = TextRecords.encode(records);
        if (text != null) {
            writeText(text, output);
        } else {
            writeRecords(records, output);
        }
    }

    private static void writeText(byte[][] text, Output output) {
        output.writeBytes(MAGIC);
        output.writeByte(TEXT);
        output.writeVarInt(text.length, true);
        TextRecords.write(text, output);
        output.flush();
    }

    private void writeRecords(List<?> records, Output output) {
        Kryo kryo = pool.obtain();
        try {
            output.writeBytes(MAGIC);
            output.writeByte(VERSION);
            output.writeVarInt(records.size(), true);
            for (Object record : records) {
                kryo.writeClassAndObject(output, record);
            }
            output.flush();
        } catch (KryoException e) {
            throw unwrap(e);
        } finally {
            kryo.reset();
            pool.free(kryo);
        }
    }

    private List<Object> read(Input input, String source, int piece, int pieces) {
        Kryo kryo = pool.obtain();
        try {
            byte[] magic = input.readBytes(MAGIC.length);
            byte version = input.readByte();
            if (magic[0] != MAGIC[0] || magic[1] != MAGIC[1] || magic[2] != MAGIC[2]) {
                throw new SluiceException(source + " is not Sluice record data (bad header)");
            }
            if (version != VERSION && version != TEXT && version != LINES) {
                throw new SluiceException(source + " has record format version " + version
                        + "; this runtime reads versions " + VERSION + ", " + TEXT + " and " + LINES);
            }
            int count = input.readVarInt(true);
            int from = pieceStart(count, piece, pieces);
            int to = pieceStart(count, piece + 1, pieces);
            if (version == TEXT) {
                TextRecords.skip(input, from);
                return TextRecords.read(input, to - from);
            }
            if (version == LINES) {
                return readLines(input, from, to - from);
            }
            // objects may refer to earlier ones: read from the first, keep the piece's
            var records = new ArrayList<>(to - from);
            for (int i = 0; i < to; i++) {
                Object record = kryo.readClassAndObject(input);
                if (i >= from) {
                    records.add(record);
                }
            }
            return records;
        } catch (KryoException e) {
            RuntimeException cause = unwrap(e);
            if (cause instanceof SluiceException) {
                throw cause;
            }
            throw new SluiceException(source + " is corrupt or truncated: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SluiceException(source + " is corrupt: " + e.getMessage(), e);
        } finally {
            kryo.reset();
            pool.free(kryo);
        }
    }

    /** The lines after the header; text from a stream (a block file) is read whole first. */
    private static List<Object> readLines(Input input, int skip, int count) {
        byte[] text;
        int start;
        int end;
        if (input.getInputStream() == null) {
            text = input.getBuffer();
            start = input.position();
            end = input.limit();
        } else {
            var rest = new ByteArrayOutputStream();
            byte[] chunk = new byte[BUFFER];
            int n;
            while ((n = input.read(chunk)) > 0) {
                rest.write(chunk, 0, n);
            }
            text = rest.toByteArray();
            start = 0;
            end = text.length;
        }
        int from = LineText.skipLines(text, start, end, skip);
        return LineText.read(text, from, end, count);
    }

    private Kryo newKryo() {
        var kryo = new Kryo(new AllowListClassResolver(types), new MapReferenceResolver());
        kryo.setRegistrationRequired(false); // the resolver refuses what is not allowed, by name
        kryo.setReferences(false);
        kryo.setAutoReset(false); // class names are written once per sequence, reset at its end
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.setClassLoader(RecordSerializer.class.getClassLoader());
        return kryo;
    }

    /** Kryo wraps what its serializers throw; the refusal of a type is what the user must see. */
    private static RuntimeException unwrap(KryoException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SluiceException refusal) {
                return refusal;
            }
        }
        return e;
    }
}
