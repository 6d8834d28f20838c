package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpareChunksTest {

    private final TouchTable<String, Integer> table = new TouchTable<>(false);

    @Test
    void shouldDealTheNextBatchIntoTheChunksTheLastOneLetGo() {
        table.spareChunks.lastDealt = 3 * DealtChunk.SIZE;
        var share = new DealtSlots(table);
        for (int j = 0; j < 2 * DealtChunk.SIZE + 1; j++) {
            share.add("w" + j, 1);
        }
        share.empty();
        assertThat(table.spareChunks.size()).isEqualTo(3);

        var next = new DealtSlots(table);
        next.add("w2", 3);

        assertThat(table.spareChunks.size()).isEqualTo(2);
        assertThat(next.size()).isOne();
        assertThat(next.value(0)).isEqualTo(3);
        assertThat(next.packed(0)).isTrue();
    }

    @Test
    void shouldKeepEveryRecordAcrossChunks() {
        var share = new DealtSlots(table);
        int records = DealtChunk.SIZE + 10;
        for (int j = 0; j < records; j++) {
            share.add(j % 7 == 0 ? "a-key-too-long-to-pack-" + j : "w" + j, j < DealtChunk.SIZE + 5 ? 1 : j);
        }

        assertThat(share.size()).isEqualTo(records);
        for (int j = 0; j < records; j++) {
            assertThat(share.packed(j)).isEqualTo(j % 7 != 0);
            if (j % 7 == 0) {
                assertThat(share.key(j)).isEqualTo("a-key-too-long-to-pack-" + j);
                assertThat(share.slot(j)).isEqualTo(-1);
            }
            assertThat(share.value(j)).isEqualTo(j < DealtChunk.SIZE + 5 ? 1 : j);
        }
        assertThat(share.unresolved()).isEqualTo((records + 6) / 7);
    }

    @Test
    void shouldLetGoOfTheRecordsOnceTheShareIsEmptied() {
        table.spareChunks.lastDealt = 10;
        var share = new DealtSlots(table);
        share.add("a-key-too-long-to-pack", 7);
        share.add("w1", 8);
        share.empty();

        DealtChunk chunk = table.spareChunks.take();
        assertThat(chunk.keys[0]).isNull();
        assertThat(chunk.values[0]).isNull();
        assertThat(chunk.values[1]).isNull();
    }

    @Test
    void shouldReadEachRecordsKeyAndValueAnewInAReusedChunk() {
        var share = new DealtSlots(table);
        share.add("a-key-too-long-to-pack", 1);
        share.add("w1", 2);
        share.empty();

        var next = new DealtSlots(table);
        Integer one = 1;
        next.add("w3", one);
        next.add("a-key-too-long-to-pack-too", one);

        assertThat(next.packed(0)).isTrue();
        assertThat(next.packed(1)).isFalse();
        assertThat(next.key(1)).isEqualTo("a-key-too-long-to-pack-too");
        assertThat(next.value(0)).isSameAs(one);
        assertThat(next.value(1)).isSameAs(one);
    }

    @Test
    void shouldKeepSpareChunksForTwiceTheLastBatchsRecordsAndAFewMore() {
        table.spareChunks.lastDealt = DealtChunk.SIZE;
        var shares = new DealtSlots[40];
        for (int s = 0; s < shares.length; s++) {
            shares[s] = new DealtSlots(table);
            shares[s].add("w" + s, 1);
        }
        for (DealtSlots share : shares) {
            share.empty();
        }

        assertThat(table.spareChunks.size()).isEqualTo(2 + 32);
    }
}
