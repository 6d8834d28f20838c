package dev.sluice.itests.recovery;

import dev.sluice.api.HashPartitioning;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The output of {@code timed-running-count} (a {@code mapWithState}) as a {@code read_committed}
 * reader sees it: per key, per batch (the records' timestamp), the values the batch gave it. One
 * container gives each key, batch after batch, the counts going on from its last one, one per record
 * (so within a batch, the next ones each once), or, in a batch where the key had no record and was
 * last touched at least the timeout before, its count negated, after which it starts again from one.
 */
final class TimedRunningCounts {

    private final int keyPartitions;
    /** Key to batch to the values of that batch. */
    private final Map<String, TreeMap<Long, List<Long>>> byKey = new TreeMap<>();
    /** Key partition to the batches with output of its keys. */
    private final Map<Integer, TreeSet<Long>> batchesOfPartition = new TreeMap<>();

    TimedRunningCounts(KafkaBroker broker, String topic, int keyPartitions) {
        this.keyPartitions = keyPartitions;
        broker.readAll(topic, "read_committed").forEach(r -> {
            byKey.computeIfAbsent(r.key(), k -> new TreeMap<>()).computeIfAbsent(r.timestamp(), t -> new ArrayList<>())
                    .add(Long.parseLong(r.value()));
            batchesOfPartition.computeIfAbsent(HashPartitioning.partitionOf(r.key(), keyPartitions), p -> new TreeSet<>())
                    .add(r.timestamp());
        });
    }

    /**
     * Every key whose values break one container's sequence (a count lost, doubled or out of order,
     * a timeout of a count other than the key's), or whose records counted differ from
     * {@code expected} (every key sent, with how often), or which has not timed out at the end. A key
     * of {@code initial} starts from its count there, and times out once even if never sent.
     */
    List<String> brokenSequences(Map<String, Integer> expected, Map<String, Long> initial) {
        var broken = new ArrayList<String>();
        var keys = new TreeSet<>(expected.keySet());
        keys.addAll(byKey.keySet());
        keys.addAll(initial.keySet());
        for (String key : keys) {
            long count = initial.getOrDefault(key, 0L);
            long counted = 0;
            for (Map.Entry<Long, List<Long>> batch : byKey.getOrDefault(key, new TreeMap<>()).entrySet()) {
                List<Long> values = batch.getValue();
                if (values.size() == 1 && values.get(0) < 0) {
                    if (-values.get(0) != count) {
                        broken.add(key + " timed out as " + values.get(0) + " in batch " + batch.getKey()
                                + " with its count at " + count);
                    }
                    count = 0;
                    continue;
                }
                var want = new ArrayList<Long>();
                for (long n = count + 1; n <= count + values.size(); n++) {
                    want.add(n);
                }
                if (!values.stream().sorted().toList().equals(want)) {
                    broken.add(key + " got " + values + " in batch " + batch.getKey() + " going on from " + count);
                }
                count += values.size();
                counted += values.size();
            }
            if (counted != expected.getOrDefault(key, 0)) {
                broken.add(key + " counted " + counted + " times, sent " + expected.getOrDefault(key, 0));
            }
            if (count != 0) {
                broken.add(key + " has not timed out: its count is at " + count);
            }
        }
        return broken;
    }

    /**
     * Every timeout that one container would have given in another batch: a key last touched in batch
     * L times out in the first batch at or after L + {@code timeoutMillis} in which its key partition
     * was computed (gave any output; after a SIGKILL a partition's missed batches are computed with
     * its new owner's next one). The first timeout of an initial key never sent is not checked.
     */
    List<String> misplacedTimeouts(long timeoutMillis) {
        var misplaced = new ArrayList<String>();
        byKey.forEach((key, batches) -> {
            long lastTouched = -1;
            for (Map.Entry<Long, List<Long>> batch : batches.entrySet()) {
                boolean timeout = batch.getValue().size() == 1 && batch.getValue().get(0) < 0;
                if (!timeout) {
                    lastTouched = batch.getKey();
                    continue;
                }
                Long due = batchesOfPartition.get(HashPartitioning.partitionOf(key, keyPartitions))
                        .ceiling(lastTouched + timeoutMillis);
                if (lastTouched < 0) {
                    // an initial key never sent: touched when its partition was first restored, which the output does not show
                    lastTouched = batch.getKey();
                    continue;
                }
                if (due == null || due.longValue() != batch.getKey()) {
                    misplaced.add(key + " last touched in batch " + lastTouched + " timed out in batch "
                            + batch.getKey() + ", due in " + due);
                }
            }
        });
        return misplaced;
    }

    /** The keys with {@code prefix} that have timed out at least once. */
    long timedOut(String prefix) {
        return byKey.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).filter(e -> e.getValue().values()
                .stream().anyMatch(v -> v.size() == 1 && v.get(0) < 0)).count();
    }

    /** The keys with {@code prefix} counted at least once. */
    long counted(String prefix) {
        return byKey.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }
}
