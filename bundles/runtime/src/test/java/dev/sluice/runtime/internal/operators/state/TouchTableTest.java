package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TouchTableTest {

    /** The table as key=state@touched, sorted. */
    private static List<String> contents(TouchTable<String, Integer> table) {
        var out = new ArrayList<String>();
        table.forEachSlot(i -> out.add(table.keyAt(i) + "=" + table.stateAt(i) + "@" + table.touchedAt(i)));
        return out.stream().sorted().toList();
    }

    /** The keys timing out at {@code threshold}, each visited key dropped as mapWithState does. */
    private static List<String> timeOut(TouchTable<String, Integer> table, long threshold) {
        var out = new ArrayList<String>();
        table.forEachTimingOut(threshold, i -> {
            out.add(table.keyAt(i));
            table.drop(i);
        });
        return out;
    }

    @Test
    void timeoutsSeeOnlyTheKeysLastTouchedByTheThresholdEachOnce() {
        var table = new TouchTable<String, Integer>();
        table.touch("a", 1, 1000);
        table.touch("b", 2, 2000);
        table.touch("c", 3, 3000);
        table.touch("a", 4, 4000);
        table.touch("b", 5, 2000); // touched again at the same time: still one entry's worth

        table.begin();
        assertThat(timeOut(table, 3000)).containsExactly("b", "c");
        table.commit();
        assertThat(contents(table)).containsExactly("a=4@4000");

        table.begin();
        assertThat(timeOut(table, 3000)).as("the due buckets went at the commit").isEmpty();
        assertThat(timeOut(table, 4000)).containsExactly("a");
        table.commit();
        assertThat(table.size()).isZero();
    }

    @Test
    void aRolledBackTimeoutComesAgainInTheNextBatch() {
        var table = new TouchTable<String, Integer>();
        table.touch("old", 1, 1000);
        table.touch("moved", 2, 1000);

        table.begin();
        table.touch("moved", 3, 5000);
        assertThat(timeOut(table, 1000)).containsExactly("old");
        table.rollback();

        assertThat(contents(table)).containsExactly("moved=2@1000", "old=1@1000");
        table.begin();
        assertThat(timeOut(table, 1000)).containsExactlyInAnyOrder("old", "moved");
        table.commit();
        assertThat(table.size()).isZero();
    }

    @Test
    void aKeyTouchedByTheRunningBatchTimesOutInALaterOneWhenTheTimeoutIsShorterThanABatch() {
        var table = new TouchTable<String, Integer>();
        table.begin();
        table.touch("k", 1, 1000);
        assertThat(timeOut(table, 1000)).isEmpty();
        table.commit();

        table.begin();
        assertThat(timeOut(table, 2000)).containsExactly("k");
        table.commit();
    }

    @Test
    void keysTouchedEveryBatchUnderALongTimeoutKeepTheBucketsBoundedAndStillTimeOut() {
        var table = new TouchTable<String, Integer>();
        int keys = 2_000;
        long time = 0;
        for (int batch = 0; batch < 50; batch++) {
            time += 1000;
            table.begin();
            table.reserve(keys);
            for (int k = 0; k < keys; k++) {
                table.touch("k" + k, batch, time);
            }
            assertThat(timeOut(table, time - 3_600_000)).isEmpty();
            table.commit();
            assertThat(table.timeoutEntries()).as("after batch %d", batch).isLessThanOrEqualTo(3L * keys + 1024);
        }
        table.begin();
        assertThat(timeOut(table, time - 1000)).isEmpty();
        assertThat(timeOut(table, time)).hasSize(keys);
        table.commit();
        assertThat(table.size()).isZero();
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

        assertThat(counts.get("int")).isEqualTo(1_000).isNotSameAs(thousand);
        assertThat(counts.get("long")).isEqualTo(5_000_000_000L).isNotSameAs(big);
        assertThat(counts.get("text")).isSameAs(text);

        counts.begin();
        counts.touch("int", "now text", 2000);
        counts.touch("text", 7, 2000);
        assertThat(counts.get("int")).isEqualTo("now text");
        assertThat(counts.get("text")).isEqualTo(7);
        counts.rollback();

        assertThat(counts.get("int")).isEqualTo(1_000);
        assertThat(counts.get("text")).isSameAs(text);
    }

    @Test
    void aRollbackPutsEveryChangedKeyBack() {
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
        table.touch("k5", 50, 7000);       // removed, then made again in its slot
        table.touch("new", 99, 7000);      // added
        assertThat(table.changedInBatch(table.indexOf("k1"))).isTrue();
        assertThat(table.changedInBatch(table.indexOf("k0"))).isFalse();
        assertThat(table.get("k3")).isNull();
        assertThat(table.size()).isEqualTo(5);
        table.rollback();

        assertThat(contents(table)).isEqualTo(before);
        assertThat(table.get("new")).isNull();
        assertThat(table.size()).isEqualTo(6);
        assertThat(table.get("k5")).isEqualTo(5);
    }

    @Test
    void aCommitFreesTheSlotsOfTheKeysItRemoved() {
        var table = new TouchTable<String, Integer>(false);
        table.touch("gone", 1, 1000);
        table.begin();
        table.remove("gone");
        assertThat(table.indexOf("gone")).as("kept in its slot while the batch runs").isNotNegative();
        table.commit();
        assertThat(table.indexOf("gone")).isEqualTo(-1);
    }

    @Test
    void aCommitFreesTheRemovedSlotsOfItsOwnBatchOnlyWhateverTheBatchesBeforeItDid() {
        var table = new TouchTable<String, Integer>(false);
        table.touch("a", 1, 1000);
        table.touch("b", 2, 1000);
        table.begin(); // removes nothing
        table.retouchAt(table.indexOf("a"), 2000);
        table.commit();
        table.begin(); // removes b, given up
        table.drop(table.indexOf("b"));
        table.rollback();
        table.begin(); // removes a, and brings b's removal back in the same batch
        table.drop(table.indexOf("a"));
        int b = table.indexOf("b");
        table.drop(b);
        table.touchAt(b, 3, 4000);
        table.commit();
        assertThat(table.indexOf("a")).as("a's slot freed").isEqualTo(-1);
        assertThat(table.taken(table.indexOf("b"))).as("b back in its slot").isTrue();
        assertThat(table.get("b")).isEqualTo(3);
        assertThat(table.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void randomBatchesRolledBackLeaveTheTableAsItWasAndCommittedOnesAsAModelSays(boolean timeouts) {
        randomBatches(new Random(timeouts ? 11 : 13), timeouts, 20);
    }

    /** Batches that reserve no room: a rehash in the middle of a batch moves the slots it changed. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void randomBatchesThatRehashMidwayAreRolledBackAndCommittedAsAModelSays(boolean timeouts) {
        randomBatches(new Random(timeouts ? 17 : 19), timeouts, 0);
    }

    /** 300 batches of {@link #randomChanges}, each reserving room for {@code reserve} new keys, against a model. */
    private static void randomBatches(Random random, boolean timeouts, int reserve) {
        var table = new TouchTable<String, Integer>(timeouts);
        var model = new TreeMap<String, String>();
        var touched = new HashMap<String, Long>();
        long time = 0;
        for (int batch = 0; batch < 300; batch++) {
            time += 1000;
            var before = contents(table);
            var next = new TreeMap<>(model);
            var nextTouched = new HashMap<>(touched);
            table.begin();
            // a batch grows the table past a rehash now and then: it reserves room before its first change, or not
            int keys = 30 + batch * 4;
            table.reserve(reserve);
            randomChanges(random, table, next, nextTouched, keys, time);
            if (timeouts) {
                long threshold = time - 3000;
                var due = new ArrayList<String>();
                nextTouched.forEach((k, t) -> {
                    if (t <= threshold) {
                        due.add(k);
                    }
                });
                assertThat(timeOut(table, threshold)).as("batch %d times out", batch).containsExactlyInAnyOrderElementsOf(due);
                due.forEach(k -> {
                    next.remove(k);
                    nextTouched.remove(k);
                });
            }
            if (random.nextInt(3) == 0) {
                table.rollback();
                assertThat(contents(table)).as("batch %d rolled back", batch).isEqualTo(before);
            } else {
                table.commit();
                model = next;
                touched = nextTouched;
                assertThat(contents(table)).as("batch %d committed", batch).isEqualTo(model.values().stream().sorted().toList());
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        assertThat(model).isNotEmpty();
    }

    @Test
    void aBatchCannotBeginWhileAnEarlierOneHasNotEnded() {
        var table = new TouchTable<String, Integer>();
        table.begin();
        table.touch("a", 1, 1000);

        assertThatThrownBy(table::begin)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("earlier batch that was given up");
        table.rollback();
        table.begin();
        table.commit();
        assertThat(table.size()).isZero();
    }

    @Test
    void aBatchThatAddsMoreKeysThanItReservedMovesTheSlotsItChangedAndCanStillBeUndone() {
        var table = new TouchTable<String, Integer>(true);
        for (int i = 0; i < 10; i++) {
            table.touch("old" + i, i, 1000);
        }
        var before = contents(table);
        table.begin();
        table.drop(table.indexOf("old0"));
        table.touch("old1", 100, 2000);
        Object[] slots = table.slotKeys();
        for (int i = 0; i < 100; i++) {
            table.touch("k" + i, i, 2000);
        }
        assertThat(table.slotKeys()).as("rehashed within the batch").isNotSameAs(slots);
        assertThat(table.markedRemoved(table.indexOf("old0"))).as("a removed key keeps its slot through a rehash").isTrue();
        table.rollback();
        assertThat(contents(table)).isEqualTo(before);

        table.begin();
        table.drop(table.indexOf("old0"));
        for (int i = 0; i < 100; i++) {
            table.touch("k" + i, i, 2000);
        }
        assertThat(timeOut(table, 1000)).as("the keys last touched at 1000, but not the one removed")
                .containsExactlyInAnyOrder("old1", "old2", "old3", "old4", "old5", "old6", "old7", "old8", "old9");
        table.commit();
        assertThat(table.size()).isEqualTo(100);
        assertThat(table.indexOf("old0")).isEqualTo(-1);
    }

    @Test
    void onlyATableTrackingTimeoutsAnswersWhichKeysTimeOut() {
        var table = new TouchTable<String, Integer>(false);
        table.touch("a", 1, 1000);

        assertThatThrownBy(() -> table.forEachTimingOut(2000, i -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("touch times");
    }

    /** Twenty random touches and removals over {@code keys} keys in {@code table}, and what they make of {@code model}. */
    private static void randomChanges(Random random, TouchTable<String, Integer> table, Map<String, String> model,
                                      Map<String, Long> touched, int keys, long time) {
        for (int op = 0; op < 20; op++) {
            String key = "k" + random.nextInt(keys);
            if (random.nextInt(4) == 0) {
                table.remove(key);
                model.remove(key);
                touched.remove(key);
            } else {
                int state = random.nextInt(1000);
                table.touch(key, state, time);
                model.put(key, key + "=" + state + "@" + time);
                touched.put(key, time);
            }
        }
    }
}
