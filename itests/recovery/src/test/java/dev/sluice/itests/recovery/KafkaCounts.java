package dev.sluice.itests.recovery;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.util.Map;
import java.util.TreeMap;

/** The word counts a Kafka output holds, as the tests of a shared stream check them. */
final class KafkaCounts {

    private KafkaCounts() {
    }

    /** Each word's counts in {@code topic} summed over every batch of every member, as a read_committed consumer sees them. */
    static Map<String, Integer> totals(KafkaBroker broker, String topic) {
        var totals = new TreeMap<String, Integer>();
        broker.readAll(topic, "read_committed").forEach(r -> totals.merge(r.key(), Integer.parseInt(r.value()),
                Integer::sum));
        return totals;
    }
}
