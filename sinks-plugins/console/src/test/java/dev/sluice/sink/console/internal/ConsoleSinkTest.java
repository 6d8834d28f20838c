package dev.sluice.sink.console.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {

    private static final String RULE = "-------------------------------------------";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, UTF_8);

    @Test
    void shouldPrintTheBatchTimeAndElementsInTheSpecFormat() {
        var sink = new ConsoleSink<Pair<String, Integer>>(out, 10);

        sink.write(new ListDataset<>(List.of(Pair.of("hello", 1), Pair.of("world", 1))).dataset, Time.of(1357008430000L));

        assertThat(printed()).isEqualTo("""
                -------------------------------------------
                Time: 1357008430000 ms
                -------------------------------------------
                (hello,1)
                (world,1)

                """);
        assertThat(RULE).hasSize(43).isEqualTo(ConsoleSink.RULE);
    }

    @Test
    void shouldPrintTheFirstNumElementsAndAnEllipsisWhenThereAreMore() {
        var sink = new ConsoleSink<Integer>(out, 2);
        var batch = new ListDataset<>(List.of(1, 2, 3, 4, 5));

        sink.write(batch.dataset, Time.of(2000));

        assertThat(printed()).isEqualTo(RULE + "\nTime: 2000 ms\n" + RULE + "\n1\n2\n...\n\n");
        assertThat(batch.takes).as("one element more than it prints tells whether there are more").containsExactly(3);
        assertThat(batch.calls).as("a sink computes only what it prints").containsExactly("take");
    }

    @Test
    void shouldPrintNoEllipsisWhenTheBatchHoldsExactlyNumElements() {
        var sink = new ConsoleSink<Integer>(out, 3);

        sink.write(new ListDataset<>(List.of(4, 5, 6)).dataset, Time.of(3000));
        sink.write(new ListDataset<>(List.of(4, 5, 6, 7)).dataset, Time.of(4000));

        assertThat(printed()).isEqualTo(RULE + "\nTime: 3000 ms\n" + RULE + "\n4\n5\n6\n\n"
                + RULE + "\nTime: 4000 ms\n" + RULE + "\n4\n5\n6\n...\n\n");
    }

    @Test
    void shouldPrintEveryElementWhenNumIsTheLargestInt() {
        new ConsoleSink<Integer>(out, Integer.MAX_VALUE).write(new ListDataset<>(List.of(1, 2, 3)).dataset, Time.of(5000));

        assertThat(printed()).isEqualTo(RULE + "\nTime: 5000 ms\n" + RULE + "\n1\n2\n3\n\n");
    }

    @Test
    void shouldPrintTheHeaderForAnEmptyBatch() {
        new ConsoleSink<String>(out, 10).write(new ListDataset<String>(List.of()).dataset, Time.of(0));

        assertThat(printed()).isEqualTo(RULE + "\nTime: 0 ms\n" + RULE + "\n\n");
    }

    @Test
    void shouldPrintElementsAsStringValueOfDoes() {
        var sink = new ConsoleSink<Object>(out, 10);

        sink.write(new ListDataset<Object>(Arrays.asList(null, "héllo", 4.5)).dataset, Time.of(1000));

        assertThat(printed()).endsWith(RULE + "\nnull\nhéllo\n4.5\n\n");
    }

    @Test
    void shouldWriteEachBatchWithOnePrint() {
        var recording = new RecordingPrintStream(bytes);
        var sink = new ConsoleSink<Integer>(recording, 3);

        sink.write(new ListDataset<>(List.of(7, 8, 9)).dataset, Time.of(1000));
        sink.write(new ListDataset<>(List.of(10)).dataset, Time.of(2000));

        assertThat(recording.prints).containsExactly(
                RULE + "\nTime: 1000 ms\n" + RULE + "\n7\n8\n9\n\n",
                RULE + "\nTime: 2000 ms\n" + RULE + "\n10\n\n");
        assertThat(printed()).isEqualTo(String.join("", recording.prints));
    }

    @Test
    void shouldKeepTheBatchesOfConcurrentStreamsWhole() throws InterruptedException {
        int batchesPerStream = 200;
        var threads = IntStream.range(0, 4).mapToObj(stream -> new Thread(() -> {
            var sink = new ConsoleSink<String>(out, 50);
            var elements = IntStream.range(0, 50).mapToObj(i -> "stream " + stream + " element " + i).toList();
            for (int b = 0; b < batchesPerStream; b++) {
                sink.write(new ListDataset<>(elements).dataset, Time.of(stream));
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }

        String[] blocks = printed().split("\n\n");
        assertThat(blocks).hasSize(4 * batchesPerStream);
        for (String block : blocks) {
            String[] lines = block.split("\n");
            String stream = lines[1].substring("Time: ".length(), lines[1].indexOf(" ms"));
            assertThat(lines).hasSize(53);
            assertThat(Arrays.asList(lines).subList(3, 53)).allMatch(l -> l.startsWith("stream " + stream + " "));
        }
    }

    private String printed() {
        return bytes.toString(UTF_8);
    }

    /** Records every {@code print(String)}; {@code println} on a subclass goes through it too. */
    private static final class RecordingPrintStream extends PrintStream {

        final List<String> prints = new ArrayList<>();

        RecordingPrintStream(ByteArrayOutputStream bytes) {
            super(bytes, true, UTF_8);
        }

        @Override
        public void print(String s) {
            prints.add(s);
            super.print(s);
        }
    }
}
