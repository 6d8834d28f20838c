package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Pair;
import dev.sluice.api.Partitioner;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a shared stream's mapWithState state must be searched for keys it no longer keeps. */
class StateTablesTest {

    private static BitSet partitions(int... ps) {
        var set = new BitSet();
        for (int p : ps) {
            set.set(p);
        }
        return set;
    }

    @Test
    void shouldLookForKeysToDropOnlyWhenItMayHoldKeyPartitionsItNoLongerKeeps() {
        var tables = new StateTables<String, Long>(Partitioner.hash(2), List.of(), 0, false);
        assertThat(tables.holdsBeyond(partitions())).as("a new state holds nothing").isFalse();

        tables.holding(partitions(0, 1, 2));
        assertThat(tables.holdsBeyond(partitions(0, 1, 2))).as("the same partitions kept").isFalse();
        assertThat(tables.holdsBeyond(partitions(0, 1, 2, 3))).as("one more given").isFalse();
        assertThat(tables.holdsBeyond(partitions(0, 2))).as("one lost, or restored").isTrue();
    }

    @Test
    void shouldLookForKeysToDropInAStateItDidNotBuildInTheGroup() {
        var fromCheckpoint = StateTables.<String, Long>restore(Partitioner.hash(2), List.of("a", 1L, 0L), false);
        assertThat(fromCheckpoint.holdsBeyond(partitions(0, 1, 2, 3))).isTrue();
        var fromInitial = new StateTables<String, Long>(Partitioner.hash(2), List.of(Pair.of("a", 1L)), 0, false);
        assertThat(fromInitial.holdsBeyond(partitions(0, 1, 2, 3))).isTrue();
    }

    @Test
    void shouldDropTheKeysItNoLongerKeepsWhenItLooks() {
        var tables = new StateTables<String, Long>(Partitioner.hash(1), List.of(), 0, false);
        tables.table(0).touch("a", 1L, 0);
        tables.table(0).touch("b", 2L, 0);
        tables.align(0, "a"::equals, List.of(), false);
        assertThat(tables.table(0)).as("not looked for").containsOnlyKeys("a", "b");
        tables.align(0, "a"::equals, List.<Object[]>of(new Object[] {"c", 3L, 0L}), true);
        assertThat(tables.table(0)).containsOnlyKeys("a", "c");
    }
}
