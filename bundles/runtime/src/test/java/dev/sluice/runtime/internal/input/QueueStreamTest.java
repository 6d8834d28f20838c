package dev.sluice.runtime.internal.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueueStreamTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** Runs four batches over a queue of three collections and gives each batch's output. */
    private static List<List<Integer>> run(boolean oneAtATime, int parallelism) {
        var queue = new ConcurrentLinkedQueue<List<Integer>>();
        queue.add(List.of(1, 2, 3));
        queue.add(List.of());
        queue.add(List.of(4, 5));
        try (var kit = new StreamTestKit(SECOND, parallelism)) {
            var out = kit.output(kit.context().queueStream(queue, oneAtATime));
            kit.start();
            kit.runBatches(4);
            var batches = new ArrayList<List<Integer>>();
            for (int b = 1; b <= 4; b++) {
                batches.add(out.at(kit.batchTime(b)));
            }
            return batches;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void oneAtATimeTakesOneQueuedCollectionPerBatchInOrder(int parallelism) {
        assertThat(run(true, parallelism)).containsExactly(List.of(1, 2, 3), List.of(), List.of(4, 5), List.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void otherwiseTheFirstBatchTakesEverythingQueued(int parallelism) {
        assertThat(run(false, parallelism)).containsExactly(List.of(1, 2, 3, 4, 5), List.of(), List.of(), List.of());
    }

    @Test
    void theSameQueueGivesTheSameBatchesEveryRun() {
        var runs = Map.of(1, run(true, 3), 2, run(true, 3), 3, run(true, 3));
        assertThat(runs.values()).allSatisfy(r -> assertThat(r).isEqualTo(runs.get(1)));
    }
}
