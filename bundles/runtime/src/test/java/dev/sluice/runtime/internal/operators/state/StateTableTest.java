package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateTableTest {

    /** Random puts and removes (growing past several rehashes, with tombstones) against a HashMap. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldHoldWhatAHashMapHolds(long seed) {
        var random = new Random(seed);
        var table = new StateTable<String, Object>(4);
        var model = new HashMap<String, Object>();
        for (int i = 0; i < 20_000; i++) {
            String key = random.nextInt(50) == 0 ? null : "k" + random.nextInt(3_000);
            int op = random.nextInt(10);
            if (op < 6) {
                // numbers (kept unboxed) and other states alike
                Object state = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt();
                    case 1 -> random.nextLong();
                    default -> "s" + random.nextInt(10);
                };
                assertThat(table.put(key, state)).isEqualTo(model.put(key, state));
            } else if (op < 9) {
                assertThat(table.remove(key)).isEqualTo(model.remove(key));
            } else {
                assertThat(table.containsKey(key)).isEqualTo(model.containsKey(key));
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        assertThat(table).isEqualTo(model);
        var seen = new HashMap<String, Object>();
        table.forEach(seen::put);
        assertThat(seen).isEqualTo(model);
    }

    @Test
    void shouldWriteThroughItsEntriesAndTheirIterator() {
        var table = new StateTable<String, Object>(4);
        table.putAll(Map.of("a", 1, "b", 2L, "c", "x"));
        for (var it = table.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("a")) {
                it.remove();
            } else {
                e.setValue(e.getKey().equals("b") ? 5L : "y");
            }
        }
        assertThat(table).isEqualTo(Map.of("b", 5L, "c", "y"));
        assertThat(table.get("a")).isNull();
    }

    @Test
    void shouldSetAnUpdatesNewStatesOnlyWhenApplied() {
        var table = new StateTable<String, Object>(8);
        table.put("kept", 1);
        table.put("dropped", 2L);
        table.put("changed", "old");
        var update = new NewStates<>(table);
        update.set(table.indexOf("kept"), 10);
        update.set(table.indexOf("dropped"), null);
        update.set(table.indexOf("changed"), "new");
        assertThat(table).isEqualTo(Map.of("kept", 1, "dropped", 2L, "changed", "old"));

        update.apply();
        assertThat(table).isEqualTo(Map.of("kept", 10, "changed", "new"));
        assertThat(table.indexOf("dropped")).isEqualTo(-1);
    }

    @Test
    void shouldKeepAKeyMarkedRemovedInItsSlotUntilPurgedAndBringItBackThere() {
        var table = new StateTable<String, Object>(8);
        table.put("a", 1);
        table.put("b", "x");
        int a = table.indexOf("a");

        table.markRemovedAt(a);
        assertThat(table).isEqualTo(Map.of("b", "x"));
        assertThat(table.indexOf("a")).isEqualTo(a);
        assertThat(table.markedRemoved(a)).isTrue();
        assertThat(table.insert("a", 7L)).isEqualTo(a);
        assertThat(table).isEqualTo(Map.of("a", 7L, "b", "x"));

        table.markRemovedAt(a);
        table.purgeAt(a);
        assertThat(table.indexOf("a")).isEqualTo(-1);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void shouldRehashOnlyWhenAReservationDoesNotFit() {
        var table = new StateTable<String, Object>(4);
        table.put("a", 1);
        Object[] before = table.slotKeys();
        assertThat(table.reserve(1)).isFalse();
        assertThat(table.slotKeys()).isSameAs(before);

        assertThat(table.reserve(1_000)).isTrue();
        assertThat(table.slotKeys()).isNotSameAs(before);
        assertThat(table.keyAt(table.indexOf("a"))).isEqualTo("a");
        Object[] reserved = table.slotKeys();
        for (int i = 0; i < 1_000; i++) {
            table.insert("k" + i, i);
        }
        assertThat(table.slotKeys()).as("no rehash within the reservation").isSameAs(reserved);
        assertThat(table).hasSize(1_001).containsEntry("a", 1).containsEntry("k999", 999);
    }
}
