package dev.sluice.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.sluice.api.Config;
import dev.sluice.api.StreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example on the real runtime, socket source and console sink, against a server on loopback. */
class NetworkWordCountEndToEndTest {

    private final PrintStream originalOut = System.out;
    private final CapturedOutput console = new CapturedOutput("(hello,2)");
    private ServerSocket server;

    @BeforeEach
    void captureTheConsole() throws IOException {
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void restore() throws IOException {
        System.setOut(originalOut);
        server.close();
    }

    @Test
    void shouldPrintTheWordCountsOfALineInTheSpecsFormat() throws Exception {
        Thread netcat = new Thread(this::sendOneLineAndStayConnected, "nc -lk");
        netcat.setDaemon(true);
        netcat.start();

        try (StreamingContext ssc = StreamingContext.create("local[2]", "NetworkWordCount", Duration.ofMillis(200))) {
            new NetworkWordCountApplication().define(ssc, Config.of(Map.of(
                    "host", server.getInetAddress().getHostAddress(), "port", server.getLocalPort())));
            ssc.start();

            assertThat(console.printed.await(20, TimeUnit.SECONDS)).as("counts printed: %s", console).isTrue();
        }

        String out = console.toString();
        String batch = out.substring(out.lastIndexOf("-------------------------------------------\nTime: ",
                out.indexOf("(hello,2)")));
        batch = batch.substring(0, batch.indexOf("\n\n") + 1);
        assertThat(batch).matches("(?s)-{43}\nTime: \\d+ ms\n-{43}\n.*")
                .contains("(hello,2)\n", "(world,1)\n");
    }

    private void sendOneLineAndStayConnected() {
        try (Socket client = server.accept()) {
            client.getOutputStream().write("hello world hello\n".getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            client.getInputStream().read(); // until the receiver disconnects
        } catch (IOException e) {
            // the test closes the server when done
        }
    }
}
