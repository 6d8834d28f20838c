package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application started with stream:start in the background container is started again by the
 * next container, recovering from its checkpoint, until stream:stop.
 */
class RememberedStreamIT {

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void startTheContainer() throws Exception {
        sluice = Distribution.copyTo(dir);
        sluice.startInBackground();
    }

    @AfterEach
    void stopTheContainer() throws Exception {
        sluice.run("stop");
    }

    @Test
    void shouldStartAStreamAgainAfterARestartUntilItIsStopped() throws Exception {
        Path checkpoint = dir.resolve("checkpoint");
        try (var server = new LineServer()) {
            sluice.client("stream:start network-word-count port=" + server.port() + " batch=500ms checkpoint="
                    + checkpoint);
            server.awaitConnections(1).send("remember me");
            awaitLog("(remember,1)");
            assertThat(sluice.file("data/streams/network-word-count.args")).content()
                    .contains("port=" + server.port(), "batch=500ms");

            sluice.restartInBackground();
            server.awaitConnections(2).send("again again");
            awaitLog("(again,2)");
            assertThat(sluice.client("stream:status network-word-count")).containsPattern("state +RUNNING")
                    .contains("port=" + server.port());
            assertThat(sluice.log()).contains("Recovering from checkpoint");

            sluice.client("stream:stop network-word-count");
            sluice.restartInBackground();
            assertThat(sluice.client("stream:list")).containsPattern("network-word-count +STOPPED");
            assertThat(sluice.file("data/streams")).isEmptyDirectory();
        }
    }

    /** print() of a stream in the background container goes to its log. */
    private void awaitLog(String text) {
        Await.until("'" + text + "' in log/sluice.log", () -> log().contains(text), this::log);
    }

    private String log() {
        try {
            return sluice.log();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
