package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import org.junit.jupiter.api.Test;

class BatchStatsTest {

    private final BatchStats stats = new BatchStats();

    @Test
    void shouldShowSubmittedBatchesUntilTheyComplete() {
        stats.onBatchSubmitted(batch(1, -1, -1));
        stats.onBatchSubmitted(batch(2, -1, -1));
        stats.onBatchStarted(batch(1, 1005, -1));

        assertThat(stats.recent()).extracting(BatchInfo::processingStartTime).containsExactly(1005L, -1L);

        stats.onBatchCompleted(batch(1, 1005, 1010));

        assertThat(stats.recent()).extracting(b -> b.batchTime().millis()).containsExactly(1000L, 2000L);
        assertThat(stats.recent().get(0).processingEndTime()).isEqualTo(1010);
        assertThat(stats.completed()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLatestCompletedBatchesOnly() {
        for (int i = 1; i <= BatchStats.RECENT + 5; i++) {
            stats.onBatchSubmitted(batch(i, -1, -1));
            stats.onBatchCompleted(batch(i, i * 1000L, i * 1000L + 1));
        }

        assertThat(stats.recent()).hasSize(BatchStats.RECENT);
        assertThat(stats.recent().get(0).batchTime()).isEqualTo(Time.of(6000));
        assertThat(stats.completed()).isEqualTo(BatchStats.RECENT + 5);
    }

    private static BatchInfo batch(int n, long start, long end) {
        return new BatchInfo(n, Time.of(n * 1000L), 1, n * 1000L, start, end, List.of());
    }
}
