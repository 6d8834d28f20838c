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
    private final Console console = new Console("(hello,2)");
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

    /** Standard output, remembered, with a latch that opens once {@code expected} has been printed. */
    private static final class Console extends OutputStream {

        final CountDownLatch printed = new CountDownLatch(1);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final String expected;

        Console(String expected) {
            this.expected = expected;
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            check();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            check();
        }

        private void check() {
            if (printed.getCount() > 0 && toString().contains(expected)) {
                printed.countDown();
            }
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        }
    }
}
