package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacedSenderTest {

    /**
     * SHA-256 of the first 1,000,003 records (106,527,428 bytes) of the default pool (65,536 records,
     * seed 7) as the generator sent them before it wrote per tick: taken from commit d56e133's classes,
     * whose records are byte for byte those of the Spark reference's generator.
     */
    private static final String FORMER_STREAM_SHA256 = "1647f72a08dfe693be9199ca7f1bcf95e2a49d89a1938002533558893743363d";
    private static final long FORMER_STREAM_RECORDS = 1_000_003;
    private static final long FORMER_STREAM_BYTES = 106_527_428;

    private static final RecordPool POOL = RecordPool.generate(1 << 16, 7);

    @Test
    void shouldSendOverLoopbackTheBytesTheFormerGeneratorSent() throws Exception {
        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                // far above what loopback carries: the sender is always behind and writes whole slices
                var sender = new Thread(new PacedSender(server.accept(), 0, POOL,
                        new RateSchedule(50_000_000, 0, 50_000_000), TimeUnit.MINUTES.toNanos(5),
                        PacedSender.DEFAULT_TICK_NANOS), "sender-under-test");
                sender.start();
                var received = readAndDigest(client.getInputStream(), FORMER_STREAM_BYTES);
                assertThat(received.newlines()).isEqualTo(FORMER_STREAM_RECORDS);
                assertThat(received.sha256()).isEqualTo(FORMER_STREAM_SHA256);
                client.close(); // the sender's next write fails and it ends
                sender.join(Duration.ofSeconds(30).toMillis());
                assertThat(sender.isAlive()).as("the sender stops once its reader is gone").isFalse();
            }
        }
    }

    @Test
    void shouldWriteEverythingDueOncePerTickInPoolOrder() throws IOException, NoSuchAlgorithmException {
        var schedule = new RateSchedule(1_000_000, 0, 1_000_000);
        var out = new CountingDigestStream();
        long sent;
        long elapsed;
        try (var unused = new Socket()) { // send() writes to the stream given; the socket is run()'s
            var sender = new PacedSender(unused, 0, POOL, schedule, 0, TimeUnit.MILLISECONDS.toNanos(1));
            long start = System.nanoTime();
            sent = sender.send(out, start, start + TimeUnit.MILLISECONDS.toNanos(300));
            elapsed = System.nanoTime() - start;
        }

        assertThat(out.newlines).as("every record counted as sent went out whole").isEqualTo(sent);
        assertThat(sent).isPositive().isLessThanOrEqualTo(schedule.due(elapsed));
        assertThat(out.sha256()).isEqualTo(expectedSha256(sent));
        // one loop per tick of 1 ms; a loop writes what is due in slices of at most 4,096 records, one more
        // where a slice wraps around the pool's end (the former sender made a write every few records)
        long ticks = elapsed / TimeUnit.MILLISECONDS.toNanos(1) + 1;
        long wraps = sent / POOL.size() + 1;
        assertThat(out.writes).isLessThanOrEqualTo(ticks + sent / PacedSender.MAX_RECORDS_PER_WRITE + wraps);
    }

    @Test
    void shouldRefuseATickThatIsNotPositive() throws IOException {
        var schedule = new RateSchedule(1, 0, 1);
        try (var unused = new Socket()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new PacedSender(unused, 0, POOL, schedule, 1, 0))
                    .withMessageContaining("tick");
        }
    }

    /** The pool's first {@code records} records, wrapping, as one stream. */
    private static String expectedSha256(long records) throws IOException, NoSuchAlgorithmException {
        var expected = new CountingDigestStream();
        for (long done = 0; done < records; ) {
            int n = (int) Math.min(records - done, POOL.size() - done % POOL.size());
            POOL.write(expected, (int) (done % POOL.size()), n);
            done += n;
        }
        return expected.sha256();
    }

    private record Received(long newlines, String sha256) {
    }

    private static Received readAndDigest(InputStream in, long bytes) throws IOException, NoSuchAlgorithmException {
        var digest = new CountingDigestStream();
        byte[] buffer = new byte[1 << 20];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            assertThat(n).as("the stream ended %d bytes early", left).isPositive();
            digest.write(buffer, 0, n);
            left -= n;
        }
        return new Received(digest.newlines, digest.sha256());
    }

    /** Digests what is written and counts the writes and the records (newlines) in it. */
    private static final class CountingDigestStream extends OutputStream {
        private final MessageDigest digest;
        long writes;
        long newlines;

        CountingDigestStream() throws NoSuchAlgorithmException {
            digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes++;
            digest.update(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    newlines++;
                }
            }
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
