package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two containers from one home, as two members of a group on one machine started with the same
 * command, or {@code sluice run} beside {@code sluice start}: the second takes free ports for its
 * shell and web view and says which, and nothing fails to bind.
 */
class BesideAnotherIT {

    private static final Pattern PORTS = Pattern.compile(
            "this one's shell is on port (\\d+) \\(sluice client --port \\1\\) and its web view on (http://\\S+/sluice/)");

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void copy() throws Exception {
        sluice = Distribution.copyTo(dir);
    }

    @AfterEach
    void stopTheContainer() throws Exception {
        sluice.run("stop");
    }

    @Test
    void shouldGiveASecondContainerFromTheSameHomeItsOwnShellAndWebView() throws Exception {
        sluice.startInBackground();
        String ownersPort = Files.readString(sluice.file("data/ssh.port")).strip();

        try (var lines = new LineServer();
             var second = RunningSluice.start(sluice, dir.resolve("second.out"), "run", "network-word-count",
                     "port=" + lines.port(), "batch=500ms")) {
            second.awaitOutput("network-word-count started");
            var ports = PORTS.matcher(second.output());
            assertThat(ports.find()).as(second.output()).isTrue();
            String port = ports.group(1);

            var status = sluice.run("client", "--port", port, "stream:status network-word-count");
            assertThat(status.status()).as(status.output()).isZero();
            assertThat(status.output()).containsPattern("state +RUNNING");
            assertThat(sluice.client("stream:list")).as("the first container, found by data/ssh.port, runs nothing")
                    .containsPattern("network-word-count +STOPPED");
            assertThat(Files.readString(sluice.file("data/ssh.port")).strip()).isEqualTo(ownersPort);
            HttpResponse<String> login = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(ports.group(2) + "login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

            lines.awaitConnections(1);
            // a line a second: some half-second batch holds exactly one
            Await.until("a batch of the line sent", () -> {
                lines.send("beside beside another");
                return second.output().contains("(beside,2)");
            }, second::output, Duration.ofSeconds(1));
            assertThat(second.stop()).as(second.output()).isEqualTo(RunningSluice.EXIT_ON_SIGTERM);
        }
        assertThat(sluice.log()).doesNotContain("Address already in use", "Error during instantiation");
        assertThat(sluice.client("stream:list")).as("the first container, still reached once the second stopped")
                .containsPattern("network-word-count +STOPPED");
    }

    @Test
    void shouldSayWhyTheShellIsNotStartedWhenItsPortIsTakenAndRunOn() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var lines = new LineServer()) {
            Path cfg = sluice.file("etc/dev.sluice.ssh.cfg");
            Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^port\\s*=.*$", "port = " + taken.getLocalPort()));
            try (var run = RunningSluice.start(sluice, dir.resolve("run.out"), "run", "network-word-count",
                    "port=" + lines.port())) {
                run.awaitOutput("network-word-count started");
                String expected = "The SSH shell (sluice client) is not started: 127.0.0.1:" + taken.getLocalPort()
                        + " cannot be bound";
                Await.until("the log saying why there is no SSH shell", () -> {
                    try {
                        return sluice.log().contains(expected);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, run::output);
                assertThat(sluice.log()).doesNotContain("Error during instantiation");
                assertThat(sluice.file("data/ssh.port")).doesNotExist();
                assertThat(sluice.run("client", "stream:list").status()).as("no shell to reach").isEqualTo(3);
                lines.awaitConnections(1);
                assertThat(run.stop()).as(run.output()).isEqualTo(RunningSluice.EXIT_ON_SIGTERM);
            }
        }
    }

    @Test
    void shouldRefuseAPortThatIsNoNumber() throws Exception {
        var client = sluice.run("client", "--port", "ssh", "stream:list");

        assertThat(client.status()).isEqualTo(2);
        assertThat(client.output()).contains("sluice: --port needs a port number (1-65535), not 'ssh'");
    }
}
