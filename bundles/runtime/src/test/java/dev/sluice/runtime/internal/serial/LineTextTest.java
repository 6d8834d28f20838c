package dev.sluice.runtime.internal.serial;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineTextTest {

    private final RecordSerializer serializer = new RecordSerializer(RecordTypes.builtIn());

    /** Bytes with newlines at random places, and bytes that differ from '\n' in one bit or look like it in part. */
    private static byte[] randomBytes(Random random, int length) {
        byte[] someBytes = {'\n', 'a', '\r', 0x0B, 0x08, (byte) 0x8A, 0x00, (byte) 0xFF, 0x2A};
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = random.nextInt(3) == 0 ? someBytes[random.nextInt(someBytes.length)] : (byte) random.nextInt(256);
        }
        return text;
    }

    @Test
    void countsSkipsAndFindsNewlinesAsAByteByByteLoopDoes() {
        var random = new Random(11);
        for (int round = 0; round < 2_000; round++) {
            byte[] text = randomBytes(random, random.nextInt(100));
            int from = text.length == 0 ? 0 : random.nextInt(text.length);
            int to = from + random.nextInt(text.length - from + 1);
            var newlines = new ArrayList<Integer>();
            for (int i = from; i < to; i++) {
                if (text[i] == '\n') {
                    newlines.add(i);
                }
            }

            assertThat(LineText.countLines(text, from, to)).isEqualTo(newlines.size());
            assertThat(LineText.indexOfNewline(text, from, to)).isEqualTo(newlines.isEmpty() ? -1 : newlines.get(0));
            for (int n = 1; n <= newlines.size() + 1; n++) {
                int expected = n <= newlines.size() ? newlines.get(n - 1) + 1 : to;
                assertThat(LineText.skipLines(text, from, to, n)).as("after %d lines", n).isEqualTo(expected);
            }
        }
    }

    @Test
    void aBlockOfLinesReadsBackWholeInPiecesAndFromAFile() {
        byte[] text = "alpha\r\n\nbeta gamma\ncaf\u00e9\r\r\n".getBytes(UTF_8);
        byte[] block = RecordSerializer.linesToBytes(text, 0, text.length, 4);
        List<Object> expected = List.of("alpha", "", "beta gamma", "caf\u00e9\r");

        assertThat(serializer.fromBytes(block)).isEqualTo(expected);
        var pieces = new ArrayList<Object>();
        for (int piece = 0; piece < 3; piece++) {
            pieces.addAll(serializer.fromBytes(block, piece, 3));
        }
        assertThat(pieces).isEqualTo(expected);
        var handed = new ArrayList<Object>();
        for (int piece = 0; piece < 3; piece++) {
            serializer.forEach(block, piece, 3, handed::add);
        }
        assertThat(handed).isEqualTo(expected);
        assertThat(serializer.read(new ByteArrayInputStream(block), "a block file")).isEqualTo(expected);
        assertThat(serializer.decode(block)).isEqualTo(expected);
    }
}
