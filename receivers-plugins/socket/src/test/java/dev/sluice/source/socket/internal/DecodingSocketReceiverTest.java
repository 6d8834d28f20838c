package dev.sluice.source.socket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.spi.Receiver;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecodingSocketReceiverTest {

    /** Length-prefixed UTF strings (DataOutput.writeUTF), one record each, until the stream ends. */
    static final Function<InputStream, Iterator<String>> UTF_RECORDS = in -> new Iterator<>() {
        private final DataInputStream data = new DataInputStream(in);
        private String next;

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = data.readUTF();
                } catch (EOFException e) {
                    return false;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return true;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String r = next;
            next = null;
            return r;
        }
    };

    private final RecordingReceiverContext context = new RecordingReceiverContext();
    private Receiver<?> receiver;

    @AfterEach
    void stop() {
        context.stopped = true;
        if (receiver != null) {
            receiver.onStop();
        }
    }

    @SuppressWarnings("unchecked")
    private void start(int port, Function<InputStream, ? extends Iterator<?>> decoder) throws Exception {
        receiver = new SocketSourceProvider().createReceiver(
                Config.of(Map.of("host", "127.0.0.1", "port", port)).withObject("decoder", decoder));
        assertThat(receiver).isInstanceOf(DecodingSocketReceiver.class);
        ((Receiver<String>) receiver).onStart(context);
    }

    @Test
    void storesEveryDecodedRecordInOrderAndAsksForARestartWhenTheServerCloses() throws Exception {
        int port;
        try (var server = TestServer.start()) {
            port = server.port();
            start(port, UTF_RECORDS);
            try (Socket client = server.accept(); var out = new DataOutputStream(client.getOutputStream())) {
                for (int i = 0; i < 5000; i++) {
                    out.writeUTF("record " + i);
                }
            }
            Await.until("a restart was asked for", () -> !context.restarts.isEmpty());
        }
        assertThat(context.lineCount()).isEqualTo(5000);
        assertThat(context.lines().get(4999)).isEqualTo("record 4999");
        assertThat(context.restarts).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("127.0.0.1:" + port + " closed the connection"));
        assertThat(context.statuses).contains("connected to 127.0.0.1:" + port);
    }

    @Test
    void aDecoderThatFailsAsksForARestartNamingTheFailure() throws Exception {
        Function<InputStream, Iterator<String>> failing = in -> {
            throw new IllegalArgumentException("not my format");
        };
        try (var server = TestServer.start()) {
            start(server.port(), failing);
            try (Socket client = server.accept()) {
                Await.until("a restart was asked for", () -> !context.restarts.isEmpty());
            }
        }
        assertThat(context.restarts.get(0).reason()).contains("the decoder failed").contains("not my format");
    }

    @Test
    void noServerMeansARestartThatSaysSo() throws Exception {
        int port = TestServer.freePort();
        start(port, UTF_RECORDS);

        Await.until("a restart was asked for", () -> !context.restarts.isEmpty());

        assertThat(context.restarts.get(0).reason()).startsWith("cannot connect to 127.0.0.1:" + port);
    }
}
