package dev.sluice.runtime.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table against {@code HashMap} as the model, through every operation a shuffle uses and removal. */
class CombinerTableTest {

    /** Keys whose hashes collide in their low bits, so that probes run long and removals shift keys back. */
    private record Crowded(int id) {
        @Override
        public int hashCode() {
            return (id % 7) << 20;
        }
    }

    @Test
    void randomOperationsLeaveTheSameEntriesAsAHashMap() {
        var random = new Random(11);
        for (int round = 0; round < 20; round++) {
            var table = new CombinerTable<Object, Integer>(random.nextInt(40));
            var model = new HashMap<Object, Integer>();
            int keys = 1 + random.nextInt(300);
            for (int op = 0; op < 5_000; op++) {
                Object key = randomKey(random, keys);
                int value = random.nextInt(100) - 50;
                switch (random.nextInt(5)) {
                    // a sum of zero removes the key, as merge does with a null result
                    case 0, 1 -> assertThat(table.merge(key, value, CombinerTableTest::sumOrNull))
                            .isEqualTo(model.merge(key, value, CombinerTableTest::sumOrNull));
                    case 2 -> assertThat(table.put(key, value)).isEqualTo(model.put(key, value));
                    case 3 -> assertThat(table.remove(key)).isEqualTo(model.remove(key));
                    default -> {
                        assertThat(table.get(key)).isEqualTo(model.get(key));
                        assertThat(table.containsKey(key)).isEqualTo(model.containsKey(key));
                    }
                }
            }
            assertThat(table).hasSameSizeAs(model).isEqualTo(model);
            var visited = new HashMap<Object, Integer>();
            table.forEach(visited::put);
            assertThat(visited).isEqualTo(model);
        }
    }

    private static Object randomKey(Random random, int keys) {
        int id = random.nextInt(keys);
        return switch (random.nextInt(3)) {
            case 0 -> id == 0 ? null : "k" + id;
            case 1 -> new Crowded(id);
            default -> id;
        };
    }

    private static Integer sumOrNull(Integer a, Integer b) {
        int sum = a + b;
        return sum == 0 ? null : sum;
    }

    @Test
    void aKeyAddedWhileIteratingFailsTheIterationInsteadOfSkippingKeys() {
        var table = new CombinerTable<String, Integer>(4);
        table.put("a", 1);
        table.put("b", 2);

        assertThatThrownBy(() -> table.forEach((k, v) -> table.put(k + "x", v)))
                .isInstanceOf(ConcurrentModificationException.class);
        var entries = table.entrySet().iterator();
        entries.next();
        table.put("c", 3);
        assertThatThrownBy(entries::next).isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void anEntrysNewValueIsWrittenThroughAndAGrownTableKeepsEveryKey() {
        var table = new CombinerTable<Integer, Integer>(0);
        for (int k = 0; k < 10_000; k++) {
            table.merge(k, 1, Integer::sum);
        }
        for (Map.Entry<Integer, Integer> e : table.entrySet()) {
            e.setValue(e.getKey() * 2);
        }

        assertThat(table).hasSize(10_000);
        for (int k = 0; k < 10_000; k++) {
            assertThat(table.get(k)).isEqualTo(2 * k);
        }
    }
}
