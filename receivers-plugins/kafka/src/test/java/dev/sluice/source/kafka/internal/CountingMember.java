package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Time;
import dev.sluice.api.kafka.KafkaRecord;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** A member keeping a running count per word, as the engine's updateStateByKey keeps its state. */
final class CountingMember {
    final KafkaBatchSource<String, String> source;
    final Map<String, Long> counts = new TreeMap<>();
    /** The counts the latest batch restored from the changelog. */
    final Map<String, Long> restored = new TreeMap<>();

    private final KafkaBroker broker;

    CountingMember(KafkaBroker broker, KafkaBatchSource<String, String> source) {
        this.broker = broker;
        this.source = source;
    }

    CompletableFuture<Void> batch(long time, boolean commit) {
        List<InputSplit<KafkaRecord<String, String>>> splits = source.poll(new Time(time));
        return CompletableFuture.runAsync(() -> {
            Map<String, Long> read = RandomWords.read(splits);
            KeyExchange.Shuffle shuffle = source.exchange().shuffle("counts");
            int n = shuffle.partitions();
            var lines = new ArrayList<StringBuilder>();
            for (int p = 0; p < n; p++) {
                lines.add(new StringBuilder());
            }
            read.forEach((w, c) -> lines.get(Math.floorMod(w.hashCode(), n)).append(w).append('\t').append(c)
                    .append('\n'));
            var chunks = new ArrayList<List<byte[]>>();
            lines.forEach(l -> chunks.add(l.isEmpty() ? List.of() : List.of(l.toString().getBytes(StandardCharsets.UTF_8))));
            shuffle.send(new Time(time), chunks);
            List<List<byte[]>> received = shuffle.receive(new Time(time));

            KeyExchange.StateChangelog changelog = shuffle.changelog();
            Map<Integer, List<KeyExchange.StateEntry>> back = changelog.restored(new Time(time));
            counts.keySet().removeIf(w -> received.get(partitionOf(w, n)) == null
                    || back.containsKey(partitionOf(w, n)));
            restored.clear();
            back.values().forEach(entries -> entries.forEach(e -> restored.put(text(e.key()),
                    Long.parseLong(text(e.state())))));
            counts.putAll(restored);

            var changed = new HashMap<Integer, List<KeyExchange.StateEntry>>();
            for (int p = 0; p < n; p++) {
                if (received.get(p) == null) {
                    continue;
                }
                for (byte[] chunk : received.get(p)) {
                    for (String line : text(chunk).split("\n")) {
                        String[] wc = line.split("\t");
                        long total = counts.merge(wc[0], Long.parseLong(wc[1]), Long::sum);
                        changed.computeIfAbsent(p, q -> new ArrayList<>()).add(new KeyExchange.StateEntry(
                                wc[0].getBytes(StandardCharsets.UTF_8),
                                Long.toString(total).getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            changed.forEach((p, entries) -> changelog.write(new Time(time), p, entries));
            assertThat(OutputTransactions.write(broker, "state-changelog-test",
                    source.exchange().reduceSide(), time, commit)).as("the batch's changes").isNotEmpty();
        });
    }

    static int partitionOf(String word, int n) {
        return Math.floorMod(word.hashCode(), n);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
