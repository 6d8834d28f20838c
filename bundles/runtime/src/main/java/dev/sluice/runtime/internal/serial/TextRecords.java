package dev.sluice.runtime.internal.serial;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of strings as plain UTF-8, each after its length: received lines are most of what is
 * stored, and the JDK encodes and decodes them as array copies where Kryo goes char by char. Only
 * strings UTF-8 gives back exactly (no lone surrogate) are written this way.
 */
final class TextRecords {

    private TextRecords() {
    }

    /** Each record's UTF-8 bytes, or null unless every record is a string that UTF-8 gives back exactly. */
    static byte[][] encode(List<?> records) {
        if (records.isEmpty()) {
            return null;
        }
        byte[][] encoded = new byte[records.size()][];
        int i = 0;
        for (Object record : records) {
            if (!(record instanceof String s)) {
                return null;
            }
            if (hasLoneSurrogate(s)) {
                return null; // UTF-8 would turn it into '?'
            }
            encoded[i++] = s.getBytes(UTF_8);
        }
        return encoded;
    }

    /** How many bytes {@link #write} writes for {@code encoded}. */
    static int size(byte[][] encoded) {
        long size = 0;
        for (byte[] bytes : encoded) {
            size += Output.varIntLength(bytes.length, true) + bytes.length;
        }
        return Math.toIntExact(size);
    }

    static void write(byte[][] encoded, Output output) {
        for (byte[] bytes : encoded) {
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
        }
    }

    /** Passes over {@code count} records without decoding them. */
    static void skip(Input input, int count) {
        for (int i = 0; i < count; i++) {
            int length = input.readVarInt(true);
            if (length < 0) {
                throw new IllegalArgumentException("negative string length " + length);
            }
            input.skip(length);
        }
    }

    static List<Object> read(Input input, int count) {
        var records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = input.readVarInt(true);
            if (length < 0) {
                throw new IllegalArgumentException("negative string length " + length);
            }
            int position = input.position();
            if (input.limit() - position >= length) {
                records.add(new String(input.getBuffer(), position, length, UTF_8));
                input.setPosition(position + length);
            } else {
                records.add(new String(input.readBytes(length), UTF_8));
            }
        }
        return records;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
