package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpareSharesTest {

    private final TouchTable<String, Integer> table = new TouchTable<>(false);

    @Test
    void shouldDealTheNextBatchIntoTheShareTheLastOneLetGo() {
        table.lastDealt = 1000;
        DealtSlots share = DealtSlots.share(table, 1000);
        share.add("w1", 1);
        share.add("a-key-too-long-to-pack", 2);
        share.empty();

        DealtSlots next = DealtSlots.share(table, 1000);

        assertThat(next).isSameAs(share);
        assertThat(next.size()).isZero();
        next.add("w2", 3);
        assertThat(next.value(0)).isEqualTo(3);
        assertThat(next.packed(0)).isTrue();
    }

    @Test
    void shouldLetGoOfTheRecordsOnceTheShareIsEmptied() {
        DealtSlots share = DealtSlots.share(table, 10);
        share.add("a-key-too-long-to-pack", 7);
        share.add("w1", 8);
        share.empty();

        assertThat(share.key(0)).isNull();
        assertThat(share.value(0)).isNull();
        assertThat(share.key(1)).isNull();
        assertThat(share.value(1)).isNull();
    }

    @Test
    void shouldTakeOnlyASpareWithRoomAndNotFarMore() {
        table.lastDealt = 100_000;
        DealtSlots small = DealtSlots.share(table, 100);
        small.empty();

        DealtSlots larger = DealtSlots.share(table, 10_000);
        assertThat(larger).isNotSameAs(small);
        assertThat(larger.capacity()).isGreaterThanOrEqualTo(10_000);
        larger.empty();

        assertThat(DealtSlots.share(table, 100)).isSameAs(small);
        assertThat(DealtSlots.share(table, 100)).isNotSameAs(larger);
        assertThat(DealtSlots.share(table, 10_000)).isSameAs(larger);
    }

    @Test
    void shouldKeepSparesWithRoomForAtMostTwiceTheLastBatchsRecords() {
        table.lastDealt = 100;
        DealtSlots a = DealtSlots.share(table, 100);
        DealtSlots b = DealtSlots.share(table, 100);
        a.empty();
        b.empty();

        assertThat(table.spareShares.size()).isEqualTo(1);
    }

    @Test
    void shouldKeepOneSpareForEachShareLetGo() {
        table.lastDealt = 1000;
        DealtSlots a = DealtSlots.share(table, 100);
        DealtSlots b = DealtSlots.share(table, 100);
        a.empty();
        b.empty();

        assertThat(table.spareShares.size()).isEqualTo(2);
        assertThat(DealtSlots.share(table, 100)).isIn(a, b);
        assertThat(DealtSlots.share(table, 100)).isIn(a, b);
        assertThat(table.spareShares.size()).isZero();
    }
}
