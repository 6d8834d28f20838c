package dev.sluice.runtime.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.StreamingSettings;
import dev.sluice.runtime.internal.storage.CheckpointLease;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running stream whose checkpoint directory another stream took over (its lease replaced)
 * stops with that said, and writes nothing more there.
 */
class LostLeaseTest {

    @TempDir
    Path checkpoint;

    @Test
    void aStreamWhoseLeaseWasTakenOverStopsAndWritesNoMoreCheckpoints() throws Exception {
        var kit = new StreamTestKit(new StreamingSettings("lines", Duration.ofSeconds(1), 1,
                Config.of("checkpoint.leaseTimeout", "300ms")), LinesSource.plugins());
        kit.context().checkpoint(checkpoint.toString());
        kit.output(kit.context().batchSourceStream("lines", Config.empty()).count());
        kit.start();
        kit.runBatches(2);

        Path lease = checkpoint.resolve(CheckpointLease.FILE);
        Files.delete(lease);
        Files.writeString(lease, "sluice checkpoint lease 1\napplication=other\nhost=elsewhere.invalid\npid=4242\n"
                + "processStart=1\nsince=" + Instant.now() + "\ntoken=other\n");

        assertThatThrownBy(() -> kit.context().awaitTermination(Duration.ofSeconds(60)))
                .as("the stream stops, saying why").hasMessageContaining("lost the checkpoint directory")
                .hasMessageContaining("stream 'other' in process 4242 on elsewhere.invalid");
        List<String> after = files();
        kit.close();
        assertThat(files()).as("nothing written after the stop").isEqualTo(after);
        assertThat(Files.readString(lease)).contains("application=other");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> all = Files.walk(checkpoint)) {
            return all.map(p -> checkpoint.relativize(p) + " " + p.toFile().lastModified()).sorted().toList();
        }
    }
}
