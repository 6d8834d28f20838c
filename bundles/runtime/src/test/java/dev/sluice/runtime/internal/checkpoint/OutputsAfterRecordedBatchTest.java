package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.storage.Checkpoint;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch's outputs run only once a checkpoint records the batch as generated, with what its
 * batch source took for it: a crash during the outputs then recovers the batch with the same data,
 * which outputs that skip a batch they already wrote rely on.
 */
class OutputsAfterRecordedBatchTest {

    @TempDir
    Path checkpoint;

    @Test
    void shouldWriteTheCheckpointRecordingABatchBeforeItsOutputsRun() {
        var recordedUpTo = new ConcurrentHashMap<Time, Time>();
        try (var kit = new StreamTestKit(new StreamingSettings("lines", Duration.ofSeconds(1), 2, Config.empty()),
                LinesSource.plugins())) {
            var ssc = kit.context();
            ssc.checkpoint(checkpoint.toString());
            ssc.<String>batchSourceStream("lines", Config.empty()).foreach((data, time) -> recordedUpTo.put(time,
                    ssc.run().checkpointer().orElseThrow().latest().map(Checkpoint::time).orElse(new Time(Long.MIN_VALUE))));
            kit.start();
            kit.runBatches(20);
        }

        assertThat(recordedUpTo).hasSize(20);
        for (Map.Entry<Time, Time> batch : recordedUpTo.entrySet()) {
            assertThat(batch.getValue()).as("generated up to, in the checkpoint when batch %s's output ran",
                    batch.getKey()).isGreaterThanOrEqualTo(batch.getKey());
        }
    }
}
