package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TouchTableTest {

    /** The table as key=state@touched, oldest touch first. */
    private static List<String> contents(TouchTable<String, Integer> table) {
        var out = new ArrayList<String>();
        table.forEach(s -> out.add(s.key + "=" + s.state() + "@" + s.touched));
        return out;
    }

    @Test
    void aTouchMovesTheKeyToTheBackAndTimeoutsSeeOnlyTheOldest() {
        var table = new TouchTable<String, Integer>();
        table.touch("a", 1, 1000);
        table.touch("b", 2, 2000);
        table.touch("c", 3, 3000);
        table.touch("a", 4, 4000);

        assertThat(contents(table)).containsExactly("b=2@2000", "c=3@3000", "a=4@4000");
        var old = new ArrayList<String>();
        table.forEachTouchedBy(3000, s -> old.add(s.key));
        assertThat(old).containsExactly("b", "c");
    }

    @Test
    void countsAreKeptUnboxedSoTheSlotNeverHoldsTheNewNumberItWasGiven() {
        var counts = new TouchTable<String, Object>();
        Integer thousand = 1_000;
        Long big = 5_000_000_000L;
        var text = new String("text");
        counts.touch("int", thousand, 1000);
        counts.touch("long", big, 1000);
        counts.touch("text", text, 1000);

        assertThat(counts.get("int").state()).isEqualTo(1_000).isNotSameAs(thousand);
        assertThat(counts.get("long").state()).isEqualTo(5_000_000_000L).isNotSameAs(big);
        assertThat(counts.get("text").state()).isSameAs(text);

        counts.begin();
        counts.touch("int", "now text", 2000);
        counts.touch("text", 7, 2000);
        assertThat(counts.get("int").state()).isEqualTo("now text");
        assertThat(counts.get("text").state()).isEqualTo(7);
        counts.rollback();

        assertThat(counts.get("int").state()).isEqualTo(1_000);
        assertThat(counts.get("text").state()).isSameAs(text);
    }

    @Test
    void aRollbackPutsEveryChangedKeyBackInItsPlace() {
        var table = new TouchTable<String, Integer>();
        for (int i = 0; i < 6; i++) {
            table.touch("k" + i, i, 1000L * (i + 1));
        }
        var before = contents(table);

        table.begin();
        table.touch("k1", 10, 7000);       // changed
        table.remove("k3");                // removed
        table.touch("k4", 40, 7000);
        table.remove("k4");                // changed, then removed
        table.remove("k5");
        table.touch("k5", 50, 7000);       // removed, then made again
        table.touch("new", 99, 7000);      // added
        assertThat(table.changedInBatch(table.get("k1"))).isTrue();
        assertThat(table.changedInBatch(table.get("k0"))).isFalse();
        table.rollback();

        assertThat(contents(table)).isEqualTo(before);
        assertThat(table.get("new")).isNull();
        assertThat(table.size()).isEqualTo(6);
        assertThat(table.get("k5").state()).isEqualTo(5);
    }

    @Test
    void randomBatchesRolledBackLeaveTheTableAsItWasAndCommittedOnesAsAModelSaysInTouchOrder() {
        var random = new Random(11);
        var table = new TouchTable<String, Integer>();
        var model = new java.util.LinkedHashMap<String, String>();
        long time = 0;
        for (int batch = 0; batch < 200; batch++) {
            time += 1000;
            var before = contents(table);
            var next = new java.util.LinkedHashMap<>(model);
            table.begin();
            randomChanges(random, table, next, time);
            if (random.nextBoolean()) {
                table.rollback();
                assertThat(contents(table)).as("batch %d rolled back", batch).isEqualTo(before);
            } else {
                table.commit();
                model = next;
                assertThat(contents(table)).as("batch %d committed", batch).containsExactlyElementsOf(model.values());
            }
        }
    }

    @Test
    void aBatchCannotBeginWhileAnEarlierOneHasNotEnded() {
        var table = new TouchTable<String, Integer>();
        table.begin();
        table.touch("a", 1, 1000);

        org.assertj.core.api.Assertions.assertThatThrownBy(table::begin)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("earlier batch that was given up");
        table.rollback();
        table.begin();
        table.commit();
        assertThat(table.size()).isZero();
    }

    @Test
    void anUnorderedTableRollsBackAndCommitsAsAModelSaysWithoutTouchOrder() {
        var random = new Random(13);
        var table = new TouchTable<String, Integer>(false);
        var model = new java.util.LinkedHashMap<String, String>();
        long time = 0;
        for (int batch = 0; batch < 200; batch++) {
            time += 1000;
            var before = sorted(contents(table));
            var next = new java.util.LinkedHashMap<>(model);
            table.begin();
            randomChanges(random, table, next, time);
            if (random.nextBoolean()) {
                table.rollback();
                assertThat(sorted(contents(table))).as("batch %d rolled back", batch).isEqualTo(before);
            } else {
                table.commit();
                model = next;
                assertThat(sorted(contents(table))).as("batch %d committed", batch).isEqualTo(sorted(model.values()));
            }
            assertThat(table.size()).isEqualTo(contents(table).size());
        }
        assertThat(model).isNotEmpty();
    }

    @Test
    void onlyAnOrderedTableAnswersWhichKeysTimeOut() {
        var table = new TouchTable<String, Integer>(false);
        table.touch("a", 1, 1000);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.forEachTouchedBy(2000, s -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("touch order");
    }

    /** Twenty random touches and removals in {@code table}, and what they make of it in {@code model}, latest touch last. */
    private static void randomChanges(Random random, TouchTable<String, Integer> table,
                                      java.util.LinkedHashMap<String, String> model, long time) {
        for (int op = 0; op < 20; op++) {
            String key = "k" + random.nextInt(30);
            if (random.nextInt(4) == 0) {
                table.remove(key);
                model.remove(key);
            } else {
                int state = random.nextInt(1000);
                table.touch(key, state, time);
                model.remove(key);
                model.put(key, key + "=" + state + "@" + time);
            }
        }
    }

    private static List<String> sorted(java.util.Collection<String> entries) {
        return entries.stream().sorted().toList();
    }
}
