package dev.sluice.source.socket.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketReceiverTest {

    private final RecordingReceiverContext context = new RecordingReceiverContext();
    private final List<SocketReceiver> started = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        started.forEach(SocketReceiver::onStop);
    }

    @Test
    void shouldReceiveLinesAndReportTheConnection() throws IOException {
        try (var server = TestServer.start()) {
            receiverFor(server.port(), Map.of()).onStart(context);
            try (Socket client = server.accept()) {
                send(client, "hello world\r\nsecond line\n");

                Await.until("two lines arrived", () -> context.lineCount() == 2);
                assertThat(context.lines()).containsExactly("hello world", "second line");
                assertThat(context.statuses).contains("connected to 127.0.0.1:" + server.port());
                assertThat(context.restarts).isEmpty();
            }
        }
    }

    @Test
    void shouldStoreEveryLineInOrderAsTheBytesReceived() throws IOException {
        int count = 100_000;
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("line ").append(i).append(i % 7 == 0 ? " caf\u00e9\r\n" : "\n");
        }
        try (var server = TestServer.start()) {
            receiverFor(server.port(), Map.of()).onStart(context);
            try (Socket client = server.accept()) {
                send(client, text.toString());

                Await.until("all lines arrived", () -> context.lineCount() == count);
            }
        }
        List<String> lines = context.lines();
        assertThat(lines.get(0)).isEqualTo("line 0 caf\u00e9");
        assertThat(lines.get(count - 1)).isEqualTo("line " + (count - 1));
        assertThat(String.join("\n", lines) + "\n").isEqualTo(text.toString().replace("\r\n", "\n"));
        // the socket's bytes, byte for byte: no string is made on the receiving thread
        assertThat(context.storedText()).isEqualTo(text.toString().getBytes(UTF_8));
        // whole reads, which the runtime cuts into blocks on line boundaries; a list would be a block per read
        assertThat(context.storeLinesCalls.get()).isPositive().isLessThan(count / 10);
        assertThat(context.storeOneCalls).hasValue(0);
        assertThat(context.storeListCalls).hasValue(0);
    }

    /** A line of 100 MiB at the default limit (1 MiB) is dropped as it streams in, never held, and counted. */
    @Test
    void shouldDropALineOfAHundredMebibytesAndKeepTheLinesAroundIt() throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        try (var server = TestServer.start()) {
            var receiver = receiverFor(server.port(), Map.of());
            receiver.onStart(context);
            try (Socket client = server.accept()) {
                OutputStream out = new BufferedOutputStream(client.getOutputStream());
                out.write("before\n".getBytes(UTF_8));
                for (int i = 0; i < 100; i++) {
                    out.write(chunk);
                }
                out.write("\nafter\n".getBytes(UTF_8));
                out.flush();

                Await.until("the line after it arrived", () -> context.lines().contains("after"));
            }
            assertThat(context.lines()).containsExactly("before", "after");
            assertThat(receiver.droppedLines()).isEqualTo(1);
        }
    }

    /**
     * A sender that trickles (a byte per second, say): each byte comes in a read of its own, the
     * line is held until its newline and then stored once, whole; the connection is never given up
     * for being slow.
     */
    @Test
    void shouldAssembleALineThatTricklesInOneByteAtATime() throws IOException {
        try (var server = TestServer.start()) {
            receiverFor(server.port(), Map.of()).onStart(context);
            try (Socket client = server.accept()) {
                client.setTcpNoDelay(true);
                send(client, "first\n");
                Await.until("the first line arrived", () -> context.lineCount() == 1);
                for (char c : "trickled \u00e9\n".toCharArray()) {
                    send(client, String.valueOf(c));
                }
                send(client, "last\n");

                Await.until("three lines arrived", () -> context.lineCount() == 3);
                assertThat(context.lines()).containsExactly("first", "trickled \u00e9", "last");
                assertThat(context.restarts).isEmpty();
            }
        }
    }

    @Test
    void shouldAskForARestartNamingTheServerWhenNoServerListens() throws IOException {
        int port = TestServer.freePort();
        var receiver = receiverFor(port, Map.of());

        receiver.onStart(context);
        Await.until("a restart was asked for", () -> !context.restarts.isEmpty());
        receiver.onStop();

        assertThat(context.restarts).singleElement().satisfies(restart -> {
            assertThat(restart.reason()).startsWith("cannot connect to 127.0.0.1:" + port);
            assertThat(restart.cause()).isInstanceOf(IOException.class);
        });
    }

    @Test
    void shouldAskForOneRestartAndKeepTheLastLineWhenTheServerCloses() throws IOException {
        try (var server = TestServer.start()) {
            var receiver = receiverFor(server.port(), Map.of());
            receiver.onStart(context);
            try (Socket client = server.accept()) {
                send(client, "complete\nunfinished");
            }

            Await.until("a restart was asked for", () -> !context.restarts.isEmpty());
            receiver.onStop();

            assertThat(context.lines()).containsExactly("complete", "unfinished");
            assertThat(context.restarts).singleElement().satisfies(restart ->
                    assertThat(restart.reason()).isEqualTo("127.0.0.1:" + server.port() + " closed the connection"));
        }
    }

    @Test
    void shouldAskForOneRestartWithTheCauseWhenTheConnectionIsReset() throws IOException {
        try (var server = TestServer.start()) {
            var receiver = receiverFor(server.port(), Map.of());
            receiver.onStart(context);
            Socket client = server.accept();
            // a reset before Netty finished connecting would be a failed connect instead
            Await.until("connected", () -> context.statuses.contains("connected to 127.0.0.1:" + server.port()));
            client.setSoLinger(true, 0); // close with RST: the receiver sees an error, then the channel closing
            client.close();

            Await.until("a restart was asked for", () -> !context.restarts.isEmpty());
            receiver.onStop();

            assertThat(context.restarts).singleElement().satisfies(restart -> {
                assertThat(restart.reason()).startsWith("lost the connection to 127.0.0.1:" + server.port());
                assertThat(restart.cause()).isInstanceOf(IOException.class);
            });
        }
    }

    @Test
    void shouldNotAskForARestartWhenStopped() throws IOException {
        try (var server = TestServer.start()) {
            var receiver = receiverFor(server.port(), Map.of());
            receiver.onStart(context);
            try (Socket client = server.accept()) {
                send(client, "one\n");
                Await.until("the line arrived", () -> context.lineCount() == 1);

                receiver.onStop();

                assertThat(client.getInputStream().read()).as("the receiver closed its end").isEqualTo(-1);
            }
        }
        assertThat(context.restarts).isEmpty();
    }

    @Test
    void shouldReceiveAgainWhenStartedAgainAfterTheServerCameBack() throws IOException {
        SocketReceiver receiver;
        int port;
        try (var server = TestServer.start()) {
            port = server.port();
            receiver = receiverFor(port, Map.of());
            receiver.onStart(context);
            try (Socket client = server.accept()) {
                send(client, "before\n");
                Await.until("the first line arrived", () -> context.lineCount() == 1);
            }
        }
        Await.until("a restart was asked for", () -> !context.restarts.isEmpty());
        receiver.onStop();

        try (var server = TestServer.start(port)) {
            receiver.onStart(context);
            try (Socket client = server.accept()) {
                send(client, "after\n");
                Await.until("the second line arrived", () -> context.lineCount() == 2);
            }
        }
        assertThat(context.lines()).containsExactly("before", "after");
        assertThat(context.statuses).filteredOn(s -> s.startsWith("connected to")).hasSize(2);
    }

    @Test
    void shouldDropLinesLongerThanTheLimit() throws IOException {
        byte[] huge = new byte[3 << 20];
        Arrays.fill(huge, (byte) 'x');
        try (var server = TestServer.start()) {
            var receiver = receiverFor(server.port(), Map.of("maxLineLength", "1m"));
            receiver.onStart(context);
            try (Socket client = server.accept()) {
                OutputStream out = new BufferedOutputStream(client.getOutputStream());
                out.write("before\n".getBytes(UTF_8));
                out.write(huge);
                out.write("\nafter\nlast\n".getBytes(UTF_8));
                out.flush();

                Await.until("the last line arrived", () -> context.lines().contains("last"));
            }
            assertThat(context.lines()).containsExactly("before", "after", "last");
            assertThat(receiver.droppedLines()).isEqualTo(1);
        }
    }

    @Test
    void shouldReplaceInvalidUtf8() throws IOException {
        try (var server = TestServer.start()) {
            receiverFor(server.port(), Map.of()).onStart(context);
            try (Socket client = server.accept()) {
                OutputStream out = client.getOutputStream();
                out.write(new byte[] {'o', 'k', (byte) 0xFF, '!', '\n'});
                out.write("café\n".getBytes(UTF_8));
                out.flush();

                Await.until("two lines arrived", () -> context.lineCount() == 2);
            }
        }
        assertThat(context.lines()).containsExactly("ok\uFFFD!", "café");
    }

    private SocketReceiver receiverFor(int port, Map<String, String> settings) {
        var config = Config.of(Map.of("host", "127.0.0.1", "port", port)).with(Config.of(settings));
        var receiver = (SocketReceiver) new SocketSourceProvider().createReceiver(config);
        started.add(receiver);
        return receiver;
    }

    private static void send(Socket client, String text) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(text.getBytes(UTF_8));
        out.flush();
    }
}
