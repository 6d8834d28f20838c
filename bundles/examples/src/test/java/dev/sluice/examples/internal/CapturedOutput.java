package dev.sluice.examples.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** Standard output, remembered, with a latch that opens once {@code expected} has been printed. */
final class CapturedOutput extends OutputStream {

    final CountDownLatch printed = new CountDownLatch(1);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final String expected;

    CapturedOutput(String expected) {
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
