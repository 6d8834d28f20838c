package dev.sluice.itests;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tees {@code System.out} while a test runs: what the console sink prints still reaches the
 * original stream and is kept here, so a test can wait for a batch's {@code print()} block.
 * The console sink takes {@code System.out} when a stream starts, so start the capture first.
 */
final class ConsoleCapture implements AutoCloseable {

    private static final Pattern TIME = Pattern.compile("Time: (\\d+) ms");

    private final PrintStream original;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private ConsoleCapture(PrintStream original) {
        this.original = original;
    }

    static ConsoleCapture start() {
        var capture = new ConsoleCapture(System.out);
        System.setOut(new PrintStream(capture.new Tee(), true, StandardCharsets.UTF_8));
        return capture;
    }

    /** Waits for the first complete block whose elements include {@code element}, e.g. {@code (hello,2)}. */
    PrintedBatch awaitBatchWith(String element) throws InterruptedException {
        return awaitBatch("a printed batch with " + element, b -> b.elements().contains(element));
    }

    synchronized PrintedBatch awaitBatch(String what, Predicate<PrintedBatch> wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + Await.TIMEOUT.toMillis();
        while (true) {
            Optional<PrintedBatch> found = batches().stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("waited " + Await.TIMEOUT.toSeconds() + " s for " + what
                        + "; printed meanwhile:\n" + text());
            }
            wait(left);
        }
    }

    synchronized String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /**
     * Every complete block printed so far: the line before each {@code Time: <ms> ms} line up to
     * the blank line that ends the block. Whether the block has the spec's form is the test's business.
     */
    synchronized List<PrintedBatch> batches() {
        List<String> lines = Arrays.asList(text().split("\n", -1));
        var found = new ArrayList<PrintedBatch>();
        for (int i = 1; i < lines.size(); i++) {
            Matcher time = TIME.matcher(lines.get(i));
            if (!time.matches()) {
                continue;
            }
            // the last element of split is what follows the final newline: a blank line before it is complete
            int end = lines.subList(i, lines.size() - 1).indexOf("");
            if (end >= 0) {
                found.add(new PrintedBatch(Long.parseLong(time.group(1)), lines.subList(i - 1, i + end + 1)));
            }
        }
        return found;
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }

    private final class Tee extends OutputStream {

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (ConsoleCapture.this) {
                printed.write(b, off, len);
                ConsoleCapture.this.notifyAll();
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
