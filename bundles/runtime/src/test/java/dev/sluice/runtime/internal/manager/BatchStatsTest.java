package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.api.management.StreamMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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



    private static BatchInfo submitted(long time, long records) {
        return new BatchInfo(time, Time.of(time), records, time + 1, -1, -1, List.of());
    }

    private static BatchInfo started(BatchInfo b) {
        return new BatchInfo(b.jobId(), b.batchTime(), b.numRecords(), b.submissionTime(), b.submissionTime() + 2,
                -1, List.of());
    }

    private static BatchInfo completed(BatchInfo b, Optional<String> failure) {
        return new BatchInfo(b.jobId(), b.batchTime(), b.numRecords(), b.submissionTime(), b.submissionTime() + 2,
                b.submissionTime() + 7, List.of(new OutputOperationInfo(0, "print", 5, failure)));
    }

    @Test
    void shouldCountBatchesAsWaitingThenRunningThenCompleted() {
        BatchInfo first = submitted(1000, 3);
        BatchInfo second = submitted(2000, 4);
        stats.onBatchSubmitted(first);
        stats.onBatchSubmitted(second);

        assertThat(stats.figures().waiting()).isEqualTo(2);
        assertThat(stats.figures().running()).isZero();
        assertThat(stats.figures().receivedRecords()).isEqualTo(7);
        assertThat(stats.figures().lastReceived()).contains(second);

        stats.onBatchStarted(started(first));

        assertThat(stats.figures().waiting()).isEqualTo(1);
        assertThat(stats.figures().running()).isEqualTo(1);

        stats.onBatchCompleted(completed(first, Optional.empty()));
        var figures = stats.figures();

        assertThat(figures.waiting()).isEqualTo(1);
        assertThat(figures.running()).isZero();
        assertThat(figures.completed()).isEqualTo(1);
        assertThat(figures.processedRecords()).isEqualTo(3);
        assertThat(figures.lastCompleted().orElseThrow().processingDelay()).contains(java.time.Duration.ofMillis(5));
    }

    @Test
    void shouldCountAFailedBatchAsCompletedAndFailed() {
        BatchInfo b = submitted(1000, 1);
        stats.onBatchSubmitted(b);
        stats.onBatchStarted(started(b));
        stats.onBatchCompleted(completed(b, Optional.of("java.lang.IllegalStateException: disk full")));

        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.figures().lastCompleted().orElseThrow().failure()).isPresent();
    }

    @Test
    void shouldKeepTheLatestRetainedBatchesForChartsAndFewerForTheShell() {
        int total = StreamMetrics.RETAINED + 20;
        for (long t = 1; t <= total; t++) {
            BatchInfo b = submitted(t * 1000, t);
            stats.onBatchSubmitted(b);
            stats.onBatchStarted(started(b));
            stats.onBatchCompleted(completed(b, Optional.empty()));
        }
        var retained = stats.figures().retained();

        assertThat(retained).hasSize(StreamMetrics.RETAINED);
        assertThat(retained.get(0).batchTime()).isEqualTo(Time.of(21_000));
        assertThat(retained.get(retained.size() - 1).batchTime()).isEqualTo(Time.of(total * 1000L));
        assertThat(stats.recent()).hasSize(BatchStats.RECENT);
        assertThat(stats.recent().get(BatchStats.RECENT - 1).numRecords()).isEqualTo((long) total);
        assertThat(stats.figures().completed()).isEqualTo(total);
    }

    @Test
    void shouldGiveTheLatestDelaysAndTheLargestOfTheLastMinute() {
        assertThat(stats.delays(0)).isEmpty();
        // batch t: scheduled 2 ms late, processed in t/1000 ms; batch 5 s was slow to start
        for (long t = 1_000; t <= 90_000; t += 1_000) {
            long start = t + (t == 5_000 ? 3_000 : 2);
            stats.onBatchCompleted(new BatchInfo(t, Time.of(t), 1, t, start, start + t / 1_000, List.of()));
        }

        var delays = stats.delays(91_000).orElseThrow();

        assertThat(delays.scheduling()).isEqualTo(Duration.ofMillis(2));
        assertThat(delays.processing()).isEqualTo(Duration.ofMillis(90));
        assertThat(delays.total()).isEqualTo(Duration.ofMillis(92));
        assertThat(delays.maxProcessing()).isEqualTo(Duration.ofMillis(90));
        assertThat(delays.maxScheduling()).as("batch 5 s completed more than a minute ago")
                .isEqualTo(Duration.ofMillis(2));
        assertThat(stats.delays(60_000).orElseThrow().maxScheduling()).isEqualTo(Duration.ofSeconds(3));
        assertThat(stats.delays(60_000).orElseThrow().maxTotal()).isEqualTo(Duration.ofMillis(3_005));
        assertThat(stats.lastCompleted()).contains(Time.of(90_000));
    }

    @Test
    void shouldGiveTheLatestDelaysEvenWhenNoBatchCompletedInTheLastMinute() {
        stats.onBatchCompleted(new BatchInfo(1, Time.of(1_000), 1, 1_000, 1_010, 1_050, List.of()));

        var delays = stats.delays(600_000).orElseThrow();

        assertThat(delays.total()).isEqualTo(Duration.ofMillis(50));
        assertThat(delays.maxTotal()).isEqualTo(Duration.ofMillis(50));
    }
}
